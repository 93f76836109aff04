"""Collectives through the web: create, rename, merge into another (people moved with a date), close."""
from datetime import date

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import AuditEvent, Collective, Person, Placement

from .conftest import field_error

PAGE = "/units/TTTK/collectives"


def _collective(app, code: str) -> tuple | None:
    with app.app_context():
        found = db.session.execute(select(Collective).where(Collective.code == code)).scalar_one_or_none()
        row = None if found is None else (found.name, found.closed_on, found.merged_into_id and db.session.get(
            Collective, found.merged_into_id).code, found.version)
        db.session.remove()
        return row


def _members(app, code: str) -> list[str]:
    with app.app_context():
        found = db.session.execute(select(Person.code).join(Person.collective).where(Collective.code == code)
                                   .order_by(Person.code)).scalars().all()
        db.session.remove()
        return found


def _actions(app, code: str) -> list[str]:
    with app.app_context():
        found = db.session.execute(select(AuditEvent.action).where(AuditEvent.kind == "collective",
                                                                   AuditEvent.key == code)).scalars().all()
        db.session.remove()
        return found


def _change(client, code: str, **fields):
    return client.post(f"{PAGE}/{code}", data={f"c-{code}-{name}": value for name, value in fields.items()})


def test_the_page_lists_the_units_collectives_with_their_people(sign_in):
    html = sign_in("tttk.truong").get(PAGE).text
    assert 'data-code="TTTK-TT"' in html and "Nguyễn Thị Thanh Mai" in html and 'data-code="CCTDC-HC"' not in html


def test_a_collective_is_created_and_renamed(web_app, sign_in):
    client = sign_in("tttk.truong")
    assert client.post(PAGE, data={"code": "TTTK-DA", "name": "Ban Dự án"}).status_code == 302
    assert _collective(web_app, "TTTK-DA") == ("Ban Dự án", None, None, 1)
    assert _change(client, "TTTK-DA", action="rename", name="Ban Quản lý dự án", version="1").status_code == 302
    assert _collective(web_app, "TTTK-DA")[0] == "Ban Quản lý dự án"
    assert "Ban Quản lý dự án" in client.get(PAGE).text
    assert _actions(web_app, "TTTK-DA") == ["create", "rename"]
    taken = client.post(PAGE, data={"code": "TTTK-HC", "name": "Trùng mã"})
    assert taken.status_code == 400 and field_error(taken.text, "code") == "Mã TTTK-HC đã có tập thể dùng."
    stale = _change(client, "TTTK-DA", action="rename", name="Tên khác", version="1")
    assert stale.status_code == 409 and _collective(web_app, "TTTK-DA")[0] == "Ban Quản lý dự án"


def test_merging_moves_the_people_with_a_dated_placement_and_closes_the_collective(web_app, sign_in):
    moving = _members(web_app, "TTTK-TH")
    response = _change(sign_in("thuky"), "TTTK-TH", action="merge", into="TTTK-TK", on="2017-10-01", version="1")
    assert response.status_code == 302
    assert _collective(web_app, "TTTK-TH")[1:3] == (date(2017, 10, 1), "TTTK-TK")
    assert _members(web_app, "TTTK-TH") == [] and set(moving) <= set(_members(web_app, "TTTK-TK"))
    with web_app.app_context():
        placed = db.session.execute(select(Person.code, Placement.starts_on, Placement.kind).join(Placement.person)
                                    .order_by(Person.code)).all()
    assert [tuple(p) for p in placed] == [(code, date(2017, 10, 1), "transfer") for code in moving]
    assert _actions(web_app, "TTTK-TH") == ["merge"]
    page = sign_in("thuky").get(PAGE).text
    assert "Giải thể từ" in page


def test_bad_changes_are_refused_beside_their_field(web_app, sign_in):
    client = sign_in("tttk.truong")
    before = _collective(web_app, "TTTK-TH"), _members(web_app, "TTTK-TH")
    with_people = _change(client, "TTTK-TH", action="close", on="2017-10-01", version="1")
    assert with_people.status_code == 400
    assert field_error(with_people.text, "c-TTTK-TH-on").startswith("Còn ")
    itself = _change(client, "TTTK-TH", action="merge", into="TTTK-TH", on="2017-10-01", version="1")
    assert field_error(itself.text, "c-TTTK-TH-into") == "Chọn một tập thể khác của cùng đơn vị."
    future = _change(client, "TTTK-TH", action="merge", into="TTTK-TK", on="2999-10-01", version="1")
    assert field_error(future.text, "c-TTTK-TH-on") == "Ngày này chưa đến: không được sau hôm nay."
    assert (_collective(web_app, "TTTK-TH"), _members(web_app, "TTTK-TH")) == before
    assert _actions(web_app, "TTTK-TH") == []


def test_other_units_and_roles_cannot_change_collectives(web_app, sign_in):
    before = _collective(web_app, "TTTK-HC")
    for who in ("cctdc.truong", "danhgia", "xem"):
        client = sign_in(who)
        assert client.get(PAGE).status_code == 403
        assert _change(client, "TTTK-HC", action="rename", name="Đổi", version="1").status_code == 403
        assert client.post(PAGE, data={"code": "TTTK-ZZ", "name": "Giả"}).status_code == 403
    assert _collective(web_app, "TTTK-HC") == before and _collective(web_app, "TTTK-ZZ") is None
