"""Web fixtures: the demo bloc with known passwords, a reviewer and a viewer, and signed-in clients."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from emulation.accounts.service import create_user
from emulation.extensions import db
from emulation.models import ScoreSheet, Unit, User

PASSWORD = "mat-khau-thu"
BLOC, YEAR = "KTD-II", 2017
BASE = f"/blocs/{BLOC}/years/{YEAR}"


def sheet_url(unit: str, page: str = "sheet") -> str:
    return f"{BASE}/units/{unit}/{page}"


def field_error(html: str, code: str) -> str:
    """Return the message a page shows beside the field of criterion `code` ("" when there is none)."""
    found = re.search(rf'<div class="field-error" id="error-{re.escape(code)}">([^<]*)</div>', html)
    return found.group(1) if found else ""


def form_as_shown(html: str) -> dict:
    """Return the hidden fields, checked boxes, chosen options and typed numbers of a page, as a browser posts them."""
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    for name in re.findall(r'<input type="checkbox" name="([^"]+)" value="1"[^>]*\bchecked', html):
        form[name] = "1"
    for select_name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        form[select_name] = chosen.group(1) if chosen else ""
    for name, value in re.findall(
            r'<input type="text" class="value" inputmode="numeric" name="([^"]+)"[^>]*value="([^"]*)"', html):
        form[name] = value
    return form


@pytest.fixture
def web_app(demo_app):
    """The demo app with every password set to PASSWORD, plus reviewer `danhgia`, viewer `xem` and the provincial
    emulation board's `bantd`."""
    with demo_app.app_context():
        for user in db.session.execute(select(User)).scalars():
            user.set_password(PASSWORD)
        db.session.commit()
        create_user("danhgia", "reviewer", PASSWORD)
        create_user("xem", "viewer", PASSWORD)
        create_user("bantd", "board", PASSWORD)
    return demo_app


@pytest.fixture
def sign_in(web_app):
    """Return a factory of test clients signed in as the given user."""
    def factory(username: str):
        client = web_app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.text
        return client
    return factory


def new_login_client(app, username: str, role: str, password: str = PASSWORD):
    """Create the login `username` with `role` on `app` and return a test client signed in with it."""
    with app.app_context():
        create_user(username, role, password)
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": password}).status_code == 302
    return client


def set_sheet_state(app, unit: str, state: str) -> None:
    """Put a unit's sheet in `state` directly (to start a flow from a draft)."""
    with app.app_context():
        sheet = db.session.execute(select(ScoreSheet).join(Unit).where(Unit.code == unit)).scalar_one()
        sheet.state = state
        db.session.commit()


def sheet_values(app, unit: str) -> dict:
    """Return criterion code -> (self value, reviewed value, review state, evidence) of a unit's sheet."""
    from emulation.storage.database import read_year
    with app.app_context():
        data = read_year(BLOC, YEAR)
        states = {s.unit: s.state for s in data.sheets}
        return {"state": states[unit], **{l.criterion: (l.self_value, l.reviewed_value, l.review_state, l.evidence)
                                          for l in data.lines if l.unit == unit}}


def line_versions(app, unit: str) -> dict:
    """Return the hidden version fields a unit's sheet and review carry: ``version-<code>`` -> the line's version."""
    from emulation.models import ScoreLine, SignedCriterion
    with app.app_context():
        rows = db.session.execute(select(SignedCriterion.code, ScoreLine.version).join(ScoreLine.criterion)
                                  .join(ScoreSheet).join(Unit).where(Unit.code == unit)).all()
        db.session.remove()
    return {f"version-{code}": str(version) for code, version in rows}


def sheet_form_data(app, unit: str, overrides: dict | None = None) -> dict:
    """Return the form a unit head would post: the stored self values, evidence and line versions, with
    `overrides` by code."""
    data = line_versions(app, unit)
    for code, value in sheet_values(app, unit).items():
        if code == "state":
            continue
        self_value, _reviewed, _state, evidence = value
        data[f"value-{code}"] = "" if self_value is None else f"{self_value:g}"
        data[f"text-{code}"] = evidence
    for code, value in (overrides or {}).items():
        data[f"value-{code}"] = value
    return data
