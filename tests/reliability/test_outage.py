"""A database outage: every page answers 503 in the user's language, /healthz 503 with the reason; never a bare 500."""
import pytest

from emulation import create_app
from emulation.extensions import db

from .conftest import PASSWORD, POSTGRES_URL, sheet_url


@pytest.fixture
def unreachable_url(tmp_path):
    """A database that cannot be opened: a port nothing listens on, or a SQLite file in a missing folder."""
    if POSTGRES_URL:
        return "postgresql+psycopg://postgres@127.0.0.1:1/test_a?connect_timeout=2"
    return f"sqlite:///{tmp_path / 'missing-folder' / 'emulation.sqlite'}"


@pytest.fixture
def outage(unreachable_url):
    """The app as it is while its database is down (same secret as the test apps, so their cookies are valid)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": unreachable_url, "SECRET_KEY": "test-only-secret",
                      "WTF_CSRF_ENABLED": False, "EMULATION_AUTO_UPGRADE": False, "TESTING": True})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_healthz_answers_503_with_the_reason(outage):
    response = outage.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable" and response.json["reason"] == "database unreachable"
    assert response.json["error"] == "OperationalError"


@pytest.mark.parametrize("language, words", [
    ("", "Cơ sở dữ liệu tạm thời không truy cập được; không có gì được lưu."),
    ("?lang=en", "The database cannot be reached right now; nothing was saved.")])
def test_signing_in_during_an_outage_answers_503_in_the_users_language(outage, language, words):
    response = outage.test_client().post("/login" + language, data={"username": "thuky", "password": PASSWORD})
    assert response.status_code == 503 and words in response.text
    assert response.headers["Content-Security-Policy"]


def test_a_signed_in_user_sees_503_on_every_page_during_an_outage(sign_in, outage):
    cookie = sign_in("tttk.truong").get_cookie("session").value
    client = outage.test_client()
    client.set_cookie("session", cookie)
    for path in ("/", sheet_url("TTTK"), sheet_url("TTTK", "registrations"), "/admin/users"):
        response = client.get(path)
        assert response.status_code == 503 and "Cơ sở dữ liệu tạm thời không truy cập được" in response.text, path
    saved = client.post(sheet_url("TTTK"), data={"value-A.1": "1", "save": "1"})
    assert saved.status_code == 503


def test_a_database_error_while_a_page_is_being_built_answers_503(sign_in, monkeypatch):
    """The connection breaking in the middle of a request (not only at its start) is an outage too."""
    from sqlalchemy.exc import OperationalError

    from emulation.years import results_views as results
    client = sign_in("thuky")

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
    monkeypatch.setattr(results, "render_template", broken)
    response = client.get("/blocs/KTD-II/years/2017/results?lang=en")
    assert response.status_code == 503 and "The database cannot be reached right now" in response.text
