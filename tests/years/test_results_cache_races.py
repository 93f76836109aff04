"""The results cache never keeps results of data read before its version: a caller that read the year itself (a
profile, a document, publishing) gets results computed from it, and no entry of them is kept or served."""
import json

from sqlalchemy import select, text

from emulation.engine.results import compute_results
from emulation.extensions import db
from emulation.models import ResultCacheEntry
from emulation.storage.database import read_unit_year
from emulation.years.results import live_results, year_settings

BLOC, YEAR, UNIT = "KTD-II", 2017, "TTTK"
RENAME = ("UPDATE people SET full_name = full_name || ' (renamed)' "
          "WHERE unit_id = (SELECT id FROM units WHERE code = 'TTTK')")


def test_results_of_data_read_before_a_concurrent_commit_are_not_kept_under_the_newer_version(demo_app):
    """A profile (people/profiles._unit_results) reads the unit's year, then calls live_results with it: the
    data version is read only inside live_results, after the data. A write another worker commits in between
    makes the old data be kept under the new version, and every later reader is served it."""
    with demo_app.app_context():
        data = read_unit_year(BLOC, YEAR, UNIT)          # request A (a profile page) reads the unit's year
        with db.engine.begin() as other:                 # worker B commits a rename meanwhile
            other.exec_driver_sql(RENAME)
        live_results(BLOC, YEAR, data)                   # A: version read now (B's), computed from the old data
        db.session.rollback()
    with demo_app.app_context():                         # any later request
        fresh = read_unit_year(BLOC, YEAR, UNIT)
        assert any("(renamed)" in p.full_name for p in fresh.people)
        served = live_results(BLOC, YEAR, fresh)
        expected = json.loads(json.dumps(compute_results(fresh, *year_settings(fresh)), ensure_ascii=False))
        assert served["individuals"] == expected["individuals"], "stale names served from the cache"


def _one_unit_year_with_a_vote_against(title_holder: str = "TTTK-01"):
    """Leave TTTK the year's only unit (the others' sheets removed) and record a council vote against a title
    TTTK-01 would be awarded: the whole year's data (read_year) holds the vote, a unit's (read_unit_year) not."""
    execute = db.session.execute
    execute(text("DELETE FROM score_sheets WHERE unit_id IN (SELECT id FROM units WHERE code <> 'TTTK')"))
    execute(text("UPDATE units SET plugin = '' WHERE code <> 'TTTK'"))     # no longer in the year (_in_year)
    db.session.commit()
    data = read_unit_year(BLOC, YEAR, UNIT)
    results = compute_results(data, *year_settings(data))
    person = next(p for p in results["individuals"] if p["code"] == title_holder)
    title = next(d["title"] for d in person["decisions"] if d["decision"] == "awarded")
    year_id = execute(text("SELECT id FROM emulation_years")).scalar_one()
    unit_id = execute(text("SELECT id FROM units WHERE code = 'TTTK'")).scalar_one()
    person_id = execute(text("SELECT id FROM people WHERE code = :c"), {"c": title_holder}).scalar_one()
    execute(text("INSERT INTO council_sessions (year_id, unit_id, held_on, place, version) "
                 "VALUES (:y, :u, '2017-12-20', '', 1)"), {"y": year_id, "u": unit_id})
    session_id = execute(text("SELECT id FROM council_sessions")).scalar_one()
    for position in range(3):
        execute(text("INSERT INTO council_members (session_id, position, name, role, present) "
                     "VALUES (:s, :p, :n, '', true)"), {"s": session_id, "p": position, "n": f"M{position}"})
    execute(text("INSERT INTO council_ballots (session_id, title_code, person_id, votes_for, votes_against, "
                 "votes_blank) VALUES (:s, :t, :p, 0, 3, 0)"), {"s": session_id, "t": title, "p": person_id})
    db.session.commit()
    return title


def test_a_profile_entry_is_not_served_as_the_results_of_a_year_with_one_unit(demo_app):
    """people/profiles._unit_results keys its entry by scope([unit]); the results page by scope(year_units), the
    same list when the year has one unit. The profile's data (read_unit_year) has no council votes, so the
    results page then shows a title the council voted down as awarded."""
    from emulation.storage.database import read_year
    from emulation.years.results import live_page
    with demo_app.app_context():
        title = _one_unit_year_with_a_vote_against()
        whole = read_year(BLOC, YEAR)
        expected = json.loads(json.dumps(compute_results(whole, *year_settings(whole)), ensure_ascii=False))
        voted = next(p for p in expected["individuals"] if p["code"] == "TTTK-01")
        assert next(d for d in voted["decisions"] if d["title"] == title)["decision"] != "awarded"
    with demo_app.app_context():     # a person's profile page, first after the vote was saved
        live_results(BLOC, YEAR, read_unit_year(BLOC, YEAR, UNIT))
    with demo_app.app_context():     # the year's results page
        results, _ = live_page(BLOC, YEAR)
        shown = next(p for p in results["individuals"] if p["code"] == "TTTK-01")
        assert shown["decisions"] == voted["decisions"], "the profile's entry (no council votes) was served"


def test_the_results_page_is_not_served_results_a_document_computed_from_data_read_before_a_commit(demo_app):
    """documents/sources.load_sources (and years/publishing.take_snapshot, drift) read the whole year, then call
    year_results / live_results with it: an entry of the whole year's scope, kept under the version read after
    the data. A commit by another worker in between leaves the results page, API and CLI stale."""
    from emulation.storage.database import read_year
    from emulation.years.results import live_page, year_results
    with demo_app.app_context():
        data = read_year(BLOC, YEAR)                     # request A: a document of the year (load_sources)
        with db.engine.begin() as other:                 # worker B commits a rename meanwhile
            other.exec_driver_sql(RENAME)
        year_results(BLOC, YEAR, data)
        db.session.rollback()
    with demo_app.app_context():                         # the results page, any time until the next write
        results, _ = live_page(BLOC, YEAR)
        names = [p["name"] for p in results["individuals"] if p["unit"] == UNIT]
        assert names and all("(renamed)" in name for name in names), "the results page shows the old names"
