"""The year-end workbook (XLSX): the official tables a bloc hands to the emulation council.

This is the only module that imports xlsxwriter. ``write_workbook`` turns the dict of
``emulation.results.compute_results`` (the one computation ``emulation results`` prints) and the
same ``YearData`` into a print-ready workbook; per-line points come from ``scoring.score_bloc`` on
that ``YearData``, and the workbook refuses to be written if they disagree with the results.
``export_year`` is the service the CLI and the download route call.

Safety: user text is always written as text (strings_to_formulas, strings_to_urls and
strings_to_numbers are off, and text goes through ``write_string``), so a name such as
``=HYPERLINK(...)`` stays a name.

Memory: the workbook is written in ``constant_memory`` mode, every sheet row by row in order, so
XlsxWriter keeps one row per sheet in memory. The year itself is read once (``read_year``) and held
as one ``YearData`` that both the results and the sheets use; streaming the score lines, people and
decisions from the database in batches is future work (issue 7 measures whether large blocs need it).
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import IO, Iterable, Mapping, Sequence

import xlsxwriter
import xlsxwriter.exceptions

from .criteria import CriterionSpec
from .plugins import ExportSheet, PluginError
from .results import registration_stats
from .rules import TitleInfo, load_title_catalogue
from .scoring import SheetScore, score_bloc, unit_criteria
from .titles import AWARDED, NOT_AWARDED, NOT_CONSIDERED, vn_number
from .yeardata import YearData

SHEET_NAME_MAX = 31
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
RANKING_SHEET = "Xếp hạng"
REGISTRATION_SHEET = "Đăng ký thi đua"
COLLECTIVE_DECISIONS_SHEET = "Danh hiệu tập thể"
INDIVIDUAL_DECISIONS_SHEET = "Danh hiệu cá nhân"
PROPOSAL_SHEET = "Đề nghị khen thưởng"
CORE_SHEETS = (RANKING_SHEET, REGISTRATION_SHEET, COLLECTIVE_DECISIONS_SHEET, INDIVIDUAL_DECISIONS_SHEET,
               PROPOSAL_SHEET)
DECISION_NAMES = {AWARDED: "Đạt", NOT_AWARDED: "Không đạt", NOT_CONSIDERED: "Không xét"}
YEAR_STATE_NOTES = {
    "open": "Năm thi đua đang mở: số liệu chưa được khóa, chỉ dùng để tham khảo.",
    "locked": "Năm thi đua đã khóa sổ; số liệu chờ công bố.",
    "published": "Số liệu đã công bố chính thức.",
}
_LEVEL_ORDER = {"unit": 0, "collective": 1, "individual": 2}


class SheetNameError(PluginError):
    """A sheet name Excel would reject; the message names the plugin that asked for it."""


# --- sheet names ---------------------------------------------------------------------------------

def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_sheet_names(named: Iterable[tuple[str, str]], reserved: Iterable[str] = CORE_SHEETS) -> None:
    """Check (owner, sheet name) pairs against XlsxWriter's rules; raise SheetNameError naming the owner.

    A name must be 1-31 characters, contain none of ``[]:*?/\\``, not start or end with an
    apostrophe, and differ (ignoring case) from every other name and from the ``reserved`` ones.
    """
    taken = {name.lower(): "lõi (core)" for name in reserved}
    for owner, name in named:
        where = f"Plugin '{owner}': tên trang tính '{name}'"
        if not isinstance(name, str) or not name.strip():
            raise SheetNameError(f"Plugin '{owner}': tên trang tính trống (sheet name is empty)")
        if _utf16_len(name) > SHEET_NAME_MAX:
            raise SheetNameError(f"{where} dài {_utf16_len(name)} ký tự, tối đa {SHEET_NAME_MAX} "
                                 f"(sheet name longer than 31 characters)")
        bad = _INVALID_SHEET_CHARS.search(name)
        if bad:
            raise SheetNameError(f"{where} chứa ký tự không hợp lệ '{bad.group()}'; không dùng []:*?/\\ "
                                 f"(invalid character)")
        if name.startswith("'") or name.endswith("'"):
            raise SheetNameError(f"{where} không được bắt đầu hoặc kết thúc bằng dấu nháy ' (apostrophe)")
        if name.lower() in taken:
            raise SheetNameError(f"{where} trùng với một trang tính của {_owner(taken[name.lower()])} "
                                 f"(duplicate sheet name, case ignored)")
        taken[name.lower()] = owner


def _owner(owner: str) -> str:
    return owner if owner == "lõi (core)" else f"plugin '{owner}'"


def validate_plugin_sheets(host, blocs_years: Iterable[tuple[str, int]],
                           reserved: Iterable[str] = CORE_SHEETS) -> None:
    """Ask every plugin for its export sheets of each (bloc, year) and check their names; raise SheetNameError.

    Meant to run when the app starts (over the blocs the registry knows and their open years) and
    again before each export, where the unit sheets' names are reserved too.
    """
    reserved = tuple(reserved)
    for bloc, year in blocs_years:
        check_sheet_names(((plugin, sheet.title) for plugin, sheet in host.export_sheets(bloc, year)), reserved)


def unit_sheet_names(unit_codes: Iterable[str]) -> dict[str, str]:
    """Return unit code -> its sheet name (the code, cut to 31 characters and made unique)."""
    names: dict[str, str] = {}
    used = {name.lower() for name in CORE_SHEETS}
    for code in unit_codes:
        base = _INVALID_SHEET_CHARS.sub("_", code)[:SHEET_NAME_MAX].strip("'") or "DV"
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base[:SHEET_NAME_MAX - len(str(n)) - 1]}~{n}"
        used.add(name.lower())
        names[code] = name
    return names


# --- the service -----------------------------------------------------------------------------------

def export_year(bloc: str, year: int, target: str | IO[bytes]) -> None:
    """Write the year-end workbook of a stored bloc year to `target` (a path or a binary stream).

    Reads the year once, computes the results with ``reports.year_results`` and adds the plugins'
    sheets. Needs an app context.

    :raises StoreError: no such bloc year.
    :raises RulesError, ScoringError: the results cannot be computed (user-fixable data).
    :raises SheetNameError: a plugin asks for a sheet name Excel rejects (the message names it).
    """
    from flask import current_app

    from .reports import year_results
    from .store import read_year

    data = read_year(bloc, year)
    results = year_results(bloc, year, data)
    extra = current_app.extensions["emulation.plugins"].export_sheets(bloc, year)
    catalogue = load_title_catalogue(current_app.config["EMULATION_CRITERIA_DIR"] / "titles.toml")
    write_workbook(target, results, data, extra, catalogue=catalogue)


def write_workbook(target: str | IO[bytes], results: dict, year: YearData,
                   extra_sheets: Sequence[ExportSheet | tuple[str, ExportSheet]], *,
                   catalogue: Mapping[str, TitleInfo] | None = None) -> None:
    """Write the year-end workbook: ranking, one sheet per unit, registrations, decisions, proposals, plugins.

    :param results: ``compute_results(year, ...)`` for this same ``year``.
    :param extra_sheets: plugin sheets, bare or as (plugin name, sheet) pairs as
        ``PluginHost.export_sheets`` returns them (the pairs let a bad name be blamed on its plugin).
    :param catalogue: the title catalogue the results were computed with (default: ``criteria/titles.toml``).
    :raises SheetNameError: a plugin sheet name Excel would reject; nothing is written then.
    :raises OSError: the target cannot be written.
    """
    catalogue = dict(catalogue or load_title_catalogue())
    pairs = [item if isinstance(item, tuple) else ("?", item) for item in extra_sheets]
    unit_names = unit_sheet_names(u["code"] for u in results["units"])
    check_sheet_names(((plugin, sheet.title) for plugin, sheet in pairs),
                      CORE_SHEETS + tuple(unit_names.values()))
    reviewed, self_scored = score_bloc(year, "reviewed"), score_bloc(year, "self")
    for unit in results["units"]:
        if (reviewed[unit["code"]].total, self_scored[unit["code"]].total) != (unit["total"], unit["self_total"]):
            raise RuntimeError(f"Đơn vị {unit['code']}: điểm tính lại từ bảng điểm không khớp với kết quả "
                               f"(the sheet scores disagree with the results passed in)")
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    book = _Book(workbook, results, year, catalogue)
    book.ranking(reviewed)
    for unit in results["units"]:
        book.unit_sheet(unit, unit_names[unit["code"]], reviewed[unit["code"]], self_scored[unit["code"]])
    book.registrations()
    book.collective_decisions()
    book.individual_decisions()
    book.proposals()
    for _plugin, sheet in pairs:
        book.plugin_sheet(sheet)
    try:
        workbook.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        raise OSError(f"không tạo được tệp (cannot create the file): {exc}") from exc


# --- layout ----------------------------------------------------------------------------------------

_FONT = {"font_name": "Times New Roman", "font_size": 12}
_CELL = {**_FONT, "border": 1, "valign": "top"}


class _Formats:
    """Every format of one workbook, created once."""

    def __init__(self, workbook):
        add = lambda **props: workbook.add_format({**_FONT, **props})  # noqa: E731
        cell = lambda **props: workbook.add_format({**_CELL, **props})  # noqa: E731
        self.org = add(bold=True, align="center", text_wrap=True)
        self.motto = add(bold=True, underline=1, align="center")
        self.title = add(bold=True, font_size=14, align="center", valign="vcenter", text_wrap=True)
        self.subtitle = add(align="center", text_wrap=True)
        self.note = add(italic=True, align="center", text_wrap=True)
        self.paragraph = add(text_wrap=True, valign="top", align="justify")
        self.header = cell(bold=True, align="center", valign="vcenter", text_wrap=True, bg_color="#D9E1F2")
        self.text = cell(text_wrap=True)
        self.bold = cell(text_wrap=True, bold=True)
        self.center = cell(align="center")
        self.bold_center = cell(align="center", bold=True)
        self.indent = [cell(text_wrap=True, indent=level) for level in range(4)]
        self.integer = cell(num_format="#,##0", align="center")
        self.bold_integer = cell(num_format="#,##0", align="center", bold=True)
        self.number = cell(num_format="#,##0.00")
        self.bold_number = cell(num_format="#,##0.00", bold=True)
        self.plain_number = cell(num_format="#,##0.##")
        self.percent = cell(num_format="0.0%", align="center")
        self.bold_percent = cell(num_format="0.0%", align="center", bold=True)
        self.section = cell(bold=True, bg_color="#F2F2F2", text_wrap=True)
        self.sign_date = add(italic=True, align="center")
        self.sign_role = add(bold=True, align="center")
        self.sign_hint = add(italic=True, align="center")


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")


class _Sheet:
    """One worksheet written strictly row by row (constant_memory): title block, header, rows, signatures."""

    def __init__(self, book: "_Book", name: str, widths: Sequence[float]):
        self.book, self.fmt = book, book.fmt
        self.ws = book.workbook.add_worksheet(name)
        self.widths, self.ncols = tuple(widths), len(widths)
        self.row = 0
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        self.text_width = sum(widths)
        ws = self.ws
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        ws.center_horizontally()
        year = book.year
        ws.set_footer(f"&L{_footer_text(year.bloc_name or year.bloc)} – năm {year.year}&RTrang &P/&N",
                      {"margin": 0.3})

    def span(self, text: str, fmt, first: int = 0, last: int | None = None) -> None:
        """Write `text` across columns first..last of the current row (merged when wider than one)."""
        last = self.ncols - 1 if last is None else last
        if last > first:
            self.ws.merge_range(self.row, first, self.row, last, text, fmt)
        else:
            self.ws.write_string(self.row, first, text, fmt)

    def next_row(self, height: float | None = None) -> None:
        self.row += 1
        if height is not None:
            self.ws.set_row(self.row, height)

    def title_block(self, title: str, subtitle: str = "") -> None:
        """Write the organisation and national motto, the sheet title, the bloc and year, the year's state."""
        year, fmt = self.book.year, self.fmt
        half = max(self.ncols // 2, 1)
        organisation = (year.bloc_name or f"Khối thi đua {year.bloc}").upper()
        self.ws.set_row(0, 32)
        self.span(organisation, fmt.org, 0, half - 1)
        if half < self.ncols:
            self.span("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt.org, half)
        self.next_row()
        if half < self.ncols:
            self.span("Độc lập – Tự do – Hạnh phúc", fmt.motto, half)
        self.next_row()
        self.next_row(40)
        self.span(title.upper(), fmt.title)
        self.next_row()
        self.span(subtitle or f"Khối thi đua: {year.bloc_name} ({year.bloc}) – năm {year.year}", fmt.subtitle)
        self.next_row()
        self.span(YEAR_STATE_NOTES.get(year.state, ""), fmt.note)
        self.next_row()
        self.next_row()

    def paragraph(self, text: str) -> None:
        """Write a wrapped paragraph across the sheet, with a row tall enough to show it."""
        self.ws.set_row(self.row, _LINE_HEIGHT * (_wrapped_lines(text, self.text_width) + 1))
        self.span(text, self.fmt.paragraph)
        self.next_row()

    def header(self, columns: Sequence[str], freeze_cols: int = 0) -> None:
        """Write the table header, repeated on every printed page and frozen on screen."""
        height = _lines_height(*(str(name) for name in columns), widths=self.widths)
        self.ws.set_row(self.row, max(height or 0, 2 * _LINE_HEIGHT))
        for col, name in enumerate(columns):
            self.ws.write_string(self.row, col, str(name), self.fmt.header)
        self.ws.repeat_rows(self.row)
        self.ws.freeze_panes(self.row + 1, freeze_cols)
        self.next_row()

    def cells(self, values: Sequence, formats: Sequence, height: float | None = None) -> None:
        """Write one row: str as text, numbers as numbers, None as an empty bordered cell."""
        if height is not None:
            self.ws.set_row(self.row, height)
        for col, (value, fmt) in enumerate(zip(values, formats)):
            if value is None:
                self.ws.write_blank(self.row, col, None, fmt)
            elif isinstance(value, bool):
                self.ws.write_string(self.row, col, "Có" if value else "Không", fmt)
            elif isinstance(value, (int, float)) and math.isfinite(value):
                self.ws.write_number(self.row, col, value, fmt)
            else:
                self.ws.write_string(self.row, col, str(value), fmt)
        self.next_row()

    def signatures(self) -> None:
        """Write the place and date line and the two signature blocks at the foot of the table."""
        fmt, half = self.fmt, max(self.ncols // 2, 1)
        self.next_row()
        if half < self.ncols:
            self.span("......, ngày ..... tháng ..... năm ..........", fmt.sign_date, half)
        self.next_row()
        self.span("NGƯỜI LẬP BIỂU", fmt.sign_role, 0, half - 1)
        if half < self.ncols:
            self.span("TM. KHỐI THI ĐUA – TRƯỞNG KHỐI", fmt.sign_role, half)
        self.next_row()
        self.span("(Ký, ghi rõ họ tên)", fmt.sign_hint, 0, half - 1)
        if half < self.ncols:
            self.span("(Ký tên, đóng dấu)", fmt.sign_hint, half)
        self.next_row()


_LINE_HEIGHT = 15.5          # points per line of 12 pt Times New Roman
_CHARS_PER_WIDTH = 1.15      # Vietnamese text in 12 pt Times fits about this many characters per width unit


def _wrapped_lines(text: str, width: float) -> int:
    """Return about how many lines `text` takes when wrapped in a column `width` characters wide."""
    per_line = max(width * _CHARS_PER_WIDTH - 1, 1)
    return sum(math.ceil(max(len(part), 1) / per_line) for part in text.split("\n"))


def _lines_height(*texts: str, widths: Sequence[float]) -> float | None:
    """Return a row height that shows every wrapped text, or None for one line."""
    lines = max((_wrapped_lines(text, width) for text, width in zip(texts, widths) if text), default=1)
    return _LINE_HEIGHT * lines if lines > 1 else None


class _Book:
    """The sheets of one workbook, written in order."""

    def __init__(self, workbook, results: dict, year: YearData, catalogue: dict[str, TitleInfo]):
        self.workbook, self.results, self.year, self.catalogue = workbook, results, year, catalogue
        self.fmt = _Formats(workbook)
        self.units = {u.code: u for u in year.units}
        self.unit_short = {u.code: u.short_name or u.name for u in year.units}
        self.people = {p.code: p for p in year.people}
        self.lines: dict[str, dict] = {}
        for line in year.lines:
            self.lines.setdefault(line.unit, {})[line.criterion] = line

    def title_name(self, code: str | None) -> str:
        return self.catalogue[code].name if code in self.catalogue else (code or "—")

    def awarded_titles(self, decisions: list[dict]) -> str:
        return ", ".join(self.title_name(d["title"]) for d in decisions if d["decision"] == AWARDED) or "—"

    def ranking(self, reviewed: dict[str, SheetScore]) -> None:
        """Sheet 1: the bloc ranking."""
        fmt = self.fmt
        sheet = _Sheet(self, RANKING_SHEET, (7, 10, 40, 11, 13, 10, 10, 11, 10, 12, 28))
        rule_set = self.results["rule_set"]
        sheet.title_block(f"Bảng tổng hợp kết quả chấm điểm, xếp hạng thi đua năm {self.year.year}")
        sheet.paragraph(f"Giao ước: {self.year.agreement_name or '—'}. Xét danh hiệu theo bộ quy tắc "
                        f"{rule_set['code']}: {rule_set['name']}.")
        sheet.header(("Hạng", "Mã đơn vị", "Tên đơn vị", "Điểm tự chấm", "Điểm khối chấm (nội dung)",
                      "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Điểm tối đa", "Xếp loại", "Danh hiệu đề nghị"), 3)
        for unit in self.results["units"]:
            sheet.cells((unit["rank"], unit["code"], unit["name"], unit["self_total"],
                         reviewed[unit["code"]].content, unit["bonus"], unit["deductions"], unit["total"],
                         unit["max"], unit["band"], self.awarded_titles(unit["decisions"])),
                        (fmt.integer, fmt.center, fmt.text, fmt.number, fmt.number, fmt.number, fmt.number,
                         fmt.bold_number, fmt.number, fmt.center, fmt.text))
        sheet.signatures()

    def unit_sheet(self, unit: dict, name: str, reviewed: SheetScore, self_scored: SheetScore) -> None:
        """One sheet per unit: every criterion line, group subtotals and the totals."""
        fmt, year = self.fmt, self.year
        widths = (9, 7, 46, 11, 9, 10, 11, 11, 10, 10, 34)
        sheet = _Sheet(self, name, widths)
        sheet.title_block(f"Bảng điểm thi đua năm {year.year}: {unit['name']}",
                          f"Khối thi đua: {year.bloc_name} ({year.bloc}) – xếp hạng {unit['rank']} – "
                          f"tổng điểm {vn_number(unit['total'], 2)}/{vn_number(unit['max'], 2)}")
        sheet.header(("Mã", "Nhóm", "Tiêu chí", "Đơn vị tính", "Điểm tối đa", "Chỉ tiêu", "Đơn vị báo cáo",
                      "Khối xác nhận", "Điểm tự chấm", "Điểm khối chấm", "Ý kiến của khối"), 3)
        lines = self.lines.get(unit["code"], {})
        for spec, depth in _tree(unit_criteria(year, unit["code"])):
            if spec.kind == "group":
                sheet.cells((spec.code, spec.parent, spec.name, None, spec.max_points, None, None, None,
                             self_scored.groups.get(spec.code), reviewed.groups.get(spec.code), None),
                            (fmt.bold, fmt.center, fmt.indent[0] if depth == 0 else fmt.bold, fmt.text,
                             fmt.bold_number, fmt.text, fmt.text, fmt.text, fmt.bold_number, fmt.bold_number,
                             fmt.text))
                continue
            line = lines.get(spec.code)
            note = _review_note(line)
            sheet.cells((spec.code, spec.parent, spec.name, spec.measure or None, spec.max_points, spec.target,
                         _shown_value(spec, line.self_value if line else None),
                         _shown_value(spec, _confirmed_value(line)),
                         self_scored.lines.get(spec.code), reviewed.lines.get(spec.code), note or None),
                        (fmt.text, fmt.center, fmt.indent[min(depth, 3)], fmt.text, fmt.number, fmt.plain_number,
                         fmt.plain_number, fmt.plain_number, fmt.number, fmt.number, fmt.text),
                        _lines_height(spec.name, note, widths=(widths[2], widths[10])))
        for label, attr, sign in (("Cộng điểm nội dung", "content", 1), ("Cộng điểm thưởng", "bonus", 1),
                                  ("Cộng điểm trừ", "deductions", -1), ("TỔNG ĐIỂM", "total", 1)):
            sheet.cells((None, None, label, None, reviewed.max if attr == "total" else None, None, None, None,
                         sign * getattr(self_scored, attr) + 0.0, sign * getattr(reviewed, attr) + 0.0, None),
                        (fmt.text, fmt.text, fmt.bold, fmt.text, fmt.bold_number, fmt.text, fmt.text, fmt.text,
                         fmt.bold_number, fmt.bold_number, fmt.text))
        sheet.signatures()

    def registrations(self) -> None:
        """The registration statistics: the seed-004 sentence, then a table by unit with the bloc's total."""
        fmt, year, stats = self.fmt, self.year, self.results["registration_stats"]
        levels = [(t, info) for t, info in sorted(self.catalogue.items(), key=lambda kv: (
            _LEVEL_ORDER.get(kv[1].level, 9), kv[1].order)) if t in stats["by_title"]]
        widths = (6, 40, 11, 11, 11, 11) + tuple(14 for _ in levels)
        sheet = _Sheet(self, REGISTRATION_SHEET, widths)
        sheet.title_block(f"Thống kê đăng ký thi đua năm {year.year}")
        sheet.paragraph(registration_sentence(stats, year.year, self.catalogue))
        titles = tuple(f"Đăng ký {info.name}" for _, info in levels)
        sheet.header(("STT", "Đơn vị", "Tập thể đăng ký", "Tổng số tập thể", "Cá nhân đăng ký",
                      "Tổng số cá nhân") + titles, 2)
        number_formats = (fmt.integer,) * (4 + len(levels))
        slices = _by_unit(year)
        for index, unit in enumerate(year.units, start=1):
            own = registration_stats(slices[unit.code], self.catalogue)
            sheet.cells((index, unit.name) + _stat_row(own, levels), (fmt.center, fmt.text) + number_formats)
        sheet.cells((None, "Toàn khối") + _stat_row(stats, levels),
                    (fmt.center, fmt.bold) + (fmt.bold_integer,) * (4 + len(levels)))
        col, ind = stats["collectives"], stats["individuals"]
        sheet.cells((None, "Tỷ lệ đăng ký", _share(col), None, _share(ind), None)
                    + tuple(_share({"registered": stats["by_title"][t],
                                    "total": (col if info.level == "collective" else ind)["total"]})
                            for t, info in levels),
                    (fmt.center, fmt.bold) + (fmt.bold_percent,) * (4 + len(levels)))
        sheet.signatures()

    def _decision_rows(self, sheet: _Sheet, widths, entities, level: str, unit_of) -> int:
        fmt, index = self.fmt, 0
        for entity in entities:
            decisions = entity["decisions"] or [None]
            index += 1
            for decision in decisions:
                reasons = _reasons_text(decision)
                citations = _citations_text(decision)
                extra = (self.people[entity["code"]].position or None,) if level == "individual" else ()
                sheet.cells((index, entity["code"], entity["name"]) + extra + (
                    unit_of(entity), self.title_name(entity.get("registered")) if entity.get("registered") else "—",
                    self.title_name(decision["title"]) if decision else "—",
                    DECISION_NAMES.get(decision["decision"], "") if decision else "—", reasons or None,
                    citations or None),
                    (fmt.center, fmt.text, fmt.text) + (fmt.text,) * len(extra) + (
                        fmt.text, fmt.text, fmt.text, fmt.bold_center, fmt.text, fmt.text),
                    _lines_height(reasons, citations, widths=widths[-2:]))
        return index

    def collective_decisions(self) -> None:
        """Title decisions of the units (the bloc's flag) and of the collectives, with reasons."""
        widths = (6, 11, 32, 22, 20, 20, 11, 60, 30)
        sheet = _Sheet(self, COLLECTIVE_DECISIONS_SHEET, widths)
        sheet.title_block(f"Kết quả xét danh hiệu thi đua tập thể năm {self.year.year}")
        sheet.header(("STT", "Mã", "Tập thể", "Thuộc đơn vị", "Danh hiệu đăng ký", "Danh hiệu xét", "Kết quả",
                      "Điều kiện và lý do", "Căn cứ"), 3)
        units = [dict(u, registered=None) for u in sorted(self.results["units"], key=lambda u: u["code"])]
        self._decision_rows(sheet, widths, units + self.results["collectives"], "collective",
                            lambda e: self.unit_short.get(e["unit"], e["unit"]) if "unit" in e
                            else f"Khối {self.year.bloc}")
        sheet.signatures()

    def individual_decisions(self) -> None:
        """Title decisions of the individuals, with reasons."""
        widths = (6, 11, 24, 18, 20, 20, 20, 11, 60, 30)
        sheet = _Sheet(self, INDIVIDUAL_DECISIONS_SHEET, widths)
        sheet.title_block(f"Kết quả xét danh hiệu thi đua cá nhân năm {self.year.year}")
        sheet.header(("STT", "Mã", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu đăng ký", "Danh hiệu xét",
                      "Kết quả", "Điều kiện và lý do", "Căn cứ"), 3)
        self._decision_rows(sheet, widths, self.results["individuals"], "individual",
                            lambda e: self.unit_short.get(e["unit"], e["unit"]))
        sheet.signatures()

    def proposals(self) -> None:
        """The list proposed for commendation: every awarded title, highest first, one section per title."""
        fmt = self.fmt
        sheet = _Sheet(self, PROPOSAL_SHEET, (7, 12, 36, 24, 34, 22))
        sheet.title_block(f"Danh sách đề nghị công nhận danh hiệu thi đua năm {self.year.year}")
        sheet.header(("STT", "Mã", "Tên tập thể, cá nhân", "Chức vụ", "Đơn vị", "Ghi chú"), 3)
        for number, (title, entries) in enumerate(awarded_lists(self.results, self.catalogue).items(), start=1):
            sheet.span(f"{_roman(number)}. {self.title_name(title)} ({len(entries)})", fmt.section)
            sheet.next_row()
            for index, (level, entity) in enumerate(entries, start=1):
                if level == "unit":
                    cells = (entity["code"], entity["name"], None, f"Khối {self.year.bloc}",
                             f"Xếp hạng {entity['rank']}, {vn_number(entity['total'], 2)} điểm")
                else:
                    person = self.people.get(entity["code"]) if level == "individual" else None
                    cells = (entity["code"], entity["name"], (person.position or None) if person else None,
                             self.unit_short.get(entity["unit"], entity["unit"]), None)
                sheet.cells((index,) + cells, (fmt.center, fmt.text, fmt.text, fmt.text, fmt.text, fmt.text))
        sheet.signatures()

    def plugin_sheet(self, extra: ExportSheet) -> None:
        """A sheet a unit plugin adds: its columns and rows as given, in the same print layout."""
        fmt = self.fmt
        widths = [max(10.0, min(50.0, 1.2 * max([len(str(c)) for c in extra.columns] +
                                                 [len(str(r[i])) for r in extra.rows[:200] if i < len(r)]) + 2))
                  for i in range(len(extra.columns))] or [20.0]
        sheet = _Sheet(self, extra.title, widths)
        sheet.title_block(extra.title)
        sheet.header(extra.columns, 1)
        for row in extra.rows:
            values = tuple(row) + (None,) * (len(widths) - len(row))
            sheet.cells(values[:len(widths)], tuple(fmt.plain_number if isinstance(v, (int, float)) and
                                                    not isinstance(v, bool) else fmt.text for v in values))
        sheet.signatures()


# --- pure helpers ----------------------------------------------------------------------------------

def _tree(specs: list[CriterionSpec]) -> list[tuple[CriterionSpec, int]]:
    """Return the specs depth first (groups before their children, signed order kept), with their depth."""
    children: dict[str | None, list[CriterionSpec]] = {}
    codes = {s.code for s in specs}
    for spec in specs:
        children.setdefault(spec.parent if spec.parent in codes else None, []).append(spec)
    ordered: list[tuple[CriterionSpec, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for spec in children.get(parent, []):
            ordered.append((spec, depth))
            walk(spec.code, depth + 1)

    walk(None, 0)
    return ordered


def _shown_value(spec: CriterionSpec, value: float | None):
    if value is None:
        return None
    if spec.kind == "pass_fail":
        return "Đạt" if value == 1 else "Không đạt"
    return value


def _confirmed_value(line) -> float | None:
    """Return the value the bloc confirmed: its own where it adjusted one, the unit's where it accepted it."""
    if line is None:
        return None
    return line.value if line.review_state in ("accepted", "adjusted") else line.reviewed_value


def _review_note(line) -> str:
    if line is None:
        return ""
    parts = []
    if line.review_state == "adjusted":
        parts.append(f"Điều chỉnh: {line.reason}" if line.reason else "Điều chỉnh")
    elif line.reason:
        parts.append(line.reason)
    if line.comment:
        parts.append(f"Trả lại: {line.comment}" if line.review_state == "returned" else line.comment)
    return "\n".join(parts)


def _reasons_text(decision: dict | None) -> str:
    if not decision:
        return ""
    return "\n".join(f"• {r['condition']}: {r['detail']} ({'đạt' if r['met'] else 'không đạt'})"
                     for r in decision["reasons"])


def _citations_text(decision: dict | None) -> str:
    if not decision:
        return ""
    return "\n".join(dict.fromkeys(r["citation"] for r in decision["reasons"] if r["citation"]))


def _by_unit(year: YearData) -> dict[str, YearData]:
    """Return unit code -> the part of `year` that belongs to it (collectives, people, their registrations)."""
    person_unit = {p.code: p.unit for p in year.people}
    collective_unit = {c.code: c.unit for c in year.collectives}
    parts = {u.code: ([], [], []) for u in year.units}
    for person in year.people:
        parts.setdefault(person.unit, ([], [], []))[0].append(person)
    for collective in year.collectives:
        parts.setdefault(collective.unit, ([], [], []))[1].append(collective)
    for registration in year.registrations:
        unit = person_unit.get(registration.person) or collective_unit.get(registration.collective)
        if unit is not None:
            parts[unit][2].append(registration)
    return {code: replace(year, people=people, collectives=collectives, registrations=registrations)
            for code, (people, collectives, registrations) in parts.items()}


def _stat_row(stats: dict, levels) -> tuple:
    return (stats["collectives"]["registered"], stats["collectives"]["total"], stats["individuals"]["registered"],
            stats["individuals"]["total"]) + tuple(stats["by_title"].get(t, 0) for t, _ in levels)


def _share(part: dict) -> float | None:
    return part["registered"] / part["total"] if part["total"] else None


def _count(n: int, total: int) -> str:
    return f"{n}/{total}" if n == total else f"{n:02d}"


def registration_sentence(stats: dict, year: int, catalogue: Mapping[str, TitleInfo]) -> str:
    """Return the registration statistics in the words of the bloc's reports (seed 004).

    E.g. "14/14 tập thể và 61/62 cá nhân tham gia đăng ký thi đua năm 2017 (trong đó: 14/14 tập thể
    đăng ký danh hiệu Tập thể lao động tiên tiến, 03 tập thể đăng ký ...)."
    """
    col, ind = stats["collectives"], stats["individuals"]
    parts = []
    for level, noun, base in (("collective", "tập thể", col["total"]), ("individual", "cá nhân", ind["total"])):
        for code, info in sorted(catalogue.items(), key=lambda kv: kv[1].order):
            n = stats["by_title"].get(code, 0)
            if info.level == level and n:
                parts.append(f"{_count(n, base)} {noun} đăng ký danh hiệu {info.name}")
    detail = f" (trong đó: {', '.join(parts)})" if parts else ""
    return (f"Kết quả đã có {col['registered']}/{col['total']} tập thể và {ind['registered']}/{ind['total']} "
            f"cá nhân tham gia đăng ký thi đua năm {year}{detail}.")


def awarded_lists(results: dict, catalogue: Mapping[str, TitleInfo]) -> dict[str, list[tuple[str, dict]]]:
    """Return title code -> [(level, entity)] of everyone awarded it; titles highest first, units first."""
    lists: dict[str, list[tuple[str, dict]]] = {}
    for level, key in (("unit", "units"), ("collective", "collectives"), ("individual", "individuals")):
        entities = results[key] if level == "unit" else sorted(results[key], key=lambda e: (e["unit"], e["code"]))
        for entity in entities:
            for decision in entity["decisions"]:
                if decision["decision"] == AWARDED:
                    lists.setdefault(decision["title"], []).append((level, entity))

    def order(code: str):
        info = catalogue.get(code)
        return (_LEVEL_ORDER.get(info.level, 9), -info.order) if info else (9, 0)

    return {code: lists[code] for code in sorted(lists, key=lambda c: (order(c), c))}


def _roman(number: int) -> str:
    numerals = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
                ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
    text = ""
    for letter, value in numerals:
        while number >= value:
            text, number = text + letter, number - value
    return text
