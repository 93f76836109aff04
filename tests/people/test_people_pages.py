"""People of the HR record through the web: add, correct, transfer, position, leave and departure, as users do."""
from datetime import date

import pytest
from sqlalchemy import func, select

from emulation.extensions import db
from emulation.models import AuditEvent, LeavePeriod, Person, Placement

from .conftest import field_error

NEW = "/units/TTTK/people/new"


def _person(app, code: str) -> dict | None:
    """The person as stored: identity, current placement, departure and their placements and leave."""
    with app.app_context():
        person = db.session.execute(select(Person).where(Person.code == code)).scalar_one_or_none()
        if person is None:
            return None
        found = {"name": person.full_name, "birth_date": person.birth_date, "gender": person.gender,
                 "employment": person.employment, "unit": person.unit.code, "position": person.position,
                 "collective": person.collective.code if person.collective else None,
                 "recruited_on": person.recruited_on, "departure": person.departure, "left_on": person.left_on,
                 "version": person.version,
                 "placements": [(p.kind, p.starts_on, p.unit.code, p.collective.code if p.collective else None,
                                 p.position) for p in person.placements],
                 "leave": [(p.kind, p.starts_on, p.ends_on) for p in person.leave]}
        db.session.remove()
        return found


def _trail(app, code: str) -> list[tuple[str, str, dict | None, dict | None]]:
    with app.app_context():
        rows = db.session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.before, AuditEvent.after)
                                  .where(AuditEvent.kind == "person", AuditEvent.key == code)
                                  .order_by(AuditEvent.id)).all()
        db.session.remove()
        return [tuple(row) for row in rows]


def _count(app, model) -> int:
    with app.app_context():
        found = db.session.execute(select(func.count()).select_from(model)).scalar_one()
        db.session.remove()
        return found


@pytest.fixture
def head(sign_in):
    return sign_in("tttk.truong")


def _add(client, **fields):
    data = {"full_name": "Nông Thị Hoa", "birth_date": "12/05/1990", "gender": "female",
            "employment": "public_employee",
            "position": "Chuyên viên", "collective": "TTTK-TT", "recruited_on": "2017-03-01", **fields}
    return client.post(NEW, data=data)


def test_a_unit_head_adds_a_person_with_a_new_code(web_app, head):
    form = head.get(NEW).text
    assert 'name="recruited_on" type="date"' in form and "Phòng Thông tin – Tư liệu" in form
    response = _add(head)
    assert response.status_code == 302
    code = response.location.rsplit("/", 1)[1]
    assert response.location == f"/people/{code}" and code.startswith("TTTK-") and int(code[5:]) > 1
    stored = _person(web_app, code)
    assert stored["name"] == "Nông Thị Hoa" and stored["birth_date"] == date(1990, 5, 12)
    assert (stored["gender"], stored["employment"], stored["collective"]) == ("female", "public_employee", "TTTK-TT")
    assert stored["placements"] == [("recruited", date(2017, 3, 1), "TTTK", "TTTK-TT", "Chuyên viên")]
    [(actor, action, before, after)] = _trail(web_app, code)
    assert (actor, action, before) == ("tttk.truong", "add", None) and after["recruited_on"] == "2017-03-01"
    assert "Nông Thị Hoa" in head.get(f"/people/{code}/edit").text
    second = _add(head, full_name="Lò Văn Tư")
    assert second.location != response.location                        # each code is new


def test_a_bad_new_person_is_refused_by_field_and_nothing_is_stored(web_app, head):
    people, trail = _count(web_app, Person), _count(web_app, AuditEvent)
    response = _add(head, full_name="", recruited_on="2999-01-01", birth_date="31/02/1990", code="TTTK-01")
    assert response.status_code == 400
    html = response.text
    assert field_error(html, "birth_date") == "Ngày không hợp lệ: nhập ngày/tháng/năm, ví dụ 01/03/2024."
    response = _add(head, full_name="", recruited_on="2999-01-01", code="TTTK-01")
    html = response.text
    assert response.status_code == 400
    assert field_error(html, "full_name") == "Cần nhập họ và tên."
    assert field_error(html, "recruited_on") == "Ngày này chưa đến: không được sau hôm nay."
    assert field_error(html, "code") == "Mã TTTK-01 đã có người dùng."
    english = head.post(f"{NEW}?lang=en", data={"full_name": "A", "recruited_on": ""})
    assert field_error(english.text, "recruited_on") == "The recruitment date is required."
    assert (_count(web_app, Person), _count(web_app, AuditEvent)) == (people, trail)


def test_a_person_cannot_join_a_closed_collective_or_one_of_another_unit(web_app, head):
    assert head.post("/units/TTTK/collectives", data={"code": "TTTK-DA", "name": "Ban Dự án"}).status_code == 302
    closed = head.post("/units/TTTK/collectives/TTTK-DA", data={
        "c-TTTK-DA-action": "close", "c-TTTK-DA-on": "2017-01-01", "c-TTTK-DA-version": "1"})
    assert closed.status_code == 302
    people = _count(web_app, Person)
    refused = _add(head, collective="TTTK-DA")
    assert field_error(refused.text, "collective") == "Tập thể Ban Dự án đã giải thể từ 01/01/2017."
    assert field_error(_add(head, collective="CCTDC-HC").text, "collective") == "Tập thể không thuộc đơn vị TTTK."
    assert _count(web_app, Person) == people


def test_identity_is_corrected_and_a_field_left_out_keeps_its_value(web_app, head):
    version = _person(web_app, "TTTK-02")["version"]
    response = head.post("/people/TTTK-02/edit", data={"full_name": "Lý Thị Hương Giang", "gender": "female",
                                                        "version": str(version)})
    assert response.status_code == 302 and response.location == "/people/TTTK-02"
    stored = _person(web_app, "TTTK-02")
    assert (stored["name"], stored["gender"], stored["employment"]) == ("Lý Thị Hương Giang", "female", None)
    [(_actor, action, before, after)] = _trail(web_app, "TTTK-02")
    assert action == "edit" and (before["full_name"], after["full_name"]) == ("Lý Thị Hương", "Lý Thị Hương Giang")
    stale = head.post("/people/TTTK-02/edit", data={"full_name": "Tên Cũ", "version": str(version)})
    assert stale.status_code == 409 and "Người khác vừa sửa hồ sơ này" in stale.text
    assert _person(web_app, "TTTK-02")["name"] == "Lý Thị Hương Giang"


def test_a_unit_head_moves_a_person_to_another_collective_from_a_date(web_app, head):
    page = head.get("/people/TTTK-05/transfer").text
    assert '<option selected value="TTTK-TT">' in page
    response = head.post("/people/TTTK-05/transfer", data={"unit": "TTTK", "collective": "TTTK-TK",
                                                            "starts_on": "2017-06-01", "version": "1"})
    assert response.status_code == 302
    stored = _person(web_app, "TTTK-05")
    assert stored["collective"] == "TTTK-TK"
    assert stored["placements"] == [("transfer", date(2017, 6, 1), "TTTK", "TTTK-TK", stored["position"])]
    [(_actor, action, before, after)] = _trail(web_app, "TTTK-05")
    assert (action, before["collective"], after["collective"], after["starts_on"]) == (
        "transfer", "TTTK-TT", "TTTK-TK", "2017-06-01")
    assert "Phòng Thống kê khoa học và công nghệ" in head.get("/people/TTTK-05/transfer").text


def test_a_transfer_before_recruitment_or_to_another_unit_by_a_unit_head_is_refused(web_app, head):
    before = _person(web_app, "TTTK-05")
    early = head.post("/people/TTTK-05/transfer", data={"unit": "TTTK", "collective": "TTTK-TK",
                                                         "starts_on": "2000-01-01", "version": "1"})
    assert early.status_code == 400
    assert field_error(early.text, "starts_on").startswith("Không được trước ngày tuyển dụng (")
    away = head.post("/people/TTTK-05/transfer", data={"unit": "CCTDC", "collective": "CCTDC-HC",
                                                        "starts_on": "2017-06-01", "version": "1"})
    assert away.status_code == 400
    assert field_error(away.text, "unit") == "Bạn không được chuyển người sang đơn vị này."
    assert _person(web_app, "TTTK-05") == before and _trail(web_app, "TTTK-05") == []


def test_the_secretariat_moves_a_person_to_another_unit_of_the_bloc(web_app, sign_in):
    response = sign_in("thuky").post("/people/TTTK-05/transfer", data={"unit": "CCTDC", "collective": "CCTDC-HC",
                                                                         "starts_on": "2017-06-01", "version": "1"})
    assert response.status_code == 302
    stored = _person(web_app, "TTTK-05")
    assert (stored["unit"], stored["collective"]) == ("CCTDC", "CCTDC-HC")
    # the person is now CCTDC's: its head manages them, TTTK's no longer does
    assert sign_in("cctdc.truong").get("/people/TTTK-05/leave").status_code == 200
    assert sign_in("tttk.truong").get("/people/TTTK-05/leave").status_code == 403


def test_a_new_position_is_a_dated_placement(web_app, head):
    response = head.post("/people/TTTK-03/position", data={"position": "Phó trưởng phòng", "starts_on": "2017-09-01",
                                                            "version": "1"})
    assert response.status_code == 302
    stored = _person(web_app, "TTTK-03")
    assert stored["position"] == "Phó trưởng phòng"
    assert stored["placements"][-1][:2] == ("position", date(2017, 9, 1))
    same = head.post("/people/TTTK-03/position", data={"position": "Phó trưởng phòng", "starts_on": "2017-10-01",
                                                        "version": str(stored["version"])})
    assert field_error(same.text, "position") == "Chức vụ không đổi."


def test_leave_is_recorded_listed_and_corrected(web_app, head):
    response = head.post("/people/TTTK-02/leave", data={"kind": "maternity", "starts_on": "01/02/2017",
                                                         "ends_on": "31/07/2017", "note": "sinh con thứ hai"})
    assert response.status_code == 302
    assert _person(web_app, "TTTK-02")["leave"] == [("maternity", date(2017, 2, 1), date(2017, 7, 31))]
    page = head.get("/people/TTTK-02/leave").text
    assert "Nghỉ thai sản" in page and "sinh con thứ hai" in page
    with web_app.app_context():
        leave_id = db.session.execute(select(LeavePeriod.id)).scalar_one()
    corrected = head.post(f"/people/TTTK-02/leave/{leave_id}", data={"kind": "maternity", "starts_on": "2017-02-01",
                                                                      "ends_on": "2017-08-01", "version": "1"})
    assert corrected.status_code == 302
    assert _person(web_app, "TTTK-02")["leave"] == [("maternity", date(2017, 2, 1), date(2017, 8, 1))]
    actions = [(action, before and before["ends_on"], after["ends_on"]) for _a, action, before, after
               in _trail(web_app, "TTTK-02")]
    assert actions == [("leave", None, "2017-07-31"), ("leave", "2017-07-31", "2017-08-01")]
    with web_app.app_context():
        assert db.session.execute(select(LeavePeriod.note)).scalar_one() == "sinh con thứ hai"    # left out: kept


def test_leave_ending_before_it_starts_or_overlapping_is_refused(web_app, head):
    head.post("/people/TTTK-02/leave", data={"kind": "sick", "starts_on": "2017-03-01", "ends_on": "2017-03-20"})
    backwards = head.post("/people/TTTK-02/leave", data={"kind": "unpaid", "starts_on": "2017-05-10",
                                                          "ends_on": "2017-05-01"})
    assert backwards.status_code == 400
    assert field_error(backwards.text, "ends_on") == "Ngày kết thúc không được trước ngày bắt đầu."
    overlapping = head.post("/people/TTTK-02/leave", data={"kind": "unpaid", "starts_on": "2017-03-15",
                                                            "ends_on": "2017-04-15"})
    assert overlapping.status_code == 400
    assert field_error(overlapping.text, "starts_on") == "Trùng với kỳ nghỉ 01/03/2017 – 20/03/2017 đã ghi."
    assert _person(web_app, "TTTK-02")["leave"] == [("sick", date(2017, 3, 1), date(2017, 3, 20))]
    assert len(_trail(web_app, "TTTK-02")) == 1


def test_a_departure_is_recorded_with_its_date_and_not_in_the_future(web_app, head):
    future = head.post("/people/TTTK-04/departure", data={"departure": "retired", "left_on": "2999-01-01",
                                                           "version": "1"})
    assert future.status_code == 400
    assert field_error(future.text, "left_on") == "Ngày này chưa đến: không được sau hôm nay."
    assert _person(web_app, "TTTK-04")["departure"] is None
    response = head.post("/people/TTTK-04/departure", data={"departure": "retired", "left_on": "2017-07-01",
                                                             "version": "1"})
    assert response.status_code == 302
    stored = _person(web_app, "TTTK-04")
    assert (stored["departure"], stored["left_on"]) == ("retired", date(2017, 7, 1))
    assert "Đã nghỉ việc từ" in head.get("/people/TTTK-04/departure").text
    moved = head.post("/people/TTTK-04/transfer", data={"unit": "TTTK", "collective": "TTTK-TK",
                                                         "starts_on": "2017-08-01", "version": str(stored["version"])})
    assert moved.status_code == 400 and field_error(moved.text, "starts_on").startswith("Người này đã nghỉ việc từ")


@pytest.mark.parametrize("who", ["danhgia", "xem", "cctdc.truong"])
def test_other_roles_and_units_are_refused_and_nothing_changes(web_app, sign_in, who):
    client = sign_in(who)
    before = _person(web_app, "TTTK-02"), _count(web_app, Person)
    assert client.get(NEW).status_code == 403
    assert _add(client).status_code == 403
    for page in ("edit", "transfer", "position", "leave", "departure"):
        assert client.get(f"/people/TTTK-02/{page}").status_code == 403, page
    assert client.post("/people/TTTK-02/leave", data={"kind": "unpaid", "starts_on": "2017-02-01"}).status_code == 403
    assert (_person(web_app, "TTTK-02"), _count(web_app, Person)) == before
    assert _count(web_app, Placement) == 0


def test_a_secretariat_confined_to_another_bloc_is_refused(web_app, other_bloc_secretariat):
    client = other_bloc_secretariat
    assert client.get(NEW).status_code == 403
    assert client.get("/people/TTTK-02/edit").status_code == 403
    assert client.get("/units/TTTK/collectives").status_code == 403
    assert client.post("/people/TTTK-02/departure", data={"departure": "retired", "left_on": "2017-07-01",
                                                           "version": "1"}).status_code == 403
    assert _person(web_app, "TTTK-02")["departure"] is None
