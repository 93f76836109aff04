"""Review (accept, adjust with a reason, return with a comment), resubmission, lock and publish."""
import re

from emulation.years.results import year_results

from .conftest import BASE, line_versions, sheet_form_data, sheet_url, sheet_values


def _review_form(app, unit: str, action: str = "accept", **lines) -> dict:
    """Accept every line of `unit`, with the given lines overridden: code -> (action, value, text)."""
    form = line_versions(app, unit)
    for code in sheet_values(app, unit):
        if code != "state":
            form[f"action-{code}"], form[f"value-{code}"], form[f"text-{code}"] = action, "", ""
    for code, (act, value, text) in lines.items():
        code = code.replace("_", ".")
        form[f"action-{code}"], form[f"value-{code}"], form[f"text-{code}"] = act, value, text
    return form


def test_reviewer_sees_self_scores_beside_the_review_column(sign_in):
    html = sign_in("danhgia").get(sheet_url("TTTK", "review")).text
    row = html[html.index('data-code="A.1"'):]
    assert '<td class="num self" data-label="Tự chấm">27</td>' in row[:1200]
    assert 'name="action-A.1"' in row and 'name="text-A.1"' in row


def test_an_adjustment_needs_a_reason_and_nothing_is_saved_without_one(web_app, sign_in):
    before = sheet_values(web_app, "TTTK")
    client = sign_in("danhgia")
    response = client.post(sheet_url("TTTK", "review"), data=_review_form(web_app, "TTTK", A_1=("adjust", "25", "")))
    assert response.status_code == 400
    assert '<div class="field-error" id="error-A.1">Điều chỉnh phải có lý do.</div>' in response.text
    assert re.search(r'<input[^>]*name="value-A.1"[^>]*value="25"', response.text)
    assert sheet_values(web_app, "TTTK") == before


def test_adjusting_with_a_reason_changes_the_results(web_app, sign_in):
    client = sign_in("danhgia")
    form = _review_form(web_app, "TTTK", A_1=("adjust", "20", "Kế hoạch ban hành chậm."))
    assert client.post(sheet_url("TTTK", "review"), data=form).status_code == 302
    stored = sheet_values(web_app, "TTTK")
    assert stored["state"] == "reviewed"
    assert stored["A.1"][1:3] == (20, "adjusted")
    with web_app.app_context():
        totals = {u["code"]: u["total"] for u in year_results("KTD-II", 2017)["units"]}
    assert totals["TTTK"] == 746 - 7


def test_return_with_comment_then_resubmit(web_app, sign_in):
    reviewer, head = sign_in("danhgia"), sign_in("tttk.truong")
    no_comment = reviewer.post(sheet_url("TTTK", "review"), data=_review_form(web_app, "TTTK", D_3=("return", "", "")))
    assert "Trả lại phải có nhận xét." in no_comment.text
    form = _review_form(web_app, "TTTK", D_3=("return", "", "Thiếu minh chứng văn phòng điện tử."))
    assert reviewer.post(sheet_url("TTTK", "review"), data=form).status_code == 302
    assert sheet_values(web_app, "TTTK")["state"] == "returned"
    page = head.get(sheet_url("TTTK")).text
    assert "Thiếu minh chứng văn phòng điện tử." in page and "bị trả lại" in page
    resubmit = sheet_form_data(web_app, "TTTK", {"D.3": "27"})
    assert head.post(sheet_url("TTTK"), data={**resubmit, "submit": "1"}).status_code == 302
    stored = sheet_values(web_app, "TTTK")
    assert stored["state"] == "submitted" and stored["D.3"][0] == 27 and stored["D.3"][2] == "pending"
    assert stored["A.1"][2] == "accepted"                     # lines left as they were keep their review


def test_lock_needs_every_sheet_reviewed_then_refuses_every_change(web_app, sign_in):
    secretariat, reviewer = sign_in("thuky"), sign_in("danhgia")
    refused = secretariat.post(f"{BASE}/lock", follow_redirects=True)
    assert "TTTK" in refused.text and "chưa được đánh giá xong" in refused.text
    reviewer.post(sheet_url("TTTK", "review"), data=_review_form(web_app, "TTTK"))
    done = secretariat.post(f"{BASE}/lock", follow_redirects=True)
    assert "Đã khoá năm thi đua." in done.text
    assert sheet_values(web_app, "TTTK")["state"] == "locked"
    before = sheet_values(web_app, "TTTK")
    # the reviewer can no longer review, the unit head can no longer edit
    late_review = reviewer.post(sheet_url("TTTK", "review"), data=_review_form(web_app, "TTTK", A_1=("adjust", "1", "x")))
    assert late_review.status_code == 400 and "đã khoá" in late_review.text
    head = sign_in("tttk.truong")
    late_edit = head.post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", {"A.1": "1"}), "save": "1"})
    assert late_edit.status_code == 400 and "Năm thi đua 2017 đã khoá; không thể thay đổi." in late_edit.text
    late_registration = head.post(sheet_url("TTTK", "registrations"), data={"p-title-TTTK-01": ""})
    assert late_registration.status_code == 400
    assert sheet_values(web_app, "TTTK") == before
    assert "Đã công bố kết quả." in secretariat.post(f"{BASE}/publish", follow_redirects=True).text
    assert sign_in("xem").get(f"{BASE}/results").status_code == 200
