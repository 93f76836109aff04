"""User text stays text: a name that looks like a formula, a link or a number is written as that name."""
import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import update

from emulation.export.workbook import export_year
from emulation.extensions import db
from emulation.models import Person

from .conftest import as_dicts

TRICKS = {"CCTDC-01": '=HYPERLINK("http://x","y")', "CCTDC-02": "http://example.com/phishing",
          "CCTDC-03": "00123", "CCTDC-04": "+SUM(1,2)"}


@pytest.fixture
def tricky_app(demo_app):
    """The demo year with people whose names look like a formula, a link and numbers."""
    with demo_app.app_context():
        for code, name in TRICKS.items():
            db.session.execute(update(Person).where(Person.code == code).values(full_name=name))
        db.session.commit()
    return demo_app


def test_names_that_look_like_formulas_stay_text(tricky_app, tmp_path):
    path = tmp_path / "tricky.xlsx"
    result = tricky_app.test_cli_runner().invoke(args=["export", "--bloc", "KTD-II", "--year", "2017",
                                                       "-o", str(path)])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(path)
    for sheet, column in (("Danh hiệu cá nhân", "Họ và tên"), ("Đề nghị khen thưởng", "Tên tập thể, cá nhân")):
        ws = workbook[sheet]
        header = next(row for row in ws.iter_rows() if row[0].value == "STT")
        col = [c.value for c in header].index(column)
        cells = {}
        for row in ws.iter_rows(min_row=header[0].row + 1):
            code = row[1].value
            if code in TRICKS:
                cells.setdefault(code, row[col])
        assert set(cells) == set(TRICKS), sheet
        for code, cell in cells.items():
            assert (cell.value, cell.data_type, cell.hyperlink) == (TRICKS[code], "s", None), (sheet, code)
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<hyperlink" in archive.read(n) for n in sheets)
        assert not any(n.startswith("xl/worksheets/_rels") for n in archive.namelist())


def test_export_year_writes_to_a_stream_for_the_download_route(demo_app, results):
    stream = io.BytesIO()
    with demo_app.app_context():
        export_year("KTD-II", 2017, stream)
    workbook = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    totals = [r["Tổng điểm"] for r in as_dicts(workbook["Xếp hạng"], "Hạng")]
    assert totals == [u["total"] for u in results["units"]]


def test_rows_are_streamed_in_constant_memory_mode(export_file):
    with zipfile.ZipFile(export_file()) as archive:
        # constant_memory writes strings inline, row by row, instead of collecting a shared string table
        assert "xl/sharedStrings.xml" not in archive.namelist()
        assert b'"inlineStr"' in archive.read("xl/worksheets/sheet1.xml")


def test_cli_errors_are_in_vietnamese_and_write_nothing(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    path = tmp_path / "none.xlsx"
    result = runner.invoke(args=["export", "--bloc", "KTD-II", "--year", "2030", "-o", str(path)])
    assert result.exit_code == 1
    assert "Khối KTD-II chưa có năm thi đua 2030" in result.output
    assert not path.exists()
    result = runner.invoke(args=["export", "--bloc", "KTD-II", "--year", "2017",
                                 "-o", str(tmp_path / "missing-dir" / "x.xlsx")])
    assert result.exit_code == 1
    assert "Không ghi được tệp" in result.output
