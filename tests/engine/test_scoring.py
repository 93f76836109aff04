"""Scoring engine: each criterion kind at its edges, the tree's caps, and whole-bloc scoring."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation.engine.scoring import ScoringError, score_bloc, score_criterion, score_plan, score_sheet

from .factories import group, line, make_year, spec

# --- points --------------------------------------------------------------------------------------

def test_points_accept_zero_and_the_maximum():
    s = spec("A.1", max_points=30)
    assert score_criterion(s, 0) == 0
    assert score_criterion(s, 30) == 30


@pytest.mark.parametrize("value", [30.5, -1])
def test_points_outside_the_range_name_the_criterion(value):
    with pytest.raises(ScoringError, match=r"A\.1.*0–30"):
        score_criterion(spec("A.1", max_points=30), value)


# --- plan ----------------------------------------------------------------------------------------

PLAN = spec("P", "plan", 20, target=100)


def test_plan_below_target_is_half_the_maximum_times_the_completion():
    assert score_plan(PLAN, 50, best_excess=0.5) == pytest.approx(5)       # 20 × 0.5 × 50/100


def test_plan_on_target_is_half_the_maximum():
    assert score_plan(PLAN, 100, best_excess=0.5) == pytest.approx(10)


def test_plan_above_target_scales_the_excess_against_the_blocs_best():
    assert score_plan(PLAN, 125, best_excess=0.5) == pytest.approx(15)      # 10 + 10 × 0.25/0.5
    assert score_plan(PLAN, 150, best_excess=0.5) == pytest.approx(20)      # the leader


def test_plan_leader_gets_the_maximum_even_without_a_known_best():
    assert score_plan(PLAN, 130) == pytest.approx(20)


@pytest.mark.parametrize("target", [0, None])
@pytest.mark.parametrize("value", [80, None])
def test_plan_without_a_target_is_a_clear_error_not_a_crash(target, value):
    with pytest.raises(ScoringError, match=r"'P'.*chỉ tiêu"):
        score_criterion(spec("P", "plan", 20, target=target), value)


def test_proportional_formula_caps_at_the_target():
    s = spec("P", "plan", 20, target=100, formula="proportional")
    assert score_plan(s, 80) == pytest.approx(16)
    assert score_plan(s, 180) == pytest.approx(20)


def test_relative_formula_needs_no_target_and_gives_the_largest_actual_the_maximum():
    s = spec("P", "plan", 20, formula="relative")
    assert score_plan(s, 30, best_actual=60) == pytest.approx(10)
    assert score_plan(s, 60, best_actual=60) == pytest.approx(20)


def test_unknown_plan_formula_is_an_error():
    with pytest.raises(ScoringError, match="công thức 'magic'"):
        score_plan(spec("P", "plan", 20, target=100, formula="magic"), 50)


def test_negative_actual_is_an_error():
    with pytest.raises(ScoringError, match="không được âm"):
        score_plan(PLAN, -5)


def test_bloc_leader_on_a_plan_criterion_gets_the_maximum_and_others_a_share():
    year = make_year(units=("U1", "U2", "U3"), criteria=[PLAN],
                     lines=[line("U1", "P", 140), line("U2", "P", 120), line("U3", "P", 90)])
    scores = score_bloc(year, "self")
    assert scores["U1"].lines["P"] == 20                 # excess 0.4 is the bloc's best
    assert scores["U2"].lines["P"] == 15                 # 10 + 10 × 0.2/0.4
    assert scores["U3"].lines["P"] == 9                  # 20 × 0.5 × 0.9


# --- count, pass/fail, bonus, deduction -----------------------------------------------------------

def test_count_gives_points_per_item_capped_at_the_maximum():
    s = spec("C", "count", 10, per_item=3)
    assert score_criterion(s, 2) == 6
    assert score_criterion(s, 4) == 10


@pytest.mark.parametrize("value", [-1, 1.5])
def test_count_rejects_negative_or_fractional_items(value):
    with pytest.raises(ScoringError, match="'C'"):
        score_criterion(spec("C", "count", 10, per_item=3), value)


def test_pass_fail():
    s = spec("F", "pass_fail", 20)
    assert score_criterion(s, 1) == 20
    assert score_criterion(s, 0) == 0
    with pytest.raises(ScoringError, match="'F'"):
        score_criterion(s, 0.5)


def test_adjustments_default_to_the_maximum_per_occurrence_and_cap():
    assert score_criterion(spec("T", "bonus", 10), 1) == 10
    assert score_criterion(spec("T", "bonus", 10), 3) == 10
    assert score_criterion(spec("D", "deduction", 10, per_item=2), 3) == 6
    assert score_criterion(spec("D", "deduction", 10, per_item=2), 9) == 10


def test_missing_values_score_zero():
    sheet = score_sheet([group("A", 20), spec("A.1", parent="A"), spec("A.2", parent="A")], {"A.1": 7})
    assert sheet.lines == {"A.1": 7, "A.2": 0}
    assert sheet.total == 7


# --- the tree ------------------------------------------------------------------------------------

def test_group_scores_the_sum_of_its_children_capped_at_its_maximum():
    criteria = [group("A", 20), spec("A.1", max_points=15, parent="A"), spec("A.2", max_points=15, parent="A")]
    sheet = score_sheet(criteria, {"A.1": 15, "A.2": 12})
    assert sheet.groups["A"] == 20
    assert sheet.content == 20


def test_nested_groups_cap_at_each_level():
    criteria = [group("A", 25), group("A.1", 10, "A"), spec("A.1.1", max_points=8, parent="A.1"),
                spec("A.1.2", max_points=8, parent="A.1"), spec("A.2", max_points=15, parent="A")]
    sheet = score_sheet(criteria, {"A.1.1": 8, "A.1.2": 8, "A.2": 15})
    assert sheet.groups == {"A": 25, "A.1": 10}


SHEET = [group("A", 90), spec("A.1", max_points=90, parent="A"),
         group("TH", 10), spec("TH.1", "bonus", 10, "TH", per_item=10), spec("TH.2", "bonus", 5, "TH", per_item=5),
         spec("TR.1", "deduction", 8, per_item=8), spec("TR.2", "deduction", 10, per_item=2)]


def test_bonus_group_caps_its_items_and_deductions_subtract():
    sheet = score_sheet(SHEET, {"A.1": 80, "TH.1": 1, "TH.2": 1, "TR.2": 2})
    assert sheet.max == 100                          # deductions are outside the maximum
    assert sheet.groups["TH"] == 10                  # 10 + 5, capped by the group
    assert (sheet.content, sheet.bonus, sheet.deductions) == (80, 10, 4)
    assert sheet.lines["TR.2"] == -4
    assert sheet.total == 86


def test_total_is_never_above_the_sheet_maximum():
    sheet = score_sheet(SHEET + [spec("X", "bonus", 10)], {"A.1": 90, "TH.1": 1, "X": 1})
    assert sheet.max == 110
    assert score_sheet(SHEET, {"A.1": 90, "TH.1": 1}).total == 100


def test_total_is_never_below_zero():
    sheet = score_sheet(SHEET, {"A.1": 3, "TR.1": 1, "TR.2": 5})
    assert sheet.deductions == 18
    assert sheet.total == 0


def test_core_score_is_the_core_groups_content():
    criteria = [group("A", 30), spec("A.1", max_points=30, parent="A"),
                group("B", 50, core=True), spec("B.1", max_points=50, parent="B")]
    assert score_sheet(criteria, {"A.1": 30, "B.1": 41.5}).core == 41.5


def test_unknown_parent_is_an_error():
    with pytest.raises(ScoringError, match="'Z'"):
        score_sheet([spec("A.1", parent="Z")], {})


# --- the bloc ------------------------------------------------------------------------------------

def test_self_total_uses_self_values_and_total_the_reviewed_ones():
    year = make_year(units=("U1",), criteria=[spec("A", max_points=50), spec("B", max_points=50)],
                     lines=[line("U1", "A", 40, reviewed=30), line("U1", "B", 20)])
    assert score_bloc(year, "self")["U1"].total == 60
    assert score_bloc(year, "reviewed")["U1"].total == 50    # B keeps its self value


def test_a_units_own_top_level_criteria_sit_under_the_unit_group():
    from emulation.engine.yeardata import SignedCriterion
    year = make_year(units=("U1",), criteria=[group("B", 20)], unit_group="B",
                     lines=[line("U1", "B.x", 15), line("U1", "B.y", 15)])
    year.criteria += [SignedCriterion(spec("B.x", max_points=15), "U1", 1),
                      SignedCriterion(spec("B.y", max_points=15), "U1", 2)]
    assert score_bloc(year)["U1"].groups["B"] == 20


def test_bloc_errors_name_the_unit():
    year = make_year(units=("U7",), criteria=[spec("A", max_points=10)], lines=[line("U7", "A", 11)])
    with pytest.raises(ScoringError, match=r"U7.*'A'"):
        score_bloc(year)


# --- properties ----------------------------------------------------------------------------------

@st.composite
def sheets(draw):
    """A random sheet: content groups of points leaves, an optional bonus group, deductions; and values."""
    criteria, values = [], {}
    for g in range(draw(st.integers(1, 3))):
        leaves = draw(st.lists(st.integers(1, 40), min_size=1, max_size=4))
        cap = draw(st.integers(1, sum(leaves)))
        criteria.append(group(f"G{g}", cap))
        for i, m in enumerate(leaves):
            criteria.append(spec(f"G{g}.{i}", max_points=m, parent=f"G{g}"))
            values[f"G{g}.{i}"] = draw(st.one_of(st.none(), st.floats(0, m)))
    if draw(st.booleans()):
        criteria.append(group("TH", draw(st.integers(1, 30))))
        for i in range(draw(st.integers(1, 3))):
            criteria.append(spec(f"TH.{i}", "bonus", draw(st.integers(1, 20)), "TH"))
            values[f"TH.{i}"] = draw(st.integers(0, 3))
    for i in range(draw(st.integers(0, 2))):
        criteria.append(spec(f"TR.{i}", "deduction", draw(st.integers(1, 20)), per_item=draw(st.integers(1, 10))))
        values[f"TR.{i}"] = draw(st.integers(0, 4))
    return criteria, values


@settings(max_examples=200, deadline=None)
@given(sheets())
def test_no_total_above_its_maximum_or_below_zero(sheet):
    criteria, values = sheet
    result = score_sheet(criteria, values)
    assert 0 <= result.total <= result.max
    for g in (c for c in criteria if c.kind == "group"):
        assert abs(result.groups[g.code]) <= g.max_points


@settings(max_examples=200, deadline=None)
@given(actual=st.floats(0, 1e6), target=st.floats(0.01, 1e6), best=st.floats(0, 100))
def test_plan_points_stay_within_zero_and_the_maximum(actual, target, best):
    points = score_plan(spec("P", "plan", 20, target=target), actual, best_excess=best)
    assert 0 <= points <= 20 + 1e-9


def test_scores_are_rounded_half_up_to_two_decimals():
    sheet = score_sheet([spec("A", max_points=10), spec("B", max_points=10)], {"A": 2.675, "B": 1 / 3})
    assert sheet.lines == {"A": 2.68, "B": 0.33}
    assert sheet.total == 3.01
