"""Importing a staff list in a real Chromium: one bad row shown by row and column, fixed, previewed, confirmed."""
from __future__ import annotations

import pytest
from people.conftest import staff_file

from .test_flows import sign_in

pytestmark = pytest.mark.browser
IMPORT = "/blocs/KTD-II/years/2017/units/TTTK/import"
ROWS = [["TTTK-90", "Phạm Thị Hoa", "05/09/1990", "Nữ", "Chuyên viên", "TTTK", "TTTK-TT", "01/03/2015", "Viên chức"],
        ["TTTK-91", "Đỗ Văn Nam", "12/1/1988", "Nam", "Kỹ sư", "", "TTTK-TK", "2/1/2016", "Người lao động"]]


def import_staff_list(head, base: str, tmp_path, screenshots, shot: str) -> None:
    """On the import page: a file with one bad row is refused by sheet, row and column; the fixed one adds two."""
    bad, good = tmp_path / "nhan-su-loi.xlsx", tmp_path / "nhan-su.xlsx"
    bad.write_bytes(staff_file([ROWS[0], [*ROWS[1][:2], "31/02/1988", *ROWS[1][3:]]], title_rows=1))
    good.write_bytes(staff_file(ROWS, title_rows=1))
    head.goto(base + IMPORT)
    head.set_input_files("#upload-form input[type=file]", str(bad))
    head.click("#upload-form button[type=submit]")
    problem = head.locator("#import-problems tr.invalid")
    assert problem.count() == 1
    assert problem.evaluate("r => [r.dataset.sheet, r.dataset.row, r.dataset.column]") == [
        "Người lao động", "4", "Ngày sinh"]
    assert head.locator("#confirm-form").count() == 0                          # nothing to confirm, nothing saved
    screenshots(head, f"{shot}-01-loi")

    head.set_input_files("#upload-form input[type=file]", str(good))
    head.click("#upload-form button[type=submit]")
    assert head.locator("#import-changes tr[data-action=add]").count() == 2
    screenshots(head, f"{shot}-02-xem-truoc")
    head.click("#confirm-form button[type=submit]")
    assert "Đã nhập: thêm 2, sửa 0 dòng." in head.locator(".flash.success").inner_text()


def test_a_unit_head_imports_a_staff_list_in_chromium(browser, live_server, screenshots, tmp_path):
    base = live_server
    head = sign_in(browser, base, "tttk.truong")
    head.goto(base + "/blocs/KTD-II/years/2017/units/TTTK/registrations")
    head.click("#import-link")
    assert head.url.endswith(IMPORT)
    with head.expect_download() as template:
        head.click("#template-link")
    assert template.value.suggested_filename == "mau-nhap-nguoi-lao-dong.xlsx"

    import_staff_list(head, base, tmp_path, screenshots, "nhap")
    head.goto(base + "/blocs/KTD-II/years/2017/units/TTTK/registrations")
    assert head.locator("tr[data-code='TTTK-90']").count() == 1

    head.goto(base + IMPORT)
    head.set_input_files("#upload-form input[type=file]", str(tmp_path / "nhan-su.xlsx"))
    head.click("#upload-form button[type=submit]")
    assert head.locator("#import-nothing").count() == 1                       # twice: nothing to change
    screenshots(head, "nhap-03-lan-hai")
