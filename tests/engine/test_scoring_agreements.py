"""Scoring of issue 17's kinds: banded criteria, amount bonuses and deductions, panel lines combined by a rule."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation.contract import Band
from emulation.engine.scoring import (ScoringError, combine_scores, score_bloc, score_criterion, score_sheet)
from emulation.engine.yeardata import PanelValueData

from .factories import group, line, make_year, spec

# "80% or more of cooperatives are members: 4 points; 60% to under 80%: 3; under 60%: 2"
MEMBERS = spec("M", "banded", 4, measure_of="share",
               bands=(Band(4, 0.8), Band(3, 0.6, 0.8), Band(2, None, 0.6)), citation="Giao ước, mục 2")


@pytest.mark.parametrize("share, points", [(1.0, 4), (0.8, 4), (0.7999, 3), (0.6, 3), (0.5999, 2), (0.0, 2)])
def test_a_banded_share_scores_its_band_with_the_bounds_as_written(share, points):
    assert score_criterion(MEMBERS, share) == points


def test_an_exclusive_lower_bound_leaves_its_edge_to_the_band_below():
    above = spec("X", "banded", 5, measure_of="count", bands=(Band(5, 10, lower_inclusive=False), Band(1, 0, 10, True,
                                                                                                       True)))
    assert (score_criterion(above, 10), score_criterion(above, 11)) == (1, 5)


def test_a_value_in_a_gap_between_bands_scores_nothing_and_says_so():
    gappy = spec("G", "banded", 4, measure_of="share", bands=(Band(4, 0.8), Band(2, 0.2, 0.5)))
    sheet = score_sheet([gappy], {"G": 0.6})
    assert sheet.lines["G"] == 0
    assert sheet.notes["G"][0]["params"]["band"] is None


@settings(max_examples=150, deadline=None)
@given(cut=st.floats(0.05, 0.95), delta=st.floats(1e-6, 0.04), low_inclusive=st.booleans())
def test_the_edge_of_two_bands_goes_to_exactly_one_of_them(cut, delta, low_inclusive):
    bands = (Band(3, cut, None, lower_inclusive=low_inclusive), Band(1, None, cut, upper_inclusive=not low_inclusive))
    banded = spec("B", "banded", 3, measure_of="share", bands=bands)
    assert score_criterion(banded, cut) == (3 if low_inclusive else 1)
    assert score_criterion(banded, cut + delta) == 3 and score_criterion(banded, cut - delta) == 1


@settings(max_examples=100, deadline=None)
@given(share=st.floats(0, 1))
def test_a_higher_share_never_scores_fewer_points(share):
    assert score_criterion(MEMBERS, share) <= score_criterion(MEMBERS, min(1.0, share + 0.05))


def test_ratio_bands_measure_the_actual_against_the_target():
    ratio = spec("R", "banded", 10, measure_of="ratio", target=200,
                 bands=(Band(10, 1.0), Band(5, 0.9, 1.0), Band(0, None, 0.9)))
    assert [score_criterion(ratio, actual) for actual in (200, 199, 180, 179)] == [10, 5, 5, 0]


@pytest.mark.parametrize("value", [1.2, -0.1])
def test_a_share_outside_0_to_1_is_refused_naming_the_criterion(value):
    with pytest.raises(ScoringError, match=r"Tiêu chí 'M'.*0–1"):
        score_criterion(MEMBERS, value)


def test_the_banded_line_explains_the_band_it_matched_with_its_citation():
    note = score_sheet([MEMBERS], {"M": 0.75}).notes["M"]
    assert note == [{"key": "band", "citation": "Giao ước, mục 2",
                     "params": {"measure_of": "share", "measure": 0.75, "band": "[0.6, 0.8)", "points": 3}}]


# --- amounts ---------------------------------------------------------------------------------------

BONUS = spec("TH", "bonus", 5, amount=True)
MINUS = spec("TR", "deduction", 3, amount=True)


def test_an_amount_bonus_takes_a_free_amount_up_to_its_cap():
    sheet = score_sheet([group("A", 10), spec("A.1", max_points=10, parent="A"), BONUS, MINUS],
                        {"A.1": 8, "TH": 2.5, "TR": 0.75})
    assert (sheet.bonus, sheet.deductions, sheet.total) == (2.5, 0.75, 9.75)
    assert sheet.notes["TH"] == [{"key": "amount", "params": {"amount": 2.5, "cap": 5}, "citation": ""}]


@pytest.mark.parametrize("criterion, value", [(BONUS, 5.5), (BONUS, -1), (MINUS, 3.01)])
def test_an_amount_over_the_cap_or_negative_is_refused(criterion, value):
    with pytest.raises(ScoringError, match=rf"Tiêu chí '{criterion.code}'.*0–{criterion.max_points:g}"):
        score_criterion(criterion, value)


def test_per_item_bonuses_still_count_whole_occurrences():
    with pytest.raises(ScoringError, match="số nguyên"):
        score_criterion(spec("TH", "bonus", 10, per_item=5), 2.5)


# --- panels ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, values, expected", [
    ("mean", [6, 8, 10], 8), ("median", [6, 10, 7], 7), ("median", [6, 7, 9, 10], 8),
    ("trimmed_mean", [1, 7, 8, 9, 30], 8), ("trimmed_mean", [4, 6], 5), ("mean", [], None)])
def test_combine_rules(rule, values, expected):
    assert combine_scores(values, rule) == expected


def test_an_unknown_combine_rule_is_refused():
    with pytest.raises(ScoringError, match="max"):
        combine_scores([1], "max")


CROSS = spec("X", max_points=10, panel="members", combine="trimmed_mean")


def _cross_year(self_scoring=False):
    cross = spec("X", max_points=10, panel="members", combine="trimmed_mean", self_scoring=self_scoring)
    panel = [PanelValueData("U1", "X", scorer, value)
             for scorer, value in (("U1", 10), ("U2", 4), ("U3", 6), ("U4", 8), ("U5", 9))]
    return make_year(units=("U1", "U2", "U3", "U4", "U5"), criteria=[cross], panel_values=panel,
                     lines=[line("U1", "X", 10)])


def test_a_cross_scored_line_combines_the_other_units_values_never_its_own():
    sheet = score_bloc(_cross_year())["U1"]
    assert sheet.lines["X"] == 7                        # 4, 6, 8, 9 without 4 and 9; U1's own 10 left out
    note = sheet.notes["X"][0]
    assert note["key"] == "combined" and note["params"] == {
        "rule": "trimmed_mean", "count": 4, "values": {"U2": 4, "U3": 6, "U4": 8, "U5": 9}, "left_out": ["U1"]}


def test_self_scoring_counts_the_units_own_value_where_the_agreement_says_so():
    assert score_bloc(_cross_year(self_scoring=True))["U1"].lines["X"] == 7.67     # 6, 8, 9


def test_a_line_without_panel_values_keeps_its_own_value():
    assert score_bloc(make_year(units=("U1",), criteria=[CROSS], lines=[line("U1", "X", 5)]))["U1"].lines["X"] == 5


def test_a_panel_value_out_of_range_is_refused_naming_unit_and_criterion():
    year = make_year(units=("U1", "U2"), criteria=[CROSS], panel_values=[PanelValueData("U1", "X", "U2", 11)])
    with pytest.raises(ScoringError, match=r"Đơn vị 'U1'.*Tiêu chí 'X'.*0–10"):
        score_bloc(year)
