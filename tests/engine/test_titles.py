"""Title engine: every condition of rule sets A and B at its boundary, quotas, multi-year titles."""
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation.engine.rules import apply_override, load_title_catalogue, select_rule_set
from emulation.engine.titles import (AWARDED, NOT_AWARDED, NOT_CONSIDERED, UNDECIDED, decide_titles,
                                     months_worked, quota_size)
from emulation.engine.yeardata import AwardData, ScoreLineData

from .conftest import CRITERIA
from .factories import People, decision, reason, said, spec

CATALOGUE = load_title_catalogue(CRITERIA / "titles.toml")


def decide(people: People, rule_set, ranks=None, **fields):
    return decide_titles(people.build(**fields), rule_set, ranks, CATALOGUE)


def ldtt(people, rule_set, code):
    return decision(decide(people, rule_set), "individual", code, "LDTT")


# --- helpers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("recruited, review, not_counted, months", [
    (None, date(2017, 12, 31), 0, 12),
    (date(2017, 3, 1), date(2017, 12, 31), 0, 10),
    (date(2017, 3, 2), date(2017, 12, 31), 0, 9),
    (date(2010, 5, 1), date(2017, 12, 31), 3, 9),
    (date(2018, 1, 5), date(2017, 12, 31), 0, 0),
])
def test_months_worked(recruited, review, not_counted, months):
    assert months_worked(recruited, review, not_counted) == months


@pytest.mark.parametrize("share, base, rounding, size", [
    (0.15, 9, "floor", 1), (0.15, 6, "floor", 0), (0.15, 20, "floor", 3), (0.15, 20, "ceil", 3),
    (0.15, 9, "ceil", 2), (0.10, 15, "half_up", 2), (0.10, 14, "half_up", 1)])
def test_quota_size_is_exact_decimal_arithmetic(share, base, rounding, size):
    assert quota_size(share, base, rounding) == size


# --- LĐTT ----------------------------------------------------------------------------------------

def test_ldtt_awarded_with_every_condition_reported(rule_set_a):
    people = People()
    people.person("P1")
    found = ldtt(people, rule_set_a, "P1")
    assert found.decision == AWARDED
    assert [r.code for r in found.reasons] == ["task_rating", "registration", "months_worked", "discipline"]
    assert all(r.met and r.citation and said(r) for r in found.reasons)
    assert reason(found, "months_worked").citation.startswith("Nghị định 91/2017/NĐ-CP, Điều 10")


def test_unregistered_person_is_not_considered_in_rule_set_a(rule_set_a):
    people = People()
    people.person("P1", register=None)
    found = ldtt(people, rule_set_a, "P1")
    assert found.decision == NOT_CONSIDERED
    assert not reason(found, "registration").met
    assert reason(found, "task_rating").met                  # the other conditions are still checked


def test_unregistered_person_is_considered_in_rule_set_b(rule_set_b):
    people = People(2024)
    people.person("P1", register=None)
    assert ldtt(people, rule_set_b, "P1").decision == AWARDED


@pytest.mark.parametrize("rating, awarded", [("HTXS", True), ("HTT", True), ("HT", False), ("KHT", False),
                                             (None, False)])
def test_ldtt_needs_a_good_task_rating(rule_set_a, rating, awarded):
    people = People()
    people.person("P1", task_rating=rating)
    assert (ldtt(people, rule_set_a, "P1").decision == AWARDED) is awarded


@pytest.mark.parametrize("recruited, a_met, b_met", [
    (date(2017, 3, 1), True, True),       # 10 months
    (date(2017, 3, 2), False, True),      # 9 months: enough for B, not for A
    (date(2017, 7, 1), False, True),      # 6 months
    (date(2017, 7, 2), False, False),     # 5 months
])
def test_months_worked_10_in_a_and_6_in_b(rule_set_a, rule_set_b, recruited, a_met, b_met):
    for rule_set, expected, year in ((rule_set_a, a_met, 2017), (rule_set_b, b_met, 2024)):
        people = People(year)
        people.person("P1", recruited_on=recruited.replace(year=year))
        found = ldtt(people, rule_set, "P1")
        assert reason(found, "months_worked").met is expected
        assert found.decision == (AWARDED if expected else NOT_AWARDED)


def test_months_detail_shows_the_numbers(rule_set_a):
    people = People()
    people.person("P1", recruited_on=date(2017, 3, 2))
    detail = said(reason(ldtt(people, rule_set_a, "P1"), "months_worked"))
    assert detail == "Thời gian công tác tính đến 31/12/2017: 9 tháng (tuyển dụng 02/03/2017) < 10 tháng"


def test_months_not_counted_are_taken_off(rule_set_a):
    people = People()
    people.person("P1", months_not_counted=3)
    assert not reason(ldtt(people, rule_set_a, "P1"), "months_worked").met


def test_review_date_of_the_year_is_used(rule_set_a):
    people = People()
    people.person("P1", recruited_on=date(2017, 3, 1))
    year = people.build(review_on=date(2017, 12, 15))
    found = decision(decide_titles(year, rule_set_a, None, CATALOGUE), "individual", "P1", "LDTT")
    assert "9 tháng" in said(reason(found, "months_worked"))


@pytest.mark.parametrize("level, a_awarded, b_awarded", [("khien_trach", False, True), ("canh_cao", False, True)])
def test_discipline_bars_ldtt_in_a_only(rule_set_a, rule_set_b, level, a_awarded, b_awarded):
    for rule_set, expected, year in ((rule_set_a, a_awarded, 2017), (rule_set_b, b_awarded, 2024)):
        people = People(year)
        people.person("P1", discipline=level)
        assert (ldtt(people, rule_set, "P1").decision == AWARDED) is expected


# --- CSTĐCS --------------------------------------------------------------------------------------

def unit_with_holders(year, holders, candidates):
    """A unit of `holders` LĐTT holders, the first of whom are CSTĐCS candidates with initiatives."""
    people = People(year)
    for i in range(holders):
        if i < len(candidates):
            people.person(f"P{i + 1}", register="CSTDCS", **candidates[i])
        else:
            people.person(f"P{i + 1}")
    return people


def test_a_cstdcs_candidate_gets_an_ldtt_and_a_cstdcs_decision(rule_set_a):
    people = unit_with_holders(2017, 7, [{"initiatives": 1}])
    decisions = decide(people, rule_set_a)
    assert [d.title for d in decisions.individuals["P1"]] == ["LDTT", "CSTDCS"]
    assert [d.title for d in decisions.individuals["P2"]] == ["LDTT"]
    assert decision(decisions, "individual", "P1", "CSTDCS").decision == AWARDED   # 15% × 7 = 1,05 → 1


def test_quota_of_15_percent_of_9_holders_is_1_and_the_best_candidate_wins(rule_set_a):
    people = unit_with_holders(2017, 9, [{"initiatives": 1}, {"initiatives": 3}, {"research_accepted": True}])
    decisions = decide(people, rule_set_a)
    verdicts = {p: decision(decisions, "individual", p, "CSTDCS").decision for p in ("P1", "P2", "P3")}
    assert verdicts == {"P1": NOT_AWARDED, "P2": AWARDED, "P3": NOT_AWARDED}
    left_out = decision(decisions, "individual", "P1", "CSTDCS")
    assert [r.code for r in left_out.reasons if not r.met] == ["quota"]
    detail = said(reason(left_out, "quota"))
    assert detail.startswith("Ngoài chỉ tiêu: xếp thứ 2/3")
    assert "15% × 9 người đạt Lao động tiên tiến = 1,35 → 1 (làm tròn xuống)" in detail


def test_quota_of_6_holders_rounds_down_to_nobody(rule_set_a):
    people = unit_with_holders(2017, 6, [{"initiatives": 5}])
    assert decision(decide(people, rule_set_a), "individual", "P1", "CSTDCS").decision == NOT_AWARDED


def test_quota_counts_each_unit_separately(rule_set_a):
    people = unit_with_holders(2017, 7, [{"initiatives": 1}, {"initiatives": 1}])
    for i in range(7):
        people.person(f"Q{i}", unit="U2", register="CSTDCS" if i == 0 else "LDTT", initiatives=1)
    decisions = decide(people, rule_set_a)
    by_verdict = {}
    for code, ds in decisions.individuals.items():
        for d in ds:
            if d.title == "CSTDCS":
                by_verdict.setdefault(d.decision, []).append(code)
    # U1: 1 place for two equal candidates: undecided, never settled by the person's code
    assert by_verdict[AWARDED] == ["Q0"]
    assert sorted(by_verdict[UNDECIDED]) == ["P1", "P2"]


def test_override_quota_of_10_percent(tmp_path, rule_set_a):
    path = tmp_path / "org.toml"
    path.write_text("[titles.CSTDCS.conditions.quota]\nshare = 0.10\n", encoding="utf-8")
    tightened = apply_override(rule_set_a, path, CATALOGUE)
    candidates = [{"initiatives": 3}, {"initiatives": 2}, {"initiatives": 1}]
    assert sum(decision(decide(unit_with_holders(2017, 19, candidates), tightened), "individual", f"P{i}",
                        "CSTDCS").decision == AWARDED for i in (1, 2, 3)) == 1      # 1,9 → 1
    assert sum(decision(decide(unit_with_holders(2017, 20, candidates), tightened), "individual", f"P{i}",
                        "CSTDCS").decision == AWARDED for i in (1, 2, 3)) == 2      # 2 → 2


def test_cstdcs_needs_an_initiative_in_a_but_htxs_is_enough_in_b(rule_set_a, rule_set_b):
    for rule_set, year, expected in ((rule_set_a, 2017, NOT_AWARDED), (rule_set_b, 2024, AWARDED)):
        people = unit_with_holders(year, 10, [{"task_rating": "HTXS"}])
        found = decision(decide(people, rule_set), "individual", "P1", "CSTDCS")
        assert found.decision == expected
        assert reason(found, "achievement").met is (expected == AWARDED)


def test_cstdcs_needs_ldtt_this_year(rule_set_a):
    people = unit_with_holders(2017, 10, [{"initiatives": 2, "discipline": "khien_trach"}])
    decisions = decide(people, rule_set_a)
    assert decision(decisions, "individual", "P1", "LDTT").decision == NOT_AWARDED
    found = decision(decisions, "individual", "P1", "CSTDCS")
    assert found.decision == NOT_AWARDED
    assert not reason(found, "holds_ldtt").met
    assert said(reason(found, "quota")).startswith("Chưa xét trong chỉ tiêu")


# --- CSTĐ tỉnh -----------------------------------------------------------------------------------

@pytest.mark.parametrize("earlier, provincial, expected", [
    ((2015, 2016), True, AWARDED), ((2014, 2016), True, NOT_AWARDED), ((2015, 2016), False, NOT_AWARDED)])
def test_provincial_fighter_needs_3_consecutive_cstdcs_and_a_provincial_initiative(
        rule_set_a, earlier, provincial, expected):
    people = unit_with_holders(2017, 7, [{"initiatives": 1, "provincial_initiative": provincial}])
    people.registrations[0] = replace(people.registrations[0], title="CSTD_TINH")
    people.history += [AwardData(y, "CSTDCS", person="P1") for y in earlier]
    found = decision(decide(people, rule_set_a), "individual", "P1", "CSTD_TINH")
    assert found.decision == expected
    if earlier == (2015, 2016):
        assert said(reason(found, "consecutive_cstdcs")).endswith("(2015, 2016, 2017) ≥ 3 năm")


def test_provincial_fighter_needs_cstdcs_this_year(rule_set_a):
    people = unit_with_holders(2017, 6, [{"initiatives": 1, "provincial_initiative": True}])   # quota 0
    people.registrations[0] = replace(people.registrations[0], title="CSTD_TINH")
    people.history += [AwardData(y, "CSTDCS", person="P1") for y in (2015, 2016)]
    found = decision(decide(people, rule_set_a), "individual", "P1", "CSTD_TINH")
    assert found.decision == NOT_AWARDED
    assert not reason(found, "consecutive_cstdcs").met


# --- collectives ---------------------------------------------------------------------------------

def ttldtt(people, rule_set):
    return decision(decide(people, rule_set), "collective", "T", "TTLDTT")


@pytest.mark.parametrize("members, holders, expected, detail", [
    (8, 4, NOT_AWARDED, "4/8 thành viên đạt Lao động tiên tiến (50%) ≤ 50%"),
    (8, 5, AWARDED, "5/8 thành viên đạt Lao động tiên tiến (62,5%) > 50%"),
    (12, 8, AWARDED, "8/12 thành viên đạt Lao động tiên tiến (66,7%) > 50%"),
])
def test_ttldtt_needs_strictly_more_than_half_ldtt(rule_set_a, rule_set_b, members, holders, expected, detail):
    for rule_set, year in ((rule_set_a, 2017), (rule_set_b, 2024)):
        people = People(year)
        people.team("T", members, holders)
        found = ttldtt(people, rule_set)
        assert found.decision == expected
        assert said(reason(found, "members_ldtt")) == detail


@pytest.mark.parametrize("level, a_expected", [("khien_trach", AWARDED), ("canh_cao", NOT_AWARDED),
                                               ("buoc_thoi_viec", NOT_AWARDED)])
def test_ttldtt_member_discipline_from_canh_cao(rule_set_a, level, a_expected):
    people = People()
    codes = people.team("T", 6, 5)
    people.facts[-1] = replace(people.facts[-1], discipline=level)      # the member who is not LĐTT anyway
    found = ttldtt(people, rule_set_a)
    assert found.decision == a_expected
    if a_expected == NOT_AWARDED:
        assert codes[-1] in said(reason(found, "member_discipline"))


def test_ttldtt_discipline_clause_of_b_can_be_switched_off(tmp_path, rule_set_b):
    people = People(2024)
    people.team("T", 6, 5)
    people.facts[-1] = replace(people.facts[-1], discipline="canh_cao")
    assert ttldtt(people, rule_set_b).decision == NOT_AWARDED
    path = tmp_path / "org.toml"
    path.write_text("[titles.TTLDTT.conditions.member_discipline]\nenabled = false\n", encoding="utf-8")
    assert ttldtt(people, apply_override(rule_set_b, path, CATALOGUE)).decision == AWARDED


def test_ttldtt_needs_the_plan_in_both_laws(rule_set_a, rule_set_b):
    """Article 28 of both laws: "hoàn thành tốt nhiệm vụ và kế hoạch được giao"."""
    for rule_set, year in ((rule_set_a, 2017), (rule_set_b, 2024)):
        people = People(year)
        people.team("T", 4, 4, plan_completed=False)
        found = ttldtt(people, rule_set)
        assert found.decision == NOT_AWARDED
        assert [r.code for r in found.reasons if not r.met] == ["plan_completed"]


@pytest.mark.parametrize("year", [2017, 2024, 2025])
def test_ttldtt_needs_a_collective_rated_htt_or_better(catalogue, year):
    """A collective rated only "hoàn thành nhiệm vụ" (HT) is not a TTLĐTT; HTT is (Article 28 of both laws)."""
    rule_set = select_rule_set(date(year, 12, 15), CRITERIA / "rules", None, catalogue)
    verdicts = {}
    for rating in ("HT", "HTT"):
        people = People(year)
        people.team("T", 4, 4, rating=rating)
        verdicts[rating] = ttldtt(people, rule_set)
    assert verdicts["HTT"].decision == AWARDED
    refused = verdicts["HT"]
    assert refused.decision == NOT_AWARDED
    assert [r.code for r in refused.reasons if not r.met] == ["task_rating"]
    why = reason(refused, "task_rating")
    assert (why.condition, said(why)) == (
        "Hoàn thành tốt nhiệm vụ", f"Xếp loại năm {year}: HT (hoàn thành nhiệm vụ); yêu cầu: HTXS, HTT")
    assert "Điều 28" in why.citation


def test_members_without_a_registration_count_as_not_ldtt_in_a(rule_set_a):
    people = People()
    people.team("T", 4, 4)
    people.registrations = [r for r in people.registrations if r.person not in ("T-01", "T-02")]
    assert said(reason(ttldtt(people, rule_set_a), "members_ldtt")).startswith("2/4")


def test_collective_without_members_is_not_awarded(rule_set_a):
    people = People()
    people.team("T", 0, 0)
    found = ttldtt(people, rule_set_a)
    assert found.decision == NOT_AWARDED
    assert said(reason(found, "members_ldtt")) == "Tập thể chưa có thành viên nào"


def excellent_team(year, members=10, holders=7, cstdcs=True, rating="HTXS"):
    """A collective registered for TTLĐXS; with `cstdcs` its first member wins CSTĐCS."""
    people = People(year)
    codes = people.team("T", members, holders, rating=rating, register=("TTLDTT", "TTLDXS"))
    for i in range(20):                        # enough LĐTT holders in the unit for a CSTĐCS quota
        people.person(f"X{i:02d}")
    if cstdcs:
        people.registrations.append(replace(people.registrations[-1], title="CSTDCS", person=codes[0]))
        people.facts[0] = replace(people.facts[0], initiatives=1)
    return people


def ttldxs(people, rule_set):
    return decision(decide(people, rule_set), "collective", "T", "TTLDXS")


def test_ttldxs_at_exactly_70_percent(rule_set_a):
    found = ttldxs(excellent_team(2017), rule_set_a)
    assert found.decision == AWARDED
    assert said(reason(found, "members_ldtt")) == "7/10 thành viên đạt Lao động tiên tiến (70%) ≥ 70%"
    assert said(reason(found, "members_cstdcs")) == "1 thành viên đạt Chiến sĩ thi đua cơ sở (T-01) ≥ 1"


def test_ttldxs_below_70_percent(rule_set_a):
    found = ttldxs(excellent_team(2017, holders=6), rule_set_a)
    assert found.decision == NOT_AWARDED
    assert [r.code for r in found.reasons if not r.met] == ["members_ldtt"]


def test_ttldxs_needs_a_cstdcs_member(rule_set_a):
    found = ttldxs(excellent_team(2017, cstdcs=False), rule_set_a)
    assert [r.code for r in found.reasons if not r.met] == ["members_cstdcs"]


def test_ttldxs_needs_every_member_to_complete_tasks(rule_set_a):
    people = excellent_team(2017)
    people.facts[9] = replace(people.facts[9], task_rating="KHT")
    found = ttldxs(people, rule_set_a)
    assert [r.code for r in found.reasons if not r.met] == ["members_complete_tasks"]
    assert said(reason(found, "members_complete_tasks")).startswith("9/10")


def test_ttldxs_needs_an_excellent_collective_rating(rule_set_a):
    assert ttldxs(excellent_team(2017, rating="HTT"), rule_set_a).decision == NOT_AWARDED


def test_ttldxs_discipline_clause_is_in_a_and_comes_through_ttldtt_in_b(rule_set_a, rule_set_b):
    """B's TTLĐXS has no discipline clause of its own but is chosen among TTLĐTT, which has one."""
    for rule_set, year, failed in ((rule_set_a, 2017, ["member_discipline"]), (rule_set_b, 2024, ["holds_ttldtt"])):
        people = excellent_team(year)
        people.facts[9] = replace(people.facts[9], discipline="canh_cao")
        found = ttldxs(people, rule_set)
        assert found.decision == NOT_AWARDED
        assert [r.code for r in found.reasons if not r.met] == failed


def test_ttldxs_in_b_is_chosen_among_ttldtt(rule_set_b):
    people = excellent_team(2024)
    assert ttldxs(people, rule_set_b).decision == AWARDED
    people.collective_facts[0] = replace(people.collective_facts[0], plan_completed=False)
    found = ttldxs(people, rule_set_b)
    assert [r.code for r in found.reasons if not r.met] == ["holds_ttldtt"]
    assert said(reason(found, "holds_ttldtt")) == "Không đạt danh hiệu Tập thể lao động tiên tiến năm 2024"


def test_collective_registered_for_ttldxs_gets_both_decisions(rule_set_a):
    decisions = decide(excellent_team(2017), rule_set_a)
    assert [d.title for d in decisions.collectives["T"]] == ["TTLDTT", "TTLDXS"]


# --- the flag ------------------------------------------------------------------------------------

def flag_year(values):
    people = People()
    people.units = list(values)
    lines = [ScoreLineData(u, "KH", reviewed_value=v) for u, v in values.items()]
    year = people.build(lines=lines)
    year.criteria[:] = []
    from emulation.engine.yeardata import SignedCriterion
    year.criteria.append(SignedCriterion(spec("KH", "plan", 20, target=100)))
    return year


def test_flag_goes_to_the_leading_unit_that_meets_its_targets(rule_set_a):
    year = flag_year({"U1": 100, "U2": 120, "U3": 130})
    decisions = decide_titles(year, rule_set_a, {"U1": 1, "U2": 2, "U3": 3}, CATALOGUE)
    verdicts = {u: decision(decisions, "unit", u, "CO_THI_DUA_TINH").decision for u in ("U1", "U2", "U3")}
    assert verdicts == {"U1": AWARDED, "U2": NOT_AWARDED, "U3": NOT_AWARDED}
    found = decision(decisions, "unit", "U1", "CO_THI_DUA_TINH")
    assert said(reason(found, "bloc_rank")).startswith("Xếp hạng 1/3")
    assert "KH 100/100 (100%)" in said(reason(found, "plan_targets"))


def test_shared_first_rank_gives_every_leader_the_flag(rule_set_a):
    decisions = decide_titles(flag_year({"U1": 100, "U2": 100}), rule_set_a, {"U1": 1, "U2": 1}, CATALOGUE)
    assert all(decision(decisions, "unit", u, "CO_THI_DUA_TINH").decision == AWARDED for u in ("U1", "U2"))


def test_leader_below_target_gets_no_flag_under_either_law(rule_set_a, rule_set_b):
    """Article 26 of both laws: the flag needs the targets exceeded ("hoàn thành vượt mức")."""
    year = flag_year({"U1": 99})
    assert decision(decide_titles(year, rule_set_a, {"U1": 1}, CATALOGUE), "unit", "U1",
                    "CO_THI_DUA_TINH").decision == NOT_AWARDED
    found = decision(decide_titles(replace(year, year=2024), rule_set_b, {"U1": 1}, CATALOGUE), "unit", "U1",
                     "CO_THI_DUA_TINH")
    assert found.decision == NOT_AWARDED
    assert [r.code for r in found.reasons if not r.met] == ["plan_targets"]


# --- properties ----------------------------------------------------------------------------------

person_facts = st.fixed_dictionaries({
    "task_rating": st.sampled_from(["HTXS", "HTT", "HT", None]),
    "initiatives": st.integers(0, 2), "research_accepted": st.booleans(),
    "discipline": st.sampled_from([None, None, "khien_trach"]),
    "register": st.sampled_from(["LDTT", "CSTDCS", None])})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["U1", "U2"]), person_facts), max_size=40),
       st.sampled_from([0.1, 0.15, 0.3]), st.sampled_from(["floor", "ceil", "half_up"]),
       st.sampled_from(["A", "B"]))
def test_quotas_are_never_exceeded(rule_set_a, rule_set_b, tmp_path_factory, people_facts, share, rounding, code):
    rule_set = rule_set_a if code == "A" else rule_set_b
    path = tmp_path_factory.mktemp("org") / "org.toml"
    path.write_text(f'[titles.CSTDCS.conditions.quota]\nshare = {share}\nrounding = "{rounding}"\n', encoding="utf-8")
    rule_set = apply_override(rule_set, path, CATALOGUE)
    people = People(2017 if code == "A" else 2024)
    for i, (unit, facts) in enumerate(people_facts):
        people.person(f"P{i:02d}", unit, **facts)
    decisions = decide(people, rule_set)
    for unit in ("U1", "U2"):
        codes = [p.code for p in people.people if p.unit == unit]
        holders = sum("LDTT" in decisions.awarded("individual", c) for c in codes)
        winners = sum("CSTDCS" in decisions.awarded("individual", c) for c in codes)
        assert winners <= quota_size(share, holders, rounding)
        assert all("LDTT" in decisions.awarded("individual", c) for c in codes
                   if "CSTDCS" in decisions.awarded("individual", c))


def test_every_registration_gets_a_decision_of_its_title(rule_set_a):
    people = excellent_team(2017)
    people.person("Z1", register="CSTD_TINH")
    people.person("Z2", register="TTLDTT")                     # a collective title registered by a person
    decisions = decide(people, rule_set_a)
    for reg in people.registrations:
        level, code = ("individual", reg.person) if reg.person else ("collective", reg.collective)
        assert decision(decisions, level, code, reg.title)
    wrong = decision(decisions, "individual", "Z2", "TTLDTT")
    assert wrong.decision == NOT_CONSIDERED and "dành cho tập thể, không xét cho Z2" in said(wrong.reasons[0])
    assert [d.title for d in decisions.individuals["Z1"]] == ["LDTT", "CSTDCS", "CSTD_TINH"]
