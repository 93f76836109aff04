"""The secretariat's pages: creating logins and opening a year by signing its agreement."""
import shutil
from pathlib import Path

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import AuditEvent, EmulationYear, User

from .conftest import PASSWORD

CRITERIA = Path(__file__).resolve().parents[2] / "criteria"


def _count_users(app):
    with app.app_context():
        return db.session.execute(select(db.func.count(User.id))).scalar()


def test_secretariat_creates_a_unit_head_who_can_sign_in(web_app, sign_in):
    client = sign_in("thuky")
    page = client.get("/admin/users")
    assert page.status_code == 200 and "cctdc.truong" in page.text and "Tạo tài khoản" in page.text
    created = client.post("/admin/users", data={"username": "ttud.pho", "role": "unit_head", "unit": "TTUD",
                                                "password": "mot-mat-khau-dai"}, follow_redirects=True)
    assert "Đã tạo tài khoản ttud.pho" in created.text
    other = web_app.test_client()
    assert other.post("/login", data={"username": "ttud.pho", "password": "mot-mat-khau-dai"}).status_code == 302
    assert 'href="/blocs/KTD-II/years/2017/units/TTUD/sheet"' in other.get("/").text


def test_a_bad_account_is_refused_beside_the_form_and_nothing_stored(web_app, sign_in):
    client = sign_in("thuky")
    before = _count_users(web_app)
    for data, words in [({"username": "x9", "role": "viewer", "unit": "", "password": "mot-mat-khau"}, "Tên đăng nhập"),
                        ({"username": "truong.moi", "role": "unit_head", "unit": "", "password": "mot-mat-khau"},
                         "cần có đơn vị"),
                        ({"username": "ngan", "role": "viewer", "unit": "", "password": "123"}, "Mật khẩu"),
                        ({"username": "thuky", "role": "viewer", "unit": "", "password": "mot-mat-khau"}, "đã tồn tại")]:
        response = client.post("/admin/users", data=data)
        assert response.status_code == 400 and words in response.text
        assert f'value="{data["username"]}"' in response.text
    assert _count_users(web_app) == before


def test_only_the_secretariat_reaches_the_admin_pages(web_app, sign_in):
    for username in ("cctdc.truong", "danhgia", "xem"):
        client = sign_in(username)
        assert client.get("/admin/users").status_code == 403
        posted = client.post("/admin/users", data={"username": "ke.gian", "role": "secretariat", "unit": "",
                                                   "password": PASSWORD})
        assert posted.status_code == 403
        assert client.post("/admin/years", data={"agreement": "KTD-II/2018"}).status_code == 403
    assert web_app.test_client().get("/admin/years").status_code == 302
    with web_app.app_context():
        assert db.session.execute(select(User).where(User.username == "ke.gian")).scalar_one_or_none() is None


def test_secretariat_signs_a_new_year_from_its_agreement(make_app, tmp_path):
    criteria = tmp_path / "criteria"
    shutil.copytree(CRITERIA, criteria)
    source = criteria / "agreements" / "ktd-ii-2017.toml"
    (criteria / "agreements" / "ktd-ii-2018.toml").write_text(
        source.read_text(encoding="utf-8").replace("year = 2017", "year = 2018"), encoding="utf-8")
    app = make_app(EMULATION_CRITERIA_DIR=criteria)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    app.test_cli_runner().invoke(args=["user", "create", "thuky2", "--role", "secretariat"], input=PASSWORD + "\n")
    client = app.test_client()
    client.post("/login", data={"username": "thuky2", "password": PASSWORD})
    page = client.get("/admin/years")
    assert 'data-agreement="KTD-II/2018"' in page.text and "Chưa ký" in page.text
    signed = client.post("/admin/years", data={"agreement": "KTD-II/2018"})
    assert signed.status_code == 302 and signed.headers["Location"].endswith("/blocs/KTD-II/years/2018/")
    with app.app_context():
        years = db.session.execute(select(EmulationYear.year, EmulationYear.state)).all()
    assert sorted(years) == [(2017, "open"), (2018, "open")]
    again = client.post("/admin/years", data={"agreement": "KTD-II/2018"})
    assert again.status_code == 400
    with app.app_context():
        trail = db.session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.key)
                                   .where(AuditEvent.year == 2018)).all()
    assert trail == [("thuky2", "sign", "KTD-II/2018")]            # once: the refused second try left nothing
