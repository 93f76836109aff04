"""The suite runs on a PostgreSQL database only if it is empty (then marks it) or already carries its mark.

Each test makes its own throwaway databases on the server at 127.0.0.1:5432 and runs pytest in a
subprocess with TEST_DATABASE_URL pointing at one of them, loading this suite's conftest as a plugin.
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from conftest import MARKER_TABLE
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
TESTS = Path(__file__).resolve().parent
PROBE = '''
from sqlalchemy import create_engine, text


def test_probe(database_url):
    engine = create_engine(database_url)
    with engine.connect() as connection:
        tables = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
    engine.dispose()
    assert "emulation_test_marker" in tables and "alembic_version" in tables


def test_probe_again(database_url):
    test_probe(database_url)
'''


def _server_answers() -> bool:
    engine = create_engine(f"{SERVER}/postgres", connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return True
    except OperationalError:
        return False
    finally:
        engine.dispose()


pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not _server_answers(), reason="no PostgreSQL server at 127.0.0.1:5432")]


def _admin(statement: str) -> None:
    engine = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def _tables(url: str) -> dict[str, int]:
    """Return each table of schema public in the database at `url` with its number of rows."""
    engine = create_engine(url)
    with engine.connect() as connection:
        names = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
        counts = {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in names}
    engine.dispose()
    return counts


@pytest.fixture
def scratch_databases():
    """Return a function creating an empty throwaway database and its URL; all are dropped after the test."""
    prefix = f"emulation_guard_{uuid.uuid4().hex[:8]}"
    made = []

    def create() -> str:
        name = f"{prefix}_{len(made)}"
        made.append(name)
        _admin(f'CREATE DATABASE "{name}"')
        return f"{SERVER}/{name}"

    yield create
    engine = create_engine(f"{SERVER}/postgres")
    with engine.connect() as connection:     # with the xdist workers' databases made next to them
        names = connection.execute(text("SELECT datname FROM pg_database WHERE starts_with(datname, :prefix)"),
                                   {"prefix": prefix}).scalars().all()
    engine.dispose()
    for name in names:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_suite(url: str, tmp_path: Path, *options: str) -> subprocess.CompletedProcess:
    """Run the probe tests with TEST_DATABASE_URL=`url` through this suite's conftest; return the finished process."""
    (tmp_path / "test_probe.py").write_text(PROBE)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_XDIST")}
    env.update(TEST_DATABASE_URL=url, PYTHONPATH=os.pathsep.join([str(TESTS), str(TESTS.parent)]))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest",
                           "--rootdir", str(tmp_path), *options, str(tmp_path / "test_probe.py")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_a_database_holding_other_tables_is_refused_and_left_as_it_was(scratch_databases, tmp_path):
    url = scratch_databases()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE payroll (name text)"))
        connection.execute(text("INSERT INTO payroll VALUES ('Nguyễn Văn A'), ('Trần Thị B')"))
    engine.dispose()

    done = run_suite(url, tmp_path)

    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert url.rsplit("/", 1)[1] in output and "payroll" in output
    assert "make postgres" in output and "TEST_DATABASE_URL" in output
    assert "passed" not in output
    assert _tables(url) == {"payroll": 2}


def test_an_empty_database_is_marked_and_used(scratch_databases, tmp_path):
    url = scratch_databases()

    done = run_suite(url, tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
    assert _tables(url)[MARKER_TABLE] == 1


def test_a_marked_database_is_used_again(scratch_databases, tmp_path):
    url = scratch_databases()
    assert run_suite(url, tmp_path).returncode == 0

    done = run_suite(url, tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    assert _tables(url)[MARKER_TABLE] == 1


def test_a_missing_database_is_created_and_marked(scratch_databases, tmp_path):
    url = scratch_databases()
    _admin(f'DROP DATABASE "{url.rsplit("/", 1)[1]}"')

    done = run_suite(url, tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    assert _tables(url)[MARKER_TABLE] == 1


def test_xdist_workers_use_databases_of_their_own_next_to_the_named_one(scratch_databases, tmp_path):
    url = scratch_databases()

    done = run_suite(url, tmp_path, "-n", "2")

    assert done.returncode == 0, done.stdout + done.stderr
    assert _tables(url) == {MARKER_TABLE: 1}
    for worker in ("gw0", "gw1"):
        assert MARKER_TABLE in _tables(f"{url}_{worker}")


def test_an_unmarked_worker_database_is_refused(scratch_databases, tmp_path):
    url = scratch_databases()
    _admin(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}_gw0"')
    engine = create_engine(f"{url}_gw0")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE ledger (amount int)"))
    engine.dispose()

    done = run_suite(url, tmp_path, "-n", "2")

    assert done.returncode != 0, done.stdout + done.stderr
    assert "ledger" in done.stdout + done.stderr
    assert _tables(f"{url}_gw0") == {"ledger": 0}
