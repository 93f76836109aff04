"""Helpers shared by the audit and snapshot tests: read the trail, drive a year to published."""
from __future__ import annotations

import json

from sqlalchemy import select
from web.conftest import BASE, line_versions, sheet_url, sheet_values

from emulation.extensions import db
from emulation.models import AuditEvent


def without_loads(dump: str) -> str:
    """Return the dump without the audit rows its loads added (the only thing a load adds to a year)."""
    document = json.loads(dump)
    document["audit"] = [e for e in document["audit"] if (e["kind"], e["action"]) not in
                         (("year", "load"), ("year", "replace"))]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def audit_rows(app, **where) -> list[AuditEvent]:
    """Return the audit rows (detached, oldest first), filtered by column values."""
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        for name, value in where.items():
            query = query.where(getattr(AuditEvent, name) == value)
        rows = db.session.execute(query).scalars().all()
        db.session.expunge_all()
        return rows


def accept_all(app, unit: str, **lines) -> dict:
    """Return the review form accepting every line of `unit`, with lines overridden: code -> (action, value, text)."""
    form = line_versions(app, unit)
    for code in sheet_values(app, unit):
        if code != "state":
            form[f"action-{code}"], form[f"value-{code}"], form[f"text-{code}"] = "accept", "", ""
    for code, (action, value, text) in lines.items():
        code = code.replace("_", ".")
        form[f"action-{code}"], form[f"value-{code}"], form[f"text-{code}"] = action, value, text
    return form


def publish(app, sign_in) -> None:
    """Review the one submitted sheet (TTTK), lock the year and publish it."""
    reviewer, secretariat = sign_in("danhgia"), sign_in("thuky")
    if sheet_values(app, "TTTK")["state"] == "submitted":
        assert reviewer.post(sheet_url("TTTK", "review"), data=accept_all(app, "TTTK")).status_code == 302
    assert "Đã khoá năm thi đua." in secretariat.post(f"{BASE}/lock", follow_redirects=True).text
    assert "Đã công bố kết quả." in secretariat.post(f"{BASE}/publish", follow_redirects=True).text


def dump_year(app, bloc: str = "KTD-II", year: int = 2017) -> str:
    """Return `emulation dump` of one year, asserting the command succeeded."""
    result = app.test_cli_runner().invoke(args=["dump", "--bloc", bloc, "--year", str(year)])
    assert result.exit_code == 0, result.output
    return result.output


def load_into_new_app(app, make_app, tmp_path, text: str):
    """Write `text` as a year file, load it with `emulation load` into a new SQLite app and return that app."""
    path = tmp_path / "year.json"
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        db.session.remove()
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = other.test_cli_runner().invoke(args=["load", str(path)])
    assert result.exit_code == 0, result.output
    return other
