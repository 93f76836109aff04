"""Load test (not a test): unit heads saving their score sheets against gunicorn on PostgreSQL, like browsers.

Creates a fresh PostgreSQL database ``bench_load`` (dropped at the end), fills it with ``emulation synth``,
opens the sheets of ``--heads`` units as drafts (one head per unit, spread over the blocs) and starts
gunicorn with ``--workers`` workers on 127.0.0.1. Each head signs in through the form (CSRF token
included) and reads its sheet; then it saves again and again as a browser does: it posts the form of the
page it last read (values, evidence notes and the hidden line versions) with one evidence note changed to
a unique text, follows the redirect and reads the sheet again, whose form it posts next time.

Two phases, one after the other, on the same server:

* throughput: the heads never pause, for ``--burst-seconds``; reported as saves per second;
* paced: the heads pause ``--pause`` seconds between saves (each starts at a random point of its
  first pause), for ``--paced-seconds``; reported as p50 and p99 of save plus re-read.

Every HTTP status is counted and printed. Each head is the only one editing its unit's sheet, so no
save may be refused (anything but the redirect, e.g. 409) and none may be lost: the re-read page must
show the text just saved, and at the end every line must hold in the database the last text saved to
it. The exit status is 1 when any save was refused, lost or failed, 0 otherwise.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "bench_load")     # one per concurrent run
YEAR = 2025
PASSWORD = "load-password-1"
TIMEOUT = 120       # seconds; a request slower than this counts as failed


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
            # Browsers drop one newline right after <textarea>, which WTForms writes before the text.
            text = self.fields[self._textarea]
            self.fields[self._textarea] = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def fields_of(html: str) -> dict[str, str]:
    """Return the form fields of `html` as a browser would post them (submit buttons left out)."""
    parser = FormFields()
    parser.feed(html)
    return parser.fields


# --- the database -------------------------------------------------------------------------------------------

def admin(statement: str) -> None:
    """Run one statement on the PostgreSQL maintenance database, outside a transaction."""
    import psycopg
    with psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(statement)


def load_database_url() -> str:
    """Return the URL of the load test's own database, next to the maintenance database."""
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DATABASE}"


def synthesize(url: str, units: int, people: int) -> None:
    """Fill the database at `url` with ``emulation synth`` (seed 1)."""
    done = subprocess.run([sys.executable, "-c", "from emulation.cli import main; main()", "synth", "--units",
                           str(units), "--people", str(people), "--year", str(YEAR)],
                          cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"synth failed:\n{done.stdout}\n{done.stderr}")


def spread_units(units: list, count: int) -> list:
    """Pick `count` of (id, unit code, bloc code), the first unit of every bloc, then the second, and so on."""
    by_bloc: dict[str, list] = {}
    for unit in units:
        by_bloc.setdefault(unit[2], []).append(unit)
    chosen, depth = [], 0
    while len(chosen) < min(count, len(units)):
        chosen += [rows[depth] for rows in by_bloc.values() if depth < len(rows)][:count - len(chosen)]
        depth += 1
    return chosen


def open_heads(url: str, count: int) -> list[tuple[str, str, str]]:
    """Open `count` units' sheets as drafts with a head login each; return (username, bloc, unit) of the heads."""
    from sqlalchemy import select, update

    from emulation import create_app
    from emulation.accounts.service import create_user
    from emulation.extensions import db
    from emulation.models import Bloc, ScoreSheet, Unit
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "EMULATION_AUTO_UPGRADE": False})
    with app.app_context():
        units = db.session.execute(select(Unit.id, Unit.code, Bloc.code).join(Bloc).order_by(Unit.code)).all()
        chosen = spread_units(units, count)
        db.session.execute(update(ScoreSheet).where(ScoreSheet.unit_id.in_([u[0] for u in chosen]))
                           .values(state="draft"))
        db.session.commit()
        heads = []
        for index, (_, unit, bloc) in enumerate(chosen):
            create_user(f"load-head-{index:02d}", "unit_head", PASSWORD, unit)
            heads.append((f"load-head-{index:02d}", bloc, unit))
        db.session.remove()
        db.engine.dispose()
    return heads


def stored_evidence(url: str, unit_codes: list[str]) -> dict[str, dict[str, str]]:
    """Return, per unit code, the evidence note stored for each criterion code of its sheet."""
    from sqlalchemy import select

    from emulation import create_app
    from emulation.extensions import db
    from emulation.models import ScoreLine, ScoreSheet, SignedCriterion, Unit
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "EMULATION_AUTO_UPGRADE": False})
    stored: dict[str, dict[str, str]] = {code: {} for code in unit_codes}
    with app.app_context():
        rows = db.session.execute(
            select(Unit.code, SignedCriterion.code, ScoreLine.evidence).join(ScoreLine.criterion)
            .join(ScoreSheet, ScoreSheet.id == ScoreLine.sheet_id).join(Unit, Unit.id == ScoreSheet.unit_id)
            .where(Unit.code.in_(unit_codes))).all()
        for unit, criterion, evidence in rows:
            stored[unit][criterion] = evidence or ""
        db.session.remove()
        db.engine.dispose()
    return stored


# --- the server ---------------------------------------------------------------------------------------------

def free_port() -> int:
    """Return a TCP port free on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    """Start gunicorn on 127.0.0.1 over the database at `url`; return the process and its base URL once it answers."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-test-only", "EMULATION_AUTO_UPGRADE": "0"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                               "--timeout", str(TIMEOUT), "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return server, base
        except requests.RequestException:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /healthz")


# --- one head -----------------------------------------------------------------------------------------------

@dataclass
class Tally:
    """What one head saw in one phase."""

    statuses: Counter = field(default_factory=Counter)     # "POST 302", "GET 200", "POST 409", "POST error", …
    saves: int = 0                  # saves acknowledged (redirect) and shown by the re-read page
    saves_in_window: int = 0        # of those, the ones whose re-read ended before the deadline
    latencies: list[float] = field(default_factory=list)  # seconds, save plus re-read
    problems: list[str] = field(default_factory=list)     # refused, lost or failed saves


class Head:
    """One unit head's browser: a signed-in session and the sheet form it last read."""

    def __init__(self, base: str, username: str, bloc: str, unit: str):
        self.base, self.username, self.unit = base, username, unit
        self.url = f"{base}/blocs/{bloc}/years/{YEAR}/units/{unit}/sheet"
        self.session = requests.Session()
        self.form: dict[str, str] = {}
        self.sequence = 0
        self.saved: dict[str, str] = {}     # criterion code -> last text saved (acknowledged and re-read)

    def sign_in_and_read(self) -> None:
        """Sign in through the form, then read the sheet; raise RuntimeError when either is refused."""
        token = fields_of(self.session.get(f"{self.base}/login", timeout=TIMEOUT).text).get("csrf_token", "")
        answer = self.session.post(f"{self.base}/login", allow_redirects=False, timeout=TIMEOUT,
                                   data={"username": self.username, "password": PASSWORD, "csrf_token": token})
        if answer.status_code != 302:
            raise RuntimeError(f"{self.username}: sign-in answered {answer.status_code}")
        page = self.session.get(self.url, timeout=TIMEOUT)
        if page.status_code != 200:
            raise RuntimeError(f"{self.username}: sheet page answered {page.status_code}")
        self.form = fields_of(page.text)

    def next_note(self) -> tuple[str, str]:
        """Return the next criterion code whose evidence note to change (in turn) and a text never sent before."""
        codes = sorted(name.removeprefix("text-") for name in self.form if name.startswith("text-"))
        self.sequence += 1
        return codes[self.sequence % len(codes)], f"load {self.unit} #{self.sequence}"

    def save(self, tally: Tally, deadline: float) -> None:
        """Post the last-read form with one note changed, follow the redirect, and record what happened."""
        code, text = self.next_note()
        data = {**self.form, f"text-{code}": text, "save": "save"}
        started = time.perf_counter()
        try:
            answer = self.session.post(self.url, data=data, allow_redirects=False, timeout=TIMEOUT)
            tally.statuses[f"POST {answer.status_code}"] += 1
            if answer.status_code != 302:
                tally.problems.append(f"{self.unit}: save refused with {answer.status_code}")
                self.form = fields_of(answer.text)      # the browser shows the refusal's form
                return
            page = self.session.get(urljoin(self.url, answer.headers["Location"]), timeout=TIMEOUT)
            tally.statuses[f"GET {page.status_code}"] += 1
        except requests.RequestException as exc:
            tally.statuses["POST or GET error"] += 1
            tally.problems.append(f"{self.unit}: {type(exc).__name__}")
            return
        tally.latencies.append(time.perf_counter() - started)
        self.form = fields_of(page.text)
        if page.status_code != 200 or self.form.get(f"text-{code}") != text:
            tally.problems.append(f"{self.unit}: '{text}' missing from the re-read page ({page.status_code})")
            return
        self.saved[code] = text
        tally.saves += 1
        tally.saves_in_window += time.monotonic() <= deadline

    def run(self, deadline: float, pause: float, first_wait: float, tally: Tally) -> None:
        """Save until `deadline` (time.monotonic), waiting `first_wait` then `pause` seconds between saves."""
        wait = first_wait
        while time.monotonic() + wait < deadline:
            time.sleep(wait)
            self.save(tally, deadline)
            wait = pause


# --- phases and report --------------------------------------------------------------------------------------

@dataclass
class Phase:
    """One phase's outcome: its length and each head's tally."""

    name: str
    seconds: float
    tallies: list[Tally]
    cpu: dict[str, float] = field(default_factory=dict)    # CPU seconds spent in the phase: "app", "database"

    def statuses(self) -> Counter:
        """Every head's status counts, added up."""
        return sum((t.statuses for t in self.tallies), Counter())

    def latencies(self) -> list[float]:
        """Every acknowledged save's save-plus-re-read time, in seconds."""
        return [x for t in self.tallies for x in t.latencies]

    def problems(self) -> list[str]:
        """Every refused, lost or failed save."""
        return [p for t in self.tallies for p in t.problems]


def process_cpu(pids: list[int]) -> float:
    """Return the CPU seconds (user + system) the processes `pids` have used so far, from /proc (0 without it)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def server_pids(server: subprocess.Popen) -> dict[str, list[int]]:
    """The processes serving the heads: gunicorn's master and workers, and the PostgreSQL backends of the database."""
    import psycopg
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == server.pid:
                workers.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            pass
    with psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        backends = [pid for (pid,) in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s",
                                                    (PG_DATABASE,))]
    return {"app": [server.pid, *workers], "database": backends}


def run_phase(name: str, heads: list[Head], seconds: float, pause: float, rng: random.Random,
              server: subprocess.Popen | None = None) -> Phase:
    """Run every head in its own thread for `seconds`, each pausing `pause` seconds between saves; with `server`,
    also count the CPU its processes and the database's backends spend meanwhile (whatever else the machine runs)."""
    pids = server_pids(server) if server is not None else {}
    before = {kind: {pid: process_cpu([pid]) for pid in found} for kind, found in pids.items()}
    tallies = [Tally() for _ in heads]
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=head.run, args=(deadline, pause, rng.uniform(0, pause), tally), daemon=True)
               for head, tally in zip(heads, tallies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 2 * TIMEOUT)
    # A process started during the phase counts from its start; one that ended is missed (pools keep theirs).
    after = server_pids(server) if server is not None else {}
    cpu = {kind: sum(process_cpu([pid]) - before[kind].get(pid, 0.0) for pid in found) for kind, found in after.items()}
    return Phase(name, seconds, tallies, cpu)


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile `share` (0..1) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def report(phase: Phase) -> None:
    """Print a phase's statuses, saves per second and latency percentiles."""
    saves, in_window = sum(t.saves for t in phase.tallies), sum(t.saves_in_window for t in phase.tallies)
    latencies = phase.latencies()
    statuses = ", ".join(f"{key} ×{count}" for key, count in sorted(phase.statuses().items()))
    print(f"[{phase.name}] statuses: {statuses or 'none'}")
    print(f"[{phase.name}] saves: {in_window} in the {phase.seconds:g} s window = {in_window / phase.seconds:.2f} "
          f"saves/s ({saves} in all with those in flight at the end)")
    print(f"[{phase.name}] save + re-read: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms "
          f"({len(latencies)} saves)")
    if saves and phase.cpu:
        print(f"[{phase.name}] CPU per save + re-read: " + ", ".join(
            f"{kind} {seconds / saves * 1000:.0f} ms" for kind, seconds in phase.cpu.items()))
    problems = phase.problems()
    print(f"[{phase.name}] refused, lost or failed saves: {len(problems)}"
          + (f" (first: {problems[:3]})" if problems else ""))


def lost_in_database(url: str, heads: list[Head]) -> tuple[int, list[str]]:
    """Return (lines checked, lines whose stored evidence is not the last text saved to them)."""
    stored = stored_evidence(url, [head.unit for head in heads])
    lost = [f"{head.unit} {code}: '{text}' saved, '{stored[head.unit].get(code)}' stored"
            for head in heads for code, text in head.saved.items() if stored[head.unit].get(code) != text]
    return sum(len(head.saved) for head in heads), lost


def sign_in_all(heads: list[Head]) -> list[str]:
    """Sign every head in and read its sheet, in parallel; return the failures."""
    failures: list[str] = []

    def sign_in(head: Head) -> None:
        try:
            head.sign_in_and_read()
        except (RuntimeError, requests.RequestException) as exc:
            failures.append(str(exc))
    threads = [threading.Thread(target=sign_in, args=(head,)) for head in heads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def commit() -> str:
    """Return the checkout's short commit, with '+' when it has uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return git("rev-parse", "--short", "HEAD") + ("+" if git("status", "--porcelain", "--", "emulation") else "")


def measure(url: str, args) -> int:
    """Fill the database, serve it, run both phases and check the database; return the exit status."""
    print(f"Preparing {args.units} units, {args.people} people on PostgreSQL …", flush=True)
    synthesize(url, args.units, args.people)
    heads_info = open_heads(url, args.heads)
    server, base = start_gunicorn(url, args.workers)
    try:
        print(f"commit {commit()}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; gunicorn "
              f"{args.workers} workers on {base}; {len(heads_info)} unit heads", flush=True)
        heads = [Head(base, *info) for info in heads_info]
        failures = sign_in_all(heads)
        if failures:
            print(f"sign-in failed: {failures[:3]}")
            return 1
        rng = random.Random(args.seed)
        phases = [run_phase("throughput, no pause", heads, args.burst_seconds, 0, rng, server),
                  run_phase(f"paced, {args.pause:g} s between saves", heads, args.paced_seconds, args.pause, rng,
                            server)]
    finally:
        server.terminate()
        server.wait(30)
    for phase in phases:
        report(phase)
    checked, lost = lost_in_database(url, heads)
    print(f"lines holding their last saved text in the database: {checked - len(lost)}/{checked}"
          + (f"; lost: {lost[:3]}" if lost else ""))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    failed = lost or any(phase.problems() for phase in phases)
    print("FAILED: a save was refused, lost or failed" if failed else "OK: every save acknowledged and stored")
    return 1 if failed else 0


def parse_args(argv=None):
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000, help="units of the synthetic year (default 1000)")
    parser.add_argument("--people", type=int, default=100_000, help="people of the synthetic year (default 100000)")
    parser.add_argument("--heads", type=int, default=32, help="unit heads, one per unit (default 32)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--burst-seconds", type=float, default=30, help="throughput phase, no pause (default 30)")
    parser.add_argument("--paced-seconds", type=float, default=75, help="paced phase (default 75)")
    parser.add_argument("--pause", type=float, default=5, help="pause between saves in the paced phase (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the paced heads' start offsets (default 1)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    """Run the load test in its own database, dropped at the end; return the exit status."""
    args = parse_args(argv)
    url = load_database_url()
    admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {PG_DATABASE}")
    try:
        return measure(url, args)
    finally:
        admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
