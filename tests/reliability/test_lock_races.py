"""Locking a year races the writes of that year: a write either lands before the lock or is refused after it.

Each test pauses one request inside its transaction (at its first audit row) and sends the other
request meanwhile, on the test database (SQLite or PostgreSQL), through two test clients in two threads.
"""
import threading

import pytest
from sqlalchemy import select, update

from emulation import registrations, sheets
from emulation.extensions import db
from emulation.models import AuditEvent, ScoreLine
from web.conftest import form_as_shown, set_sheet_state

from .conftest import BASE, dump_database, sheet_url

LOCKED = "đã khoá; không thể thay đổi"


class Pause:
    """Wraps a module's `record` so the first audit row of `action` waits, inside its transaction, for release."""

    def __init__(self, monkeypatch, module, action: str):
        self.inside, self.go, self.action, self.original = threading.Event(), threading.Event(), action, module.record
        monkeypatch.setattr(module, "record", self)

    def __call__(self, *args, **kwargs):
        if args[3] == self.action and not self.inside.is_set():
            self.inside.set()
            self.go.wait(10)
        return self.original(*args, **kwargs)


def _in_thread(target) -> tuple[threading.Thread, dict]:
    answer = {}
    thread = threading.Thread(target=lambda: answer.update(response=target()), daemon=True)
    thread.start()
    return thread, answer


def _audit_ids(app, kind: str) -> list[int]:
    with app.app_context():
        ids = db.session.execute(select(AuditEvent.id).where(AuditEvent.kind == kind)).scalars().all()
        db.session.remove()
        return ids


def _registrations_post(client) -> dict:
    form = form_as_shown(client.get(sheet_url("TTTK", "registrations")).text)
    form["p-initiatives-TTTK-01"] = str(int(form.get("p-initiatives-TTTK-01") or 0) + 1)
    return form


def _review_post(client) -> dict:
    versions = form_as_shown(client.get(sheet_url("TTTK", "review")).text)
    form = {"version-A.1": versions["version-A.1"]}
    form["action-A.1"], form["value-A.1"], form["text-A.1"] = "adjust", "20", "Thiếu minh chứng"
    return form


WRITERS = {
    # page, who writes, the form, the module whose audit row pauses it, that row's action and kind
    "registrations": ("registrations", "tttk.truong", _registrations_post, registrations, "register", "person_facts"),
    "review": ("review", "danhgia", _review_post, sheets, "review", "line"),
}


@pytest.fixture
def reviewed_year(web_app):
    """The demo year with every line accepted and every sheet reviewed: ready to lock."""
    with web_app.app_context():
        db.session.execute(update(ScoreLine).where(ScoreLine.review_state == "pending").values(review_state="accepted"))
        db.session.commit()
    for unit in ("CCTDC", "TTUD", "TTTK"):
        set_sheet_state(web_app, unit, "reviewed")
    return web_app


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_lock_waits_for_a_write_in_flight_and_nothing_changes_after_it(reviewed_year, sign_in, monkeypatch,
                                                                          writer):
    page, username, build, module, action, kind = WRITERS[writer]
    client, secretariat = sign_in(username), sign_in("thuky")
    form = build(client)
    pause = Pause(monkeypatch, module, action)
    write, written = _in_thread(lambda: client.post(sheet_url("TTTK", page), data=form))
    assert pause.inside.wait(10)
    lock, locked = _in_thread(lambda: secretariat.post(f"{BASE}/lock"))
    lock.join(1.5)           # the lock must wait for the write it would otherwise overtake
    pause.go.set()
    write.join(10)
    lock.join(10)
    assert written["response"].status_code == 302, written["response"].text
    assert locked["response"].status_code == 302
    after_lock = dump_database(reviewed_year)
    lock_row = max(_audit_ids(reviewed_year, "year"))
    assert max(_audit_ids(reviewed_year, kind)) < lock_row, "a change of the year was committed after its lock"
    # and once the lock is acknowledged, a write of the year is refused and nothing changes
    again = client.post(sheet_url("TTTK", page), data=build(client))
    assert again.status_code == 400 and LOCKED in again.text
    assert dump_database(reviewed_year) == after_lock


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_write_during_a_lock_waits_for_it_then_is_refused(reviewed_year, sign_in, monkeypatch, writer):
    page, username, build, _module, _action, kind = WRITERS[writer]
    client, secretariat = sign_in(username), sign_in("thuky")
    form = build(client)
    writes_before = _audit_ids(reviewed_year, kind)
    pause = Pause(monkeypatch, sheets, "lock")
    lock, locked = _in_thread(lambda: secretariat.post(f"{BASE}/lock"))
    assert pause.inside.wait(10)
    write, written = _in_thread(lambda: client.post(sheet_url("TTTK", page), data=form))
    write.join(1.5)
    assert write.is_alive(), "a write of the year went ahead while the year was being locked"
    pause.go.set()
    lock.join(10)
    write.join(10)
    assert locked["response"].status_code == 302
    assert written["response"].status_code == 400 and LOCKED in written["response"].text
    assert _audit_ids(reviewed_year, kind) == writes_before
