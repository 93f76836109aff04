"""The signed decisions list: searched by number or signer without diacritics, filtered by level and year, paged."""
import re
from datetime import date

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Bloc, Decision, Unit

from .conftest import BASE

DECISIONS = f"{BASE}/decisions"


def _numbers(html: str) -> list[str]:
    return re.findall(r'<tr data-number="([^"]+)">', html)


def _sign(app, rows) -> None:
    with app.app_context():
        bloc = db.session.execute(select(Bloc).where(Bloc.code == "KTD-II")).scalar_one()
        unit = db.session.execute(select(Unit).where(Unit.code == "TTTK")).scalar_one()
        for number, level, signed_on, signer in rows:
            db.session.add(Decision(year=2017, number=number, level=level, signed_on=signed_on, signer=signer,
                                    bloc=bloc if level == "bloc" else None, unit=unit if level == "unit" else None))
        db.session.commit()


def test_signed_decisions_are_found_filtered_and_paged(web_app, sign_in):
    _sign(web_app, [("10/QĐ-TTTK", "unit", date(2017, 12, 20), "Nguyễn Văn Giám"),
                    ("11/QĐ-KTD", "bloc", date(2018, 1, 5), "Trần Thị Hương"),
                    ("12/QĐ-KTD", "bloc", date(2018, 1, 9), "Lê Đức Thành")])
    client = sign_in("danhgia")
    assert _numbers(client.get(DECISIONS).text) == ["10/QĐ-TTTK", "11/QĐ-KTD", "12/QĐ-KTD"]
    assert _numbers(client.get(DECISIONS + "?q=tran+huong").text) == ["11/QĐ-KTD"]      # the signer, unaccented
    assert _numbers(client.get(DECISIONS + "?q=12").text) == ["12/QĐ-KTD"]              # the number
    assert _numbers(client.get(DECISIONS + "?level=unit").text) == ["10/QĐ-TTTK"]
    by_year = client.get(DECISIONS + "?signed_year=2018").text
    assert _numbers(by_year) == ["11/QĐ-KTD", "12/QĐ-KTD"] and '<option value="2018" selected>' in by_year
    first = client.get(DECISIONS + "?per_page=2").text
    assert _numbers(first) == ["10/QĐ-TTTK", "11/QĐ-KTD"] and "Hiển thị 1–2 của 3" in first
    second = client.get(DECISIONS + "?per_page=2&page=2").text
    assert _numbers(second) == ["12/QĐ-KTD"] and "Trang 2/2" in second
    assert _numbers(client.get(DECISIONS + "?per_page=2&page=abc").text) == _numbers(first)
    assert _numbers(client.get(DECISIONS + "?per_page=2&page=999").text) == ["12/QĐ-KTD"]
