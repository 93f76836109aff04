"""People fixtures: the demo bloc's web fixtures, and a workbook as offices type it."""
from __future__ import annotations

import io

import pytest

from openpyxl import Workbook

from web.conftest import (  # noqa: F401  (fixtures and helpers)
    BASE, BLOC, PASSWORD, YEAR, field_error, form_as_shown, sheet_url, sign_in, web_app)

STAFF_HEADERS = ["Mã số", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Đơn vị", "Tập thể", "Ngày tuyển dụng",
                 "Loại cán bộ"]


def workbook(sheets: dict[str, tuple[list, list[list]]], title_rows: int = 0) -> bytes:
    """Return an .xlsx with one sheet per entry: name -> (headers, rows), below `title_rows` merged title rows."""
    book = Workbook()
    book.remove(book.active)
    for name, (headers, rows) in sheets.items():
        sheet = book.create_sheet(name)
        for index in range(1, title_rows + 1):
            sheet.cell(row=index, column=1, value=f"DANH SÁCH {name.upper()}")
            sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=len(headers))
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def staff_file(rows: list[list], title_rows: int = 0) -> bytes:
    return workbook({"Người lao động": (STAFF_HEADERS, rows)}, title_rows)


def import_url(unit: str, page: str = "import") -> str:
    return f"{BASE}/units/{unit}/{page}"


def upload(client, unit: str, content: bytes, filename: str = "nhan-su.xlsx"):
    """Post `content` to the unit's import page, as the upload form does."""
    return client.post(import_url(unit), data={"file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


@pytest.fixture
def app_with_year(demo_app):
    """The demo app and its year 2017 of KTD-II (open)."""
    return demo_app, YEAR


@pytest.fixture
def other_bloc_secretariat(web_app, sign_in):  # noqa: F811  (the fixtures imported above)
    """A client signed in as the secretariat of another bloc (KTD-X), which may see nothing of KTD-II."""
    from emulation.accounts.service import create_user
    from emulation.extensions import db
    from emulation.models import Bloc
    with web_app.app_context():
        db.session.add(Bloc(code="KTD-X", name="Khối khác"))
        db.session.commit()
        create_user("thuky.x", "secretariat", PASSWORD, bloc_code="KTD-X")
    return sign_in("thuky.x")
