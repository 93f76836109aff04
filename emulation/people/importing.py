"""Import a staff workbook: read it, check every cell, show what would change, then apply it all or nothing.

`preview_import` reads a file against the database and returns a ``Preview``: each row to add, to change
(field: before → after) or unchanged, and every problem with its sheet, row and column. It writes
nothing. `apply_import` plans the same file again inside one transaction that holds the year open, refuses
it when it has any problem or when what it would do is not what was previewed (`expected_digest`), and
writes every change with its audit rows. An empty cell changes nothing; a column the file lacks is not
touched; so importing the same file twice changes nothing the second time.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from openpyxl import load_workbook
from sqlalchemy import delete, select
from sqlalchemy.orm.attributes import flag_modified

from emulation import clock
from emulation.extensions import db
from emulation.formatting import format_date
from emulation.models import (Bloc, Collective, EmulationYear, Person, PersonFact, Placement, Registration, Title,
                              Unit)
from emulation.people.spreadsheet import (DISCIPLINE_LABELS, EMPLOYMENT_LABELS, GENDER_LABELS, LISTS_SHEET, NO,
                                          NO_DISCIPLINE, SHEETS, YES, Column, SheetLayout, code_of, label)
from emulation.engine.yeardata import TASK_RATINGS
from emulation.sheets.service import SheetError, hold_open_year, lock_unit, transaction
from emulation.storage.audit import Actor, record, year_key
from emulation.text import fold, has_control_characters

MAX_ROWS = 20000                 # rows per sheet: a ministry's staff list fits, a runaway file does not
HEADER_SEARCH_ROWS = 15          # the header is looked for in this many rows (title rows above it)
DATE_PATTERN = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
EXCEL_EPOCH = date(1899, 12, 30)
IMPORT_NOTE = "Nhập từ tệp Excel"
STAFF_FIELDS = ("full_name", "birth_date", "gender", "position", "unit", "collective", "recruited_on", "employment")
FACT_FIELDS = ("task_rating", "discipline", "initiatives", "research_accepted", "provincial_initiative")
FACT_DEFAULTS = {"task_rating": None, "discipline": None, "initiatives": 0, "research_accepted": False,
                 "provincial_initiative": False}


class ImportRefused(SheetError):
    """The file was not imported; `preview` shows why (its problems) and nothing was written."""

    def __init__(self, message: str, preview: "Preview | None" = None):
        super().__init__(message)
        self.preview = preview


@dataclass(frozen=True)
class Problem:
    """A problem of the file, where a person finds it: the sheet's name, the row number and the column's header."""

    sheet: str
    row: int | None
    column: str
    message: str

    def where(self) -> str:
        """Sheet, row and column as one line (for the command line)."""
        parts = [self.sheet or _("Tệp")]
        if self.row:
            parts.append(_("dòng %(row)s", row=self.row))
        if self.column:
            parts.append(_("cột %(column)s", column=self.column))
        return ", ".join(parts)


@dataclass(frozen=True)
class FieldChange:
    column: str
    before: str
    after: str


@dataclass(frozen=True)
class RowPlan:
    """What importing one row does: add, change (with each field before and after) or nothing."""

    sheet: str
    row: int
    code: str
    name: str
    action: str                                    # add, change, same
    changes: tuple[FieldChange, ...] = ()


@dataclass
class Preview:
    """What importing a file would do (or did), and every problem that stops it."""

    file_hash: str
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of(self, action: str) -> list[RowPlan]:
        return [row for row in self.rows if row.action == action]

    @property
    def digest(self) -> str:
        """A fingerprint of what the import does: a confirmation must find the same."""
        plain = [[r.sheet, r.row, r.code, r.action, [[c.column, c.before, c.after] for c in r.changes]]
                 for r in self.rows if r.action != "same"]
        return hashlib.sha256(json.dumps(plain, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class Scope:
    """Who imports into what: the year, the units rows may name (None: any unit of the bloc), the unit of a blank cell."""

    year: EmulationYear
    units: frozenset[str] | None = None
    default_unit: str | None = None


def file_hash(content: bytes) -> str:
    """The SHA-256 of an uploaded file (hex): how a confirmation names the file it previewed."""
    return hashlib.sha256(content).hexdigest()


# --- reading the workbook -------------------------------------------------------------------------------------

@dataclass
class ReadRow:
    number: int
    values: dict[str, object]                      # column key -> clean value (None: empty cell)


@dataclass
class ReadSheet:
    layout: SheetLayout
    name: str
    headers: dict[str, str]                        # column key -> the header as the file spells it
    rows: list[ReadRow] = field(default_factory=list)


def read_workbook(content: bytes) -> tuple[dict[str, ReadSheet], list[Problem]]:
    """Read the sheets of the file that match the layout (by name, or by their headers); return them and problems."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        return {}, [Problem("", None, "", _("Tệp không phải bảng tính Excel .xlsx hợp lệ."))]
    sheets: dict[str, ReadSheet] = {}
    problems: list[Problem] = []
    try:
        for worksheet in book.worksheets:
            if fold(worksheet.title) == fold(LISTS_SHEET):
                continue
            grid = []
            for index, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if index > MAX_ROWS + HEADER_SEARCH_ROWS:
                    problems.append(Problem(worksheet.title, index, "", _(
                        "Trang tính có quá %(count)s dòng.", count=MAX_ROWS)))
                    break
                grid.append(row)
            found = _find_layout(worksheet.title, grid)
            if found is None:
                continue
            layout, header_index = found
            if layout.key in sheets:
                problems.append(Problem(worksheet.title, None, "", _(
                    "Tệp có hai trang tính %(sheet)s; chỉ giữ một.", sheet=layout.name)))
                continue
            sheets[layout.key] = _read_sheet(worksheet.title, layout, grid, header_index, problems)
    finally:
        book.close()
    if not sheets and not problems:
        problems.append(Problem("", None, "", _(
            "Không tìm thấy trang tính nào theo mẫu (Người lao động, Đăng ký, Kết quả năm) có cột Mã số.")))
    return sheets, problems


def _header_matches(layout: SheetLayout, row) -> dict[str, tuple[int, str]]:
    names = {name: column for column in layout.columns for name in column.names()}
    found = {}
    for index, cell in enumerate(row or ()):
        if isinstance(cell, str):
            column = names.get(fold(unicodedata.normalize("NFC", cell)))
            if column is not None and column.key not in found:
                found[column.key] = (index, " ".join(cell.split()))
    return found


def _find_layout(title: str, grid: list) -> tuple[SheetLayout, int] | None:
    """The layout a sheet follows and the index of its header row: its name decides, else its headers."""
    by_name = [layout for layout in SHEETS if fold(title) in layout.names()]
    candidates = by_name or SHEETS
    best = None
    for layout in candidates:
        for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
            matched = _header_matches(layout, row)
            if "code" in matched and len(matched) >= 2:
                score = len(set(matched) - {"code", "full_name"})     # the columns only this sheet has
                if best is None or score > best[0]:                   # a tie goes to the first: the staff
                    best = (score, layout, index)
                break
    if best is None:
        return (by_name[0], -1) if by_name else None
    return best[1], best[2]


def _read_sheet(title: str, layout: SheetLayout, grid: list, header_index: int, problems: list[Problem]) -> ReadSheet:
    if header_index < 0:
        problems.append(Problem(title, None, "", _("Không tìm thấy dòng tiêu đề có cột %(column)s.",
                                                   column=layout.columns[0].header)))
        return ReadSheet(layout, title, {})
    matched = _header_matches(layout, grid[header_index])
    headers = {key: header for key, (_index, header) in matched.items()}
    sheet = ReadSheet(layout, title, headers)
    for key in layout.required:
        if key not in matched:
            column = next(c for c in layout.columns if c.key == key)
            problems.append(Problem(title, header_index + 1, column.header, _("Thiếu cột bắt buộc.")))
    columns = {c.key: c for c in layout.columns}
    for offset, row in enumerate(grid[header_index + 1:], start=header_index + 2):
        raw = {key: (row[index] if row is not None and index < len(row) else None)
               for key, (index, _header) in matched.items()}
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in raw.values()):
            continue                               # an empty row (trailing, or a gap between rows)
        values = {}
        for key, value in raw.items():
            try:
                values[key] = _clean(columns[key], value)
            except ValueError as exc:
                problems.append(Problem(title, offset, headers[key], str(exc)))
                values[key] = None
        sheet.rows.append(ReadRow(offset, values))
    return sheet


def _clean(column: Column, value):
    """A cell as the column means it: text NFC-normalised with single spaces, a date, a number, a yes or no."""
    if isinstance(value, str):
        value = " ".join(unicodedata.normalize("NFC", value).split())
        if has_control_characters(value):
            raise ValueError(_("Ô chứa ký tự điều khiển."))
        if value == "":
            return None
    if value is None:
        return None
    if column.kind == "date":
        return _date(value)
    if column.kind == "int":
        return _whole(value)
    if column.kind == "bool":
        return _yes_no(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        raise ValueError(_("Cần chữ, không phải ngày tháng."))
    text = str(value)
    if len(text) > 200:
        raise ValueError(_("Dài quá 200 ký tự."))
    return text


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 200000:
        return EXCEL_EPOCH + timedelta(days=int(value))     # a date Excel kept as a serial number
    text = str(value)
    try:
        found = DATE_PATTERN.fullmatch(text)
        if found:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        found = ISO_DATE.fullmatch(text.split(" ")[0])
        if found:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        pass
    raise ValueError(_("Ngày không hợp lệ '%(value)s'; ghi dd/mm/yyyy, ví dụ 05/09/1985.", value=text))


def _whole(value) -> int:
    if isinstance(value, bool):
        raise ValueError(_("Cần một số nguyên không âm."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or value < 0 or value > 9999:
        raise ValueError(_("Cần một số nguyên từ 0 đến 9999, nhận '%(value)s'.", value=value))
    return value


def _yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    folded = fold(str(value))
    if folded in {fold(YES), "yes", "x", "co"}:
        return True
    if folded in {fold(NO), "no", "khong"}:
        return False
    raise ValueError(_("Ghi Có hoặc Không, nhận '%(value)s'.", value=value))


# --- planning against the database ----------------------------------------------------------------------------

@dataclass
class _Known:
    """What the database holds for the file: the bloc's units and collectives, the people the file names."""

    bloc: Bloc
    units: dict[str, Unit]
    collectives: dict[str, Collective]             # by code, of the bloc's units
    people: dict[str, Person]                      # by code, any bloc
    titles: list[str]                              # individual titles, catalogue order
    registrations: dict[int, list[str]]            # person id -> titles registered for the year, sorted
    facts: dict[int, PersonFact]                   # person id -> facts of the year


@dataclass
class _Plan:
    preview: Preview
    staff: list[tuple[RowPlan, str, dict]] = field(default_factory=list)       # (plan, code, field -> value)
    registrations: list[tuple[RowPlan, str, list[str]]] = field(default_factory=list)
    facts: list[tuple[RowPlan, str, dict]] = field(default_factory=list)


def preview_import(content: bytes, scope: Scope) -> Preview:
    """Return what importing `content` in `scope` would do, and its problems; write nothing."""
    return _plan(content, scope).preview


def _plan(content: bytes, scope: Scope) -> _Plan:
    sheets, problems = read_workbook(content)
    if scope.year.state != "open":
        problems.insert(0, Problem("", None, "", _("Năm thi đua %(year)s đã khoá; không thể thay đổi.",
                                                    year=scope.year.year)))
    plan = _Plan(Preview(file_hash(content), problems=problems))
    codes = {str(row.values.get("code")) for sheet in sheets.values() for row in sheet.rows if row.values.get("code")}
    known = _load_known(scope.year, codes)
    staff = sheets.get("staff")
    added: dict[str, str] = {}                     # code of a person the file adds -> its unit
    if staff is not None:
        _plan_staff(staff, scope, known, plan, added)
    if "registrations" in sheets:
        _plan_registrations(sheets["registrations"], scope, known, plan, added)
    if "facts" in sheets:
        _plan_facts(sheets["facts"], scope, known, plan, added)
    return plan


def _load_known(year: EmulationYear, codes: set[str]) -> _Known:
    execute = db.session.execute
    bloc = year.bloc
    units = {u.code: u for u in execute(select(Unit).where(Unit.bloc_id == bloc.id)).scalars()}
    collectives = {c.code: c for c in execute(select(Collective).join(Unit).where(Unit.bloc_id == bloc.id)).scalars()}
    people = {p.code: p for p in execute(select(Person).where(Person.code.in_(codes))).scalars()} if codes else {}
    ids = [p.id for p in people.values()]
    registrations: dict[int, list[str]] = {}
    facts = {}
    if ids:
        for person_id, title in execute(select(Registration.person_id, Registration.title_code).where(
                Registration.year_id == year.id, Registration.person_id.in_(ids)).order_by(Registration.title_code)):
            registrations.setdefault(person_id, []).append(title)
        facts = {f.person_id: f for f in execute(select(PersonFact).where(
            PersonFact.year_id == year.id, PersonFact.person_id.in_(ids))).scalars()}
    titles = execute(select(Title.code).where(Title.level == "individual")).scalars().all()
    return _Known(bloc, units, collectives, people, list(titles), registrations, facts)


class _RowProblems:
    """Collects the problems of one row, by column key."""

    def __init__(self, sheet: ReadSheet, row: ReadRow, problems: list[Problem]):
        self.sheet, self.row, self.problems, self.count = sheet, row, problems, 0

    def add(self, key: str, message: str) -> None:
        header = self.sheet.headers.get(key) or next(c.header for c in self.sheet.layout.columns if c.key == key)
        self.problems.append(Problem(self.sheet.name, self.row.number, header, message))
        self.count += 1


def _person_in_scope(code: str, scope: Scope, known: _Known, added: dict[str, str], report: _RowProblems
                     ) -> Person | str | None:
    """The person a row of registrations or facts names (or the unit of one the file adds); None after a problem."""
    if code in added:
        return added[code]
    person = known.people.get(code)
    if person is None:
        report.add("code", _("Không có người mang mã %(code)s; thêm người đó ở trang Người lao động.", code=code))
        return None
    if person.unit.bloc_id != known.bloc.id:
        report.add("code", _("Mã %(code)s là của người thuộc khối khác.", code=code))
        return None
    if scope.units is not None and person.unit.code not in scope.units:
        report.add("code", _("Người mang mã %(code)s thuộc đơn vị khác (%(unit)s).", code=code, unit=person.unit.code))
        return None
    return person


def _seen_twice(code: str, seen: set[str], report: _RowProblems) -> bool:
    if code in seen:
        report.add("code", _("Mã %(code)s xuất hiện hai lần trong trang tính.", code=code))
        return True
    seen.add(code)
    return False


def _plan_staff(sheet: ReadSheet, scope: Scope, known: _Known, plan: _Plan, added: dict[str, str]) -> None:
    seen: set[str] = set()
    for row in sheet.rows:
        report = _RowProblems(sheet, row, plan.preview.problems)
        values = row.values
        code, name = values.get("code"), values.get("full_name")
        if not code:
            report.add("code", _("Thiếu mã số."))
            continue
        if _seen_twice(code, seen, report):
            continue
        if len(code) > 40:
            report.add("code", _("Mã số dài quá 40 ký tự."))
        person = known.people.get(code)
        if person is not None and person.unit.bloc_id != known.bloc.id:
            report.add("code", _("Mã %(code)s là của người thuộc khối khác.", code=code))
            continue
        if person is not None and scope.units is not None and person.unit.code not in scope.units:
            report.add("code", _("Người mang mã %(code)s thuộc đơn vị khác (%(unit)s).", code=code,
                                 unit=person.unit.code))
            continue
        if person is None and not name and "full_name" in sheet.headers:
            report.add("full_name", _("Thiếu họ và tên."))
        wanted = _staff_values(values, person, scope, known, report)
        if report.count:
            continue
        if person is None:
            added[code] = wanted["unit"]
            changes = tuple(FieldChange(sheet.headers.get(key, key), "", _shown(key, wanted[key]))
                            for key in STAFF_FIELDS if wanted.get(key) not in (None, ""))
            rowplan = RowPlan(sheet.name, row.number, code, wanted["full_name"], "add", changes)
        else:
            current = _staff_current(person)
            changed = {key: value for key, value in wanted.items() if value != current[key]}
            changes = tuple(FieldChange(sheet.headers.get(key, key), _shown(key, current[key]), _shown(key, value))
                            for key, value in changed.items())
            rowplan = RowPlan(sheet.name, row.number, code, person.full_name, "change" if changes else "same",
                              changes)
            wanted = changed
        plan.preview.rows.append(rowplan)
        plan.staff.append((rowplan, code, wanted))


def _staff_current(person: Person) -> dict:
    return {"full_name": person.full_name, "birth_date": person.birth_date, "gender": person.gender,
            "position": person.position, "unit": person.unit.code,
            "collective": person.collective.code if person.collective else None,
            "recruited_on": person.recruited_on, "employment": person.employment}


def _staff_values(values: dict, person: Person | None, scope: Scope, known: _Known, report: _RowProblems) -> dict:
    """The fields a staff row sets (an empty cell sets nothing), checked; problems go to `report`."""
    wanted: dict = {}
    for key in ("full_name", "birth_date", "position", "recruited_on"):
        if values.get(key) is not None:
            wanted[key] = values[key]
    for key, labels, message in (
            ("gender", GENDER_LABELS, _("Giới tính ghi Nam hoặc Nữ.")),
            ("employment", EMPLOYMENT_LABELS, _("Loại cán bộ ghi Công chức, Viên chức hoặc Người lao động."))):
        if values.get(key) is not None:
            found = code_of(values[key], labels)
            if found is None:
                report.add(key, message)
            wanted[key] = found
    unit = values.get("unit") or (person.unit.code if person is not None else scope.default_unit)
    if unit is None:
        report.add("unit", _("Thiếu mã đơn vị."))
    elif unit not in known.units:
        report.add("unit", _("Đơn vị %(unit)s không thuộc khối %(bloc)s.", unit=unit, bloc=known.bloc.code))
    elif scope.units is not None and unit not in scope.units:
        report.add("unit", _("Chỉ được nhập người của đơn vị mình; dòng này ghi đơn vị %(unit)s.", unit=unit))
    else:
        wanted["unit"] = unit
    collective = values.get("collective")
    if collective is not None and unit is not None:
        found = known.collectives.get(collective)
        if found is None:
            found = next((c for c in known.collectives.values()
                          if c.unit.code == unit and fold(c.name) == fold(collective)), None)
        if found is None or found.unit.code != unit:
            report.add("collective", _("Tập thể %(collective)s không thuộc đơn vị %(unit)s.",
                                       collective=collective, unit=unit or "—"))
        elif found.closed_on is not None:
            report.add("collective", _("Tập thể %(collective)s đã giải thể hoặc sáp nhập.", collective=collective))
        else:
            wanted["collective"] = found.code
    elif person is not None and wanted.get("unit") not in (None, person.unit.code):
        wanted["collective"] = None                # a move to another unit leaves the old unit's collective
    for key in ("birth_date", "recruited_on"):
        if wanted.get(key) is not None and not date(1900, 1, 1) <= wanted[key] <= clock.now().date():
            report.add(key, _("Ngày %(value)s nằm ngoài khoảng hợp lệ.", value=format_date(wanted[key])))
    if wanted.get("full_name") is not None and len(wanted["full_name"]) > 200:
        report.add("full_name", _("Họ và tên dài quá 200 ký tự."))
    return wanted


def _rows_of_people(sheet: ReadSheet, scope: Scope, known: _Known, plan: _Plan, added: dict[str, str]):
    """Yield (row, its problems, code, person) for each row with a code seen once, the person found or added."""
    seen: set[str] = set()
    for row in sheet.rows:
        report = _RowProblems(sheet, row, plan.preview.problems)
        code = row.values.get("code")
        if not code:
            report.add("code", _("Thiếu mã số."))
            continue
        if _seen_twice(code, seen, report):
            continue
        yield row, report, code, _person_in_scope(code, scope, known, added, report)


def _plan_registrations(sheet: ReadSheet, scope: Scope, known: _Known, plan: _Plan, added: dict[str, str]) -> None:
    for row, report, code, person in _rows_of_people(sheet, scope, known, plan, added):
        cell = row.values.get("title")
        if cell is None:
            continue                               # an empty cell changes nothing
        titles = [] if fold(cell) == fold(NO) else sorted({t.strip().upper() for t in re.split(r"[,;]", cell)
                                                          if t.strip()})
        unknown = [t for t in titles if t not in known.titles]
        if unknown:
            report.add("title", _("Danh hiệu %(title)s không có trong danh mục danh hiệu cá nhân.", title=unknown[0]))
        if report.count or person is None:
            continue
        before = known.registrations.get(person.id, []) if isinstance(person, Person) else []
        name = person.full_name if isinstance(person, Person) else str(row.values.get("full_name") or "")
        header = sheet.headers["title"]
        if before == titles:
            rowplan = RowPlan(sheet.name, row.number, code, name, "same")
        else:
            rowplan = RowPlan(sheet.name, row.number, code, name, "change" if before else "add",
                              (FieldChange(header, ", ".join(before), ", ".join(titles) or NO),))
        plan.preview.rows.append(rowplan)
        plan.registrations.append((rowplan, code, titles))


def _plan_facts(sheet: ReadSheet, scope: Scope, known: _Known, plan: _Plan, added: dict[str, str]) -> None:
    for row, report, code, person in _rows_of_people(sheet, scope, known, plan, added):
        wanted = _fact_values(row.values, report)
        if report.count or person is None or not wanted:
            continue
        fact = known.facts.get(person.id) if isinstance(person, Person) else None
        current = {key: getattr(fact, key) for key in FACT_FIELDS} if fact else dict(FACT_DEFAULTS)
        changed = {key: value for key, value in wanted.items() if value != current[key]}
        changes = tuple(FieldChange(sheet.headers[key], _shown(key, current[key]), _shown(key, value))
                        for key, value in changed.items())
        name = person.full_name if isinstance(person, Person) else str(row.values.get("full_name") or "")
        action = "same" if not changes else "change" if fact is not None else "add"
        rowplan = RowPlan(sheet.name, row.number, code, name, action, changes)
        plan.preview.rows.append(rowplan)
        plan.facts.append((rowplan, code, changed))


def _fact_values(values: dict, report: _RowProblems) -> dict:
    wanted = {}
    rating = values.get("task_rating")
    if rating is not None:
        if rating.upper() in TASK_RATINGS:
            wanted["task_rating"] = rating.upper()
        else:
            report.add("task_rating", _("Mức xếp loại ghi HTXS, HTT, HT hoặc KHT."))
    discipline = values.get("discipline")
    if discipline is not None:
        if fold(discipline) == fold(NO_DISCIPLINE):
            wanted["discipline"] = None
        else:
            found = code_of(discipline, DISCIPLINE_LABELS)
            if found is None:
                report.add("discipline", _("Hình thức kỷ luật không hợp lệ; chọn trong danh sách."))
            wanted["discipline"] = found
    for key in ("initiatives", "research_accepted", "provincial_initiative"):
        if values.get(key) is not None:
            wanted[key] = values[key]
    return wanted


def _shown(key: str, value) -> str:
    """A value as the workbook shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if key == "gender":
        return label(value, GENDER_LABELS)
    if key == "employment":
        return label(value, EMPLOYMENT_LABELS)
    if key == "discipline":
        return label(value, DISCIPLINE_LABELS)
    return str(value)


# --- applying -------------------------------------------------------------------------------------------------

def apply_import(content: bytes, scope: Scope, *, actor: Actor, expected_digest: str | None = None,
                 filename: str = "") -> Preview:
    """Import `content` in one transaction with its audit rows, or refuse it (ImportRefused) and write nothing.

    :param expected_digest: the ``Preview.digest`` the user confirmed; when the file would now do anything
        else (someone changed the data since), the import is refused.
    """
    with transaction():
        hold_open_year(scope.year)
        for code in sorted(scope.units or [u.code for u in scope.year.bloc.units]):
            unit = next((u for u in scope.year.bloc.units if u.code == code), None)
            if unit is not None:
                lock_unit(unit)
        plan = _plan(content, scope)
        preview = plan.preview
        if preview.problems:
            raise ImportRefused(_("Chưa nhập: tệp có %(count)s lỗi cần sửa.", count=len(preview.problems)), preview)
        if expected_digest is not None and expected_digest != preview.digest:
            raise ImportRefused(_("Dữ liệu đã thay đổi từ lúc xem trước; hãy xem trước lại rồi xác nhận."), preview)
        _write(plan, scope, actor, filename)
    return preview


def _write(plan: _Plan, scope: Scope, actor: Actor, filename: str) -> None:
    year = scope.year
    bloc = year.bloc.code
    units = {u.code: u for u in year.bloc.units}
    collectives = {c.code: c for c in db.session.execute(
        select(Collective).join(Unit).where(Unit.bloc_id == year.bloc_id)).scalars()}
    people = {p.code: p for p in db.session.execute(select(Person).where(
        Person.code.in_({code for _plan, code, _v in plan.staff + plan.registrations + plan.facts}))).scalars()}
    today = clock.now().date()
    for rowplan, code, wanted in plan.staff:
        if rowplan.action == "add":
            people[code] = _add_person(code, wanted, units, collectives, today)
            record(actor, "person", f"{bloc}/people/{code}", "import", None, _person_state(people[code]),
                   filename, bloc=bloc)
        elif rowplan.action == "change":
            person = people[code]
            before = _person_state(person)
            _change_person(person, wanted, units, collectives, today)
            record(actor, "person", f"{bloc}/people/{code}", "import", before, _person_state(person), filename,
                   bloc=bloc)
    db.session.flush()
    for rowplan, code, titles in plan.registrations:
        if rowplan.action != "same":
            _register(year, people[code], titles, actor, bloc)
    for rowplan, code, changed in plan.facts:
        if rowplan.action != "same":
            _store_facts(year, people[code], changed, actor, bloc)
    changed = [r for r in plan.preview.rows if r.action != "same"]
    if changed:
        record(actor, "import", year_key(bloc, year.year, "import"), "import", None,
               {"file": plan.preview.file_hash, "added": len(plan.preview.of("add")),
                "changed": len(plan.preview.of("change"))}, filename, bloc=bloc, year=year.year)


def _person_state(person: Person) -> dict:
    state = _staff_current(person)
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in state.items()}


def _add_person(code: str, wanted: dict, units: dict, collectives: dict, today: date) -> Person:
    person = Person(code=code, full_name=wanted["full_name"], unit=units[wanted["unit"]],
                    collective=collectives.get(wanted.get("collective")), position=wanted.get("position", ""),
                    birth_date=wanted.get("birth_date"), gender=wanted.get("gender"),
                    employment=wanted.get("employment"), recruited_on=wanted.get("recruited_on"))
    db.session.add(person)
    recruited = wanted.get("recruited_on")
    db.session.add(Placement(person=person, starts_on=recruited or today, kind="recruited" if recruited else "imported",
                             unit=person.unit, collective=person.collective, position=person.position,
                             note=IMPORT_NOTE))
    return person


def _change_person(person: Person, wanted: dict, units: dict, collectives: dict, today: date) -> None:
    moved = {"unit", "collective", "position"} & set(wanted)
    for key, value in wanted.items():
        if key == "unit":
            person.unit = units[value]
        elif key == "collective":
            person.collective = collectives.get(value) if value else None
        elif key == "position":
            person.position = value or ""
        else:
            setattr(person, key, value)
    if moved:
        db.session.add(Placement(person=person, starts_on=today, kind="imported", unit=person.unit,
                                 collective=person.collective, position=person.position, note=IMPORT_NOTE))


def _register(year: EmulationYear, person: Person, titles: list[str], actor: Actor, bloc: str) -> None:
    before = sorted(db.session.execute(select(Registration.title_code).where(
        Registration.year_id == year.id, Registration.person_id == person.id)).scalars())
    gone = set(before) - set(titles)
    if gone:
        db.session.execute(delete(Registration).where(Registration.year_id == year.id,
                                                      Registration.person_id == person.id,
                                                      Registration.title_code.in_(gone)))
    db.session.add_all(Registration(year=year, person=person, title_code=t) for t in titles if t not in before)
    fact = db.session.execute(select(PersonFact).where(PersonFact.year_id == year.id,
                                                       PersonFact.person_id == person.id)).scalar_one_or_none()
    if fact is not None:
        flag_modified(fact, "task_rating")      # the facts' version moves with the registration, as on its page
    record(actor, "registration", year_key(bloc, year.year, "person", person.code), "register",
           {"titles": before}, {"titles": titles}, bloc=bloc, year=year.year)


def _store_facts(year: EmulationYear, person: Person, changed: dict, actor: Actor, bloc: str) -> None:
    fact = db.session.execute(select(PersonFact).where(PersonFact.year_id == year.id,
                                                       PersonFact.person_id == person.id)).scalar_one_or_none()
    audited = ("task_rating", "discipline", "initiatives")
    before = {key: getattr(fact, key) if fact else FACT_DEFAULTS[key] for key in FACT_FIELDS}
    if fact is None:
        fact = PersonFact(year=year, person=person, initiatives=0, months_not_counted=0, research_accepted=False,
                          provincial_initiative=False)
        db.session.add(fact)
    for key, value in changed.items():
        setattr(fact, key, value)
    after = {key: getattr(fact, key) for key in FACT_FIELDS}
    record(actor, "person_facts", year_key(bloc, year.year, person.code), "facts",
           {k: before[k] for k in audited} | {k: before[k] for k in FACT_FIELDS if k not in audited},
           {k: after[k] for k in audited} | {k: after[k] for k in FACT_FIELDS if k not in audited},
           bloc=bloc, year=year.year)
