"""Shared fixtures: an app on a fresh database (SQLite by default, PostgreSQL when TEST_DATABASE_URL says so).

The PostgreSQL fixtures drop and truncate everything in the database they are given, so the suite only
uses a database that is empty (it then marks it as its own with the table ``emulation_test_marker``) or
that already carries that mark; it stops at once on any other. It creates the database if it is missing.
Under pytest-xdist each worker uses its own database next to the named one (``<name>_gw0``, …).
"""
from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import create_engine, make_url, text

from emulation import create_app
from emulation.extensions import db

MARKER_TABLE = "emulation_test_marker"
KEEP_TABLES = {"alembic_version", "titles", MARKER_TABLE}
CLAIM_LOCK = 0x656D756C      # advisory lock key: workers claiming the same database do it one at a time


class ForeignDatabase(Exception):
    """The database holds tables and not the suite's mark: it is someone else's."""


def worker_database_url(url: str, worker: str | None) -> str:
    """Return the database URL an xdist `worker` uses instead of `url` (`url` itself outside xdist)."""
    if not url or not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


# Sibling conftests and the tests' subprocesses read TEST_DATABASE_URL: they must all see this worker's database.
NAMED_URL = os.environ.get("TEST_DATABASE_URL", "")
POSTGRES_URL = worker_database_url(NAMED_URL, os.environ.get("PYTEST_XDIST_WORKER"))
if POSTGRES_URL:
    os.environ["TEST_DATABASE_URL"] = POSTGRES_URL


def public_tables(connection) -> list[str]:
    """Return the names of the tables in schema public, sorted."""
    return connection.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).scalars().all()


def mark(connection) -> None:
    """Create the marker table that makes the database the suite's own."""
    connection.execute(text(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (note text)"))
    connection.execute(text(f"INSERT INTO {MARKER_TABLE} VALUES ('made by the emulation test suite; "
                            "its fixtures drop and truncate every table here')"))


def claim_database(url: str) -> None:
    """Mark the PostgreSQL database at `url` as the suite's when empty; raise ForeignDatabase when it is not ours."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK})
            tables = public_tables(connection)
            if MARKER_TABLE in tables:
                return
            if tables:
                raise ForeignDatabase(refusal(url, tables))
            mark(connection)
    finally:
        engine.dispose()


def refusal(url: str, tables: list[str]) -> str:
    """Explain why the suite will not run on the database at `url`, holding `tables`, and what to do."""
    name = make_url(url).database
    shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
    return (f"Refusing to run the tests on the PostgreSQL database '{name}' ({make_url(url).render_as_string()}): "
            f"it holds {len(tables)} table(s) ({shown}) and no table {MARKER_TABLE}, so this suite did not "
            "create it, and its fixtures would drop every table in it. Point TEST_DATABASE_URL at an empty "
            "database, such as the one `make postgres` creates: "
            "TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/emulation_test")


def create_database_if_missing(url: str) -> None:
    """Create the database of `url` on its server unless it exists."""
    name = make_url(url).database
    if '"' in name:
        raise ForeignDatabase(f"Refusing to create a test database with a quote in its name: {name!r}")
    engine = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": name}).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()


def planned_worker_urls(config) -> list[str]:
    """Return the databases of the xdist workers this run starts (gw0, gw1, …), none without xdist."""
    count = getattr(config.option, "numprocesses", None)
    if not isinstance(count, int) or getattr(config.option, "dist", "no") == "no":
        return []
    return [worker_database_url(NAMED_URL, f"gw{index}") for index in range(count)]


def take_database(url: str) -> None:
    """Create the database at `url` if it is missing, then claim it (see claim_database)."""
    create_database_if_missing(url)
    claim_database(url)


def pytest_sessionstart(session):
    """Stop the run before any test when TEST_DATABASE_URL (or a worker's database) is not the suite's own."""
    if not NAMED_URL or os.environ.get("PYTEST_XDIST_WORKER"):
        return      # a worker takes its own database in database_template; the controller checked it first
    try:
        for url in [NAMED_URL, *planned_worker_urls(session.config)]:
            take_database(url)
    except ForeignDatabase as exc:
        pytest.exit(str(exc), returncode=pytest.ExitCode.USAGE_ERROR)


def _config(url: str, instance_path) -> dict:
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-only-secret",
              "WTF_CSRF_ENABLED": False}
    if instance_path is not None:
        config["EMULATION_IMPORT_DIR"] = str(instance_path / "imports")     # uploads awaiting confirmation
        config["EMULATION_EVIDENCE_DIR"] = str(instance_path / "evidence")
        config["EMULATION_PDF_CACHE_DIR"] = str(instance_path / "pdf-cache")
    return config


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Migrate one database per test session; tests then start from a copy (SQLite) or a truncation (PostgreSQL)."""
    if POSTGRES_URL:
        try:
            take_database(POSTGRES_URL)     # again: a worker replacing a crashed one has a database of a new name
        except ForeignDatabase as exc:
            pytest.fail(str(exc), pytrace=False)
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
            mark(connection)
        engine.dispose()
        create_app(_config(POSTGRES_URL, None))
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    create_app(_config(f"sqlite:///{path}", None))
    return path


@pytest.fixture
def database_url(database_template, tmp_path):
    """A database URL at the newest schema, with the title catalogue and nothing else."""
    if POSTGRES_URL:
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            tables = connection.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
            wipe = [f'"{t}"' for t in tables if t not in KEEP_TABLES]
            if wipe:
                connection.execute(text(f"TRUNCATE {', '.join(wipe)} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return POSTGRES_URL
    copy = tmp_path / "test.sqlite"
    shutil.copy(database_template, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def make_app(database_url, tmp_path):
    """Return a factory of apps on the test database; extra config goes in as keyword arguments."""
    apps = []

    def factory(**config):
        app = create_app({**_config(database_url, tmp_path), **config})
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """An app on a fresh database."""
    return make_app()


@pytest.fixture
def runner(app):
    """A CLI runner for `app`."""
    return app.test_cli_runner()


@pytest.fixture
def client(app):
    """A test client for `app`."""
    return app.test_client()


@pytest.fixture
def demo_app(app):
    """An app whose database holds the demo bloc."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app
