"""The audit trail: every change leaves exactly one row, in the change's own transaction, and no row ever changes."""
import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from web.conftest import BASE, form_as_shown, set_sheet_state, sheet_form_data, sheet_url, sheet_values

from emulation.extensions import db
from emulation.models import AuditEvent, User

from .audit_helpers import accept_all, audit_rows, publish, without_loads

LINE_A1 = "KTD-II/2017/TTTK/A.1"


def _user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.execute(select(User.id).where(User.username == username)).scalar_one()


def test_entering_a_value_leaves_one_row_with_before_after_and_who(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    before = audit_rows(web_app, bloc="KTD-II")
    form = {**sheet_form_data(web_app, "TTTK", {"A.1": "20"}), "save": "1"}
    assert sign_in("tttk.truong").post(sheet_url("TTTK"), data=form).status_code == 302
    new = audit_rows(web_app, bloc="KTD-II")[len(before):]
    assert len(new) == 1
    event = new[0]
    assert (event.kind, event.key, event.action, event.bloc, event.year) == ("line", LINE_A1, "enter", "KTD-II", 2017)
    assert (event.actor, event.user_id) == ("tttk.truong", _user_id(web_app, "tttk.truong"))
    assert event.before["self_value"] == 27 and event.after["self_value"] == 20
    assert set(event.before) == set(event.after) == {"self_value", "evidence", "review_state", "reviewed_value",
                                                     "reason", "comment"}


def test_submitting_adds_one_row_for_the_sheet(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    form = {**sheet_form_data(web_app, "TTTK", {"A.2": "0"}), "submit": "1"}
    assert sign_in("tttk.truong").post(sheet_url("TTTK"), data=form).status_code == 302
    sheet = audit_rows(web_app, kind="sheet")
    assert [(e.key, e.action, e.before, e.after) for e in sheet] == [
        ("KTD-II/2017/TTTK", "submit", {"state": "draft"}, {"state": "submitted"})]
    assert [e.key for e in audit_rows(web_app, kind="line")] == ["KTD-II/2017/TTTK/A.2"]


def test_evidence_alone_is_a_change(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    form = {**sheet_form_data(web_app, "TTTK"), "text-A.3": "Quyết định số 12/QĐ", "save": "1"}
    assert sign_in("tttk.truong").post(sheet_url("TTTK"), data=form).status_code == 302
    [event] = audit_rows(web_app, bloc="KTD-II")
    assert event.key == "KTD-II/2017/TTTK/A.3" and event.after["evidence"] == "Quyết định số 12/QĐ"


def test_each_review_decision_is_one_row_with_its_reason(web_app, sign_in):
    form = accept_all(web_app, "TTTK", A_1=("adjust", "20", "Kế hoạch ban hành chậm."),
                      D_3=("return", "", "Thiếu minh chứng."))
    already = {code for code, value in sheet_values(web_app, "TTTK").items()
               if code not in ("state", "A.1", "D.3") and value[2] == "accepted"}
    assert sign_in("danhgia").post(sheet_url("TTTK", "review"), data=form).status_code == 302
    lines = {e.key.rsplit("/", 1)[1]: e for e in audit_rows(web_app, kind="line")}
    assert set(lines) & already == set()                   # accepting an accepted line changes nothing
    adjusted, returned = lines["A.1"], lines["D.3"]
    assert (adjusted.action, adjusted.actor, adjusted.reason) == ("review", "danhgia", "Kế hoạch ban hành chậm.")
    assert (adjusted.after["review_state"], adjusted.after["reviewed_value"]) == ("adjusted", 20)
    assert (returned.after["review_state"], returned.after["comment"]) == ("returned", "Thiếu minh chứng.")
    [sheet] = audit_rows(web_app, kind="sheet")
    assert (sheet.before, sheet.after) == ({"state": "submitted"}, {"state": "returned"})


def _registration_form(client, unit):
    return form_as_shown(client.get(sheet_url(unit, "registrations")).text)


def test_a_registration_and_a_fact_each_leave_one_row(web_app, sign_in):
    client = sign_in("cctdc.truong")
    unchanged = _registration_form(client, "CCTDC")
    assert client.post(sheet_url("CCTDC", "registrations"), data=unchanged).status_code == 302
    assert audit_rows(web_app, bloc="KTD-II") == []                       # saving the page as it is records nothing
    form = {**unchanged, "p-title-CCTDC-07": "LDTT", "p-initiatives-CCTDC-07": "1"}
    assert client.post(sheet_url("CCTDC", "registrations"), data=form).status_code == 302
    events = audit_rows(web_app, bloc="KTD-II")
    assert [(e.kind, e.key) for e in events] == [("registration", "KTD-II/2017/person/CCTDC-07"),
                                                 ("person_facts", "KTD-II/2017/CCTDC-07")]
    registration, facts = events
    assert (registration.before, registration.after) == ({"titles": []}, {"titles": ["LDTT"]})
    assert (facts.before["initiatives"], facts.after["initiatives"]) == (0, 1)
    assert {e.actor for e in events} == {"cctdc.truong"}


def test_lock_publish_and_reopen_are_recorded(web_app, sign_in):
    publish(web_app, sign_in)
    reopened = sign_in("thuky").post(f"{BASE}/reopen", data={"reason": "Sửa điểm sau khiếu nại"}, follow_redirects=True)
    assert "Đã mở lại năm thi đua." in reopened.text
    years = audit_rows(web_app, kind="year")
    assert [(e.action, e.before["state"], e.after["state"], e.actor) for e in years] == [
        ("lock", "open", "locked", "thuky"), ("publish", "locked", "published", "thuky"),
        ("reopen", "published", "open", "thuky")]
    assert years[1].after["snapshot"] == 1 and years[2].reason == "Sửa điểm sau khiếu nại"
    sheets = audit_rows(web_app, kind="sheet", action="lock")
    assert sorted(e.key for e in sheets) == ["KTD-II/2017/CCTDC", "KTD-II/2017/TTTK", "KTD-II/2017/TTUD"]
    assert len(audit_rows(web_app, kind="sheet", action="reopen")) == 3


def test_reopening_needs_a_reason_and_records_nothing_without_one(web_app, sign_in):
    publish(web_app, sign_in)
    count = len(audit_rows(web_app, bloc="KTD-II"))
    refused = sign_in("thuky").post(f"{BASE}/reopen", data={"reason": "  "}, follow_redirects=True)
    assert "Mở lại năm thi đua phải có lý do." in refused.text
    assert len(audit_rows(web_app, bloc="KTD-II")) == count


def test_creating_a_user_is_recorded_without_the_password(app, runner):
    result = runner.invoke(args=["user", "create", "kiemtra", "--role", "viewer"], input="mat-khau-dai-1\n")
    assert result.exit_code == 0, result.output
    [event] = audit_rows(app, kind="user")
    assert (event.key, event.action, event.actor, event.user_id) == ("kiemtra", "create", "cli", None)
    assert event.after == {"username": "kiemtra", "role": "viewer", "unit": None, "bloc": None}
    assert "mat-khau" not in json.dumps(event.after)


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET actor = 'ke-gian'", "DELETE FROM audit_events"])
def test_the_database_refuses_to_change_or_delete_an_audit_row(web_app, runner, statement):
    runner.invoke(args=["user", "create", "kiemtra", "--role", "viewer"], input="mat-khau-dai-1\n")
    with web_app.app_context():
        count = db.session.execute(select(db.func.count(AuditEvent.id))).scalar_one()
        assert count >= 1
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
            db.session.commit()
        db.session.rollback()
        assert db.session.execute(select(db.func.count(AuditEvent.id))).scalar_one() == count
        assert "ke-gian" not in db.session.execute(select(AuditEvent.actor)).scalars().all()


def test_a_refused_save_leaves_no_row(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    form = {**sheet_form_data(web_app, "TTTK", {"A.1": "20", "A.3": "999"}), "save": "1"}
    assert sign_in("tttk.truong").post(sheet_url("TTTK"), data=form).status_code == 400
    assert audit_rows(web_app, bloc="KTD-II") == []


def test_a_failure_after_the_rows_were_written_rolls_them_back(web_app, sign_in, monkeypatch):
    import emulation.sheets.service as sheets

    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk is full")
    monkeypatch.setattr(sheets, "record_state", broken)   # the sheet's new state, recorded after its lines and rows
    before = sheet_values(web_app, "TTTK")
    form = accept_all(web_app, "TTTK", A_1=("adjust", "20", "Kế hoạch ban hành chậm."))
    with pytest.raises(RuntimeError, match="disk is full"):
        sign_in("danhgia").post(sheet_url("TTTK", "review"), data=form)
    assert audit_rows(web_app, bloc="KTD-II") == []
    assert sheet_values(web_app, "TTTK") == before


def test_history_page_and_command_show_a_lines_changes(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    head = sign_in("tttk.truong")
    for value in ("20", "21"):
        head.post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", {"A.1": value}), "save": "1"})
    page = head.get(f"{BASE}/units/TTTK/lines/A.1/history")
    assert page.status_code == 200
    assert page.text.count('class="event"') == 2 and "tttk.truong" in page.text
    assert "27 → <strong>20</strong>" in page.text and "20 → <strong>21</strong>" in page.text
    assert 'href="/blocs/KTD-II/years/2017/units/TTTK/lines/A.1/history"' in head.get(sheet_url("TTTK")).text
    assert sign_in("cctdc.truong").get(f"{BASE}/units/TTTK/lines/A.1/history").status_code == 403
    assert head.get(f"{BASE}/units/TTTK/lines/Z.9/history").status_code == 404
    output = web_app.test_cli_runner().invoke(args=["history", "--bloc", "KTD-II", "--year", "2017", "--unit", "TTTK",
                                                    "--criterion", "A.1"]).output
    lines = output.strip().splitlines()
    assert len(lines) == 2 and all(LINE_A1 in line and "tttk.truong" in line for line in lines)
    assert "self_value: 27 → 20" in lines[0] and "self_value: 20 → 21" in lines[1]
    other = web_app.test_cli_runner().invoke(args=["history", "--bloc", "KTD-II", "--year", "2017", "--unit", "TTUD"])
    assert "Chưa có thay đổi nào" in other.output


def test_dump_holds_the_trail_and_load_restores_it(web_app, sign_in, make_app, tmp_path):
    set_sheet_state(web_app, "TTTK", "draft")
    sign_in("tttk.truong").post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", {"A.1": "20"}),
                                                         "text-A.1": "Biên bản \"số 3\"", "submit": "1"})
    first = web_app.test_cli_runner().invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output
    document = json.loads(first)
    assert [(e["kind"], e["key"], e["actor"]) for e in document["audit"]] == [
        ("line", LINE_A1, "tttk.truong"), ("sheet", "KTD-II/2017/TTTK", "tttk.truong")]
    path = tmp_path / "year.json"
    path.write_text(first, encoding="utf-8")
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    runner = other.test_cli_runner()
    assert runner.invoke(args=["load", str(path)]).exit_code == 0
    assert without_loads(runner.invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output) == first
    replaced = web_app.test_cli_runner().invoke(args=["load", str(path), "--replace"])
    assert replaced.exit_code == 0, replaced.output           # the rows already held are not doubled
    again = web_app.test_cli_runner().invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output
    assert without_loads(again) == first
    assert [(e["kind"], e["action"]) for e in json.loads(again)["audit"]][2:] == [("year", "replace")]


def test_a_file_with_another_years_change_is_refused(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    document = json.loads(runner.invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output)
    document["audit"] = [{"at": "2017-03-01T08:00:00", "actor": "cli", "kind": "line", "key": "KTD-I/2016/X/A.1",
                          "action": "enter", "before": None, "after": {"self_value": 1}, "reason": ""}]
    path = tmp_path / "year.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(args=["load", str(path), "--replace"])
    assert result.exit_code == 1 and "$.audit[0].key" in result.output


def test_no_code_path_updates_or_deletes_audit_rows():
    from pathlib import Path

    import emulation
    for source in Path(emulation.__file__).parent.rglob("*.py"):
        text_ = source.read_text(encoding="utf-8")
        assert "delete(AuditEvent" not in text_ and "update(AuditEvent" not in text_, source
