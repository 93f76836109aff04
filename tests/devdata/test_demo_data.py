"""The demonstration year of Khối thi đua II (2017): seed 004's figures, complete score sheets, title cases."""
import dataclasses
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from emulation.devdata.demo import build_demo_year, demo_users
from emulation.engine.criteria import load_agreement
from emulation.engine.yeardata import DISCIPLINE_LEVELS, LINE_REVIEW_STATES, SHEET_STATES, TASK_RATINGS, SignedCriterion
from emulation.plugin_host.host import PluginHost

AGREEMENT_PATH = Path(__file__).resolve().parents[2] / "criteria" / "agreements" / "ktd-ii-2017.toml"


def sign_agreement(path=AGREEMENT_PATH, host=None):
    """Return the signed criteria of a year: the agreement's, then each unit's with top levels in the unit group."""
    agreement = load_agreement(path)
    host = host or PluginHost(load_entry_points=False)
    signed = [SignedCriterion(spec, None, position) for position, spec in enumerate(agreement.criteria)]
    for _, unit in host.units():
        for _, spec in host.criteria(unit):
            if spec.parent is None:
                spec = dataclasses.replace(spec, parent=agreement.unit_group)
            signed.append(SignedCriterion(spec, unit.code, len(signed)))
    return signed


@pytest.fixture(scope="module")
def host():
    return PluginHost(load_entry_points=False)


@pytest.fixture(scope="module")
def signed(host):
    return sign_agreement(host=host)


@pytest.fixture(scope="module")
def year(signed):
    return build_demo_year(signed)


def months_before(later: date, earlier: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def ldtt_eligible(year, person, facts, registered):
    """Rule set A's LDTT conditions, as the titles engine applies them."""
    return (person.code in registered and facts.task_rating in ("HTXS", "HTT") and facts.discipline is None
            and months_before(year.review_on, person.recruited_on) >= 10)


def test_year_header(year):
    assert (year.bloc, year.year, year.state, year.review_on) == ("KTD-II", 2017, "open", date(2017, 12, 15))
    assert year.bloc_name == "Khối thi đua II – Sở Khoa học và Công nghệ Cao Bằng"
    assert (year.total_max, year.unit_group) == (1000, "B")
    assert [u.code for u in year.units] == ["CCTDC", "TTUD", "TTTK"]


def test_units_match_the_plugins_that_provide_them(year, host):
    provided = {unit.code: (plugin, unit) for plugin, unit in host.units()}
    for unit in year.units:
        plugin, spec = provided[unit.code]
        assert (unit.plugin, unit.name, unit.short_name) == (plugin, spec.name, spec.short_name)


def test_registrations_reproduce_seed_004(year):
    collective_rows = [r for r in year.registrations if r.collective]
    person_rows = [r for r in year.registrations if r.person]
    assert len(year.collectives) == 14 and len({r.collective for r in collective_rows}) == 14
    assert len(year.people) == 62 and len({r.person for r in person_rows}) == 61
    assert len(person_rows) == 61, "one registration per person"
    titles = Counter(r.title for r in year.registrations)
    assert titles == {"TTLDTT": 14, "TTLDXS": 3, "LDTT": 42, "CSTDCS": 19}
    excellent = {r.collective for r in collective_rows if r.title == "TTLDXS"}
    assert excellent <= {r.collective for r in collective_rows if r.title == "TTLDTT"}


def test_people_and_collectives_are_consistent(year):
    collectives = {c.code: c for c in year.collectives}
    units = {u.code for u in year.units}
    assert all(c.unit in units for c in collectives.values())
    assert len({p.code for p in year.people}) == 62
    assert len({p.full_name for p in year.people}) == 62
    assert len({p.full_name.split()[0] for p in year.people}) >= 12, "varied family names"
    for person in year.people:
        assert collectives[person.collective].unit == person.unit
        assert person.position and person.recruited_on <= year.review_on
    assert all(any(p.collective == code for p in year.people) for code in collectives), "no empty collective"
    facts = {f.person: f for f in year.person_facts}
    assert set(facts) == {p.code for p in year.people}
    assert all(f.task_rating in TASK_RATINGS for f in facts.values())
    assert all(f.discipline in DISCIPLINE_LEVELS + (None,) for f in facts.values())
    assert {f.discipline for f in facts.values()} >= {"khien_trach", "canh_cao"}
    assert Counter(f.task_rating for f in facts.values())["HTT"] > 31
    assert {f.collective for f in year.collective_facts} == set(collectives)


def test_every_signed_criterion_has_one_line_per_unit(year):
    lines = Counter((line.unit, line.criterion) for line in year.lines)
    assert set(lines.values()) == {1}
    for unit in year.units:
        leaves = {spec.code for spec in year.criteria_for(unit.code) if spec.kind != "group"}
        assert {code for u, code in lines if u == unit.code} == leaves
    assert {code for u, code in lines if u == "CCTDC"} >= {"A.1", "TR.5", "CCTDC.1.1"}


def test_line_values_are_within_range(year):
    for unit in year.units:
        specs = {s.code: s for s in year.criteria_for(unit.code)}
        for line in (line for line in year.lines if line.unit == unit.code):
            spec = specs[line.criterion]
            for value in (line.self_value, line.reviewed_value):
                if value is None:
                    continue
                assert value >= 0, line
                if spec.kind == "points":
                    assert value <= spec.max_points, line
                elif spec.kind == "pass_fail":
                    assert value in (0, 1), line
                elif spec.kind in ("bonus", "deduction"):
                    assert value == int(value) and value * spec.per_item <= spec.max_points, line
            assert line.self_value is not None


def test_plan_lines_carry_the_reported_figures(year):
    values = {(line.unit, line.criterion): line.self_value for line in year.lines}
    assert values[("CCTDC", "CCTDC.1.1")] == 88 and values[("CCTDC", "CCTDC.1.2")] == 162
    assert values[("CCTDC", "CCTDC.1.3")] == 250
    assert (values[("TTUD", "TTUD.2.1")], values[("TTUD", "TTUD.2.2")]) == (8069, 8000)
    assert values[("TTTK", "TTTK.2.2")] == 259 and values[("TTTK", "TTTK.1.3")] == 2000


def test_review_states_follow_the_sheet_states(year):
    sheets = {s.unit: s.state for s in year.sheets}
    assert set(sheets) == {u.code for u in year.units}
    assert set(sheets.values()) <= {"submitted", "reviewed"} and set(sheets.values()) <= set(SHEET_STATES)
    for line in year.lines:
        assert line.review_state in LINE_REVIEW_STATES
        if sheets[line.unit] == "reviewed":
            assert line.review_state in ("accepted", "adjusted")
        else:
            assert line.review_state == "pending" and line.reviewed_value is None
        if line.review_state == "adjusted":
            assert line.reviewed_value is not None and line.reason
    assert any(line.review_state == "adjusted" for line in year.lines)
    assert any(line.evidence for line in year.lines)


def test_demo_values_pass_the_plugins_cross_checks(year, host):
    units = {unit.code: unit for _, unit in host.units()}
    for code, unit in units.items():
        scores = {line.criterion: line.value for line in year.lines if line.unit == code}
        assert host.validate_scores(unit, scores) == []


def test_cstdcs_quota_binds_in_a_unit(year):
    """In CCTDC 20 people can hold LDTT (quota 15% -> 3) while 8 CSTDCS registrants have an initiative."""
    facts = {f.person: f for f in year.person_facts}
    registered = {r.person: r.title for r in year.registrations if r.person}
    binding = {}
    for unit in year.units:
        people = [p for p in year.people if p.unit == unit.code]
        eligible = [p for p in people if ldtt_eligible(year, p, facts[p.code], registered)]
        candidates = [p for p in eligible if registered[p.code] == "CSTDCS"
                      and (facts[p.code].initiatives or facts[p.code].research_accepted)]
        quota = int(len(eligible) * 15 // 100)
        binding[unit.code] = (len(eligible), quota, len(candidates))
    assert binding["CCTDC"] == (20, 3, 8)
    assert binding["TTTK"][1] == binding["TTTK"][2], "a unit where the quota is just enough"


def test_recruitment_in_the_year_matters(year):
    registered = {r.person for r in year.registrations if r.person}
    recent = [p for p in year.people if p.recruited_on.year == 2017 and p.code in registered]
    months = sorted(months_before(year.review_on, p.recruited_on) for p in recent)
    assert len(recent) >= 2 and months[0] < 6 <= months[-1] < 10


def test_history_allows_a_provincial_fighter_decision(year):
    facts = {f.person: f for f in year.person_facts}
    cstdcs_2017 = {r.person for r in year.registrations if r.title == "CSTDCS"}
    held = Counter(a.person for a in year.history if a.title == "CSTDCS" and a.year in (2015, 2016))
    three_years = [code for code, years in held.items() if years == 2 and code in cstdcs_2017
                   and facts[code].provincial_initiative]
    assert len(three_years) >= 2
    assert any(a.title == "CO_THI_DUA_TINH" and a.unit for a in year.history)
    codes = {p.code for p in year.people} | {c.code for c in year.collectives} | {u.code for u in year.units}
    assert all((a.person or a.collective or a.unit) in codes for a in year.history)


def test_bonus_line_matches_the_flag_held(year):
    flag_units = {a.unit for a in year.history if a.title == "CO_THI_DUA_TINH"}
    for line in (line for line in year.lines if line.criterion == "TH.1"):
        assert (line.value == 1) == (line.unit in flag_units)


def test_build_is_deterministic(signed, year):
    assert build_demo_year(signed) == year


def test_demo_users_cover_the_secretariat_and_each_unit(year):
    users = demo_users()
    assert len({name for name, _, _ in users}) == len(users)
    assert [u for u in users if u[1] == "secretariat"] == [("thuky", "secretariat", None)]
    heads = {unit: name for name, role, unit in users if role == "unit_head"}
    assert heads == {"CCTDC": "cctdc.truong", "TTUD": "ttud.truong", "TTTK": "tttk.truong"}
    assert {role for _, role, _ in users} <= {"secretariat", "reviewer", "unit_head", "viewer"}
