"""Sign-in hardening: salted scrypt hashes, HttpOnly SameSite cookies, sessions that expire, throttled guessing."""
import time
from datetime import timedelta

from sqlalchemy import select

from emulation.config import session_config
from emulation.extensions import db
from emulation.models import User

from .conftest import PASSWORD, sheet_url


def test_passwords_are_stored_as_salted_scrypt_hashes(web_app):
    with web_app.app_context():
        hashes = db.session.execute(select(User.password_hash).where(
            User.username.in_(["thuky", "danhgia"]))).scalars().all()
    assert all(h.startswith("scrypt:") and PASSWORD not in h for h in hashes)
    assert len(set(hashes)) == 2            # the same password, two salts


def test_session_cookie_is_httponly_and_samesite_lax(web_app):
    response = web_app.test_client().post("/login", data={"username": "thuky", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie


def test_cookie_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    monkeypatch.setenv("EMULATION_SESSION_HOURS", "2")
    config = session_config()
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=2)
    assert config["REMEMBER_COOKIE_HTTPONLY"] and config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    monkeypatch.delenv("EMULATION_SESSION_HOURS")
    assert session_config()["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=8)


def test_a_session_expires_after_its_lifetime_without_requests(web_app):
    web_app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=2)
    client = web_app.test_client()
    assert client.post("/login", data={"username": "tttk.truong", "password": PASSWORD}).status_code == 302
    assert client.get(sheet_url("TTTK")).status_code == 200
    time.sleep(3.2)
    expired = client.get(sheet_url("TTTK"))
    assert expired.status_code == 302 and expired.location.startswith("/login")


def _fail(client, username="thuky"):
    return client.post("/login", data={"username": username, "password": "sai-mat-khau"})


def test_repeated_failed_sign_ins_are_throttled_per_name_and_address(web_app):
    client = web_app.test_client()
    assert [_fail(client).status_code for _ in range(5)] == [400] * 5
    blocked = client.post("/login", data={"username": "thuky", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 15 phút." in blocked.text
    # another name from the same address, and the same name from another address, still sign in
    assert client.post("/login", data={"username": "danhgia", "password": PASSWORD}).status_code == 302
    other = web_app.test_client()
    elsewhere = other.post("/login", data={"username": "thuky", "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "127.0.0.2"})
    assert elsewhere.status_code == 302


def test_throttling_ends_when_the_window_has_passed(web_app, monkeypatch):
    from emulation.accounts import permissions as security
    now = security._now()
    monkeypatch.setattr(security, "_now", lambda: now)
    client = web_app.test_client()
    for _ in range(5):
        _fail(client)
    assert client.post("/login", data={"username": "thuky", "password": PASSWORD}).status_code == 429
    monkeypatch.setattr(security, "_now", lambda: now + timedelta(minutes=15, seconds=1))
    assert client.post("/login", data={"username": "thuky", "password": PASSWORD}).status_code == 302


def test_a_successful_sign_in_clears_the_count(web_app):
    client = web_app.test_client()
    for _ in range(4):
        _fail(client)
    assert client.post("/login", data={"username": "thuky", "password": PASSWORD}).status_code == 302
    client.post("/logout")
    assert [_fail(client).status_code for _ in range(4)] == [400] * 4


def test_the_count_is_shared_by_every_app_process(web_app, make_app):
    """Failures are counted in the database: a second app on the same database sees them."""
    for _ in range(5):
        _fail(web_app.test_client())
    second = make_app(EMULATION_AUTO_UPGRADE=False)
    assert second.test_client().post("/login", data={"username": "thuky", "password": PASSWORD}).status_code == 429
