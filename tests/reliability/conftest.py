"""Reliability fixtures: the web fixtures, a whole-database dump to compare, and app servers on local ports."""
from __future__ import annotations

import multiprocessing
import os
import socket
import time
import urllib.request

import pytest
from sqlalchemy import select
from web.conftest import BASE, BLOC, PASSWORD, YEAR, sheet_url, sign_in, web_app  # noqa: F401  (fixtures)

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
requires_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)")
# Rows that change on any request, whatever it is allowed to do (failed sign-ins, signed-in sessions).
VOLATILE_TABLES = {"sign_in_failures", "user_sessions"}


def dump_database(app) -> dict[str, list[tuple]]:
    """Return every row of every table of the model, sorted, to compare before and after a request."""
    from emulation.extensions import db
    with app.app_context():
        tables = {}
        for table in db.metadata.sorted_tables:
            if table.name not in VOLATILE_TABLES:
                rows = db.session.execute(select(table)).all()
                tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
        db.session.remove()
        return tables


def _serve(url: str, port: int, ready) -> None:
    """Run one app process: a threaded werkzeug server on 127.0.0.1:`port` over the database at `url`."""
    from werkzeug.serving import make_server

    from emulation import create_app
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-only-secret", "WTF_CSRF_ENABLED": False,
                      "EMULATION_AUTO_UPGRADE": False})
    server = make_server("127.0.0.1", port, app, threaded=True)
    ready.set()
    server.serve_forever()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_servers(web_app):
    """Return a function starting `count` app processes on the test database; they stop with the test."""
    from emulation.extensions import db
    with web_app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
        db.session.remove()
        db.engine.dispose()
    context = multiprocessing.get_context("spawn")
    processes = []

    def start(count: int) -> list[str]:
        urls = []
        for _ in range(count):
            port, ready = _free_port(), context.Event()
            process = context.Process(target=_serve, args=(url, port, ready), daemon=True)
            process.start()
            processes.append(process)
            assert ready.wait(60), "the app server did not start"
            urls.append(f"http://127.0.0.1:{port}")
        for base in urls:
            _wait_until_up(base)
        return urls

    yield start
    for process in processes:
        process.terminate()
        process.join(10)


def _wait_until_up(base: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{base} does not answer")
