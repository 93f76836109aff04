"""The workbook's worksheet class writes every cell's XML exactly as XlsxWriter's own worksheet does."""
import io
import zipfile
from datetime import date

import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from emulation.export.inline_sheet import InlineSheet

TEXTS = ("Nguyễn Văn An", "", "two\nlines", 'say "hi"', "a & b", "x < y > z", "<r>not rich</r>", "tab\tinside",
         " leading", "trailing ", "\u00a0nbsp", "\nnewline first", "control\x01char", "_x0041_ looks escaped",
         "non\ufffechar", "=HYPERLINK(\"http://x\",\"y\")", "• Điều kiện: đạt (đạt)\n• Khác: không đạt", "x" * 40_000)
NUMBERS = (0, 1, -1, 12.5, 0.1, 1 / 3, -0.0, 1e20, 123456789012345678, 2.5e-9, True)


def _sheet_xml(worksheet_class) -> bytes:
    """One sheet written with `worksheet_class`: every kind of cell, with and without formats, rows with a format."""
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    bordered, bold = workbook.add_format({"border": 1}), workbook.add_format({"bold": True, "num_format": "0.00"})
    sheet = workbook.add_worksheet("Sheet", worksheet_class=worksheet_class)
    sheet.set_column(3, 3, 12, bold)
    row = 0
    for cell_format in (bordered, bold, None):
        for text in TEXTS:
            sheet._write_string(row, 0, text, cell_format)
            sheet._write_blank(row, 1, None, cell_format)
            sheet._write_number(row, 2, NUMBERS[row % len(NUMBERS)], cell_format)
            sheet._write_blank(row, 3, None, None)
            row += 1
    sheet.set_row(row, 30, bordered)
    sheet._write_blank(row, 0, None, None)
    sheet._write_string(row, 1, "row format", None)
    sheet.write_datetime(row, 2, date(2025, 12, 31), workbook.add_format({"num_format": "dd/mm/yyyy"}))
    sheet.write_formula(row, 4, "=1+1", bordered, 2)
    sheet.write_boolean(row, 5, False, bordered)
    sheet.merge_range(row + 1, 0, row + 1, 4, "merged", bordered)
    workbook.close()
    with zipfile.ZipFile(stream) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_inline_sheet_writes_the_same_xml_as_xlsxwriter():
    expected, written = _sheet_xml(Worksheet), _sheet_xml(InlineSheet)
    assert b'<c r="A1" s="1" t="inlineStr"><is><t>Nguy' in written      # the cells are there to compare
    assert written == expected


@pytest.mark.parametrize("text", TEXTS)
def test_every_text_is_written_as_xlsxwriter_writes_it(text):
    """The same, one text at a time: a difference names the text."""
    def one(worksheet_class) -> bytes:
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream, {"constant_memory": True})
        sheet = workbook.add_worksheet("Sheet", worksheet_class=worksheet_class)
        sheet._write_string(0, 0, text, workbook.add_format({"border": 1}))
        workbook.close()
        with zipfile.ZipFile(stream) as archive:
            return archive.read("xl/worksheets/sheet1.xml")
    assert one(InlineSheet) == one(Worksheet)


def test_an_xlsxwriter_without_its_cell_tuples_still_gets_the_same_xml(monkeypatch):
    """A later XlsxWriter that renames its private cell tuples: the class imports and hands every cell over."""
    import importlib
    import sys
    import types

    import emulation.export.inline_sheet as inline_sheet
    expected = _sheet_xml(Worksheet)
    renamed = types.ModuleType("xlsxwriter.worksheet")
    renamed.Worksheet = Worksheet
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "xlsxwriter.worksheet", renamed)
        fallback = importlib.reload(inline_sheet)
    try:
        assert fallback.CellStringTuple is None
        assert _sheet_xml(fallback.InlineSheet) == expected
    finally:
        importlib.reload(inline_sheet)
