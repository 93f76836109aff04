"""Load test (not a test): 32 unit heads saving score lines against gunicorn with 4 workers on PostgreSQL.

Creates a fresh PostgreSQL database ``bench_load``, fills it with ``emulation synth``, opens the
sheets of 32 units (one head each, in different blocs where possible), starts gunicorn on
127.0.0.1, and runs the heads for ``--seconds``: each signs in through the form (CSRF token
included), then saves its sheet again and again with one evidence note changed to a unique text.
A save is acknowledged when the app answers with its redirect. At the end it prints requests per
second, p50 and p99 latency and errors, and checks that the last acknowledged text of every line
is the one in the database. The database is dropped at the end.
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "bench_load"
YEAR = 2025
PASSWORD = "load-password-1"


class FormFields(HTMLParser):
    """The named inputs, selects and textareas of a page, with their current values."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "checkbox", "radio"):
            self.fields[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def fields_of(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


def _pg(statement: str) -> None:
    import psycopg
    with psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(statement)


def prepare(url: str, args) -> list[tuple[str, str, str]]:
    """Fill the database; return (username, bloc, unit) of the heads, their sheets open as drafts."""
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-c", "from emulation.cli import main; main()", "synth", "--units",
                           str(args.units), "--people", str(args.people), "--year", str(YEAR)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"synth failed:\n{done.stdout}\n{done.stderr}")
    from sqlalchemy import select, update

    from emulation import create_app
    from emulation.accounts.service import create_user
    from emulation.extensions import db
    from emulation.models import Bloc, ScoreSheet, Unit
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "EMULATION_AUTO_UPGRADE": False})
    heads = []
    with app.app_context():
        units = db.session.execute(select(Unit.id, Unit.code, Bloc.code).join(Bloc).order_by(Unit.code)).all()
        by_bloc: dict[str, list] = {}
        for unit in units:
            by_bloc.setdefault(unit[2], []).append(unit)
        chosen, depth = [], 0
        while len(chosen) < min(args.heads, len(units)):
            chosen += [rows[depth] for rows in by_bloc.values() if depth < len(rows)][:args.heads - len(chosen)]
            depth += 1
        db.session.execute(update(ScoreSheet).where(ScoreSheet.unit_id.in_([u[0] for u in chosen]))
                           .values(state="draft"))
        db.session.commit()
        for index, (_, unit, bloc) in enumerate(chosen):
            create_user(f"load-head-{index:02d}", "unit_head", PASSWORD, unit)
            heads.append((f"load-head-{index:02d}", bloc, unit))
    return heads


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Head(threading.Thread):
    """One unit head: sign in, then save the sheet until the deadline, one evidence note changed per save."""

    def __init__(self, base: str, username: str, bloc: str, unit: str, start: threading.Barrier, clock: dict):
        super().__init__(daemon=True)
        self.base, self.username, self.start_line, self.clock = base, username, start, clock
        self.url = f"{base}/blocs/{bloc}/years/{YEAR}/units/{unit}/sheet"
        self.unit = unit
        self.latencies: list[float] = []
        self.in_window = 0                              # answers received before the deadline
        self.errors: list[str] = []
        self.acknowledged: dict[str, str] = {}       # evidence field -> last acknowledged text

    def run(self):
        session = requests.Session()
        try:
            token = fields_of(session.get(f"{self.base}/login", timeout=30).text).get("csrf_token", "")
            answer = session.post(f"{self.base}/login", data={"username": self.username, "password": PASSWORD,
                                                             "csrf_token": token}, allow_redirects=False, timeout=30)
            if answer.status_code != 302:
                raise RuntimeError(f"sign-in answered {answer.status_code}")
            page = session.get(self.url, timeout=60)
            if page.status_code != 200:
                raise RuntimeError(f"sheet page answered {page.status_code}")
        except Exception as exc:    # counted, never raised: the report says what failed
            self.errors.append(f"{self.username}: {exc}")
            self.start_line.wait()
            return
        self.start_line.wait()      # the clock starts when every head has signed in and opened its sheet
        self.deadline = self.clock["deadline"]
        form = fields_of(page.text)
        notes = sorted(name for name in form if re.match(r"^(evidence|text|note)", name) or "evidence" in name)
        notes = notes or sorted(name for name in form if name not in ("csrf_token",))
        form.pop("submit", None)
        form["save"] = "save"
        sequence = 0
        while time.monotonic() < self.deadline:
            sequence += 1
            field = notes[sequence % len(notes)]
            text = f"load {self.unit} #{sequence}"
            form[field] = text
            started = time.perf_counter()
            try:
                answer = session.post(self.url, data=form, allow_redirects=False, timeout=60)
                ok = answer.status_code == 302
                if not ok:
                    self.errors.append(f"{self.unit}: HTTP {answer.status_code}")
            except requests.RequestException as exc:
                ok = False
                self.errors.append(f"{self.unit}: {type(exc).__name__}")
            self.latencies.append(time.perf_counter() - started)
            self.in_window += time.monotonic() <= self.deadline
            if ok:
                self.acknowledged[field] = text


def verify(url: str, heads: list[Head]) -> tuple[int, list[str]]:
    """Return (acknowledged lines checked, lines whose stored evidence is not the last acknowledged text)."""
    from sqlalchemy import select

    from emulation import create_app
    from emulation.extensions import db
    from emulation.models import ScoreLine, ScoreSheet, SignedCriterion, Unit
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "EMULATION_AUTO_UPGRADE": False})
    missing, checked = [], 0
    with app.app_context():
        for head in heads:
            stored = {code: evidence for code, evidence in db.session.execute(
                select(SignedCriterion.code, ScoreLine.evidence).join(ScoreLine.criterion)
                .join(ScoreSheet, ScoreSheet.id == ScoreLine.sheet_id).join(Unit, Unit.id == ScoreSheet.unit_id)
                .where(Unit.code == head.unit)).all()}
            for field, text in head.acknowledged.items():
                checked += 1
                if text not in stored.values():
                    missing.append(f"{head.unit} {field}: '{text}' not stored")
    return checked, missing


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--heads", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    from emulation import create_app
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "EMULATION_AUTO_UPGRADE": False})
    if "sheets.edit" not in app.view_functions or "auth.login" not in app.view_functions:
        print("The app has no score-save route (sheets.edit) or sign-in (auth.login) yet: nothing to load-test.")
        return
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DATABASE}"
    _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    _pg(f"CREATE DATABASE {PG_DATABASE}")
    server = None
    try:
        print(f"Preparing {args.units} units, {args.people} people on PostgreSQL …", flush=True)
        heads_info = prepare(url, args)
        port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-test-only", "EMULATION_AUTO_UPGRADE": "0"}
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b",
                                   f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning", "wsgi:app"],
                                  cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer on /healthz")
        print(f"gunicorn: {args.workers} workers on {base}; {len(heads_info)} unit heads for {args.seconds:g} s",
              flush=True)
        clock: dict = {}

        def start_clock():      # runs once every head is ready, before any is released
            clock["started"] = time.monotonic()
            clock["deadline"] = clock["started"] + args.seconds
        start = threading.Barrier(len(heads_info) + 1, action=start_clock)
        heads = [Head(base, user, bloc, unit, start, clock) for user, bloc, unit in heads_info]
        for head in heads:
            head.start()
        start.wait()
        started = clock["started"]
        for head in heads:
            head.join(args.seconds + 120)
        elapsed = time.monotonic() - started
        latencies = [x for h in heads for x in h.latencies]
        errors = [e for h in heads for e in h.errors]
        checked, missing = verify(url, heads)
        answered = sum(h.in_window for h in heads)
        print(f"requests: {answered} answered in the {args.seconds:g} s window = {answered / args.seconds:.1f} "
              f"requests/s ({len(latencies)} in all, {elapsed:.1f} s with the requests in flight)")
        p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
        print(f"latency: p50 {p50:.0f} ms, p99 {p99:.0f} ms")
        print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
        print(f"acknowledged lines in the database: {checked - len(missing)}/{checked}"
              + ("" if not missing else f"; missing: {missing[:3]}"))
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
