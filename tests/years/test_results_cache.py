"""The results cache: the same results as computing them, shared by every app, never stale after any write.

The cache key is a hash of the engine's source, the rule data and the whole year as read
(``storage.results_cache``), so staleness is impossible by construction if (1) every field of the
year enters the key, (2) every table the year is read from moves it when written, whatever the
path, and (3) the services that write a year move it. The tests below check each.
"""
import dataclasses
import json
from datetime import date

import pytest
from sqlalchemy import func, select, text

from emulation.engine.results import compute_results
from emulation.engine.yeardata import YearData
from emulation.extensions import db
from emulation.models import Person, ResultCacheEntry, Unit
from emulation.people.service import record_leave
from emulation.sheets.service import Review, review_sheet
from emulation.storage import results_cache
from emulation.storage.audit import Actor
from emulation.storage.database import find_year, hold_year, read_year
from emulation.storage.results_cache import scope, state_key
from emulation.years import results as results_service
from emulation.years.results import live_results, year_results, year_settings

BLOC, YEAR = "KTD-II", 2017
CLI = Actor("cli")


def _key() -> str:
    data = read_year(BLOC, YEAR)
    return state_key(data, year_settings(data))


def _computed() -> dict:
    """The results computed without the cache, as JSON gives them back."""
    data = read_year(BLOC, YEAR)
    return json.loads(json.dumps(compute_results(data, *year_settings(data)), ensure_ascii=False))


def _no_compute(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("computed although the cache holds the results")
    monkeypatch.setattr(results_service, "compute_results", refuse)


def _entries() -> int:
    return db.session.execute(select(func.count()).select_from(ResultCacheEntry)).scalar_one()


def test_cached_results_are_the_computed_ones_and_the_second_call_computes_nothing(demo_app, monkeypatch):
    with demo_app.app_context():
        first = live_results(BLOC, YEAR)
        assert _entries() == 1
        expected = _computed()
        assert {k: v for k, v in first.items() if k != "rewards"} == expected
        _no_compute(monkeypatch)
        again = live_results(BLOC, YEAR)
        assert again == first
        assert [(u["code"], u["total"], u["rank"]) for u in again["units"]] == [
            (u["code"], u["total"], u["rank"]) for u in expected["units"]]


def test_another_app_on_the_same_database_reads_the_entry(demo_app, make_app, monkeypatch):
    with demo_app.app_context():
        stored = year_results(BLOC, YEAR)
    other = make_app()
    _no_compute(monkeypatch)
    with other.app_context():
        assert year_results(BLOC, YEAR) == stored


def test_a_read_only_request_keeps_its_entry(web_app, sign_in, monkeypatch):
    client = sign_in("thuky")
    assert client.get(f"/blocs/{BLOC}/years/{YEAR}/results").status_code == 200
    with web_app.app_context():
        assert _entries() == 1
    _no_compute(monkeypatch)
    page = client.get(f"/blocs/{BLOC}/years/{YEAR}/results")
    assert page.status_code == 200 and "762,16" in page.text


def test_every_field_of_the_year_enters_the_key(demo_app):
    with demo_app.app_context():
        data = read_year(BLOC, YEAR)
        settings = year_settings(data)
    key = state_key(data, settings)
    for field in dataclasses.fields(YearData):
        value = getattr(data, field.name)
        changed = (value + [value[0]] if isinstance(value, list) and value else
                   [None] if isinstance(value, list) else
                   (not value) if isinstance(value, bool) else
                   value + 1 if isinstance(value, (int, float)) else
                   date(2017, 12, 1) if field.name == "review_on" else f"{value}x")
        assert state_key(dataclasses.replace(data, **{field.name: changed}), settings) != key, field.name


def test_rule_data_and_engine_code_enter_the_key(demo_app, monkeypatch):
    with demo_app.app_context():
        data = read_year(BLOC, YEAR)
        rule_set, ranking, catalogue, council = year_settings(data)
    key = state_key(data, (rule_set, ranking, catalogue, council))
    other_rules = dataclasses.replace(rule_set, code=rule_set.code + "x")
    assert state_key(data, (other_rules, ranking, catalogue, council)) != key
    monkeypatch.setattr(results_cache, "code_version", lambda: "an engine edited since")
    assert state_key(data, (rule_set, ranking, catalogue, council)) != key


# Every table the year is read from, changed by hand: whatever path writes it, the next read moves the key.
FIRST = "WHERE id = (SELECT MIN(id) FROM {})"
TABLE_WRITES = {
    "score_lines": "UPDATE score_lines SET self_value = COALESCE(self_value, 0) + 1 " + FIRST.format("score_lines"),
    "score_lines (evidence)": "UPDATE score_lines SET evidence = evidence || ' x' " + FIRST.format("score_lines"),
    "score_sheets": "UPDATE score_sheets SET state = CASE WHEN state = 'draft' THEN 'submitted' ELSE 'draft' END "
                    + FIRST.format("score_sheets"),
    "signed_criteria": "UPDATE signed_criteria SET position = position + 100 " + FIRST.format("signed_criteria"),
    "person_facts": "UPDATE person_facts SET initiatives = initiatives + 1 " + FIRST.format("person_facts"),
    "collective_facts": "UPDATE collective_facts SET plan_completed = NOT plan_completed "
                        + FIRST.format("collective_facts"),
    "registrations": "DELETE FROM registrations " + FIRST.format("registrations"),
    "people": "UPDATE people SET full_name = full_name || ' x' " + FIRST.format("people"),
    "collectives": "UPDATE collectives SET name = name || ' x' " + FIRST.format("collectives"),
    "units": "UPDATE units SET name = name || ' x' " + FIRST.format("units"),
    "awards": "DELETE FROM awards " + FIRST.format("awards"),
    "emulation_years": "UPDATE emulation_years SET review_on = '2017-12-20'",
    "leave_periods": "INSERT INTO leave_periods (person_id, kind, starts_on, note, version) "
                     "SELECT MIN(id), 'maternity', '2017-03-01', '', 1 FROM people",
}


@pytest.mark.parametrize("table", TABLE_WRITES)
def test_a_write_to_any_table_of_the_year_moves_the_key(demo_app, table):
    with demo_app.app_context():
        live_results(BLOC, YEAR)
        before = _key()
        assert db.session.execute(text(TABLE_WRITES[table])).rowcount == 1
        db.session.commit()
        assert _key() != before


def _review_a_line():
    year = find_year(BLOC, YEAR)
    unit = db.session.execute(select(Unit).where(Unit.code == "TTTK")).scalar_one()
    line = next(line for line in read_year(BLOC, YEAR).lines if line.unit == "TTTK" and line.self_value is not None)
    version = db.session.execute(text(
        "SELECT l.version FROM score_lines l JOIN score_sheets s ON s.id = l.sheet_id "
        "JOIN signed_criteria c ON c.id = l.criterion_id JOIN units u ON u.id = s.unit_id "
        "WHERE u.code = 'TTTK' AND c.code = :code"), {"code": line.criterion}).scalar_one()
    review_sheet(year, unit, {line.criterion: Review("adjust", 0, "no evidence", version=version)}, actor=CLI)


def _record_leave():
    person = db.session.execute(select(Person).order_by(Person.code).limit(1)).scalar_one()
    record_leave(person, "unpaid", date(2017, 2, 1), date(2017, 8, 31), "", actor=CLI)


def _reload_year(app):
    dump = app.test_cli_runner().invoke(args=["dump", "--bloc", BLOC, "--year", str(YEAR)])
    document = json.loads(dump.output)
    document["person_facts"][0]["initiatives"] += 1
    path = app.instance_path + "/reloaded.json"
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False)
    loaded = app.test_cli_runner().invoke(args=["load", path, "--replace"])
    assert loaded.exit_code == 0, loaded.output


@pytest.mark.parametrize("write", [_review_a_line, _record_leave, _reload_year], ids=["review", "leave", "load"])
def test_the_services_that_write_a_year_give_fresh_results(demo_app, write):
    with demo_app.app_context():
        cached = live_results(BLOC, YEAR)
        before = _key()
    with demo_app.app_context():
        write(demo_app) if write is _reload_year else write()
        db.session.commit()
    with demo_app.app_context():
        assert _key() != before
        fresh = live_results(BLOC, YEAR)
        assert {k: v for k, v in fresh.items() if k != "rewards"} == _computed()
    if write is _review_a_line:
        assert [u["total"] for u in fresh["units"]] != [u["total"] for u in cached["units"]]


def test_an_unreadable_entry_is_a_miss_and_is_replaced(demo_app):
    with demo_app.app_context():
        expected = live_results(BLOC, YEAR)
        db.session.execute(text("UPDATE result_cache SET results = '{not json'"))
        db.session.commit()
        assert live_results(BLOC, YEAR) == expected
        assert json.loads(db.session.execute(select(ResultCacheEntry.results)).scalar_one())["units"]


def test_one_entry_per_bloc_year_and_scope(demo_app):
    with demo_app.app_context():
        live_results(BLOC, YEAR)
        db.session.execute(text(TABLE_WRITES["person_facts"]))
        db.session.commit()
        live_results(BLOC, YEAR)
        rows = db.session.execute(select(ResultCacheEntry.scope, ResultCacheEntry.state_key)).all()
        assert len(rows) == 1 and rows[0].state_key == _key() and rows[0].scope == scope(read_year(BLOC, YEAR))


def test_a_store_while_the_year_is_held_for_writing_gives_up_without_waiting(demo_app):
    with demo_app.app_context():
        year = find_year(BLOC, YEAR)
        hold_year(year, exclusive=True)
        db.session.execute(text(TABLE_WRITES["person_facts"]))
        results = live_results(BLOC, YEAR)        # would wait forever on SQLite if the store waited
        assert {k: v for k, v in results.items() if k != "rewards"} == _computed()
        db.session.rollback()
