"""Evidence files on a phone: a unit head picks a file for a line, sees it listed, downloads it and removes it."""
from __future__ import annotations

from pathlib import Path

import pytest

from sheets.evidence_samples import PDF

from .conftest import PHONE, open_as

pytestmark = pytest.mark.browser
SHEET = "/blocs/KTD-II/years/2017/units/TTTK/sheet"
FILES = "[id='files-A.3']"


def test_a_unit_head_uploads_evidence_on_a_phone(browser, live_server, screenshots, tmp_path):
    page = open_as(browser, live_server, "tttk.truong", "", viewport=PHONE)
    page.goto(live_server + SHEET)
    evidence = tmp_path / "Kế hoạch 2017.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("input[type=file][form='upload-A.3']", [str(evidence)])
    with page.expect_navigation():
        page.click("button[form='upload-A.3']")
    assert "Đã tải lên 1 tệp minh chứng." in page.locator(".flash.success").inner_text()
    link = page.locator(f"{FILES} a")
    assert link.inner_text() == "Kế hoạch 2017.pdf"
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    screenshots(page, "phone-unit-head-evidence")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == PDF and download.value.suggested_filename == evidence.name

    # Removing asks first; cancelling keeps the file, confirming removes it.
    page.click(f"{FILES} button")
    page.locator("#confirm-remove-evidence button[value=cancel]").click()
    assert page.locator(f"{FILES} a").count() == 1
    page.click(f"{FILES} button")
    with page.expect_navigation():
        page.locator("#confirm-remove-evidence button[value=confirm]").click()
    assert page.locator(FILES).count() == 0 and "Kế hoạch 2017.pdf" in page.locator(".flash.success").inner_text()
