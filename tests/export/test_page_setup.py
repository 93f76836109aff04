"""Print-ready: A4 landscape, one page wide, header rows repeated and frozen, title block and signatures."""
import re
import zipfile

import pytest

BLOC_NAME = "KHỐI THI ĐUA II – SỞ KHOA HỌC VÀ CÔNG NGHỆ CAO BẰNG"
FIRST_HEADERS = {"Xếp hạng": "Hạng", "Đăng ký thi đua": "STT", "Danh hiệu tập thể": "STT",
                 "Danh hiệu cá nhân": "STT", "Đề nghị khen thưởng": "STT", "Tiền thưởng": "STT"}


def header_row(ws) -> int:
    first = FIRST_HEADERS.get(ws.title, "Mã")
    return next(row[0].row for row in ws.iter_rows() if row[0].value == first)


def test_every_sheet_prints_on_a4_landscape_one_page_wide(workbook):
    for ws in workbook.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToWidth in (None, 1, "1") and str(setup.fitToHeight) == "0", ws.title


def test_header_rows_repeat_on_every_page_and_stay_frozen(workbook):
    for ws in workbook.worksheets:
        row = header_row(ws)
        assert ws.print_title_rows == f"${row}:${row}", ws.title
        assert re.fullmatch(rf"[A-Z]+{row + 1}", ws.freeze_panes), ws.title


def test_page_setup_in_the_file_itself(export_file):
    with zipfile.ZipFile(export_file()) as archive:
        sheets = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
        workbook_xml = archive.read("xl/workbook.xml").decode()
        for name in sheets:
            xml = archive.read(name).decode()
            assert re.search(r'<pageSetup [^>]*paperSize="9"', xml), name
            assert re.search(r'<pageSetup [^>]*orientation="landscape"', xml), name
            assert re.search(r'<pageSetup [^>]*fitToHeight="0"', xml), name
            assert '<pageSetUpPr fitToPage="1"/>' in xml, name
    assert workbook_xml.count('name="_xlnm.Print_Titles"') == len(sheets)


def test_title_block_signatures_widths_and_number_formats(workbook):
    for ws in workbook.worksheets:
        values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert values[0] == BLOC_NAME, ws.title
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in values and "Độc lập – Tự do – Hạnh phúc" in values
        assert any("2017" in v for v in values[:6]), ws.title
        assert values[-4:] == ["NGƯỜI LẬP BIỂU", "TM. KHỐI THI ĐUA – TRƯỞNG KHỐI", "(Ký, ghi rõ họ tên)",
                               "(Ký tên, đóng dấu)"], ws.title
        assert all(ws.column_dimensions[letter].width >= 6 for letter in "ABC"), ws.title
    ranking = workbook["Xếp hạng"]
    row = header_row(ranking) + 1
    assert ranking.cell(row, 8).number_format == "#,##0.00"
    assert ranking.column_dimensions["C"].width > 30


@pytest.mark.parametrize("sheet", ["Xếp hạng", "Danh hiệu cá nhân"])
def test_headings_are_vietnamese(workbook, sheet):
    ws = workbook[sheet]
    header = [c.value for c in ws[header_row(ws)] if c.value]
    assert all(any(ch in "ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữựíìỉĩịúùủũụóòỏõọéèẻẽẹýỳ" for ch in h.lower())
               or h in ("STT", "Mã") for h in header)


def test_rows_are_tall_enough_for_their_wrapped_text(workbook):
    """A text that cannot fit on one line of its column (merged title cells aside) gets a row of two lines or more."""
    one_line = 15          # points; a height is stored rounded to whole pixels
    checked = 0
    for ws in workbook.worksheets:
        merged = {cell for ranges in ws.merged_cells.ranges for cell in ranges.cells}
        widths = {letter: dimension.width for letter, dimension in ws.column_dimensions.items()}
        for row in ws.iter_rows(min_row=header_row(ws)):
            for cell in row:
                if not isinstance(cell.value, str) or (cell.row, cell.column) in merged or cell.coordinate in merged:
                    continue
                width = widths.get(cell.column_letter) or 8.43
                if len(cell.value) > width * 1.2 and cell.alignment.wrap_text:
                    height = ws.row_dimensions[cell.row].height
                    assert height and height >= 2 * one_line, (ws.title, cell.coordinate, cell.value, height)
                    checked += 1
    assert checked >= 3          # the ranking's long unit names and header cells are among them


@pytest.mark.parametrize("sheet", ["Danh hiệu cá nhân", "Danh hiệu tập thể"])
def test_a_decision_row_shows_every_line_of_its_reasons_and_citations(workbook, sheet):
    ws = workbook[sheet]
    header = [c.value for c in ws[header_row(ws)]]
    reasons, citations = header.index("Điều kiện và lý do"), header.index("Căn cứ")
    tall = 0
    for row in ws.iter_rows(min_row=header_row(ws) + 1):
        if not isinstance(row[reasons].value, str):
            continue
        lines = 1 + max(row[reasons].value.count("\n"), (row[citations].value or "").count("\n"))
        height = ws.row_dimensions[row[0].row].height
        assert height and height >= 15 * lines, (row[0].row, row[reasons].value, height)
        tall += lines > 2
    assert tall
