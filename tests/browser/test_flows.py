"""The whole year in a real Chromium, in Vietnamese: entry, review, lock, ranking, workbook, a 403."""
from __future__ import annotations

import pytest

from .conftest import PASSWORD, open_work
from .test_screens import submit_sheet

pytestmark = pytest.mark.browser
SHEET = "/blocs/KTD-II/years/2017/units/{unit}/sheet"
REVIEW = "/blocs/KTD-II/years/2017/units/{unit}/review"
YEAR = "/blocs/KTD-II/years/2017"


def sign_in(browser, base: str, username: str):
    """Open a fresh browser context and sign `username` in through the form."""
    page = browser.new_context(locale="vi-VN", accept_downloads=True).new_page()
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def ranking(page) -> list[str]:
    return page.locator("#ranking tr[data-unit]").evaluate_all("rows => rows.map(r => r.dataset.unit)")


def test_year_flow_in_chromium(browser, live_server, screenshots):
    base = live_server
    viewer = sign_in(browser, base, "thuky")
    viewer.goto(base + YEAR + "/results")
    assert ranking(viewer) == ["TTUD", "CCTDC", "TTTK"]
    screenshots(viewer, "01-ket-qua-truoc")

    # The unit head opens the sheet from the home page, types one invalid value and sees the error beside it.
    head = sign_in(browser, base, "tttk.truong")
    open_work(head, "fill")
    assert head.url.endswith(SHEET.format(unit="TTTK"))
    head.fill("input[name='value-A.1']", "35")
    head.fill("input[name='value-A.4']", "30")
    head.fill("input[name='value-TH.2']", "1")
    assert head.locator("tr[data-code='A.4'] .points").inner_text() == "30"      # live points
    screenshots(head, "02-bang-diem-nhap")
    submit_sheet(head)
    error = head.locator("#error-A\\.1")
    assert error.inner_text() == "Điểm phải từ 0 đến 30."
    assert head.input_value("input[name='value-A.1']") == "35"                   # nothing typed is lost
    assert head.input_value("input[name='value-TH.2']") == "1"
    screenshots(head, "03-bang-diem-loi")
    head.fill("input[name='value-A.1']", "30")
    submit_sheet(head)
    assert "Đã gửi bảng điểm." in head.locator(".flash.success").inner_text()
    screenshots(head, "04-bang-diem-da-gui")

    # The reviewer adjusts one line: a reason is required, then accepted.
    reviewer = sign_in(browser, base, "danhgia")
    reviewer.goto(base + REVIEW.format(unit="TTTK"))
    reviewer.click("#accept-rest")
    reviewer.check("tr[data-code='A.4'] input[value=adjust]")
    reviewer.fill("input[name='value-A.4']", "28")
    reviewer.click("input[name=save], button[name=save]")
    assert reviewer.locator("#error-A\\.4").inner_text() == "Điều chỉnh phải có lý do."
    reviewer.fill("textarea[name='text-A.4']", "Chưa có văn bản đề xuất nhân rộng điển hình.")
    reviewer.click("input[name=save], button[name=save]")
    assert "Đã lưu đánh giá." in reviewer.locator(".flash.success").inner_text()
    screenshots(reviewer, "05-danh-gia")

    # The secretariat locks the year; the ranking shows the new order.
    viewer.goto(base + YEAR + "/")
    screenshots(viewer, "06-tong-quan")
    viewer.click("#lock-button")
    with viewer.expect_navigation():
        viewer.click("#confirm-lock button[value=confirm]")
    assert "Đã khoá năm thi đua." in viewer.locator(".flash.success").inner_text()
    viewer.goto(base + YEAR + "/results")
    assert ranking(viewer) == ["TTUD", "TTTK", "CCTDC"]
    assert viewer.locator("#ranking tr[data-unit=TTTK] td").nth(5).inner_text() == "767"
    assert viewer.locator("svg.chart rect").count() == 6
    screenshots(viewer, "07-ket-qua-sau")

    # The workbook downloads (when the export module is installed).
    link = viewer.locator("#export-link")
    if link.count():
        with viewer.expect_download() as download:
            link.click()
        path = download.value.path()
        assert open(path, "rb").read(2) == b"PK"

    # English on request, with the locale's numbers.
    viewer.goto(base + YEAR + "/results?lang=en")
    assert "Unit ranking" in viewer.content() and "762.16" in viewer.content()
    screenshots(viewer, "09-results-en")

    # A unit head cannot open another unit's sheet, in the browser either.
    response = head.goto(base + SHEET.format(unit="CCTDC"))
    assert response.status == 403
    assert "không có quyền" in head.content()
    screenshots(head, "08-khong-co-quyen")
    # and the locked year refuses the unit head's own sheet
    head.goto(base + SHEET.format(unit="TTTK"))
    assert "đã khoá" in head.content()
