"""What attacking the running app broke, each answered at its root (issue 11: points 2, 3, 4 and 7).

Huge numbers are refused by the field on every entry path and can no longer break a page; a post
that leaves fields out changes nothing of them; a post without the versions its form carries is
refused; the reopen reason is validated like every free text; a year file names the field holding a
control character; "-0" is zero.
"""
import json
import math

import pytest
from sqlalchemy import select, update
from web.conftest import field_error, form_as_shown, line_versions, set_sheet_state, sheet_form_data, sheet_values

from emulation.extensions import db
from emulation.models import PersonFact, Registration, ScoreLine, ScoreSheet, SignedCriterion, Unit

from .audit_helpers import audit_rows, publish
from .conftest import BASE, dump_database, sheet_url

HUGE = "999999999999999999999999"


def _store_directly(app, unit: str, code: str, **values) -> None:
    with app.app_context():
        line_id = db.session.execute(select(ScoreLine.id).join(ScoreSheet).join(Unit).join(ScoreLine.criterion)
                                     .where(Unit.code == unit, SignedCriterion.code == code)).scalar_one()
        db.session.execute(update(ScoreLine).where(ScoreLine.id == line_id).values(**values))
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("code", ["TTTK.2.2", "TTTK.2.3"])      # a plan line and a count line
def test_a_huge_number_is_refused_beside_its_field_and_nothing_changes(web_app, sign_in, code):
    set_sheet_state(web_app, "TTTK", "draft")
    before = dump_database(web_app)
    response = sign_in("tttk.truong").post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", {code: HUGE}),
                                                                     "save": "1"})
    assert response.status_code == 400
    assert field_error(response.text, code).startswith("Giá trị quá lớn: tối đa")
    assert dump_database(web_app) == before


def test_an_adjusted_value_is_held_to_the_same_range(web_app, sign_in):
    form = {**line_versions(web_app, "TTTK"), "action-TTTK.2.3": "adjust", "value-TTTK.2.3": HUGE,
            "text-TTTK.2.3": "Sửa"}
    response = sign_in("danhgia").post(sheet_url("TTTK", "review"), data=form)
    assert response.status_code == 400 and field_error(response.text, "TTTK.2.3").startswith("Giá trị quá lớn")


def test_no_stored_value_can_break_a_page_and_the_line_can_be_repaired(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    _store_directly(web_app, "TTTK", "TTTK.2.3", self_value=1e30, reviewed_value=1.7976931348623157e308)
    head, reviewer = sign_in("tttk.truong"), sign_in("danhgia")
    sheet = head.get(sheet_url("TTTK"))
    assert sheet.status_code == 200 and "1000000000000000000000000000000" in sheet.text
    assert reviewer.get(sheet_url("TTTK", "review")).status_code == 200
    assert head.get(sheet_url("TTTK", "lines/TTTK.2.3/history")).status_code == 200
    assert reviewer.get(f"{BASE}/results").status_code == 200
    repaired = head.post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", {"TTTK.2.3": "12"}), "save": "1"})
    assert repaired.status_code == 302, repaired.text


def test_minus_zero_is_stored_as_zero(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    form = {**sheet_form_data(web_app, "TTTK", {"TTTK.2.3": "-0"}), "save": "1"}
    assert sign_in("tttk.truong").post(sheet_url("TTTK"), data=form).status_code == 302
    stored = sheet_values(web_app, "TTTK")["TTTK.2.3"][0]
    assert stored == 0 and math.copysign(1, stored) == 1
    page = sign_in("tttk.truong").get(sheet_url("TTTK")).text
    assert 'name="value-TTTK.2.3" type="text" value="0"' in page


def _registrations(app) -> tuple:
    with app.app_context():
        found = (db.session.execute(select(Registration.title_code).order_by(Registration.id)).scalars().all(),
                 db.session.execute(select(PersonFact.person_id, PersonFact.task_rating, PersonFact.initiatives)
                                    .order_by(PersonFact.person_id)).all())
        db.session.remove()
        return found


def test_a_registrations_post_with_only_the_token_changes_nothing(web_app, sign_in):
    before = dump_database(web_app)
    response = sign_in("tttk.truong").post(sheet_url("TTTK", "registrations"), data={"csrf_token": "x"})
    assert response.status_code == 302
    assert dump_database(web_app) == before
    assert not audit_rows(web_app, kind="registration")


def test_fields_left_out_of_a_registrations_post_stay_as_they_are(web_app, sign_in):
    client = sign_in("tttk.truong")
    form = form_as_shown(client.get(sheet_url("TTTK", "registrations")).text)
    kept = {name: value for name, value in form.items() if name.endswith("TTTK-01")}
    assert kept["p-rating-TTTK-01"] and kept["p-title-TTTK-01"]
    posted = {"p-version-TTTK-01": kept["p-version-TTTK-01"], "p-initiatives-TTTK-01": "7"}
    assert client.post(sheet_url("TTTK", "registrations"), data=posted).status_code == 302
    after = form_as_shown(client.get(sheet_url("TTTK", "registrations")).text)
    assert after["p-initiatives-TTTK-01"] == "7"
    assert (after["p-rating-TTTK-01"], after["p-title-TTTK-01"]) == (kept["p-rating-TTTK-01"], kept["p-title-TTTK-01"])
    assert {n: v for n, v in after.items() if not n.endswith("TTTK-01")} == \
        {n: v for n, v in form.items() if not n.endswith("TTTK-01")}


@pytest.mark.parametrize("page", ["sheet", "registrations", "review"])
def test_a_save_without_the_versions_its_form_carries_is_refused(web_app, sign_in, page):
    set_sheet_state(web_app, "TTTK", "draft" if page == "sheet" else "submitted")
    user = "danhgia" if page == "review" else "tttk.truong"
    client = sign_in(user)
    if page == "sheet":
        form = {"value-A.1": "20", "text-A.1": "x", "save": "1"}
    elif page == "review":
        form = {"action-A.1": "accept"}
    else:
        form = {"p-initiatives-TTTK-01": "5", "p-rating-TTTK-01": "HTT"}
    before = dump_database(web_app)
    response = client.post(sheet_url("TTTK", page), data=form)
    assert response.status_code == 400
    assert "không kèm phiên bản; hãy tải lại trang rồi lưu lại." in response.text
    assert dump_database(web_app) == before


@pytest.mark.parametrize("reason", ["Sửa\x00điểm", "Sửa \x1b[31mđiểm"])
def test_a_reopen_reason_with_control_characters_is_refused(web_app, sign_in, reason):
    publish(web_app, sign_in)
    before = dump_database(web_app)
    refused = sign_in("thuky").post(f"{BASE}/reopen", data={"reason": reason}, follow_redirects=True)
    assert refused.status_code == 200 and "Không được chứa ký tự điều khiển." in refused.text
    assert dump_database(web_app) == before


def _load(app, tmp_path, document) -> object:
    path = tmp_path / "year.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return app.test_cli_runner().invoke(args=["load", str(path), "--replace"])


def _dumped(app) -> dict:
    result = app.test_cli_runner().invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"])
    return json.loads(result.output)


def test_a_year_file_with_a_huge_value_is_refused_naming_the_field(demo_app, tmp_path):
    document = _dumped(demo_app)
    index = next(i for i, line in enumerate(document["lines"]) if line["criterion"] == "TTTK.2.3")
    document["lines"][index]["self_value"] = 1e30
    before = dump_database(demo_app)
    result = _load(demo_app, tmp_path, document)
    assert result.exit_code != 0
    assert f"$.lines[{index}].self_value: phải từ 0 đến" in result.output and "Traceback" not in result.output
    assert dump_database(demo_app) == before


@pytest.mark.parametrize("where", ["people", "audit"])
def test_a_year_file_with_a_nul_is_refused_naming_the_field(demo_app, tmp_path, where):
    document = _dumped(demo_app)
    if where == "people":
        document["people"][3]["full_name"] = "Nguyễn\x00Văn A"
        path = "$.people[3].full_name"
    else:
        document["audit"] = [{"at": "2017-12-01T08:00:00", "actor": "cli", "kind": "year", "key": "KTD-II/2017",
                              "action": "load", "before": None, "after": {"note": "a\x00b"}, "reason": ""}]
        path = "$.audit[0].after.note"
    before = dump_database(demo_app)
    result = _load(demo_app, tmp_path, document)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{path}: không được chứa ký tự điều khiển" in result.output
    assert dump_database(demo_app) == before
