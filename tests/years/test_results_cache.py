"""The results cache: the same results as computing them, shared by every app, never stale after any write.

Entries are keyed by the engine's source, the rule data and the data version (``storage.data_version``),
which the commit of every write to an input table moves. Staleness is impossible if (1) a write to
any table of the schema but the listed non-inputs moves the version, whatever the path, (2) a
transaction that wrote reads no entry, and (3) the services that write a year give fresh results.
The tests below check each, and that a hit neither reads the year nor scores the bloc.
"""
import dataclasses
import json
import os
import shutil
import time
from pathlib import Path
from datetime import date

import pytest
from sqlalchemy import func, select, text, update

from emulation.engine.results import compute_results
from emulation.extensions import db
from emulation.models import Person, PersonFact, ResultCacheEntry, Unit
from emulation.people.service import record_leave
from emulation.sheets.service import Review, review_sheet
from emulation.storage import results_cache
from emulation.storage.audit import Actor
from emulation.storage.database import find_year, hold_year, read_year
from emulation.storage import data_version
from emulation.storage.results_cache import WHOLE_YEAR, state_key
from emulation.years import results as results_service
from emulation.years import results_views
from emulation.years.results import live_results, year_results, year_settings

BLOC, YEAR = "KTD-II", 2017
CLI = Actor("cli")


def _key() -> int:
    return data_version.current(db.session.connection())


def _computed() -> dict:
    """The results computed without the cache, as JSON gives them back."""
    data = read_year(BLOC, YEAR)
    return json.loads(json.dumps(compute_results(data, *year_settings(data)), ensure_ascii=False))


def _no_compute(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("computed although the cache holds the results")
    monkeypatch.setattr(results_service, "compute_results", refuse)


def _entries() -> int:
    """The entries kept: each is its head row and the rows of the lists kept apart, all under one key."""
    return db.session.execute(select(func.count(ResultCacheEntry.state_key.distinct()))).scalar_one()


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


def _version() -> int:
    return data_version.current(db.session.connection())


def test_a_hit_reads_no_year_and_a_results_page_on_a_hit_scores_nothing(web_app, sign_in, monkeypatch):
    client = sign_in("thuky")
    assert client.get(f"/blocs/{BLOC}/years/{YEAR}/results").status_code == 200

    def refuse(*args, **kwargs):
        raise AssertionError("read or scored on a cache hit")
    monkeypatch.setattr(results_service, "read_year", refuse)
    monkeypatch.setattr(results_service, "explanations", refuse)
    monkeypatch.setattr(results_service, "compute_results", refuse)
    monkeypatch.setattr(results_views, "read_year", refuse)
    page = client.get(f"/blocs/{BLOC}/years/{YEAR}/results")
    assert page.status_code == 200 and "762,16" in page.text


def test_the_rule_data_and_engine_code_enter_the_key(demo_app, monkeypatch):
    with demo_app.app_context():
        data = read_year(BLOC, YEAR)
        rule_set, ranking, catalogue, council = year_settings(data)
    key = state_key((rule_set, ranking, catalogue, council), 7)
    other_rules = dataclasses.replace(rule_set, code=rule_set.code + "x")
    assert state_key((other_rules, ranking, catalogue, council), 7) != key
    assert state_key((rule_set, ranking, catalogue, council), 8) != key
    monkeypatch.setattr(results_cache, "code_version", lambda: "an engine edited since")
    assert state_key((rule_set, ranking, catalogue, council), 7) != key


def test_a_rule_file_edited_on_disk_is_a_miss(make_app, tmp_path, monkeypatch):
    criteria = tmp_path / "criteria"
    shutil.copytree(Path(__file__).resolve().parents[2] / "criteria", criteria)
    app = make_app(EMULATION_CRITERIA_DIR=criteria)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        live_results(BLOC, YEAR)
        ranking = criteria / "ranking.toml"
        ranking.write_text(ranking.read_text(encoding="utf-8").replace(
            'tie_breaks = ["deductions", "core", "code"]', 'tie_breaks = ["code"]'), encoding="utf-8")
        os.utime(ranking, ns=(time.time_ns() + 10 ** 9,) * 2)       # a new mtime even on a coarse clock
        calls = []
        original = results_service.compute_results
        monkeypatch.setattr(results_service, "compute_results", lambda *a: calls.append(1) or original(*a))
        after = live_results(BLOC, YEAR)
        assert calls and {k: v for k, v in after.items() if k != "rewards"} == _computed()


@pytest.mark.parametrize("table", sorted(db.metadata.tables))
def test_a_write_to_any_table_moves_the_version_unless_it_is_no_input(demo_app, table):
    """Every table of the schema, even one added later: an UPDATE of each row to itself through raw SQL (a DELETE of
    no row where there is no other column, or the table refuses updates)."""
    with demo_app.app_context():
        before = _version()
        column = next((c.name for c in db.metadata.tables[table].columns if not c.primary_key), None)
        db.session.execute(text(f'UPDATE "{table}" SET "{column}" = "{column}"' if column and table != "audit_events"
                                else f'DELETE FROM "{table}" WHERE 1 = 0'))
        db.session.commit()
        assert (_version() != before) == (table not in data_version.NOT_INPUTS)


@pytest.mark.parametrize("how", ["orm", "core", "driver", "engine"])
def test_every_kind_of_statement_moves_the_version_and_a_rollback_does_not(demo_app, how):
    with demo_app.app_context():
        statement = "UPDATE person_facts SET initiatives = initiatives + 1"
        before = _version()
        connection = db.session.connection() if how != "engine" else db.engine.connect()
        if how == "orm":
            db.session.execute(select(PersonFact).limit(1)).scalar_one().initiatives += 1
            db.session.flush()
        elif how == "core":
            db.session.execute(update(PersonFact).values(initiatives=PersonFact.initiatives + 1))
        else:
            connection.exec_driver_sql(statement)
        if how == "engine":
            connection.rollback()
            connection.close()
        else:
            db.session.rollback()
        assert _version() == before
        if how == "engine":
            with db.engine.begin() as connection:
                connection.exec_driver_sql(statement)
        else:
            db.session.execute(text(statement))
            db.session.commit()
        assert _version() != before


def test_a_write_in_the_transaction_is_seen_and_not_cached(demo_app):
    with demo_app.app_context():
        cached = live_results(BLOC, YEAR)
        db.session.execute(text(TABLE_WRITES["score_lines"]))
        inside = live_results(BLOC, YEAR)
        assert {k: v for k, v in inside.items() if k != "rewards"} == _computed()
        assert inside != cached
        db.session.rollback()
        assert live_results(BLOC, YEAR) == cached


def test_a_version_read_first_serves_until_its_transaction_ends(demo_app):
    """The signed-in user's read also reads the data version (``data_version.remember``): the caches key by it, read
    before their data, and never past the transaction that read it (a commit may have moved the version since)."""
    with demo_app.app_context():
        before = _version()
        data_version.remember(db.session, before)
        db.session.execute(text(TABLE_WRITES["units"]))
        assert data_version.cache_version(db.session) is None       # written in the transaction: no cache at all
        db.session.commit()
        assert _version() != before
        assert data_version.cache_version(db.session) == _version()     # not the version remembered before
        data_version.remember(db.session, before)
        db.session.rollback()
        assert data_version.cache_version(db.session) == _version()


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
        head = select(ResultCacheEntry.results).where(ResultCacheEntry.scope == WHOLE_YEAR)
        assert json.loads(db.session.execute(head).scalar_one())["value"]["results"]["units"]


def test_an_unreadable_part_is_a_miss_for_every_reader(demo_app, sign_in):
    """A chunk of the people that cannot be read: the whole results and the results page compute them again."""
    with demo_app.app_context():
        expected = live_results(BLOC, YEAR)
        db.session.execute(text("UPDATE result_cache SET results = '[{not json' WHERE scope LIKE 'results.individuals#%'"))
        db.session.commit()
        assert live_results(BLOC, YEAR) == expected
        db.session.execute(text("UPDATE result_cache SET results = '[{not json' WHERE scope LIKE 'results.individuals#%'"))
        db.session.commit()
    page = sign_in("thuky").get(f"/blocs/{BLOC}/years/{YEAR}/results?per_page=100")
    assert page.status_code == 200
    assert all(f'data-code="{person["code"]}"' in page.text for person in expected["individuals"])


def test_one_entry_per_bloc_year(demo_app):
    with demo_app.app_context():
        live_results(BLOC, YEAR)
        db.session.execute(text(TABLE_WRITES["person_facts"]))
        db.session.commit()
        live_results(BLOC, YEAR)
        rows = db.session.execute(select(ResultCacheEntry.scope, ResultCacheEntry.state_key)).all()
        assert len({row.state_key for row in rows}) == 1
        assert [row.scope for row in rows].count(WHOLE_YEAR) == 1


def test_a_store_while_the_year_is_held_for_writing_gives_up_without_waiting(demo_app):
    with demo_app.app_context():
        year = find_year(BLOC, YEAR)
        hold_year(year, exclusive=True)
        db.session.execute(text(TABLE_WRITES["person_facts"]))
        results = live_results(BLOC, YEAR)        # would wait forever on SQLite if the store waited
        assert {k: v for k, v in results.items() if k != "rewards"} == _computed()
        db.session.rollback()


def test_a_write_marked_as_changing_nothing_keeps_the_version(demo_app):
    """SQLite's hold of a year (an update to the same value) is one: a save that changes nothing moves nothing."""
    from emulation.models import EmulationYear
    table = EmulationYear.__table__
    with demo_app.app_context():
        before = data_version.current(db.session.connection())
        db.session.execute(update(table).values(state=table.c.state)
                           .execution_options(**data_version.CHANGES_NOTHING))
        db.session.commit()
        assert data_version.current(db.session.connection()) == before
        db.session.execute(update(table).values(state=table.c.state))
        db.session.commit()
        assert data_version.current(db.session.connection()) != before


def test_a_page_never_mixes_the_index_of_one_store_with_the_rows_of_another(demo_app):
    """Two workers may keep different results under one key (an entry may hold data newer than its number): a page
    that read the head and index of one store must not take its rows from the other."""
    from werkzeug.datastructures import MultiDict

    from emulation.models import ResultCacheEntry as Row
    from emulation.storage.database import read_decisions
    from emulation.years.results import PARTS, live_entry
    from emulation.years.results_listing import ResultLists, results_pages
    with demo_app.app_context():
        whole = live_results(BLOC, YEAR)
        key = db.session.execute(select(Row.state_key).limit(1)).scalar_one()
        entry = live_entry(BLOC, YEAR)                                  # head and index read
        newer = {"results": dict(whole), "explained": entry.head["explained"]}
        newer["results"]["individuals"] = whole["individuals"][1:]     # kept under the same key meanwhile
        results_cache._store(results_cache._Where(BLOC, YEAR, WHOLE_YEAR, key), results_cache._split(newer, PARTS))
        wanted = whole["individuals"][0]
        with pytest.raises(results_cache.EntryGone):
            results_pages(ResultLists.of_entry(entry), read_decisions(find_year(BLOC, YEAR)),
                          MultiDict({"q": wanted["code"]}))


def test_another_chunk_size_is_another_key(monkeypatch):
    """The chunk size is the rows' layout: entries kept with another size are never read as this one's."""
    before = results_cache.code_version()
    monkeypatch.setattr(results_cache, "CHUNK", results_cache.CHUNK + 1)
    results_cache.code_version.cache_clear()
    try:
        assert results_cache.code_version() != before
    finally:
        monkeypatch.undo()
        results_cache.code_version.cache_clear()
    assert results_cache.code_version() == before
