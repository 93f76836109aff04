"""The year's months worked follow from the HR record: the facts page shows them, the results change with them."""
import json
import re

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import PersonFact

from .conftest import BASE, form_as_shown, sheet_url

FACTS = sheet_url("TTTK", "registrations")


def _ldtt(app, code: str) -> dict:
    """The LDTT decision of person `code` from `emulation results --format json`."""
    result = app.test_cli_runner().invoke(args=["results", "--bloc", "KTD-II", "--year", "2017", "--format", "json"])
    assert result.exit_code == 0, result.output
    person = next(p for p in json.loads(result.output)["individuals"] if p["code"] == code)
    return next(d for d in person["decisions"] if d["title"] == "LDTT")


def _months_reason(decision: dict) -> str:
    return next(r["text"] for r in decision["reasons"] if r["condition"] == "Thời gian công tác trong năm")


def _results_row(client, code: str) -> str:
    html = client.get(f"{BASE}/results", query_string={"q": code}).text       # the results come in pages
    return re.search(rf'<tr data-code="{code}">.*?</tr>', html, re.S).group(0)


def _months_cell(html: str, code: str) -> str:
    row = re.search(rf'<tr data-code="{code}".*?</tr>', html, re.S).group(0)
    return re.search(r'<td class="months"[^>]*>(.*?)</td>', row, re.S).group(1)


def test_seven_months_of_unpaid_leave_lose_the_ldtt(web_app, sign_in):
    head = sign_in("tttk.truong")
    assert _ldtt(web_app, "TTTK-02")["decision"] == "awarded"
    assert "badge awarded" in _results_row(head, "TTTK-02")
    response = head.post("/people/TTTK-02/leave", data={"kind": "unpaid", "starts_on": "2017-02-01",
                                                         "ends_on": "2017-08-31"})
    assert response.status_code == 302
    decision = _ldtt(web_app, "TTTK-02")
    assert decision["decision"] == "not_awarded"
    assert _months_reason(decision) == ("Thời gian công tác tính đến 15/12/2017: 4 tháng (tuyển dụng 11/01/2010; "
                                        "không tính 7 tháng) < 10 tháng")
    row = _results_row(head, "TTTK-02")
    assert "badge not_awarded" in row and "không tính 7 tháng" in row
    cell = _months_cell(head.get(FACTS).text, "TTTK-02")
    assert 'data-months="4"' in cell and "tính từ hồ sơ" in cell and "<input" not in cell


def test_maternity_leave_counts_as_time_worked(web_app, sign_in):
    head = sign_in("tttk.truong")
    head.post("/people/TTTK-02/leave", data={"kind": "maternity", "starts_on": "2017-02-01", "ends_on": "2017-07-31"})
    decision = _ldtt(web_app, "TTTK-02")
    assert decision["decision"] == "awarded"
    assert _months_reason(decision).startswith("Thời gian công tác tính đến 15/12/2017: 11 tháng")
    assert 'data-months="11"' in _months_cell(head.get(FACTS).text, "TTTK-02")


def test_a_departure_mid_year_ends_the_months_worked(web_app, sign_in):
    head = sign_in("tttk.truong")
    head.post("/people/TTTK-03/departure", data={"departure": "transferred_out", "left_on": "2017-07-01",
                                                  "version": "1"})
    decision = _ldtt(web_app, "TTTK-03")
    assert decision["decision"] == "not_awarded" and "không tính 5 tháng" in _months_reason(decision)


def test_a_person_recruited_mid_year_through_the_record(web_app, sign_in):
    head = sign_in("tttk.truong")
    response = head.post("/units/TTTK/people/new", data={"full_name": "Lò Thị Mai", "recruited_on": "2017-03-01",
                                                          "collective": "TTTK-TT"})
    code = response.location.rsplit("/", 1)[1]
    assert 'data-months="9"' in _months_cell(head.get(FACTS).text, code)      # 1 March to 15 December


def test_months_without_a_record_are_entered_by_hand_and_say_so(web_app, sign_in):
    head = sign_in("tttk.truong")
    page = head.get(FACTS).text
    cell = _months_cell(page, "TTTK-06")
    assert 'name="p-months-TTTK-06"' in cell and "nhập tay" in cell
    form = form_as_shown(page)
    assert form["p-months-TTTK-06"] == "0"
    form["p-months-TTTK-06"] = "3"
    assert head.post(FACTS, data=form).status_code == 302
    with web_app.app_context():
        stored = db.session.execute(select(PersonFact.months_not_counted).join(PersonFact.person)
                                    .where(PersonFact.person.has(code="TTTK-06"))).scalar_one()
    assert stored == 3
    assert "không tính 3 tháng" in _months_reason(_ldtt(web_app, "TTTK-06"))


def test_months_of_a_person_with_a_record_cannot_be_entered_by_hand(web_app, sign_in):
    head = sign_in("tttk.truong")
    head.post("/people/TTTK-02/leave", data={"kind": "unpaid", "starts_on": "2017-02-01", "ends_on": "2017-08-31"})
    form = form_as_shown(head.get(FACTS).text)
    assert "p-months-TTTK-02" not in form
    refused = head.post(FACTS, data={**form, "p-months-TTTK-02": "0"})
    assert refused.status_code == 400
    assert "Số tháng của người này được tính từ hồ sơ, không nhập tay." in refused.text
    bad = head.post(FACTS, data={**form, "p-months-TTTK-06": "13"})
    assert bad.status_code == 400 and "Số tháng không tính phải là số nguyên từ 0 đến 12." in bad.text
    assert _ldtt(web_app, "TTTK-02")["decision"] == "not_awarded"


def test_a_locked_year_keeps_its_months_until_it_is_reopened(web_app, sign_in):
    from emulation.models import EmulationYear
    with web_app.app_context():
        db.session.execute(select(EmulationYear)).scalar_one().state = "locked"
        db.session.commit()
    head = sign_in("tttk.truong")
    refused = head.post("/people/TTTK-02/leave", data={"kind": "unpaid", "starts_on": "2017-02-01",
                                                        "ends_on": "2017-08-31"})
    assert refused.status_code == 400
    assert "Năm thi đua 2017 đã khoá: hãy mở lại năm đó trước khi sửa thời gian công tác của năm." in refused.text
    assert _ldtt(web_app, "TTTK-02")["decision"] == "awarded"
    later = head.post("/people/TTTK-02/leave", data={"kind": "unpaid", "starts_on": "2018-02-01",
                                                      "ends_on": "2018-08-31"})
    assert later.status_code == 302
