"""Faults: a database restart between requests, and a failure in the middle of a save, which stores nothing."""
import pytest
from sqlalchemy import create_engine, text
from web.conftest import line_versions, set_sheet_state, sheet_form_data

from emulation.extensions import db
from emulation.registrations import service as registrations
from emulation.sheets import service as sheets

from .conftest import BASE, POSTGRES_URL, dump_database, requires_postgres, sheet_url


@requires_postgres
def test_the_app_recovers_when_the_database_drops_every_connection(web_app, sign_in):
    """pool_pre_ping replaces connections PostgreSQL closed (as a restart does) before a request uses them."""
    client = sign_in("thuky")
    assert client.get(f"{BASE}/results").status_code == 200
    killer = create_engine(POSTGRES_URL)
    with killer.begin() as connection:
        killed = connection.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar_one()
    killer.dispose()
    assert killed >= 1
    assert client.get(f"{BASE}/results").status_code == 200
    assert client.get("/healthz").json == {"status": "ok"}


@requires_postgres
def test_a_column_type_changed_by_another_program_fails_one_request_as_try_again(web_app, sign_in):
    """A migration run while the app serves: statements psycopg prepared before it fail once ("cached plan must not
    change result type"); that request answers 503, the database's "try again" page, not a 500, and the pool's
    connections are replaced, so the next ones answer (``storage.transactions``)."""
    client = sign_in("tttk.truong")
    for _ in range(12):             # the signed-in read gets prepared on the pooled connection
        assert client.get("/").status_code == 200
    web_app.testing = False         # as served: with TESTING the database error would reach the test
    other = create_engine(POSTGRES_URL)
    try:
        with other.begin() as connection:
            connection.execute(text("ALTER TABLE users ALTER COLUMN username TYPE varchar(120)"))
        statuses = [client.get("/").status_code for _ in range(4)]
    finally:
        with other.begin() as connection:
            connection.execute(text("ALTER TABLE users ALTER COLUMN username TYPE varchar(80)"))
        other.dispose()
    assert statuses[0] in (200, 503) and statuses[1:] == [200, 200, 200], statuses


def _fail_after(monkeypatch, module, calls: int = 1):
    """Make the audit trail's `record`, as `module` calls it after each change, raise once it has recorded
    `calls` changes, after flushing what the save wrote to the database."""
    name = "record"
    original, count = getattr(module, name), {"n": 0}

    def failing(*args, **kwargs):
        result = original(*args, **kwargs)
        db.session.flush()
        count["n"] += 1
        if count["n"] >= calls:
            raise RuntimeError("a fault in the middle of a save")
        return result
    monkeypatch.setattr(module, name, failing)


@pytest.fixture
def quiet_errors(web_app):
    web_app.config["PROPAGATE_EXCEPTIONS"] = False     # answer 500 as production does
    return web_app


def test_a_failure_in_the_middle_of_a_sheet_save_stores_nothing(quiet_errors, sign_in, monkeypatch):
    set_sheet_state(quiet_errors, "TTTK", "draft")
    client = sign_in("tttk.truong")
    form = sheet_form_data(quiet_errors, "TTTK", {"A.1": "12", "A.3": "11", "D.1": "3"})
    before = dump_database(quiet_errors)
    _fail_after(monkeypatch, sheets, calls=3)       # two lines written and flushed, the third changed, then the fault
    assert client.post(sheet_url("TTTK"), data={**form, "submit": "1"}).status_code == 500
    assert dump_database(quiet_errors) == before
    monkeypatch.undo()
    assert client.post(sheet_url("TTTK"), data={**form, "submit": "1"}).status_code == 302


def test_a_failure_in_the_middle_of_a_registrations_save_stores_nothing(quiet_errors, sign_in, monkeypatch):
    from registrations.test_registrations import _current_form
    client = sign_in("cctdc.truong")
    form = {**_current_form(client, "CCTDC"), "p-title-CCTDC-07": "LDTT", "p-initiatives-CCTDC-02": "4",
            "p-initiatives-CCTDC-05": "2"}
    before = dump_database(quiet_errors)
    _fail_after(monkeypatch, registrations, calls=5)      # people stored and recorded, then the fault
    assert client.post(sheet_url("CCTDC", "registrations"), data=form).status_code == 500
    assert dump_database(quiet_errors) == before


def test_a_failure_in_the_middle_of_a_review_stores_nothing(quiet_errors, sign_in, monkeypatch):
    client = sign_in("danhgia")
    before = dump_database(quiet_errors)
    _fail_after(monkeypatch, sheets, calls=3)       # two lines reviewed and recorded, then the fault
    versions = line_versions(quiet_errors, "TTTK")
    data = {f"action-{code}": "accept" for code in ("A.1", "A.3", "D.1", "D.3")}
    data.update({f"version-{code}": versions[f"version-{code}"] for code in ("A.1", "A.3", "D.1", "D.3")})
    assert client.post(sheet_url("TTTK", "review"), data=data).status_code == 500
    assert dump_database(quiet_errors) == before
