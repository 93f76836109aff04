"""The template and the export: the import's own layout, so export → edit → import changes exactly the edit."""
import io

from openpyxl import load_workbook
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Person, PersonFact

from .conftest import import_url


def _sheet_rows(sheet, header_row: int = 3) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=header_row, values_only=True)]


def test_the_template_explains_each_column_and_offers_drop_downs(app_with_year, tmp_path):
    app, _year = app_with_year
    path = tmp_path / "mau.xlsx"
    result = app.test_cli_runner().invoke(args=["people", "template", "-o", str(path)])
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    assert book.sheetnames[:3] == ["Người lao động", "Đăng ký", "Kết quả năm"]
    staff = book["Người lao động"]
    assert [c.value for c in staff[3]] == ["Mã số", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Đơn vị",
                                           "Tập thể", "Ngày tuyển dụng", "Loại cán bộ"]
    assert "dd/mm/yyyy" in staff["C3"].comment.text
    lists = book["Danh mục"]
    assert lists.sheet_state == "hidden"
    offered = {lists.cell(1, col).value: [lists.cell(r, col).value for r in range(2, lists.max_row + 1)
                                          if lists.cell(r, col).value]
               for col in range(1, lists.max_column + 1)}
    assert offered["ratings"] == ["HTXS", "HTT", "HT", "KHT"]
    assert offered["gender"] == ["Nữ", "Nam"]
    assert {"LDTT", "CSTDCS"} <= set(offered["titles"])
    assert offered["discipline"][:2] == ["Không", "Khiển trách"]
    validations = {str(v.sqref).split(":")[0]: v.formula1 for v in book["Kết quả năm"].data_validations.dataValidation}
    assert validations["C4"] == "'Danh mục'!$D$2:$D$5"                  # Xếp loại: the ratings
    assert any(v.formula1.startswith("'Danh mục'!$A$") for v in staff.data_validations.dataValidation)


def test_export_edit_import_changes_exactly_the_edit(app_with_year, tmp_path):
    app, _year = app_with_year
    runner = app.test_cli_runner()
    path = tmp_path / "ktd.xlsx"
    result = runner.invoke(args=["people", "export", "--bloc", "KTD-II", "--year", "2017", "-o", str(path)])
    assert result.exit_code == 0 and "Đã xuất 62 người" in result.output
    book = load_workbook(path)
    facts = book["Kết quả năm"]
    row = next(r for r in facts.iter_rows(min_row=4) if r[0].value == "CCTDC-03")
    before = row[2].value
    row[2].value = "KHT"
    staff = book["Người lao động"]
    staff_row = next(r for r in staff.iter_rows(min_row=4) if r[0].value == "TTTK-01")
    assert staff_row[1].value and staff_row[5].value == "TTTK"
    book.save(path)
    args = ["people", "import", str(path), "--bloc", "KTD-II", "--year", "2017"]
    dry = runner.invoke(args=[*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines()[:2] == [f"~ Kết quả năm, dòng {row[0].row}: CCTDC-03 Hoàng Đức Long",
                                           f"    Xếp loại: {before} → KHT"]
    assert "Thêm 0, sửa 1, không đổi 184 dòng; 0 lỗi." in dry.output
    assert runner.invoke(args=args).exit_code == 0
    with app.app_context():
        assert db.session.execute(select(PersonFact.task_rating).join(Person).where(
            Person.code == "CCTDC-03")).scalar_one() == "KHT"
    again = runner.invoke(args=["people", "export", "--bloc", "KTD-II", "--year", "2017", "-o",
                                str(tmp_path / "again.xlsx")])
    assert again.exit_code == 0
    edited, exported = load_workbook(path), load_workbook(tmp_path / "again.xlsx")
    for name in ("Người lao động", "Đăng ký", "Kết quả năm"):
        assert _sheet_rows(edited[name]) == _sheet_rows(exported[name]), name


def test_a_unit_head_downloads_the_own_staff_and_the_template(sign_in):
    client = sign_in("tttk.truong")
    page = client.get(import_url("TTTK"))
    assert 'id="template-link"' in page.text and 'id="export-link"' in page.text
    response = client.get(import_url("TTTK", "import/export.xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    codes = [r[0] for r in book["Người lao động"].iter_rows(min_row=4, values_only=True)]
    assert codes and all(code.startswith("TTTK-") for code in codes)
    assert client.get(import_url("TTTK", "import/template.xlsx")).status_code == 200
    assert 'id="import-link"' in client.get("/blocs/KTD-II/years/2017/units/TTTK/registrations").text
