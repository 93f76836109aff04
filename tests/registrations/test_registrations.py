"""Registrations and yearly facts, edited by the unit head while the year is open."""
from emulation.years.results import year_results

from .conftest import BASE, form_as_shown, sheet_url


def _current_form(client, unit: str) -> dict:
    """Return the registrations form of `unit` as the page shows it (what a browser would post back)."""
    return form_as_shown(client.get(sheet_url(unit, "registrations")).text)


def _stats(app):
    with app.app_context():
        return year_results("KTD-II", 2017)["registration_stats"]


def test_page_lists_collectives_and_people_with_their_titles(sign_in):
    html = sign_in("tttk.truong").get(sheet_url("TTTK", "registrations")).text
    assert "Phòng Thông tin – Tư liệu" in html and "Triệu Đức Thịnh" in html
    assert 'name="c-title-TTTK-TT-TTLDXS" value="1" aria-label="c-title-TTTK-TT-TTLDXS" checked' in html
    assert '<option value="CSTDCS" selected' in html


def test_unit_head_registers_a_person_and_the_statistics_follow(web_app, sign_in):
    client = sign_in("cctdc.truong")
    before = _stats(web_app)
    form = _current_form(client, "CCTDC")
    assert form["p-title-CCTDC-07"] == ""                              # the one person not registered
    form["p-title-CCTDC-07"] = "LDTT"
    form["p-initiatives-CCTDC-07"] = "1"
    response = client.post(sheet_url("CCTDC", "registrations"), data=form)
    assert response.status_code == 302, response.text
    after = _stats(web_app)
    assert after["individuals"]["registered"] == before["individuals"]["registered"] + 1 == 62
    assert after["by_title"]["LDTT"] == before["by_title"]["LDTT"] + 1
    assert after["by_title"]["CSTDCS"] == before["by_title"]["CSTDCS"]
    assert "62/62" in sign_in("thuky").get(f"{BASE}/").text


def test_invalid_facts_are_refused_beside_the_field(web_app, sign_in):
    client = sign_in("cctdc.truong")
    before = _stats(web_app)
    form = _current_form(client, "CCTDC")
    form["p-title-CCTDC-07"] = "LDTT"
    form["p-initiatives-CCTDC-02"] = "-1"
    response = client.post(sheet_url("CCTDC", "registrations"), data=form)
    assert response.status_code == 400
    assert "Số sáng kiến phải là số nguyên không âm." in response.text
    assert 'value="-1"' in response.text                               # what was typed stays
    assert _stats(web_app) == before


def test_reviewer_reads_registrations_but_cannot_change_them(sign_in):
    client = sign_in("danhgia")
    assert client.get(sheet_url("CCTDC", "registrations")).status_code == 200
    assert client.post(sheet_url("CCTDC", "registrations"), data={}).status_code == 403
