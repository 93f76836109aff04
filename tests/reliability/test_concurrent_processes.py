"""Several processes write the same lines through two app servers on PostgreSQL: no update is lost, no 5xx.

Each save posts the version its form was built from. A save is either acknowledged (302) or refused
as stale (409 with the newer value); two acknowledged saves never start from the same version, and
the stored value is the one of the last acknowledged save. Every value posted differs from the stored one and from
each other: a save that changes nothing is acknowledged without a new version, rightly, and would void the count.
"""
import multiprocessing

import pytest
from sqlalchemy import select
from web.conftest import set_sheet_state, sheet_form_data
from registrations.test_registrations import _current_form

from emulation.extensions import db
from emulation.models import Person, PersonFact, ScoreLine, ScoreSheet, SignedCriterion, Unit

from .conftest import PASSWORD, requires_postgres, sheet_url
from .http_client import Browser

pytestmark = requires_postgres
WORKERS, SAVES = 4, 8
STALE = "vừa được người khác thay đổi"


def _writer(base: str, page: str, form: dict, field: str, version_field: str, first: int,
            worker: int) -> list[tuple]:
    """Save `field` SAVES times through the server at `base`, with values counted from `first`; return
    (outcome, base version, value) per save."""
    browser = Browser(base)
    browser.sign_in("tttk.truong", PASSWORD)
    outcomes = []
    for attempt in range(SAVES):
        version = browser.versions(page)[version_field]
        value = str(first + worker * SAVES + attempt)
        status, body = browser.open(page, {**form, field: value, version_field: version, "save": "1"})
        if status == 302:
            outcomes.append(("saved", int(version), value))
        elif status == 409 and STALE in body:
            outcomes.append(("stale", int(version), value))
        else:
            outcomes.append(("error", status, body[:300]))
    return outcomes


def _run_writers(servers: list[str], page: str, form: dict, field: str, version_field: str,
                 first: int = 1) -> list[tuple]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS) as pool:
        jobs = [pool.apply_async(_writer, (servers[w % len(servers)], page, form, field, version_field, first, w))
                for w in range(WORKERS)]
        return [outcome for job in jobs for outcome in job.get(timeout=300)]


def _check(outcomes: list[tuple], start_version: int, stored_value, stored_version: int) -> None:
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    saved = [o for o in outcomes if o[0] == "saved"]
    bases = [base for _kind, base, _value in saved]
    assert saved and len(bases) == len(set(bases)), "two saves were acknowledged from the same version"
    assert stored_version == start_version + len(saved)
    assert str(stored_value) == max(saved, key=lambda o: o[1])[2]


def _line(app, code: str) -> tuple:
    with app.app_context():
        line = db.session.execute(select(ScoreLine).join(ScoreSheet).join(Unit).join(ScoreLine.criterion).where(
            Unit.code == "TTTK", SignedCriterion.code == code)).scalar_one()
        found = line.evidence, line.version
        db.session.remove()
        return found


def _facts(app, person: str) -> tuple:
    with app.app_context():
        fact = db.session.execute(select(PersonFact).join(Person).where(Person.code == person)).scalar_one()
        found = fact.initiatives, fact.version
        db.session.remove()
        return found


def test_concurrent_score_entry_loses_nothing(web_app, app_servers):
    set_sheet_state(web_app, "TTTK", "draft")
    form = sheet_form_data(web_app, "TTTK")
    start = _line(web_app, "A.1")[1]
    outcomes = _run_writers(app_servers(2), sheet_url("TTTK"), form, "text-A.1", "version-A.1")
    _check(outcomes, start, *_line(web_app, "A.1"))


def test_concurrent_registration_edits_lose_nothing(web_app, app_servers, sign_in):
    form = _current_form(sign_in("tttk.truong"), "TTTK")
    initiatives, start = _facts(web_app, "TTTK-01")
    outcomes = _run_writers(app_servers(2), sheet_url("TTTK", "registrations"), form, "p-initiatives-TTTK-01",
                            "p-version-TTTK-01", first=initiatives + 1)
    _check(outcomes, start, *_facts(web_app, "TTTK-01"))


@pytest.fixture
def two_servers(web_app, app_servers):
    return app_servers(2)


def test_two_servers_behave_as_one(web_app, two_servers):
    a, b = two_servers
    set_sheet_state(web_app, "TTTK", "draft")
    on_a, on_b = Browser(a), Browser(b)
    on_a.sign_in("tttk.truong", PASSWORD)
    on_b.sign_in("tttk.truong", PASSWORD)
    page = sheet_url("TTTK")
    seen_on_b = on_b.versions(page)
    form = sheet_form_data(web_app, "TTTK")
    status, _body = on_a.open(page, {**form, **on_a.versions(page), "value-A.1": "22", "save": "1"})
    assert status == 302
    status, body = on_b.open(page)
    assert 'name="value-A.1" type="text" value="22"' in body              # saved on A, read on B
    status, body = on_b.open(page, {**form, **seen_on_b, "value-A.1": "23", "save": "1"})
    assert status == 409 and "Người khác vừa lưu giá trị 22 cho dòng này" in body
    # a session signed on A is honoured by B: one secret key, sessions in the cookie
    moved = Browser(b)
    moved.cookies = on_a.cookies
    moved.opener = on_a.opener
    moved.base = b
    assert moved.open(page)[0] == 200


def test_failed_sign_ins_are_counted_across_servers(web_app, two_servers):
    a, b = two_servers
    for attempt in range(5):
        assert Browser(two_servers[attempt % 2]).open("/login", {"username": "thuky", "password": "sai"})[0] == 400
    assert Browser(b).open("/login", {"username": "thuky", "password": PASSWORD})[0] == 429
    assert Browser(a).open("/login", {"username": "thuky", "password": PASSWORD})[0] == 429
