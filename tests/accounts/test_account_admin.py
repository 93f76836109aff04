"""The secretariat manages a login on its page: role, unit and bloc, disable and enable, password reset, throttle.

Each action is done as in the browser, and checked by what the login's user then notices.
"""
import re

import pytest
from sqlalchemy import select

from emulation.accounts.service import create_user
from emulation.extensions import db
from emulation.models import AuditEvent, User
from emulation.models.sign_in import SignInFailure

from .conftest import PASSWORD, form_as_shown, sheet_url

NEW_PASSWORD = "hoa-sen-no-giua-dong"


def error_beside(html: str, name: str) -> str:
    """Return the errors shown in the paragraph of the form field `name` ("" when there are none)."""
    found = re.search(rf'<p><label for="{name}">.*?</p>', html, re.S)
    return " ".join(re.findall(r'<span class="error">([^<]*)</span>', found.group(0))) if found else ""


def login_state(app, username: str) -> tuple:
    """Return what the secretariat can change of a login, and its audit rows."""
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == username)).scalar_one()
        trail = db.session.execute(select(AuditEvent.action).where(AuditEvent.kind == "user",
                                                                   AuditEvent.key == username)).scalars().all()
        state = (user.role, user.unit.code if user.unit else None, user.bloc.code if user.bloc else None,
                 user.active, user.must_change_password, user.password_hash, user.version, trail)
        db.session.remove()
        return state


def edit_form(client, username: str, **changes) -> dict:
    """Return the login's form as its page shows it (version included), with `changes` chosen."""
    page = client.get(f"/admin/users/{username}")
    assert page.status_code == 200
    return {**form_as_shown(page.text), **changes}


def test_the_secretariat_makes_a_reviewer_the_head_of_a_unit(web_app, sign_in):
    secretariat = sign_in("thuky")
    assert 'href="/admin/users/danhgia"' in secretariat.get("/admin/users").text
    saved = secretariat.post("/admin/users/danhgia", data=edit_form(secretariat, "danhgia", role="unit_head",
                                                                     unit="TTUD", bloc=""))
    assert saved.status_code == 302 and saved.location == "/admin/users/danhgia"
    assert "Đã lưu tài khoản danhgia." in secretariat.get(saved.location).text
    role, unit, bloc, *_rest, trail = login_state(web_app, "danhgia")
    assert (role, unit, bloc) == ("unit_head", "TTUD", None) and trail == ["create", "update"]
    head = sign_in("danhgia")
    assert head.get(sheet_url("TTUD")).status_code == 200
    assert head.get(sheet_url("TTTK", "review")).status_code == 403
    with web_app.app_context():
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "update")).scalar_one()
        assert (event.actor, event.before["role"], event.after["role"], event.after["unit"]) == \
            ("thuky", "reviewer", "unit_head", "TTUD")


def test_a_new_role_applies_to_a_signed_in_login_at_its_next_request(web_app, sign_in):
    reviewer, secretariat = sign_in("danhgia"), sign_in("thuky")
    assert reviewer.get(sheet_url("TTTK", "review")).status_code == 200
    assert "Người đánh giá" in reviewer.get("/").text
    secretariat.post("/admin/users/danhgia", data=edit_form(secretariat, "danhgia", role="unit_head", unit="TTUD",
                                                           bloc=""))
    assert reviewer.get(sheet_url("TTTK", "review")).status_code == 403
    assert reviewer.get(sheet_url("TTUD")).status_code == 200
    home = reviewer.get("/").text
    assert "Trưởng đơn vị" in home and "Người đánh giá" not in home


@pytest.mark.parametrize("lang, changes, field, words", [
    ("", {"role": "unit_head", "unit": ""}, "unit", "Trưởng đơn vị cần có đơn vị."),
    ("?lang=en", {"role": "unit_head", "unit": ""}, "unit", "A unit head needs a unit."),
    ("", {"role": "reviewer", "unit": "NOPE"}, "unit", "Lựa chọn không hợp lệ."),
    ("", {"role": "chief"}, "role", "Lựa chọn không hợp lệ."),
    ("", {"role": "reviewer", "bloc": "NOPE"}, "bloc", "Lựa chọn không hợp lệ."),
])
def test_a_bad_choice_is_refused_beside_its_field_and_nothing_changes(web_app, sign_in, lang, changes, field, words):
    secretariat = sign_in("thuky")
    before = login_state(web_app, "danhgia")
    refused = secretariat.post(f"/admin/users/danhgia{lang}", data=edit_form(secretariat, "danhgia", **changes))
    assert refused.status_code == 400 and error_beside(refused.text, field) == words
    assert "--" not in error_beside(refused.text, field)
    assert login_state(web_app, "danhgia") == before


def test_an_edit_built_from_an_older_version_is_refused_and_nothing_changes(web_app, sign_in):
    secretariat, other = sign_in("thuky"), sign_in("thuky")
    stale = edit_form(other, "danhgia", role="viewer")
    assert secretariat.post("/admin/users/danhgia", data=edit_form(secretariat, "danhgia", role="secretariat")
                            ).status_code == 302
    before = login_state(web_app, "danhgia")
    refused = other.post("/admin/users/danhgia", data=stale)
    assert refused.status_code == 400 and "vừa được người khác thay đổi" in refused.text
    del stale["version"]
    assert other.post("/admin/users/danhgia", data=stale).status_code == 400
    assert login_state(web_app, "danhgia") == before and before[0] == "secretariat"


def test_a_disabled_login_is_signed_out_at_once_and_cannot_sign_in_until_enabled(web_app, sign_in):
    head, secretariat = sign_in("tttk.truong"), sign_in("thuky")
    assert head.get(sheet_url("TTTK")).status_code == 200
    done = secretariat.post("/admin/users/tttk.truong/disable", follow_redirects=True)
    assert "Đã khoá tài khoản tttk.truong; 1 phiên đăng nhập đã kết thúc." in done.text
    assert '<span class="badge" id="account-state">Đã khoá</span>' in done.text
    assert head.get(sheet_url("TTTK")).location.startswith("/login")
    refused = web_app.test_client().post("/login", data={"username": "tttk.truong", "password": PASSWORD})
    assert refused.status_code == 400 and "Sai tên đăng nhập hoặc mật khẩu." in refused.text
    secretariat.post("/admin/users/tttk.truong/enable")
    assert sign_in("tttk.truong").get(sheet_url("TTTK")).status_code == 200
    assert login_state(web_app, "tttk.truong")[-1] == ["create", "disable", "enable"]
    with web_app.app_context():
        disabled = db.session.execute(select(AuditEvent.actor, AuditEvent.before, AuditEvent.after)
                                      .where(AuditEvent.action == "disable")).one()
    assert disabled == ("thuky", {"active": True}, {"active": False, "sessions_ended": 1})


def test_the_secretariat_cannot_disable_its_own_login(web_app, sign_in):
    secretariat = sign_in("thuky")
    refused = secretariat.post("/admin/users/thuky/disable")
    assert refused.status_code == 400 and "Không thể khoá tài khoản đang dùng để đăng nhập." in refused.text
    assert secretariat.get("/admin/users").status_code == 200
    assert login_state(web_app, "thuky")[3] is True


def test_a_reset_password_is_shown_once_and_must_be_changed_at_the_next_sign_in(web_app, sign_in):
    head, secretariat = sign_in("tttk.truong"), sign_in("thuky")
    page = secretariat.post("/admin/users/tttk.truong/password", data={"password": ""})
    assert page.status_code == 200
    temporary = re.search(r'id="temporary-password">.*?<code>([^<]+)</code>', page.text, re.S).group(1)
    assert temporary not in secretariat.get("/admin/users/tttk.truong").text
    assert head.get(sheet_url("TTTK")).location.startswith("/login")          # the old session ended
    client = web_app.test_client()
    assert client.post("/login", data={"username": "tttk.truong", "password": PASSWORD}).status_code == 400
    signed_in = client.post("/login", data={"username": "tttk.truong", "password": temporary})
    assert signed_in.status_code == 302 and signed_in.location == "/password"
    for path in ("/", sheet_url("TTTK"), "/blocs/KTD-II/years/2017/results"):
        assert client.get(path).location == "/password", path
    assert client.get("/api/blocs/KTD-II/years/2017/results").status_code == 403
    form = client.get("/password")
    assert 'id="must-change"' in form.text
    same = client.post("/password", data={"current": temporary, "new": temporary, "confirm": temporary})
    assert same.status_code == 400 and "Hãy chọn một mật khẩu khác mật khẩu được cấp." in same.text
    changed = client.post("/password", data={"current": temporary, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    assert client.get(sheet_url("TTTK")).status_code == 200
    with web_app.app_context():
        trail = db.session.execute(select(AuditEvent.actor, AuditEvent.after).where(
            AuditEvent.key == "tttk.truong", AuditEvent.action == "password").order_by(AuditEvent.id)).all()
    assert [(actor, after["password"]) for actor, after in trail] == [("thuky", "reset"), ("tttk.truong", "changed")]
    assert temporary not in repr(trail)


def test_a_password_typed_by_the_secretariat_must_be_changed_too(web_app, sign_in):
    secretariat = sign_in("thuky")
    done = secretariat.post("/admin/users/xem/password", data={"password": NEW_PASSWORD})
    assert done.status_code == 302 and NEW_PASSWORD not in secretariat.get(done.location).text
    client = web_app.test_client()
    assert client.post("/login", data={"username": "xem", "password": NEW_PASSWORD}).location == "/password"


@pytest.mark.parametrize("lang, words", [("", "Mật khẩu quá dễ đoán"), ("?lang=en", "The password is too easy")])
def test_a_weak_reset_password_is_refused_beside_its_field_and_nothing_changes(web_app, sign_in, lang, words):
    secretariat = sign_in("thuky")
    before = login_state(web_app, "xem")
    refused = secretariat.post(f"/admin/users/xem/password{lang}", data={"password": "12345678"})
    assert refused.status_code == 400 and words in error_beside(refused.text, "password")
    assert login_state(web_app, "xem") == before
    assert sign_in("xem").get("/").status_code == 200


def test_a_throttled_login_signs_in_once_the_secretariat_lifts_the_throttle(web_app, sign_in):
    secretariat, client = sign_in("thuky"), web_app.test_client()
    limit = web_app.config["EMULATION_SIGN_IN_MAX_FAILURES"]
    for _ in range(limit):
        client.post("/login", data={"username": "tttk.truong", "password": "sai-mat-khau"})
    assert client.post("/login", data={"username": "tttk.truong", "password": PASSWORD}).status_code == 429
    page = secretariat.get("/admin/users/tttk.truong").text
    assert f"Số lần đăng nhập sai đang được tính: {limit}." in page
    done = secretariat.post("/admin/users/tttk.truong/throttle", follow_redirects=True)
    assert f"Đã gỡ giới hạn đăng nhập của tttk.truong ({limit} lần sai được xoá)." in done.text
    assert client.post("/login", data={"username": "tttk.truong", "password": PASSWORD}).status_code == 302
    with web_app.app_context():
        assert db.session.execute(select(SignInFailure).where(SignInFailure.username == "tttk.truong")).first() is None
        lifted = db.session.execute(select(AuditEvent.before).where(AuditEvent.action == "lift_throttle")).scalar_one()
    assert lifted == {"sign_in_failures": limit}


ACTIONS = [("/admin/users/tttk.truong", {"role": "secretariat", "unit": "", "bloc": "", "version": "2"}),
           ("/admin/users/tttk.truong/disable", {}), ("/admin/users/tttk.truong/enable", {}),
           ("/admin/users/tttk.truong/password", {"password": NEW_PASSWORD}),
           ("/admin/users/tttk.truong/throttle", {})]


@pytest.mark.parametrize("who", ["danhgia", "cctdc.truong", "xem"])
def test_other_roles_get_403_and_nothing_changes(web_app, sign_in, who):
    client, before = sign_in(who), login_state(web_app, "tttk.truong")
    assert client.get("/admin/users/tttk.truong").status_code == 403
    for url, data in ACTIONS:
        assert client.post(url, data=data).status_code == 403, url
    assert login_state(web_app, "tttk.truong") == before


def test_a_confined_secretariat_manages_only_the_logins_of_its_bloc(web_app, sign_in):
    with web_app.app_context():
        create_user("thuky.ktd", "secretariat", PASSWORD, bloc_code="KTD-II")
        create_user("soat.chung", "reviewer", PASSWORD)            # every bloc: not KTD-II's to manage
    confined = sign_in("thuky.ktd")
    before = login_state(web_app, "soat.chung")
    assert confined.get("/admin/users/soat.chung").status_code == 403
    for url, data in ACTIONS:
        assert confined.post(url.replace("tttk.truong", "soat.chung"), data=data).status_code == 403, url
    assert login_state(web_app, "soat.chung") == before
    assert confined.get("/admin/users/nobody.here").status_code == 404
    page = confined.get("/admin/users/tttk.truong").text
    assert 'value="KTD-II"' in page and '<option value="">Mọi khối</option>' not in page
    everywhere = confined.post("/admin/users/tttk.truong",
                               data=edit_form(confined, "tttk.truong", role="reviewer", unit="", bloc=""))
    assert everywhere.status_code == 400 and error_beside(everywhere.text, "bloc") == "Lựa chọn không hợp lệ."
    moved = confined.post("/admin/users/tttk.truong",
                          data=edit_form(confined, "tttk.truong", role="reviewer", unit="", bloc="KTD-II"))
    assert moved.status_code == 302 and login_state(web_app, "tttk.truong")[:3] == ("reviewer", None, "KTD-II")


def test_the_cli_names_its_own_options_and_the_web_none(web_app, sign_in):
    result = web_app.test_cli_runner().invoke(args=["user", "create", "moi", "--role", "unit_head"],
                                              input=PASSWORD + "\n")
    assert result.exit_code == 1 and "--unit: Trưởng đơn vị cần có đơn vị. (A unit head needs a unit.)" in result.output
    page = sign_in("thuky").post("/admin/users", data={"username": "moi", "role": "unit_head", "unit": "",
                                                       "password": PASSWORD})
    assert error_beside(page.text, "unit") == "Trưởng đơn vị cần có đơn vị."
    assert error_beside(page.text, "username") == ""
