"""Score entry by the unit head: errors beside their field, nothing typed lost, nothing stored until valid."""
import re

from .conftest import field_error, line_versions, set_sheet_state, sheet_form_data, sheet_url, sheet_values


def test_the_form_is_built_from_the_units_criteria(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    page = sign_in("tttk.truong").get(sheet_url("TTTK")).text
    assert 'name="value-TTTK.1.1"' in page and 'name="text-TTTK.1.1"' in page      # the unit's own plan line
    assert 'name="value-CCTDC.1.1"' not in page                                     # not another unit's
    assert re.search(r'<select[^>]*name="value-A.2"', page)                          # pass/fail is a choice
    assert 'data-kind="plan"' in page and 'data-kind="deduction"' in page
    assert "Chỉ tiêu" in page or "chỉ tiêu" in page


def test_an_invalid_value_is_shown_beside_its_field_and_nothing_is_saved(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    before = sheet_values(web_app, "TTTK")
    client = sign_in("tttk.truong")
    form = sheet_form_data(web_app, "TTTK", {"A.1": "35", "C.1": "-2", "D.1": "abc", "A.3": "19,5"})
    form["text-A.1"] = "Ghi chú mới <b>đậm</b>"
    response = client.post(sheet_url("TTTK"), data={**form, "save": "1"})
    assert response.status_code == 400
    html = response.text
    assert field_error(html, "A.1") == "Điểm phải từ 0 đến 30."
    assert field_error(html, "D.1") == "&#39;abc&#39; không phải là số."
    assert field_error(html, "C.1") == "" or "âm" in field_error(html, "C.1")
    # nothing typed is lost, and user text stays escaped
    assert 'name="value-A.1" type="text" value="35"' in html
    assert 'name="value-D.1" type="text" value="abc"' in html
    assert 'name="value-A.3" type="text" value="19,5"' in html
    assert "Ghi chú mới &lt;b&gt;đậm&lt;/b&gt;" in html
    assert sheet_values(web_app, "TTTK") == before


def test_negative_and_non_whole_values_are_refused(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    client = sign_in("tttk.truong")
    form = sheet_form_data(web_app, "TTTK", {"C.1": "-2", "TTTK.2.3": "2,5", "A.2": "3"})
    html = client.post(sheet_url("TTTK"), data={**form, "save": "1"}).text
    assert field_error(html, "C.1") == "Giá trị không được âm."
    assert field_error(html, "TTTK.2.3") == "Phải là số nguyên."
    assert field_error(html, "A.2") == "Chọn Đạt hoặc Không đạt."


def test_save_draft_then_submit(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    client = sign_in("tttk.truong")
    form = sheet_form_data(web_app, "TTTK", {"A.1": "29,5", "TTTK.2.2": "1.250"})
    form["text-A.1"] = "Kế hoạch số 12/KH"
    response = client.post(sheet_url("TTTK"), data={**form, "save": "1"})
    assert response.status_code == 302
    stored = sheet_values(web_app, "TTTK")
    assert stored["state"] == "draft"
    assert stored["A.1"][0] == 29.5 and stored["A.1"][3] == "Kế hoạch số 12/KH"
    assert stored["TTTK.2.2"][0] == 1250            # Vietnamese grouping: 1.250 is one thousand two hundred fifty
    page = client.get(sheet_url("TTTK")).text
    assert 'value="29,5"' in page and "Đã lưu nháp." in page
    form.update(line_versions(web_app, "TTTK"))     # the page as read again after the save
    assert client.post(sheet_url("TTTK"), data={**form, "submit": "1"}).status_code == 302
    assert sheet_values(web_app, "TTTK")["state"] == "submitted"
    # a submitted sheet is no longer editable
    again = client.post(sheet_url("TTTK"), data={**form, "A.1": "1", "save": "1"})
    assert again.status_code == 400 and "đang chờ đánh giá" in again.text


def test_submit_needs_every_scored_line(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    client = sign_in("tttk.truong")
    form = sheet_form_data(web_app, "TTTK", {"A.1": "", "TR.1": ""})
    html = client.post(sheet_url("TTTK"), data={**form, "submit": "1"}).text
    assert field_error(html, "A.1") == "Cần nhập giá trị trước khi gửi."
    assert field_error(html, "TR.1") == ""               # a deduction left blank means none
    assert sheet_values(web_app, "TTTK")["state"] == "draft"


def test_plugin_cross_checks_are_shown_and_nothing_is_saved(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    before = sheet_values(web_app, "TTTK")
    client = sign_in("tttk.truong")
    form = sheet_form_data(web_app, "TTTK", {"TTTK.1.1": "0", "TTTK.1.2": "1000"})
    response = client.post(sheet_url("TTTK"), data={**form, "save": "1"})
    assert response.status_code == 400
    assert "không có số nào được xuất bản" in response.text
    assert sheet_values(web_app, "TTTK") == before


def test_points_are_computed_server_side_with_the_engine(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    client = sign_in("tttk.truong")
    form = sheet_form_data(web_app, "TTTK", {"TTTK.1.1": "1"})       # half the target of 2: 40 * 0.5 * 1/2
    client.post(sheet_url("TTTK"), data={**form, "save": "1"})
    html = client.get(sheet_url("TTTK")).text
    row = html[html.index('data-code="TTTK.1.1"'):]
    assert re.search(r'<td class="num points" data-label="Điểm">10</td>', row[:3000])


def test_a_pass_fail_line_offers_met_and_not_met_with_the_stored_choice_selected(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    client = sign_in("tttk.truong")
    stored = sheet_values(web_app, "TTTK")["A.2"][0]
    page = client.get(sheet_url("TTTK")).text
    body = re.search(r'<select[^>]*name="value-A.2"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option (selected )?value="([^"]*)">([^<]*)</option>', body)
    assert [(value, label) for _s, value, label in options] == [("", "—"), ("1", "Đạt"), ("0", "Không đạt")], body
    chosen = [value for selected, value, _l in options if selected]
    assert chosen == ["" if stored is None else str(int(stored))]
