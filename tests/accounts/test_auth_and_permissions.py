"""Sign-in, sign-out and the role-and-unit check on every route: a 403 changes nothing."""
import pytest

from .conftest import BASE, PASSWORD, set_sheet_state, sheet_form_data, sheet_url, sheet_values


def test_sign_in_and_out(web_app):
    client = web_app.test_client()
    assert client.get("/").status_code == 302
    page = client.get("/login")
    assert 'name="username"' in page.text and 'name="password"' in page.text
    wrong = client.post("/login", data={"username": "tttk.truong", "password": "sai-mat-khau"})
    assert wrong.status_code == 400 and "Sai tên đăng nhập hoặc mật khẩu." in wrong.text
    ok = client.post("/login", data={"username": "tttk.truong", "password": PASSWORD})
    assert ok.status_code == 302
    assert f'href="{sheet_url("TTTK")}"' in client.get("/").text          # the home page leads to the sheet
    client.post("/logout")
    assert client.get(sheet_url("TTTK")).status_code == 302


def test_anonymous_api_gets_401(web_app):
    assert web_app.test_client().get(f"/api{BASE}/results").status_code == 401


@pytest.mark.parametrize("page", ["sheet", "registrations", "review"])
def test_unit_head_cannot_open_another_units_pages(sign_in, page):
    client = sign_in("tttk.truong")
    assert client.get(sheet_url("CCTDC", page)).status_code == 403
    assert client.get(sheet_url("TTTK", page)).status_code == (403 if page == "review" else 200)


def test_unit_head_posting_to_another_units_sheet_gets_403_and_nothing_changes(web_app, sign_in):
    set_sheet_state(web_app, "CCTDC", "draft")
    before = sheet_values(web_app, "CCTDC")
    client = sign_in("tttk.truong")
    form = sheet_form_data(web_app, "CCTDC", {"A.1": "1"})
    assert client.post(sheet_url("CCTDC"), data={**form, "submit": "1"}).status_code == 403
    assert client.post(sheet_url("CCTDC", "registrations"), data={"p-title-CCTDC-01": ""}).status_code == 403
    assert client.post(sheet_url("CCTDC", "review"), data={"action-A.1": "accept"}).status_code == 403
    assert sheet_values(web_app, "CCTDC") == before


def test_unit_head_cannot_lock_or_see_another_bloc(sign_in):
    client = sign_in("tttk.truong")
    assert client.post(f"{BASE}/lock").status_code == 403
    assert client.get("/blocs/KHAC/years/2017/results").status_code == 403


def test_reviewer_may_read_but_not_fill_a_units_sheet(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    client = sign_in("danhgia")
    assert client.get(sheet_url("TTTK")).status_code == 200
    assert client.post(sheet_url("TTTK"), data=sheet_form_data(web_app, "TTTK")).status_code == 403


def test_viewer_sees_only_published_years(web_app, sign_in):
    client = sign_in("xem")
    assert client.get(f"{BASE}/results").status_code == 403
    assert client.get(f"/api{BASE}/results").status_code == 403
    assert client.get(sheet_url("TTTK")).status_code == 403
    from emulation.extensions import db
    from emulation.models import EmulationYear
    with web_app.app_context():
        db.session.execute(db.update(EmulationYear).values(state="published"))
        db.session.commit()
    assert client.get(f"{BASE}/results").status_code == 200
    assert client.get(f"/api{BASE}/results").status_code == 200


@pytest.mark.parametrize("user", ["danhgia", "cctdc.truong", "xem"])
def test_only_the_secretariat_locks_and_publishes(web_app, sign_in, user):
    client = sign_in(user)
    assert client.post(f"{BASE}/lock").status_code == 403
    assert client.post(f"{BASE}/publish").status_code == 403
    from emulation.storage.database import read_year
    with web_app.app_context():
        assert read_year("KTD-II", 2017).state == "open"


def test_a_login_made_inactive_behind_the_apps_back_is_signed_out_at_its_next_request(web_app, sign_in):
    """Disabling a login on the accounts page ends its sessions; one made inactive otherwise (a script, psql) with
    its sessions left open still opens no page."""
    from sqlalchemy import text

    from emulation.extensions import db
    head = sign_in("tttk.truong")
    assert head.get(sheet_url("TTTK")).status_code == 200
    with web_app.app_context():
        db.session.execute(text("UPDATE users SET active = :no WHERE username = 'tttk.truong'"), {"no": False})
        db.session.commit()
    answer = head.get(sheet_url("TTTK"))
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
