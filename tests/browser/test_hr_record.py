"""Issue 13 done, in a real Chromium: a unit head keeps the HR record and the year's results follow it.

The head imports a staff list with one bad row (shown by sheet, row and column), fixes and imports it, moves a
person to another collective, records a maternity leave for her and seven months of unpaid leave for a colleague;
the results page and the profiles then show the maternity leave keeping LĐTT and the unpaid leave losing it.
"""
from __future__ import annotations

import pytest

from .test_flows import sign_in
from .test_people_import import import_staff_list

pytestmark = pytest.mark.browser
YEAR = "/blocs/KTD-II/years/2017"
MOTHER, COLLEAGUE = "TTTK-02", "TTTK-03"          # Lý Thị Hương and Hà Thị Minh Thu, both registered for LĐTT
RECORD_PAGES = {f"/people/{MOTHER}/{page}" for page in ("edit", "transfer", "position", "leave", "departure")}


def _ldtt(page, code: str):
    """The LĐTT decision of person `code` on the results page."""
    return page.locator(f"tr[data-code='{code}'] details[data-title=LDTT]")


def _months_reason(decision) -> str:
    return decision.locator("li", has_text="Thời gian công tác trong năm").text_content()


def _record_leave(head, base: str, code: str, kind: str, starts_on: str, ends_on: str) -> None:
    head.goto(base + f"/people/{code}")
    head.click("#record-links a[href$='/leave']")
    head.select_option("#leave-form select[name=kind]", kind)
    head.fill("#leave-form input[name=starts_on]", starts_on)
    head.fill("#leave-form input[name=ends_on]", ends_on)
    head.click("#leave-form button[type=submit]")
    assert head.url.endswith(f"/people/{code}")
    assert "Đã ghi kỳ nghỉ" in head.locator(".flash.success").inner_text()


def test_a_unit_head_keeps_the_record_and_the_results_follow(browser, live_server, screenshots, tmp_path):
    base = live_server
    head = sign_in(browser, base, "tttk.truong")
    head.goto(base + YEAR + "/results?per_page=100")          # every person on one page
    assert _ldtt(head, MOTHER).get_attribute("data-decision") == "awarded"
    assert _ldtt(head, COLLEAGUE).get_attribute("data-decision") == "awarded"

    import_staff_list(head, base, tmp_path, screenshots, "hoso")
    head.goto(base + "/people?q=pham+hoa")
    assert head.locator("tr[data-code='TTTK-90']").count() == 1

    # The profile leads to every page of the record; the transfer moves her to another collective.
    head.goto(base + f"/people/{MOTHER}")
    links = head.locator("#record-links a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert RECORD_PAGES <= set(links)
    head.click(f"#record-links a[href='/people/{MOTHER}/transfer']")
    head.select_option("#transfer-form select[name=collective]", "TTTK-TH")
    head.fill("#transfer-form input[name=starts_on]", "2017-03-01")                # a date input
    screenshots(head, "hoso-03-dieu-chuyen")
    head.click("#transfer-form button[type=submit]")
    assert head.url.endswith(f"/people/{MOTHER}")
    assert "Đã chuyển Lý Thị Hương." in head.locator(".flash.success").inner_text()

    _record_leave(head, base, MOTHER, "maternity", "2017-02-01", "2017-07-31")
    _record_leave(head, base, COLLEAGUE, "unpaid", "2017-02-01", "2017-08-31")

    # The results: maternity leave counts as time worked, seven months of unpaid leave do not.
    head.goto(base + YEAR + "/results?per_page=100")
    kept, lost = _ldtt(head, MOTHER), _ldtt(head, COLLEAGUE)
    assert kept.get_attribute("data-decision") == "awarded"
    assert "11 tháng" in _months_reason(kept)
    assert lost.get_attribute("data-decision") == "not_awarded"
    lost.locator("summary").click()
    assert "4 tháng" in _months_reason(lost) and "không tính 7 tháng" in _months_reason(lost)
    screenshots(head, "hoso-04-ket-qua")

    # Her profile: the new placement, the leave, and the year's decision with its months.
    head.goto(base + f"/people/{MOTHER}")
    assert "Phòng Tin học – Mạng" in head.locator("#identity").inner_text()
    placement = head.locator("#placements tr", has_text="01/03/2017")
    assert "Phòng Tin học – Mạng" in placement.inner_text()
    leave = head.locator("#leave tr[data-kind=maternity]")
    assert "01/02/2017" in leave.inner_text() and "31/07/2017" in leave.inner_text()
    year = head.locator("#year-2017 details[data-title=LDTT]")
    assert year.get_attribute("data-decision") == "awarded" and "11 tháng" in _months_reason(year)
    screenshots(head, "hoso-05-ho-so")
    head.goto(base + f"/people/{COLLEAGUE}")
    assert head.locator("#leave tr[data-kind=unpaid]").count() == 1
    assert head.locator("#year-2017 details[data-title=LDTT]").get_attribute("data-decision") == "not_awarded"

    # The secretariat finds the same edit pages on the profile.
    secretariat = sign_in(browser, base, "thuky")
    secretariat.goto(base + f"/people/{MOTHER}")
    links = secretariat.locator("#record-links a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert RECORD_PAGES <= set(links)
