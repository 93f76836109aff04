"""Months worked in a year from the HR record: recruitment, departure and leave under the leave rules."""
from datetime import date

import pytest

from emulation.engine.worktime import (Leave, LeaveRulesError, load_leave_rules, months_not_counted, months_worked,
                                       rules_in_force)
from emulation.engine.yeardata import LEAVE_KINDS

from .conftest import CRITERIA

REVIEW = date(2017, 12, 31)


@pytest.fixture(scope="module")
def rule_sets():
    return load_leave_rules(CRITERIA / "leave.toml", LEAVE_KINDS)


@pytest.fixture(scope="module")
def rules(rule_sets):
    return rules_in_force(rule_sets, REVIEW)


def test_the_shipped_rules_rule_on_every_kind_with_a_citation(rule_sets):
    assert [r.code for r in rule_sets] == ["A", "B", "C"]
    for rules in rule_sets:
        assert set(rules.kinds) == set(LEAVE_KINDS)
        assert all(rule.citation for rule in rules.kinds.values())
        assert rules.counts("maternity") and not rules.counts("unpaid")


@pytest.mark.parametrize("day, code", [(date(2017, 12, 15), "A"), (date(2023, 12, 31), "A"),
                                       (date(2024, 1, 1), "B"), (date(2025, 6, 30), "B"), (date(2025, 7, 1), "C")])
def test_the_rules_in_force_on_the_review_date_apply(rule_sets, day, code):
    assert rules_in_force(rule_sets, day).code == code


def test_a_whole_year_without_leave_is_twelve_months(rules):
    assert months_worked(REVIEW, rules, date(2010, 5, 1)) == 12
    assert months_not_counted(REVIEW, rules, date(2010, 5, 1)) == 0


def test_recruited_mid_year_counts_from_recruitment(rules):
    assert months_worked(REVIEW, rules, date(2017, 3, 1)) == 10
    assert months_worked(REVIEW, rules, date(2017, 3, 2)) == 9
    assert months_worked(REVIEW, rules, date(2018, 1, 1)) == 0          # recruited after the year


def test_maternity_leave_counts_as_time_worked(rules):
    leave = [Leave("maternity", date(2017, 2, 1), date(2017, 7, 31))]
    assert months_worked(REVIEW, rules, date(2010, 1, 1), leave=leave) == 12


def test_unpaid_leave_does_not_count(rules):
    leave = [Leave("unpaid", date(2017, 2, 1), date(2017, 8, 31))]
    assert months_not_counted(REVIEW, rules, date(2010, 1, 1), leave=leave) == 7
    assert months_worked(REVIEW, rules, date(2010, 1, 1), leave=leave) == 5


def test_leave_outside_the_year_or_before_recruitment_is_not_taken_off(rules):
    leave = [Leave("unpaid", date(2016, 6, 1), date(2017, 1, 31)),    # one month of it in 2017
             Leave("unpaid", date(2018, 1, 1), None)]
    assert months_not_counted(REVIEW, rules, date(2010, 1, 1), leave=leave) == 1
    assert months_not_counted(REVIEW, rules, date(2017, 3, 1), leave=leave) == 0


def test_open_ended_leave_runs_to_the_review_date(rules):
    assert months_not_counted(REVIEW, rules, date(2010, 1, 1), leave=[Leave("unpaid", date(2017, 10, 1))]) == 3


def test_a_departure_ends_the_time_worked(rules):
    assert months_worked(REVIEW, rules, date(2010, 1, 1), left_on=date(2017, 7, 1)) == 6
    assert months_worked(REVIEW, rules, date(2017, 3, 1), left_on=date(2017, 9, 1)) == 6


def test_overlapping_periods_count_once(rules):
    leave = [Leave("unpaid", date(2017, 6, 1), date(2017, 8, 31)), Leave("sick", date(2017, 7, 1), date(2017, 9, 30))]
    assert months_not_counted(REVIEW, rules, date(2010, 1, 1), leave=leave) == 4
    assert months_not_counted(REVIEW, rules, date(2010, 1, 1), left_on=date(2017, 8, 1), leave=leave) == 7


def test_days_short_of_a_month_follow_the_partial_month_rule(rules):
    leave = [Leave("unpaid", date(2017, 3, 1), date(2017, 3, 20)), Leave("unpaid", date(2017, 5, 1), date(2017, 5, 15))]
    assert months_not_counted(REVIEW, rules, date(2010, 1, 1), leave=leave) == 1         # 20 + 15 days
    ceil = type(rules)(**{**rules.__dict__, "partial_month": "ceil"})
    assert months_not_counted(REVIEW, ceil, date(2010, 1, 1), leave=leave[:1]) == 1
    assert months_not_counted(REVIEW, rules, date(2010, 1, 1), leave=leave[:1]) == 0


def test_a_kind_the_rules_count_as_work_can_be_switched(tmp_path):
    text = (CRITERIA / "leave.toml").read_text(encoding="utf-8")
    changed = tmp_path / "leave.toml"
    changed.write_text(text.replace("[rule_set.kinds.maternity]\ncounts = true", "[rule_set.kinds.maternity]\n"
                                    "counts = false", 1), encoding="utf-8")
    rules = rules_in_force(load_leave_rules(changed, LEAVE_KINDS), REVIEW)
    leave = [Leave("maternity", date(2017, 2, 1), date(2017, 7, 31))]
    assert months_worked(REVIEW, rules, date(2010, 1, 1), leave=leave) == 6


@pytest.mark.parametrize("edit, field", [
    (lambda t: t.replace("counts = true", "counts = \"yes\"", 1), "kinds.maternity.counts"),
    (lambda t: t.replace("[rule_set.kinds.secondment]", "[rule_set.kinds.holiday]\ncounts = true\ncitation = \"x\"\n"
                                                        "[rule_set.kinds.secondment]", 1), "unknown leave kinds"),
    (lambda t: t.replace('partial_month = "floor"', 'partial_month = "round"', 1), "partial_month"),
    (lambda t: t.replace("to = 2023-12-31", 'to = "2023"', 1), "rule_set[0].to"),
])
def test_a_bad_rules_file_is_refused_naming_the_field(tmp_path, edit, field):
    bad = tmp_path / "leave.toml"
    bad.write_text(edit((CRITERIA / "leave.toml").read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(LeaveRulesError, match=field.replace("[", r"\[").replace("]", r"\]")):
        load_leave_rules(bad, LEAVE_KINDS)
