"""Importing a staff workbook: preview, errors by sheet, row and column, confirm, all or nothing, twice = nothing."""
import re
import unicodedata
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from emulation.extensions import db
from emulation.models import AuditEvent, Person, PersonFact, Placement, Registration
from emulation.people.importing import ImportRefused, Scope, apply_import, preview_import
from emulation.sheets.service import SheetError
from emulation.storage.audit import CLI
from emulation.storage.database import find_year

from .conftest import BASE, STAFF_HEADERS, form_as_shown, import_url, staff_file, upload, workbook

GOOD_ROWS = [
    ["TTTK-90", "Phạm Thị Hoa", "05/09/1990", "Nữ", "Chuyên viên", "TTTK", "TTTK-TT", "01/03/2015", "Viên chức"],
    ["TTTK-91", "Đỗ Văn Nam", "12/1/1988", "Nam", "Kỹ sư", "", "TTTK-TK", "2/1/2016", "Người lao động"],
]


def _people(app, *codes):
    with app.app_context():
        return {p.code: (p.full_name, p.unit.code, p.collective.code if p.collective else None, p.birth_date,
                         p.gender, p.employment, p.recruited_on)
                for p in db.session.execute(select(Person).where(Person.code.in_(codes))).scalars()}


def _audit_count(app):
    with app.app_context():
        return db.session.execute(select(func.count(AuditEvent.id))).scalar_one()


def _problems(html: str) -> list[tuple[str, str, str, str]]:
    """The problem table of the preview: (sheet, row, column, message) per line."""
    return re.findall(r'<tr class="invalid"[^>]*><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>',
                      html)


def test_one_bad_row_is_shown_by_row_and_column_and_nothing_is_written(web_app, sign_in):
    client = sign_in("tttk.truong")
    bad = [GOOD_ROWS[0], [*GOOD_ROWS[1][:2], "31/02/1988", *GOOD_ROWS[1][3:]]]
    before = _audit_count(web_app)
    response = upload(client, "TTTK", staff_file(bad))
    assert response.status_code == 400
    assert _problems(response.text) == [("Người lao động", "3", "Ngày sinh",
                                         "Ngày không hợp lệ &#39;31/02/1988&#39;; ghi dd/mm/yyyy, ví dụ 05/09/1985.")]
    assert 'id="confirm-form"' not in response.text
    assert _people(web_app, "TTTK-90", "TTTK-91") == {} and _audit_count(web_app) == before


def test_the_fixed_file_imports_once_and_twice_changes_nothing(web_app, sign_in):
    client = sign_in("tttk.truong")
    preview = upload(client, "TTTK", staff_file(GOOD_ROWS))
    assert preview.status_code == 200, preview.text
    assert preview.text.count('data-action="add"') == 2
    assert "Ngày sinh: — → 05/09/1990" in preview.text
    assert _people(web_app, "TTTK-90") == {}                          # a preview writes nothing
    confirmed = client.post(import_url("TTTK", "import/confirm"), data=form_as_shown(preview.text))
    assert confirmed.status_code == 302, confirmed.text
    assert _people(web_app, "TTTK-90", "TTTK-91") == {
        "TTTK-90": ("Phạm Thị Hoa", "TTTK", "TTTK-TT", date(1990, 9, 5), "female", "public_employee",
                    date(2015, 3, 1)),
        "TTTK-91": ("Đỗ Văn Nam", "TTTK", "TTTK-TK", date(1988, 1, 12), "male", "employee", date(2016, 1, 2))}
    with web_app.app_context():
        first = db.session.execute(select(Placement).join(Person).where(Person.code == "TTTK-90")).scalar_one()
        assert (first.kind, first.starts_on, first.collective.code) == ("recruited", date(2015, 3, 1), "TTTK-TT")
        kinds = db.session.execute(select(AuditEvent.kind, AuditEvent.actor).order_by(AuditEvent.id.desc())
                                   .limit(3)).all()
        assert sorted(kinds) == [("import", "tttk.truong"), ("person", "tttk.truong"), ("person", "tttk.truong")]
    audited = _audit_count(web_app)
    again = upload(client, "TTTK", staff_file(GOOD_ROWS))
    assert 'id="import-nothing"' in again.text and 'id="confirm-form"' not in again.text
    assert "Các dòng không đổi (2)" in again.text
    assert client.post(import_url("TTTK", "import/confirm"), data=form_as_shown(preview.text)).status_code == 400
    assert _audit_count(web_app) == audited


def test_a_unit_head_imports_only_for_the_own_unit(web_app, sign_in):
    client = sign_in("tttk.truong")
    rows = [GOOD_ROWS[0], ["CCTDC-90", "Lý Văn Tài", "", "Nam", "", "CCTDC", "", "", ""],
            ["CCTDC-01", "Nông Văn Thắng", "", "", "", "", "", "", ""]]
    response = upload(client, "TTTK", staff_file(rows))
    assert _problems(response.text) == [
        ("Người lao động", "3", "Đơn vị", "Chỉ được nhập người của đơn vị mình; dòng này ghi đơn vị CCTDC."),
        ("Người lao động", "4", "Mã số", "Người mang mã CCTDC-01 thuộc đơn vị khác (CCTDC).")]
    secretariat = upload(sign_in("thuky"), "TTTK", staff_file(rows[:2]))
    assert secretariat.status_code == 200 and secretariat.text.count('data-action="add"') == 2


def test_real_world_mess_is_read_as_meant(app_with_year):
    """A merged title row, NFD names, extra spaces, text and Excel dates, columns in another order, trailing rows."""
    app, year = app_with_year
    name = unicodedata.normalize("NFD", "  Nguyễn   Thị  Thắm ")
    headers = ["ngay tuyen dung", "HO VA TEN", "ma so", "Ngày  sinh", "gioi tinh", "tap the", "don vi"]
    rows = [[datetime(2011, 4, 1), name, " TTTK-95 ", "7/3/1985", "nữ", "TTTK-HC", "TTTK"],
            [None, "Trần Văn Bình", "TTTK-96", 32000, "Nam", None, "TTTK"],
            [None] * 7, [" ", None, None, None, None, None, None]]
    content = workbook({"Danh sách CB": (headers, rows)}, title_rows=2)
    with app.app_context():
        preview = preview_import(content, Scope(find_year("KTD-II", 2017)))
        assert preview.problems == []
        assert [(r.code, r.name, r.action) for r in preview.rows] == [
            ("TTTK-95", "Nguyễn Thị Thắm", "add"), ("TTTK-96", "Trần Văn Bình", "add")]
        apply_import(content, Scope(find_year("KTD-II", 2017)), actor=CLI)
    people = _people(app, "TTTK-95", "TTTK-96")
    assert people["TTTK-95"] == ("Nguyễn Thị Thắm", "TTTK", "TTTK-HC", date(1985, 3, 7), "female", None,
                                 date(2011, 4, 1))
    assert unicodedata.is_normalized("NFC", people["TTTK-95"][0])
    assert people["TTTK-96"][3] == date(1987, 8, 11)                    # Excel serial 32000


def test_registrations_and_facts_show_before_and_after_and_are_stored(app_with_year):
    app, _year = app_with_year
    content = workbook({
        "Đăng ký": (["Mã số", "Họ và tên", "Danh hiệu đăng ký"], [["CCTDC-07", "Nguyễn Thị Lan Anh", "LDTT"]]),
        "Kết quả năm": (["Mã số", "Xếp loại", "Kỷ luật", "Số sáng kiến", "Đề tài nghiệm thu"],
                        [["CCTDC-07", "htt", "Khiển trách", 2, "Có"], ["CCTDC-01", None, None, None, None]])})
    with app.app_context():
        preview = preview_import(content, Scope(find_year("KTD-II", 2017)))
        assert preview.problems == []
        rows = {(r.sheet, r.code): r for r in preview.rows}
        assert [(c.column, c.before, c.after) for c in rows["Đăng ký", "CCTDC-07"].changes] == [
            ("Danh hiệu đăng ký", "", "LDTT")]
        facts = rows["Kết quả năm", "CCTDC-07"]
        assert facts.action == "change"
        assert ("Kỷ luật", "", "Khiển trách") in [(c.column, c.before, c.after) for c in facts.changes]
        assert ("Kết quả năm", "CCTDC-01") not in rows                  # empty cells change nothing
        apply_import(content, Scope(find_year("KTD-II", 2017)), actor=CLI)
        person = db.session.execute(select(Person).where(Person.code == "CCTDC-07")).scalar_one()
        fact = db.session.execute(select(PersonFact).where(PersonFact.person_id == person.id)).scalar_one()
        assert (fact.task_rating, fact.discipline, fact.initiatives, fact.research_accepted) == (
            "HTT", "khien_trach", 2, True)
        assert db.session.execute(select(Registration.title_code).where(
            Registration.person_id == person.id)).scalars().all() == ["LDTT"]
        again = preview_import(content, Scope(find_year("KTD-II", 2017)))
        assert {r.action for r in again.rows} == {"same"}


def test_bad_values_in_every_sheet_are_reported_and_nothing_is_stored(app_with_year):
    app, _year = app_with_year
    content = workbook({
        "Người lao động": (STAFF_HEADERS, [["TTTK-97", "Lê Văn A", "", "Trai", "", "XYZ", "", "", ""]]),
        "Đăng ký": (["Mã số", "Danh hiệu đăng ký"], [["TTTK-98", "LDTT"], ["TTTK-01", "ABC"]]),
        "Kết quả năm": (["Mã số", "Xếp loại", "Số sáng kiến"], [["TTTK-01", "Giỏi", -1]])})
    before = _audit_count(app)
    with app.app_context():
        preview = preview_import(content, Scope(find_year("KTD-II", 2017)))
        assert [(p.sheet, p.row, p.column) for p in preview.problems] == [
            ("Kết quả năm", 2, "Số sáng kiến"),
            ("Người lao động", 2, "Giới tính"), ("Người lao động", 2, "Đơn vị"),
            ("Đăng ký", 2, "Mã số"), ("Đăng ký", 3, "Danh hiệu đăng ký"),
            ("Kết quả năm", 2, "Xếp loại")]
        try:
            apply_import(content, Scope(find_year("KTD-II", 2017)), actor=CLI)
        except ImportRefused as exc:
            assert exc.message == "Chưa nhập: tệp có 6 lỗi cần sửa."
        else:
            raise AssertionError("a file with errors was imported")
    assert _people(app, "TTTK-97") == {} and _audit_count(app) == before


def test_a_locked_year_refuses_the_import(app_with_year, tmp_path):
    app, _year = app_with_year
    with app.app_context():
        find_year("KTD-II", 2017).state = "locked"
        db.session.commit()
        with pytest.raises(SheetError, match="Năm thi đua 2017 đã khoá; không thể thay đổi."):
            apply_import(staff_file(GOOD_ROWS), Scope(find_year("KTD-II", 2017)), actor=CLI)
    path = tmp_path / "staff.xlsx"
    path.write_bytes(staff_file([[*GOOD_ROWS[0][:5], "TTTK", *GOOD_ROWS[0][6:]]]))
    result = app.test_cli_runner().invoke(args=["people", "import", str(path), "--bloc", "KTD-II", "--year", "2017",
                                                "--dry-run"])
    assert result.exit_code == 1 and "! Tệp: Năm thi đua 2017 đã khoá" in result.output
    assert _people(app, "TTTK-90") == {}


def test_a_sheet_of_another_name_is_known_by_its_columns(app_with_year):
    app, _year = app_with_year
    content = workbook({"Sheet1": (["STT", "Mã số", "Họ và tên", "Đơn vị"], [[1, "TTTK-93", "Vũ Thị Yến", "TTTK"]]),
                        "Sheet2": (["Mã số", "Họ và tên", "Danh hiệu"], [["TTTK-93", "Vũ Thị Yến", "LDTT"]])})
    with app.app_context():
        preview = preview_import(content, Scope(find_year("KTD-II", 2017)))
    assert preview.problems == []
    assert [(r.sheet, r.code, r.action) for r in preview.rows] == [("Sheet1", "TTTK-93", "add"),
                                                                   ("Sheet2", "TTTK-93", "add")]


def test_the_confirmation_refuses_what_was_not_previewed(web_app, sign_in):
    client = sign_in("thuky")
    preview = upload(client, "TTTK", staff_file(GOOD_ROWS[:1]))
    form = form_as_shown(preview.text)
    with web_app.app_context():                     # someone adds the same person meanwhile
        apply_import(staff_file([[*GOOD_ROWS[0][:4], "Trưởng phòng", *GOOD_ROWS[0][5:]]]),
                     Scope(find_year("KTD-II", 2017)), actor=CLI)
    response = client.post(import_url("TTTK", "import/confirm"), data=form)
    assert response.status_code == 400
    assert "Dữ liệu đã thay đổi từ lúc xem trước" in response.text
    assert _people(web_app, "TTTK-90")["TTTK-90"][0] == "Phạm Thị Hoa"
    with web_app.app_context():
        assert db.session.execute(select(Person.position).where(Person.code == "TTTK-90")).scalar_one() == \
            "Trưởng phòng"
    forged = dict(form, file_hash="0" * 64)
    assert client.post(import_url("TTTK", "import/confirm"), data=forged).status_code == 400


def test_errors_read_in_english(web_app, sign_in):
    client = sign_in("tttk.truong")
    client.get(f"{BASE}/?lang=en")
    response = upload(client, "TTTK", staff_file([[*GOOD_ROWS[0][:2], "31/02/1988", *GOOD_ROWS[0][3:]]]))
    assert _problems(response.text)[0][3] == "Invalid date &#39;31/02/1988&#39;; write dd/mm/yyyy, e.g. 05/09/1985."
    assert "Errors to fix in the file" in response.text


def test_dry_run_prints_the_preview_and_fails_on_any_error(app_with_year, tmp_path):
    app, _year = app_with_year
    runner = app.test_cli_runner()
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    bad.write_bytes(staff_file([GOOD_ROWS[0], [*GOOD_ROWS[1][:7], "32/13/2016", GOOD_ROWS[1][8]]], title_rows=1))
    good.write_bytes(staff_file([GOOD_ROWS[0], [*GOOD_ROWS[1][:5], "TTTK", *GOOD_ROWS[1][6:]]]))
    result = runner.invoke(args=["people", "import", str(bad), "--bloc", "KTD-II", "--year", "2017", "--dry-run"])
    assert result.exit_code == 1
    assert "! Người lao động, dòng 4, cột Ngày tuyển dụng: Ngày không hợp lệ '32/13/2016'" in result.output
    result = runner.invoke(args=["people", "import", str(good), "--bloc", "KTD-II", "--year", "2017", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "+ Người lao động, dòng 2: TTTK-90 Phạm Thị Hoa" in result.output
    assert "Thêm 2, sửa 0" in result.output and _people(app, "TTTK-90") == {}
    result = runner.invoke(args=["people", "import", str(bad), "--bloc", "KTD-II", "--year", "2017"])
    assert result.exit_code == 1 and _people(app, "TTTK-90") == {}
    result = runner.invoke(args=["people", "import", str(good), "--bloc", "KTD-II", "--year", "2017"])
    assert result.exit_code == 0 and set(_people(app, "TTTK-90", "TTTK-91")) == {"TTTK-90", "TTTK-91"}
    result = runner.invoke(args=["people", "import", str(good), "--bloc", "KTD-II", "--year", "2017"])
    assert "Thêm 0, sửa 0, không đổi 2 dòng; 0 lỗi." in result.output


def test_a_file_that_is_no_workbook_is_refused(app_with_year):
    app, _year = app_with_year
    with app.app_context():
        preview = preview_import(b"PK\x03\x04 not really", Scope(find_year("KTD-II", 2017)))
    assert [p.message for p in preview.problems] == ["Tệp không phải bảng tính Excel .xlsx hợp lệ."]
