"""Reward money: coefficients per rule set, the base salary in force on the decision date, rounding, totals."""
from datetime import date
from decimal import Decimal

import pytest

from emulation.engine.rewards import (PROPOSED, SignedAward, base_salary_on, compute_rewards, load_base_salaries,
                                      round_amount, title_reward)
from emulation.engine.rules import RulesError, load_rule_set, select_rule_set

from .conftest import CRITERIA

STEPS = load_base_salaries(CRITERIA / "base-salary.toml")


def rule_set_on(day, catalogue):
    return select_rule_set(day, CRITERIA / "rules", None, catalogue)


@pytest.mark.parametrize("day, amount, decree", [
    (date(2017, 6, 30), 1210000, "47/2016"), (date(2017, 7, 1), 1300000, "47/2017"),
    (date(2018, 6, 30), 1300000, "47/2017"), (date(2018, 7, 1), 1390000, "72/2018"),
    (date(2019, 6, 30), 1390000, "72/2018"), (date(2019, 7, 1), 1490000, "38/2019"),
    (date(2023, 6, 30), 1490000, "38/2019"), (date(2023, 7, 1), 1800000, "24/2023"),
    (date(2024, 6, 30), 1800000, "24/2023"), (date(2024, 7, 1), 2340000, "73/2024"),
])
def test_base_salary_on_each_side_of_a_step(day, amount, decree):
    step = base_salary_on(day, STEPS)
    assert step.amount == amount and f"Nghị định {decree}/NĐ-CP" in step.citation


def test_no_base_salary_before_the_timeline_is_a_clear_error():
    with pytest.raises(RulesError, match="30/04/2016"):
        base_salary_on(date(2016, 4, 30), STEPS)


@pytest.mark.parametrize("value, mode, amount", [
    ("700000", "ceil", 700000), ("700000.0001", "ceil", 710000), ("702000", "ceil", 710000),
    ("709999", "ceil", 710000), ("702000", "floor", 700000), ("705000", "half_up", 710000),
    ("704999", "half_up", 700000)])
def test_rounding_to_the_step_at_its_boundaries(value, mode, amount):
    assert round_amount(Decimal(value), mode, 10000) == amount


@pytest.mark.parametrize("title, day, base, amount", [
    ("LDTT", date(2024, 6, 30), 1800000, 540000),          # 0.3 × 1,800,000: exact, not rounded up
    ("LDTT", date(2024, 7, 1), 2340000, 710000),           # 0.3 × 2,340,000 = 702,000 → 710,000
    ("CSTDCS", date(2024, 7, 1), 2340000, 2340000),
    ("CSTD_TINH", date(2024, 7, 1), 2340000, 7020000),
    ("TTLDTT", date(2024, 7, 1), 2340000, 1880000),        # 0.8 × 2,340,000 = 1,872,000
    ("TTLDXS", date(2024, 7, 1), 2340000, 3510000),
    ("CO_THI_DUA_TINH", date(2024, 7, 1), 2340000, 18720000),
])
def test_a_title_reward_is_coefficient_times_base_salary_rounded_up(catalogue, title, day, base, amount):
    reward = title_reward(title, rule_set_on(date(2024, 12, 15), catalogue), day, STEPS)
    assert (reward["base_salary"], reward["amount"], reward["date"]) == (base, amount, day.isoformat())
    assert "Nghị định 98/2023/NĐ-CP" in reward["coefficient_citation"]
    assert "Nghị định" in reward["base_salary_citation"] and "làm tròn" in reward["rounding_citation"]


@pytest.mark.parametrize("review, decree", [(date(2019, 12, 15), "91/2017"), (date(2024, 12, 15), "98/2023"),
                                            (date(2025, 12, 15), "152/2025")])
def test_every_rule_set_sets_the_coefficients_with_citations(catalogue, review, decree):
    rule_set = rule_set_on(review, catalogue)
    coefficients = {t: title_reward(t, rule_set, review, STEPS) for t in catalogue}
    assert {t: r["coefficient"] for t, r in coefficients.items()} == {
        "LDTT": 0.3, "CSTDCS": 1.0, "CSTD_TINH": 3.0, "TTLDTT": 0.8, "TTLDXS": 1.5, "CO_THI_DUA_TINH": 8.0}
    assert all(decree in r["coefficient_citation"] for r in coefficients.values())


def year_results():
    def awarded(*titles):
        return [{"title": t, "decision": "awarded"} for t in titles] + [{"title": "X", "decision": "not_awarded"}]
    return {"units": [{"code": "U1", "name": "Sở A", "decisions": awarded("CO_THI_DUA_TINH")},
                      {"code": "U2", "name": "Sở B", "decisions": []}],
            "collectives": [{"code": "C1", "name": "Phòng 1", "unit": "U2", "decisions": awarded("TTLDTT")}],
            "individuals": [{"code": "P1", "name": "An", "unit": "U1", "decisions": awarded("LDTT", "CSTDCS")},
                            {"code": "P2", "name": "Bình", "unit": "U2", "decisions": awarded("LDTT")}]}


def test_rewards_use_the_signed_date_else_the_review_date_marked_proposed(catalogue):
    rule_set = rule_set_on(date(2023, 12, 15), catalogue)          # year 2023: rule set A, review before a step
    signed = [SignedAward("LDTT", "P1", "12/QĐ-SKHCN", date(2024, 7, 1)), SignedAward("LDTT", "P2", "13/QĐ", None)]
    rewards = compute_rewards(year_results(), rule_set, STEPS, date(2023, 12, 15), catalogue, signed)
    lines = {(line["code"], line["title"]): line for line in rewards["lines"]}
    decided, proposed = lines[("P1", "LDTT")], lines[("P2", "LDTT")]
    assert (decided["status"], decided["decision"], decided["base_salary"], decided["amount"]) == (
        "decided", "12/QĐ-SKHCN", 2340000, 710000)
    assert (proposed["status"], proposed["decision"], proposed["base_salary"], proposed["amount"]) == (
        PROPOSED, None, 1800000, 540000)                          # unsigned: the review date's base salary
    assert "91/2017" in decided["coefficient_citation"] and rewards["rule_set"] == "A"


def test_rewards_total_per_unit_per_title_and_for_the_bloc(catalogue):
    rule_set = rule_set_on(date(2024, 12, 15), catalogue)
    rewards = compute_rewards(year_results(), rule_set, STEPS, date(2024, 12, 15), catalogue)
    by_unit = {row["code"]: (row["name"], row["count"], row["amount"]) for row in rewards["by_unit"]}
    assert by_unit == {"U1": ("Sở A", 3, 18720000 + 710000 + 2340000), "U2": ("Sở B", 2, 1880000 + 710000)}
    by_title = {row["code"]: (row["count"], row["amount"]) for row in rewards["by_title"]}
    assert by_title == {"CO_THI_DUA_TINH": (1, 18720000), "CSTDCS": (1, 2340000), "LDTT": (2, 1420000),
                        "TTLDTT": (1, 1880000)}
    assert rewards["total"] == {"count": 5, "amount": 24360000, "proposed": 24360000}
    assert rewards["rounding"]["step"] == 10000 and "làm tròn" in rewards["rounding"]["citation"]


@pytest.mark.parametrize("body, field", [
    ("[[base_salary]]\namount = 0\neffective_from = 2024-07-01\ncitation = \"x\"\n", "amount"),
    ("[[base_salary]]\namount = 1\neffective_from = 2024\ncitation = \"x\"\n", "effective_from"),
    ("[[base_salary]]\namount = 1\neffective_from = 2024-07-01\n", "citation"),
    ("", "no base salary"),
])
def test_bad_base_salary_files_name_the_field(tmp_path, body, field):
    path = tmp_path / "base-salary.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RulesError, match=f"base-salary.toml.*{field}"):
        load_base_salaries(path)


def test_a_bad_reward_table_names_the_file_and_field(tmp_path, catalogue):
    text = (CRITERIA / "rules" / "rule-set-b.toml").read_text(encoding="utf-8")
    path = tmp_path / "rule-set-x.toml"
    path.write_text(text.replace("coefficient = 0.3", "coefficient = \"ba\""), encoding="utf-8")
    with pytest.raises(RulesError, match=r"rule-set-x\.toml: \[rewards\]\.titles\.LDTT, trường 'coefficient'"):
        title_reward("LDTT", load_rule_set(path, catalogue), date(2024, 7, 1), STEPS)
