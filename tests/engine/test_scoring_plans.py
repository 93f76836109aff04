"""Scoring keeps each criteria list's tree between calls: it never serves another list's tree, and rounds as before."""
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation.engine.scoring import ScoringError, _rounded, score_bloc, score_sheet
from emulation.engine.yeardata import SignedCriterion

from .factories import group, line, make_year, spec

SHEET = [group("A", 30, core=True), spec("A.1", max_points=20, parent="A"), spec("A.2", max_points=20, parent="A"),
         group("TH", 5), spec("TH.1", "bonus", 5, "TH", per_item=2), spec("TR", "deduction", 10, per_item=3)]
VALUES = {"A.1": 18, "A.2": 15.5, "TH.1": 2, "TR": 1}


def test_the_same_sheet_scored_again_gives_the_same_score():
    first = score_sheet(SHEET, VALUES)
    assert score_sheet(SHEET, VALUES) == first
    assert first.total == 30 + 4 - 3 and first.core == 30


def test_a_changed_criterion_is_scored_by_its_new_rule_not_the_kept_tree():
    score_sheet(SHEET, VALUES)
    raised = [replace(s, max_points=40) if s.code == "A" else s for s in SHEET]    # a new cap for group A
    assert score_sheet(raised, VALUES).groups["A"] == 33.5
    moved = [replace(s, parent=None) if s.code == "A.2" else s for s in SHEET]       # A.2 out of its group
    assert score_sheet(moved, VALUES).groups["A"] == 18
    assert score_sheet(moved, VALUES).max == 30 + 5 + 20
    assert score_sheet(SHEET, VALUES).groups["A"] == 30                                # the first list: its own tree


def test_equal_criteria_in_new_objects_score_the_same():
    copies = [replace(s) for s in SHEET]
    assert score_sheet(copies, VALUES) == score_sheet(SHEET, VALUES)


def test_an_unknown_parent_is_an_error_every_time_not_only_the_first():
    broken = [spec("A.1", parent="Z")]
    for _ in range(2):
        with pytest.raises(ScoringError, match="Z"):
            score_sheet(broken, {})


def test_a_bloc_scored_again_after_its_criteria_change_uses_the_new_ones():
    year = make_year(units=("U1", "U2"), criteria=[group("B", 20)], unit_group="B",
                     lines=[line("U1", "B.x", 15), line("U2", "B.x", 5)])
    year.criteria += [SignedCriterion(spec("B.x", max_points=15), "U1", 1),
                      SignedCriterion(spec("B.x", max_points=15), "U2", 1)]
    assert {u: s.total for u, s in score_bloc(year).items()} == {"U1": 15, "U2": 5}
    year.criteria[0] = SignedCriterion(group("B", 10), None, 0)
    assert {u: s.total for u, s in score_bloc(year).items()} == {"U1": 10, "U2": 5}
    year.units = year.units[:1]
    assert list(score_bloc(year)) == ["U1"]


def _half_up(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)) + 0.0


@pytest.mark.parametrize("value", [2.675, 1.005, -1.005, 0.125, -0.125, 0.005, -0.005, -0.004, 0.994999, 99.995,
                                   -99.995, 12345678.125, 1e-05, -2.5e-07, 1.5e16, 123456789012.345, 7.0, -0.0, 3])
def test_rounding_is_half_up_on_the_shortest_decimal_form(value):
    assert _rounded(value) == _half_up(value)
    assert str(_rounded(value)) == str(_half_up(value))       # the same float, and never -0.0


@settings(max_examples=500, deadline=None)
@given(st.floats(-1e17, 1e17, allow_nan=False) | st.integers(-10**6, 10**6).map(lambda n: n / 1000))
def test_rounding_equals_the_decimal_rule_for_any_value(value):
    assert str(_rounded(value)) == str(_half_up(value))


def test_scoring_one_units_sheet_again_and_again_keeps_one_plan():
    """A unit's own top-level criterion without a parent (a year file may hold one) goes under the unit group,
    and each page view of that sheet finds the plan built at the first: the plans do not grow per view."""
    from emulation.contract import CriterionSpec
    from emulation.engine import scoring
    from emulation.engine.yeardata import SignedCriterion, UnitData, YearData
    group = CriterionSpec("B", "Nhóm riêng", "group", 10.0)
    own = CriterionSpec("U1.1", "Riêng", "points", 10.0)
    year = YearData(bloc="X", bloc_name="X", year=2025, unit_group="B", units=[UnitData("U1", "U1")],
                    criteria=[SignedCriterion(group, None, 0), SignedCriterion(own, "U1", 1)])
    assert [spec.parent for spec in scoring.unit_criteria(year, "U1")] == [None, "B"]
    assert scoring.score_sheet(scoring.unit_criteria(year, "U1"), {"U1.1": 5.0}).total == 5.0
    before = len(scoring._PLANS)
    for _ in range(50):
        scoring.score_sheet(scoring.unit_criteria(year, "U1"), {"U1.1": 5.0})
    assert len(scoring._PLANS) == before
