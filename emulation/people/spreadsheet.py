"""The staff workbook: its sheets and columns, the blank template and the export in the same layout.

One layout serves three uses: the template a unit downloads, the export of a bloc's staff for a year,
and the reader of `people.importing`, which finds each column by its header (folded: case, spaces and
diacritics do not matter), so a file that went out as an export comes back as an import unchanged.
Cells hold what a person types: "Nam"/"Nữ", "Công chức", "Khiển trách", "Có"; the codes stored in the
database are mapped here, in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from sqlalchemy import select

from emulation.engine.yeardata import DISCIPLINE_LEVELS, TASK_RATINGS
from emulation.extensions import db
from emulation.models import EmulationYear, Person, PersonFact, Registration, Title, Unit
from emulation.engine.yeardata import EMPLOYMENTS, GENDERS
from emulation.text import fold

# What a cell says -> the stored code. The first label of each code is the one written.
GENDER_LABELS = {"female": ("Nữ", "nu", "female", "f"), "male": ("Nam", "male", "m")}
EMPLOYMENT_LABELS = {"civil_servant": ("Công chức", "civil servant", "civil_servant"),
                     "public_employee": ("Viên chức", "public employee", "public_employee"),
                     "employee": ("Người lao động", "hợp đồng lao động", "employee")}
DISCIPLINE_LABELS = {"khien_trach": ("Khiển trách",), "canh_cao": ("Cảnh cáo",), "ha_bac_luong": ("Hạ bậc lương",),
                     "giang_chuc": ("Giáng chức",), "cach_chuc": ("Cách chức",),
                     "buoc_thoi_viec": ("Buộc thôi việc",)}
YES, NO = "Có", "Không"
NO_DISCIPLINE = "Không"
DATE_FORMAT = "DD/MM/YYYY"
LISTS_SHEET = "Danh mục"
assert set(GENDER_LABELS) == set(GENDERS) and set(EMPLOYMENT_LABELS) == set(EMPLOYMENTS)
assert set(DISCIPLINE_LABELS) == set(DISCIPLINE_LEVELS)


@dataclass(frozen=True)
class Column:
    """One column of a sheet: the field it fills, its header, other headers accepted, what it holds."""

    key: str
    header: str
    comment: str                            # the cell comment on the header: what to type (Vietnamese, English)
    kind: str = "text"                      # text, date, int, bool, choice
    choices: str | None = None              # the name of the drop-down list (see `lists`)
    aliases: tuple[str, ...] = ()
    width: int = 16

    def names(self) -> set[str]:
        """The folded headers that name this column."""
        return {fold(name) for name in (self.header, self.key.replace("_", " "), *self.aliases)}


@dataclass(frozen=True)
class SheetLayout:
    """One sheet of the workbook: its name (other names accepted) and its columns in template order."""

    key: str
    name: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    required: tuple[str, ...] = ("code",)
    title: str = ""
    label: str = field(default="")          # how messages name the sheet (its Vietnamese name)

    def names(self) -> set[str]:
        return {fold(name) for name in (self.name, self.key, *self.aliases)}


CODE = Column("code", "Mã số", "Mã cá nhân, duy nhất trong khối; giữ nguyên khi sửa tệp. "
                               "(Person code, unique in the bloc; keep it when editing.)",
              aliases=("mã", "ma so ca nhan", "mã cá nhân", "person code"), width=14)
NAME = Column("full_name", "Họ và tên", "Họ tên đầy đủ, có dấu. (Full name, with diacritics.)",
              aliases=("họ tên", "ten", "name", "full name"), width=28)

STAFF = SheetLayout("staff", "Người lao động", (
    CODE, NAME,
    Column("birth_date", "Ngày sinh", "Ngày sinh dd/mm/yyyy, ví dụ 05/09/1985. (Date of birth, day/month/year.)",
           "date", aliases=("date of birth", "birth date")),
    Column("gender", "Giới tính", "Chọn Nam hoặc Nữ. (Male or female.)", "choice", "gender",
           aliases=("gender", "phái"), width=10),
    Column("position", "Chức vụ", "Chức vụ hiện nay, ví dụ Trưởng phòng. (Current position.)",
           aliases=("chức danh", "position"), width=22),
    Column("unit", "Đơn vị", "Mã đơn vị; để trống là đơn vị đang nhập. (Unit code; blank: the unit importing.)",
           aliases=("mã đơn vị", "unit"), width=12),
    Column("collective", "Tập thể", "Mã tập thể (phòng, ban) trong đơn vị. (Collective code within the unit.)",
           aliases=("mã tập thể", "phòng ban", "collective"), width=16),
    Column("recruited_on", "Ngày tuyển dụng", "Ngày tuyển dụng dd/mm/yyyy. (Date recruited, day/month/year.)",
           "date", aliases=("ngày vào làm", "date recruited", "recruited on")),
    Column("employment", "Loại cán bộ", "Công chức, Viên chức hoặc Người lao động. "
                                        "(Civil servant, public employee or employee.)", "choice", "employment",
           aliases=("tình trạng", "status", "employment", "ngạch"), width=18),
), aliases=("nhân sự", "danh sách", "staff", "nguoi lao dong"), required=("code", "full_name"),
    title="DANH SÁCH NGƯỜI LAO ĐỘNG")

REGISTRATIONS = SheetLayout("registrations", "Đăng ký", (
    CODE, NAME,
    Column("title", "Danh hiệu đăng ký", "Mã danh hiệu cá nhân đăng ký trong năm (LDTT, CSTDCS...); để trống nếu "
                                         "không đăng ký. (Title registered for the year; blank: none.)",
           "choice", "titles", aliases=("danh hiệu", "title"), width=18),
), aliases=("đăng ký thi đua", "registrations"), title="ĐĂNG KÝ DANH HIỆU THI ĐUA")

FACTS = SheetLayout("facts", "Kết quả năm", (
    CODE, NAME,
    Column("task_rating", "Xếp loại", "Mức xếp loại chất lượng: HTXS, HTT, HT, KHT. "
                                      "(Task rating of the year.)", "choice", "ratings",
           aliases=("xếp loại nhiệm vụ", "xếp loại chất lượng", "task rating", "rating"), width=10),
    Column("discipline", "Kỷ luật", "Hình thức kỷ luật trong năm; Không nếu không bị kỷ luật. "
                                    "(Discipline in the year; Không: none.)", "choice", "discipline",
           aliases=("hình thức kỷ luật", "discipline"), width=16),
    Column("initiatives", "Số sáng kiến", "Số sáng kiến được công nhận từ cấp cơ sở, số nguyên ≥ 0. "
                                          "(Initiatives recognised, a whole number.)", "int",
           aliases=("sáng kiến", "initiatives"), width=12),
    Column("research_accepted", "Đề tài nghiệm thu", "Có nếu có đề tài khoa học được nghiệm thu, áp dụng. "
                                                     "(Có: an accepted research topic.)", "bool", "yes_no",
           aliases=("đề tài", "research"), width=12),
    Column("provincial_initiative", "Sáng kiến cấp tỉnh", "Có nếu có sáng kiến hiệu quả phạm vi cấp tỉnh. "
                                                          "(Có: an initiative effective province-wide.)",
           "bool", "yes_no", aliases=("provincial initiative",), width=12),
), aliases=("sự kiện năm", "kết quả", "facts", "yearly facts"), title="KẾT QUẢ ĐÁNH GIÁ NĂM")

SHEETS = (STAFF, REGISTRATIONS, FACTS)


def label(code: str | None, labels: dict[str, tuple[str, ...]]) -> str:
    """The cell text for a stored `code` ("" for None)."""
    return labels[code][0] if code else ""


def code_of(text: str, labels: dict[str, tuple[str, ...]]) -> str | None:
    """The stored code a cell's text names (any of its labels or the code, folded), or None when none does."""
    wanted = fold(text)
    for code, names in labels.items():
        if wanted in {fold(code), *(fold(n) for n in names)}:
            return code
    return None


def lists(titles: list[str]) -> dict[str, list[str]]:
    """The drop-down lists of the workbook, by name: what each choice column offers."""
    return {"gender": [names[0] for names in GENDER_LABELS.values()],
            "employment": [names[0] for names in EMPLOYMENT_LABELS.values()],
            "titles": list(titles),
            "ratings": list(TASK_RATINGS),
            "discipline": [NO_DISCIPLINE, *(names[0] for names in DISCIPLINE_LABELS.values())],
            "yes_no": [YES, NO]}


@dataclass
class StaffRows:
    """What an export writes: one dict per row and sheet, keyed by column key, values as cells show them."""

    staff: list[dict] = field(default_factory=list)
    registrations: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)


def build_workbook(titles: list[str], rows: StaffRows | None = None, heading: str = "") -> Workbook:
    """Return the workbook in the template's layout: headers with comments and drop-downs, and `rows` if any.

    :param titles: the codes of the individual titles of the catalogue, offered in the titles drop-down.
    :param heading: a line written above each sheet's title (the bloc and year of an export).
    """
    rows = rows or StaffRows()
    book = Workbook()
    book.remove(book.active)
    choices = lists(titles)
    sources = _write_lists(book, choices)
    for layout, records in zip(SHEETS, (rows.staff, rows.registrations, rows.facts)):
        _write_sheet(book.create_sheet(layout.name), layout, records, sources, heading)
    book.move_sheet(LISTS_SHEET, offset=len(SHEETS))
    return book


def _write_lists(book: Workbook, choices: dict[str, list[str]]) -> dict[str, str]:
    """Write the drop-down lists on a hidden sheet; return list name -> the range a validation refers to."""
    sheet = book.create_sheet(LISTS_SHEET)
    sources = {}
    for index, (name, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        sources[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${max(len(values), 1) + 1}"
    sheet.sheet_state = "hidden"
    return sources


HEADER_ROW = 3          # a title row, a blank row, then the header: the layout that offices use


def _write_sheet(sheet, layout: SheetLayout, records: list[dict], sources: dict[str, str], heading: str) -> None:
    last = get_column_letter(len(layout.columns))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = f"{layout.title} {heading}".strip()
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A1"].alignment = Alignment(horizontal="center")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(layout.columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.font, cell.fill = Font(bold=True), fill
        cell.comment = Comment(column.comment, "emulation", width=320, height=110)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    last_row = HEADER_ROW + max(len(records), 1) + 500
    for index, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{HEADER_ROW + 1}:{letter}{last_row}"
        if column.choices:
            validation = DataValidation(type="list", formula1=sources[column.choices], allow_blank=True,
                                        showErrorMessage=True, errorTitle=column.header,
                                        error="Chọn một giá trị trong danh sách. (Pick a value from the list.)")
            validation.add(cells)
            sheet.add_data_validation(validation)
        elif column.kind == "int":
            validation = DataValidation(type="whole", operator="between", formula1="0", formula2="9999",
                                        allow_blank=True, showErrorMessage=True, errorTitle=column.header,
                                        error="Nhập số nguyên từ 0. (A whole number from 0.)")
            validation.add(cells)
            sheet.add_data_validation(validation)
    for row, record in enumerate(records, start=HEADER_ROW + 1):
        for index, column in enumerate(layout.columns, start=1):
            value = record.get(column.key)
            cell = sheet.cell(row=row, column=index, value=value if value != "" else None)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT


def export_rows(year: EmulationYear, unit_codes: set[str] | None = None) -> StaffRows:
    """Return the rows of the bloc's staff (of `unit_codes` only, when given) with their registrations and facts
    of `year`, as the workbook shows them."""
    query = select(Person).join(Unit).where(Unit.bloc_id == year.bloc_id).order_by(Person.code)
    if unit_codes is not None:
        query = query.where(Unit.code.in_(unit_codes))
    people = db.session.execute(query).scalars().all()
    ids = select(Person.id).join(Unit).where(Unit.bloc_id == year.bloc_id)
    titles: dict[int, list[str]] = {}
    for person_id, title in db.session.execute(select(Registration.person_id, Registration.title_code).where(
            Registration.year_id == year.id, Registration.person_id.in_(ids)).order_by(Registration.title_code)):
        titles.setdefault(person_id, []).append(title)
    facts = {f.person_id: f for f in db.session.execute(select(PersonFact).where(
        PersonFact.year_id == year.id, PersonFact.person_id.in_(ids))).scalars()}
    rows = StaffRows()
    for person in people:
        rows.staff.append({"code": person.code, "full_name": person.full_name, "birth_date": person.birth_date,
                           "gender": label(person.gender, GENDER_LABELS), "position": person.position,
                           "unit": person.unit.code, "collective": person.collective.code if person.collective else "",
                           "recruited_on": person.recruited_on,
                           "employment": label(person.employment, EMPLOYMENT_LABELS)})
        rows.registrations.append({"code": person.code, "full_name": person.full_name,
                                   "title": ", ".join(titles.get(person.id, []))})
        fact = facts.get(person.id)
        rows.facts.append({"code": person.code, "full_name": person.full_name,
                           "task_rating": fact.task_rating if fact else "",
                           "discipline": (label(fact.discipline, DISCIPLINE_LABELS) or NO_DISCIPLINE) if fact else "",
                           "initiatives": fact.initiatives if fact else None,
                           "research_accepted": (YES if fact.research_accepted else NO) if fact else "",
                           "provincial_initiative": (YES if fact.provincial_initiative else NO) if fact else ""})
    return rows


def individual_titles() -> list[str]:
    """The codes of the catalogue's individual titles, in the catalogue's order."""
    return list(db.session.execute(select(Title.code).where(Title.level == "individual")).scalars())
