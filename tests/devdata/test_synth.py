"""The synthetic ministry year: sizes as asked, complete score sheets, and the shared results on one bloc."""
import json
from collections import Counter

from sqlalchemy import func, select

from emulation.devdata.synth import SynthPlan
from emulation.engine.yeardata import LINE_REVIEW_STATES, SHEET_STATES
from emulation.extensions import db
from emulation.models import (Bloc, Collective, EmulationYear, Person, PersonFact, Registration, ScoreLine, ScoreSheet,
                              SignedCriterion, Unit)
from emulation.storage.database import read_year
from emulation.text import fold

ARGS = ["synth", "--units", "6", "--people", "120", "--blocs", "2", "--year", "2025"]


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_synth_fills_the_sizes_asked(runner, app):
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    assert "score lines" in result.output
    with app.app_context():
        assert _count(Bloc) == 2 and _count(Unit) == 6 and _count(Person) == 120
        assert _count(Collective) == 30 and _count(EmulationYear) == 2
        assert _count(PersonFact) == 120
        # most people register LDTT, about 30% CSTDCS; every collective registers TTLDTT
        titles = Counter(db.session.execute(select(Registration.title_code)).scalars())
        assert titles["TTLDTT"] == 30 and titles["LDTT"] > titles["CSTDCS"] > 10
        unit_criteria = db.session.execute(select(func.count()).where(SignedCriterion.unit_id.is_not(None)))
        assert unit_criteria.scalar_one() == 6 * 12


def test_every_unit_has_a_line_for_each_of_its_criteria(runner, app):
    assert runner.invoke(args=ARGS).exit_code == 0
    with app.app_context():
        years = [read_year(code, 2025) for code in SynthPlan(6, 120, 2).bloc_codes()]
        states, review = Counter(), Counter()
        for year in years:
            lines = {(line.unit, line.criterion) for line in year.lines}
            assert len(lines) == len(year.lines)
            for unit in year.units:
                leaves = {s.code for s in year.criteria_for(unit.code) if s.kind != "group"}
                assert {c for u, c in lines if u == unit.code} == leaves
                own = [c.spec for c in year.criteria if c.unit == unit.code]
                assert sum(s.max_points for s in own) == 500 and all(s.parent == year.unit_group for s in own)
            states.update(s.state for s in year.sheets)
            review.update(line.review_state for line in year.lines)
        assert sum(states.values()) == 6 and set(states) <= set(SHEET_STATES)
        assert set(review) <= set(LINE_REVIEW_STATES) and review["pending"] and review["accepted"]
        assert db.session.execute(select(func.count()).select_from(ScoreSheet)).scalar_one() == 6
        adjusted = db.session.execute(select(ScoreLine).where(ScoreLine.review_state == "adjusted")).scalars().all()
        assert all(line.reason for line in adjusted)


def test_results_work_on_a_synthetic_bloc(runner):
    assert runner.invoke(args=ARGS).exit_code == 0
    result = runner.invoke(args=["results", "--bloc", "SB01", "--year", "2025", "--format", "json"])
    assert result.exit_code == 0, result.output
    computed = json.loads(result.output)
    assert computed["rule_set"]["code"] == "C"          # reviewed 15/12/2025: Decree 152/2025 in force
    assert [u["rank"] for u in computed["units"]][0] == 1
    assert all(0 < u["total"] <= u["max"] == 1000 for u in computed["units"])
    assert computed["individuals"] and computed["collectives"]


def test_synth_is_deterministic_and_refuses_an_existing_year(runner, app):
    assert runner.invoke(args=ARGS).exit_code == 0
    with app.app_context():
        first = [p.full_name for p in db.session.execute(select(Person).order_by(Person.code)).scalars()]
    again = runner.invoke(args=ARGS)
    assert again.exit_code != 0
    assert "đã có năm thi đua 2025" in again.output
    with app.app_context():
        assert _count(Person) == 120 and _count(EmulationYear) == 2
    other_year = runner.invoke(args=[*ARGS[:-1], "2026"])
    assert other_year.exit_code == 0, other_year.output
    with app.app_context():
        assert _count(Person) == 120 and _count(EmulationYear) == 4
        assert [p.full_name for p in db.session.execute(select(Person).order_by(Person.code)).scalars()] == first


def test_synthetic_people_are_found_by_name(runner, app):
    from emulation.people.search import SearchQuery, search_people

    assert runner.invoke(args=ARGS).exit_code == 0
    with app.app_context():
        person = db.session.execute(select(Person).order_by(Person.code).limit(1)).scalar_one()
        surname, *_, given = person.full_name.split()
        typed = f"{fold(given)[:3]} {fold(surname).upper()}"          # the start of a word, no diacritics, any case
        found = search_people(SearchQuery(text=typed, bloc=person.unit.bloc.code))
        assert person.code in [row["code"] for row in found.rows]
        assert person.name_key == fold(person.full_name)
