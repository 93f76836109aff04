"""A worksheet that writes the workbook's common cells' XML in one step, byte for byte as XlsxWriter writes it.

In ``constant_memory`` mode XlsxWriter writes each row out as the next one starts, cell by cell through
``Worksheet._write_cell``: an attribute list, a dispatch on the cell's class name and a text escaper run on every
value, whatever it holds. Most of the workbook's cells are a formatted plain text, number or bordered blank, whose
XML is a fixed pattern: ``InlineSheet`` writes those directly and hands every other cell (no format, a date, a
formula, a text that needs escaping, control characters or preserved spaces) to XlsxWriter's own writer, so the
sheet's XML is the same either way (tests/export/test_inline_sheet.py compares them).
"""
from __future__ import annotations

import re

from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet

try:        # XlsxWriter's private cell tuples (3.1 to 3.3 at least): without them every cell goes to its own writer
    from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple
except ImportError:
    CellBlankTuple = CellNumberTuple = CellStringTuple = None

# What XlsxWriter would change in an inline string: XML's special characters (data escaping and a leading "<r>",
# a rich string), control characters and non-characters (written _xHHHH_), text already shaped like such an escape,
# and leading or trailing whitespace (which adds xml:space="preserve"). A newline or a quote is written as it is.
_NOT_PLAIN = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")


class InlineSheet(Worksheet):
    """XlsxWriter's worksheet, with formatted plain text, numbers and blanks written in one step in
    ``constant_memory`` mode (``Workbook.add_worksheet(name, worksheet_class=InlineSheet)``)."""

    def _write_cell(self, row: int, col: int, cell) -> None:
        cell_format, kind = cell.format, cell.__class__
        if not cell_format or not self.constant_memory:     # a row's or column's format may apply: XlsxWriter's rules
            super()._write_cell(row, col, cell)
        elif kind is CellStringTuple and not _NOT_PLAIN.search(cell.string):
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{cell_format._get_xf_index()}" '
                          f't="inlineStr"><is><t>{cell.string}</t></is></c>')
        elif kind is CellNumberTuple:
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{cell_format._get_xf_index()}">'
                          f'<v>{cell.number:.16G}</v></c>')
        elif kind is CellBlankTuple:
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{cell_format._get_xf_index()}"/>')
        else:
            super()._write_cell(row, col, cell)
