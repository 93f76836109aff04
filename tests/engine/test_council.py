"""The council's vote: the threshold at its boundary, quorum, and quotas ordered by votes and the law's priority."""
from dataclasses import replace
from datetime import date

import pytest

from emulation.engine.council import council_rules_from_dict, evaluate_ballot, load_council_rules
from emulation.engine.rules import RulesError, load_title_catalogue
from emulation.engine.titles import AWARDED, NOT_AWARDED, UNDECIDED, decide_titles
from emulation.engine.yeardata import BallotData, CouncilMemberData, CouncilSessionData

from .conftest import CRITERIA
from .factories import People, decision, reason, said

CATALOGUE = load_title_catalogue(CRITERIA / "titles.toml")
COUNCIL = load_council_rules(CRITERIA / "council.toml")


def session(members: int = 9, present: int | None = None, ballots=(), unit: str | None = "U1") -> CouncilSessionData:
    present = members if present is None else present
    return CouncilSessionData(date(2017, 12, 20), unit, "Phòng họp", tuple(
        CouncilMemberData(f"Thành viên {i}", "Ủy viên", i < present) for i in range(members)), tuple(ballots))


def ballot(person: str, votes_for: int, title: str = "CSTDCS", against: int = 0) -> BallotData:
    return BallotData(title, person=person, votes_for=votes_for, votes_against=against)


def two_equal_candidates(holders: int = 9) -> People:
    """A unit of `holders` LĐTT holders, two of them equal CSTĐCS candidates (one place: 15% × 9 → 1)."""
    people = People(2017)
    for i in range(holders):
        people.person(f"P{i + 1}", register="CSTDCS" if i < 2 else "LDTT", initiatives=1 if i < 2 else 0)
    return people


def decide(people: People, rule_set, council=COUNCIL, sessions=(), women=()):
    year = people.build(council=list(sessions))
    year.people = [replace(p, gender="female") if p.code in women else p for p in year.people]
    return decide_titles(year, rule_set, None, CATALOGUE, council=council)


def cstdcs(decisions, code):
    return decision(decisions, "individual", code, "CSTDCS")


# --- the rule data ---------------------------------------------------------------------------------

def test_the_shipped_rules_cite_their_source_and_mark_the_organisation_s_settings():
    default = COUNCIL.rule_for("A", "CSTDCS")
    assert (default.share, default.denominator, default.setting) == (pytest.approx(2 / 3), "members", True)
    provincial = COUNCIL.rule_for("A", "CSTD_TINH")
    assert provincial.share == pytest.approx(0.9) and not provincial.setting
    assert "Nghị định 91/2017/NĐ-CP, Điều 45 khoản 8" in provincial.citation
    assert COUNCIL.rule_for("B", "LDTT").citation
    assert COUNCIL.rule_for("Z", "LDTT") is None


def test_a_rule_with_a_wrong_denominator_is_refused_by_its_field():
    with pytest.raises(RulesError, match=r"rule_sets\.A\.default, trường 'denominator'"):
        council_rules_from_dict({"rule_sets": {"A": {"default": {
            "quorum": "2/3", "share": "2/3", "denominator": "voters", "citation": "x"}}}})
    with pytest.raises(RulesError, match="trường 'share'"):
        council_rules_from_dict({"rule_sets": {"A": {"default": {
            "quorum": "2/3", "share": "3/2", "denominator": "members", "citation": "x"}}}})


# --- one ballot at the boundary ----------------------------------------------------------------------

def test_six_of_nine_reaches_two_thirds_and_five_does_not():
    rule = COUNCIL.rule_for("A", "CSTDCS")
    at = evaluate_ballot(rule, session(9), ballot("P1", 6))
    below = evaluate_ballot(rule, session(9), ballot("P1", 5))
    assert at.met and "Đạt 6/9 phiếu đồng ý (66,7%) trên tổng số thành viên Hội đồng, cần từ 66,7%" in said(at)
    assert not below.met
    assert "Chỉ đạt 5/9 phiếu đồng ý (55,6%) trên tổng số thành viên Hội đồng, cần từ 66,7%" in said(below)


def test_the_denominator_decides_whether_absent_members_count():
    members = council_rules_from_dict({"rule_sets": {"A": {"default": {
        "quorum": "1/2", "share": "1/2", "strict": True, "denominator": "members", "citation": "c"}}}})
    present = council_rules_from_dict({"rule_sets": {"A": {"default": {
        "quorum": "1/2", "share": "1/2", "strict": True, "denominator": "present", "citation": "c"}}}})
    sitting = session(10, present=8)
    assert not evaluate_ballot(members.rule_for("A", "LDTT"), sitting, ballot("P1", 5)).met     # 5/10 = 50%, not > 50%
    assert evaluate_ballot(present.rule_for("A", "LDTT"), sitting, ballot("P1", 5)).met         # 5/8 > 50%
    assert not evaluate_ballot(present.rule_for("A", "LDTT"), sitting, ballot("P1", 4)).met     # 4/8 = 50%


def test_a_session_without_its_quorum_decides_nothing():
    outcome = evaluate_ballot(COUNCIL.rule_for("A", "CSTDCS"), session(9, present=5), ballot("P1", 5))
    assert not outcome.met
    assert "Phiên họp không đủ số thành viên: 5/9 có mặt (55,6%), cần từ 66,7%" in said(outcome)


# --- the vote in the title decision ------------------------------------------------------------------

def test_below_the_threshold_the_title_is_not_awarded_and_the_reason_says_share_and_threshold(rule_set_a):
    decisions = decide(two_equal_candidates(), rule_set_a, sessions=[session(9, ballots=[ballot("P1", 5)])])
    found = cstdcs(decisions, "P1")
    assert found.decision == NOT_AWARDED
    vote = reason(found, "council_vote")
    assert not vote.met and "5/9" in said(vote) and "cần từ 66,7%" in said(vote)
    assert vote.citation.startswith("Quy chế thi đua, khen thưởng")
    assert cstdcs(decisions, "P2").decision == AWARDED          # the only eligible candidate left takes the place


def test_a_tie_at_the_quota_line_is_undecided_never_settled_by_code(rule_set_a):
    decisions = decide(two_equal_candidates(), rule_set_a)
    for code in ("P1", "P2"):
        found = cstdcs(decisions, code)
        assert found.decision == UNDECIDED
        assert "Hội đồng Thi đua - Khen thưởng phải chọn" in said(reason(found, "quota"))
    assert decisions.awarded("individual", "P1") == ["LDTT"]


def test_the_council_s_votes_decide_the_quota(rule_set_a):
    votes = [session(9, ballots=[ballot("P1", 7), ballot("P2", 8)])]
    decisions = decide(two_equal_candidates(), rule_set_a, sessions=votes)
    assert cstdcs(decisions, "P2").decision == AWARDED
    assert cstdcs(decisions, "P1").decision == NOT_AWARDED
    assert said(reason(cstdcs(decisions, "P1"), "quota")).startswith("Ngoài chỉ tiêu: xếp thứ 2/2")


def test_equal_votes_leave_the_tie_to_the_council(rule_set_a):
    votes = [session(9, ballots=[ballot("P1", 7), ballot("P2", 7)])]
    decisions = decide(two_equal_candidates(), rule_set_a, sessions=votes)
    assert {cstdcs(decisions, c).decision for c in ("P1", "P2")} == {UNDECIDED}


def test_the_law_prefers_a_woman_among_equal_candidates(rule_set_a):
    decisions = decide(two_equal_candidates(), rule_set_a, women={"P2"})
    assert cstdcs(decisions, "P2").decision == AWARDED
    assert cstdcs(decisions, "P1").decision == NOT_AWARDED
    # ...but votes come first: the man with more votes takes the place
    votes = [session(9, ballots=[ballot("P1", 8), ballot("P2", 7)])]
    decisions = decide(two_equal_candidates(), rule_set_a, sessions=votes, women={"P2"})
    assert cstdcs(decisions, "P1").decision == AWARDED


def test_the_organisation_s_priorities_come_after_the_law_s(rule_set_a):
    people = two_equal_candidates()
    people.facts[0] = replace(people.facts[0], initiatives=3)          # P1 has more initiatives
    assert cstdcs(decide(people, rule_set_a), "P1").decision == AWARDED
    assert cstdcs(decide(people, rule_set_a, women={"P2"}), "P2").decision == AWARDED


def test_without_vote_rules_recorded_votes_still_order_the_quota(rule_set_a):
    votes = [session(9, ballots=[ballot("P1", 2), ballot("P2", 1)])]
    decisions = decide(two_equal_candidates(), rule_set_a, council=None, sessions=votes)
    assert cstdcs(decisions, "P1").decision == AWARDED
    assert all(r.code != "council_vote" for r in cstdcs(decisions, "P1").reasons)
