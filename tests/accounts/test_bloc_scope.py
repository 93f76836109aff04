"""A login given a bloc works in that bloc only; logins without one see every bloc, as before."""
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from emulation.accounts.service import create_user
from emulation.devdata.synth import SynthPlan, synthesize, template_agreement
from emulation.extensions import db
from emulation.models import AuditEvent, EmulationYear, User

from .conftest import BASE, PASSWORD, sheet_url

OTHER = "/blocs/ZSB01/years/2025"
CRITERIA = Path(__file__).resolve().parents[2] / "criteria"


@pytest.fixture
def two_blocs(web_app):
    """The demo bloc KTD-II and a synthetic bloc ZSB01, with logins confined to KTD-II."""
    with web_app.app_context():
        synthesize(SynthPlan(2, 20, blocs=1, prefix="Z"), template_agreement(web_app.config["EMULATION_CRITERIA_DIR"]))
        create_user("danhgia.ktd", "reviewer", PASSWORD, bloc_code="KTD-II")
        create_user("thuky.ktd", "secretariat", PASSWORD, bloc_code="KTD-II")
        create_user("truong.z", "unit_head", PASSWORD, "ZSU0001")
    return web_app


def _state(app, bloc_year: str) -> str:
    with app.app_context():
        return db.session.execute(select(EmulationYear.state).where(EmulationYear.year == int(bloc_year[-4:]))
                                  ).scalar_one()


def test_a_confined_reviewer_reviews_their_bloc_only(two_blocs, sign_in):
    confined, everywhere = sign_in("danhgia.ktd"), sign_in("danhgia")
    assert confined.get(sheet_url("TTTK", "review")).status_code == 200
    assert confined.get(f"{OTHER}/units/ZSU0001/review").status_code == 403
    assert confined.get(f"/api{OTHER}/results").status_code == 403
    assert everywhere.get(f"{OTHER}/units/ZSU0001/review").status_code == 200
    home = confined.get("/").text
    assert f'href="{BASE}/"' in home and f'href="{OTHER}/"' not in home
    assert f'href="{OTHER}/"' in everywhere.get("/").text


def test_a_confined_secretariat_cannot_lock_another_bloc(two_blocs, sign_in):
    confined = sign_in("thuky.ktd")
    assert confined.post(f"{OTHER}/lock").status_code == 403
    assert _state(two_blocs, OTHER) == "open"


def test_a_confined_secretariat_creates_logins_of_its_bloc_only(two_blocs, sign_in):
    confined = sign_in("thuky.ktd")
    page = confined.get("/admin/users").text
    assert 'value="KTD-II"' in page and 'value="ZSB01"' not in page and 'value="ZSU0001"' not in page
    assert 'data-username="danhgia.ktd"' in page and 'data-username="truong.z"' not in page
    # neither another bloc nor every bloc can be asked for: the form offers KTD-II alone
    for bloc in ("ZSB01", ""):
        refused = confined.post("/admin/users", data={"username": "lan", "role": "reviewer", "unit": "",
                                                      "bloc": bloc, "password": PASSWORD})
        assert refused.status_code == 400 and '<span class="error">Lựa chọn không hợp lệ.</span>' in refused.text
    english = confined.post("/admin/users?lang=en", data={"username": "lan", "role": "reviewer", "unit": "",
                                                          "bloc": "ZSB01", "password": PASSWORD})
    assert '<span class="error">Not a valid choice.</span>' in english.text
    made = confined.post("/admin/users", data={"username": "lan", "role": "reviewer", "unit": "", "bloc": "KTD-II",
                                               "password": PASSWORD})
    assert made.status_code == 302
    head = confined.post("/admin/users", data={"username": "nam", "role": "unit_head", "unit": "TTUD",
                                               "bloc": "KTD-II", "password": PASSWORD})
    assert head.status_code == 302                          # a unit head's bloc is their unit's
    with two_blocs.app_context():
        made = {u.username: u.bloc_code for u in db.session.execute(select(User).where(User.username.in_(
            ("lan", "nam")))).scalars()}
        trail = db.session.execute(select(AuditEvent.after).where(AuditEvent.key == "lan")).scalar_one()
    assert made == {"lan": "KTD-II", "nam": "KTD-II"} and trail["bloc"] == "KTD-II"
    assert sign_in("lan").get(f"{OTHER}/units/ZSU0001/review").status_code == 403


@pytest.mark.parametrize("args, words", [
    (["--role", "reviewer", "--bloc", "NOPE"], "--bloc: Không có khối 'NOPE'"),
    (["--role", "unit_head", "--unit", "TTTK", "--bloc", "KTD-II"], "--bloc: Trưởng đơn vị thuộc khối"),
    (["--role", "viewer", "--unit", "ZSU0001", "--bloc", "KTD-II"], "--unit: Đơn vị 'ZSU0001' không thuộc khối"),
])
def test_the_cli_refuses_a_bloc_that_does_not_fit(two_blocs, args, words):
    result = two_blocs.test_cli_runner().invoke(args=["user", "create", "moi", *args], input=PASSWORD + "\n")
    assert result.exit_code == 1 and words in result.output
    with two_blocs.app_context():
        assert db.session.execute(select(User).where(User.username == "moi")).first() is None


def test_the_cli_confines_a_login_to_a_bloc(two_blocs, sign_in):
    result = two_blocs.test_cli_runner().invoke(
        args=["user", "create", "soat.z", "--role", "reviewer", "--bloc", "ZSB01"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    reviewer = sign_in("soat.z")
    assert reviewer.get(f"{OTHER}/").status_code == 200
    assert reviewer.get(f"{BASE}/").status_code == 403


def test_a_confined_secretariat_signs_only_its_blocs_agreements(make_app, tmp_path):
    criteria = tmp_path / "criteria"
    shutil.copytree(CRITERIA, criteria)
    source = (criteria / "agreements" / "ktd-ii-2017.toml").read_text(encoding="utf-8")
    (criteria / "agreements" / "ktd-ii-2018.toml").write_text(source.replace("year = 2017", "year = 2018"),
                                                              encoding="utf-8")
    (criteria / "agreements" / "ktd-i-2018.toml").write_text(
        source.replace("year = 2017", "year = 2018").replace('bloc = "KTD-II"', 'bloc = "KTD-I"'), encoding="utf-8")
    app = make_app(EMULATION_CRITERIA_DIR=criteria)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    for name, bloc in (("thuky.ktd", ["--bloc", "KTD-II"]), ("thuky.all", [])):
        runner.invoke(args=["user", "create", name, "--role", "secretariat", *bloc], input=PASSWORD + "\n")
    clients = {}
    for name in ("thuky.ktd", "thuky.all"):
        clients[name] = app.test_client()
        clients[name].post("/login", data={"username": name, "password": PASSWORD})
    assert 'data-agreement="KTD-I/2018"' in clients["thuky.all"].get("/admin/years").text
    page = clients["thuky.ktd"].get("/admin/years").text
    assert 'data-agreement="KTD-II/2018"' in page and 'data-agreement="KTD-I/2018"' not in page
    assert clients["thuky.ktd"].post("/admin/years", data={"agreement": "KTD-I/2018"}).status_code == 400
    with app.app_context():
        assert db.session.execute(select(EmulationYear).where(EmulationYear.year == 2018)).first() is None
