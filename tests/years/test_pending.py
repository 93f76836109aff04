"""Each role's home page: the work waiting for it after real actions, with counts, links and deadlines."""
from datetime import date, datetime

import pytest
from reliability.audit_helpers import accept_all
from sqlalchemy import select

from emulation import clock
from emulation.extensions import db
from emulation.models import EmulationYear, YearDeadlines

from .conftest import BASE, BLOC, YEAR, set_sheet_state, sheet_form_data, sheet_url, sheet_values


def _items(page: str) -> dict[str, str]:
    """Return kind -> the card's HTML of every pending-work card of a home page."""
    cards = {}
    for chunk in page.split('<section class="card work-item"')[1:]:
        kind = chunk.split('data-kind="', 1)[1].split('"', 1)[0]
        cards[kind] = chunk[:chunk.index("</section>")]
    return cards


def _count(card: str) -> int:
    return int(card.split('<strong class="count">', 1)[1].split("<", 1)[0])


@pytest.fixture
def today(monkeypatch):
    """Fix the app's clock at noon of the given day."""
    def at(day: date):
        monkeypatch.setattr(clock, "now", lambda: datetime(day.year, day.month, day.day, 12))
    return at


def test_submit_return_and_review_move_the_work_between_roles(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    head, reviewer, secretariat = sign_in("tttk.truong"), sign_in("danhgia"), sign_in("thuky")
    fill = _items(head.get("/").text)["fill"]
    assert f'href="{sheet_url("TTTK")}"' in fill and "Bảng điểm cần nhập và gửi" in fill
    assert "review" not in _items(reviewer.get("/").text)

    assert head.post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK"), "submit": "1"}).status_code == 302
    assert "fill" not in _items(head.get("/").text)
    review = _items(reviewer.get("/").text)["review"]
    assert _count(review) == 1 and f'href="{BASE}/"' in review

    returned = accept_all(web_app, "TTTK", D_3=("return", "", "Thiếu minh chứng."), A_1=("return", "", "Xem lại."))
    assert reviewer.post(sheet_url("TTTK", "review"), data=returned).status_code == 302
    fix = _items(head.get("/").text)["fix"]
    assert _count(fix) == 2 and "Bảng điểm bị trả lại cần sửa" in fix and f'href="{sheet_url("TTTK")}"' in fix
    blocked = _items(secretariat.get("/").text)
    assert "lock" not in blocked and "TTTK" in blocked["blocked"] and "Bị trả lại" in blocked["blocked"]

    assert head.post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK"), "submit": "1"}).status_code == 302
    assert reviewer.post(sheet_url("TTTK", "review"), data=accept_all(web_app, "TTTK")).status_code == 302
    assert sheet_values(web_app, "TTTK")["state"] == "reviewed"
    work = _items(secretariat.get("/").text)
    assert "blocked" not in work and "review" not in work and "Năm sẵn sàng khoá" in work["lock"]
    assert "fix" not in _items(head.get("/").text)

    assert secretariat.post(f"{BASE}/lock").status_code == 302
    assert "Năm đã khoá, chờ công bố" in _items(secretariat.get("/").text)["publish"]
    assert secretariat.post(f"{BASE}/publish").status_code == 302
    assert f'href="{BASE}/results"' in _items(sign_in("xem").get("/").text)["published"]


def test_a_viewer_has_nothing_waiting_before_the_year_is_published(sign_in):
    page = sign_in("xem").get("/").text
    assert _items(page) == {} and "Không có việc nào đang chờ bạn." in page and BASE not in page


def test_deadlines_show_days_left_and_days_overdue(web_app, sign_in, today):
    set_sheet_state(web_app, "TTTK", "draft")
    with web_app.app_context():
        from emulation.models import EmulationYear
        year_id = db.session.execute(select(EmulationYear.id)).scalar_one()
        db.session.add(YearDeadlines(year_id=year_id, registration_until=date(2017, 3, 31),
                                     submission_until=date(2017, 12, 10), review_until=date(2017, 12, 20)))
        db.session.commit()
    head, reviewer = sign_in("tttk.truong"), sign_in("danhgia")
    today(date(2017, 12, 7))
    card = _items(head.get("/").text)["fill"]
    assert "còn 3 ngày" in card and "overdue" not in card
    assert "register" not in _items(head.get("/").text)          # registrations closed on 31 March
    today(date(2017, 12, 12))
    card = _items(head.get("/").text)["fill"]
    assert "quá hạn 2 ngày" in card and 'class="deadline overdue"' in card
    assert "2 days overdue" in _items(head.get("/?lang=en").text)["fill"]
    set_sheet_state(web_app, "TTTK", "submitted")
    today(date(2017, 12, 19))
    assert "1 day left" in _items(reviewer.get("/?lang=en").text)["review"]
    today(date(2017, 3, 1))
    register = _items(head.get("/?lang=vi").text)["register"]
    assert "còn 30 ngày" in register and f'href="{sheet_url("TTTK", "registrations")}"' in register


def test_a_unit_head_reaches_an_earlier_years_results_and_sheet_from_home(web_app, sign_in):
    earlier = f"/blocs/{BLOC}/years/{YEAR - 1}"
    _copy_year_as(web_app, YEAR - 1)
    head = sign_in("tttk.truong")
    page = head.get("/").text
    row = page[page.index(f'data-year="{BLOC}/{YEAR - 1}"'):]
    row = row[:row.index("</tr>")]
    assert f'href="{earlier}/results"' in row and f'href="{earlier}/units/TTTK/sheet"' in row
    assert head.get(f"{earlier}/results").status_code == 200
    sheet = head.get(f"{earlier}/units/TTTK/sheet")
    assert sheet.status_code == 200 and 'name="submit"' not in sheet.text          # read-only once locked
    assert all(item.split('data-year="', 1)[1].startswith(f"{BLOC}/{YEAR}")
               for item in page.split('class="card work-item"')[1:])           # no work in a locked year


def _copy_year_as(app, year: int) -> None:
    """Store the demo year again as `year`, locked, like an earlier year of the bloc."""
    from dataclasses import replace

    from emulation.storage.database import read_year, write_year
    with app.app_context():
        data = read_year(BLOC, YEAR)
        write_year(replace(data, year=year, state="locked", audit=[], snapshots=[], decisions=[], council=[],
                           sheets=[replace(s, state="locked") for s in data.sheets]))
