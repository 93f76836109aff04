"""The people list: searched without diacritics, filtered by status, paged with a bounded size; links keep the
filters."""
import re
from datetime import date

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Person, Unit


def _codes(html: str) -> list[str]:
    return re.findall(r'<tr data-code="([^"]+)">', html)


def _add_people(app, count: int) -> None:
    with app.app_context():
        unit = db.session.execute(select(Unit).where(Unit.code == "TTTK")).scalar_one()
        db.session.add_all(Person(code=f"T-{n:04d}", full_name=f"Đặng Thị Ánh {n:04d}", unit=unit)
                           for n in range(count))
        db.session.commit()


def test_status_filter_separates_people_who_left(web_app, sign_in):
    with web_app.app_context():
        person = db.session.execute(select(Person).where(Person.code == "CCTDC-01")).scalar_one()
        person.left_on, person.departure = date(2017, 6, 30), "retired"
        db.session.commit()
    client = sign_in("thuky")
    assert _codes(client.get("/people?q=nong+van+thang&status=left").text) == ["CCTDC-01"]
    assert _codes(client.get("/people?q=nong+van+thang&status=active").text) == []
    left = client.get("/people?status=left").text
    assert _codes(left) == ["CCTDC-01"] and "Tìm thấy 1 cá nhân." in left
    assert '<option value="left" selected>' in left


def test_unaccented_search_pages_with_a_bounded_size_and_keeps_the_filters(web_app, sign_in):
    _add_people(web_app, 130)
    client = sign_in("thuky")
    first = client.get("/people?q=dang+thi+anh&unit=TTTK&per_page=100000").text
    assert len(_codes(first)) == 100 and "Trang 1/2" in first and "Hiển thị 1–100 của 130" in first
    next_url = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
    assert "unit=TTTK" in next_url and "per_page=100000" in next_url and "page=2" in next_url
    second = client.get(next_url).text
    assert _codes(second) == [f"T-{n:04d}" for n in range(100, 130)] and "Hiển thị 101–130 của 130" in second
    for odd in ("abc", "0", "-1"):
        assert _codes(client.get(f"/people?q=dang+thi+anh&page={odd}").text)[0] == "T-0000", odd
