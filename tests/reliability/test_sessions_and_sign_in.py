"""Sign-in hardening: salted scrypt hashes, HttpOnly SameSite cookies, sessions that expire and end on the server,
the same work for unknown names, throttled guessing per login and per address, also in parallel."""
import time
from datetime import timedelta

from sqlalchemy import select

from emulation.config import session_config
from emulation.extensions import db
from emulation.models import User

from .conftest import PASSWORD, requires_postgres, sheet_url


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


def test_a_session_in_use_outlives_its_lifetime_and_its_cookie_is_signed_again_only_when_its_use_is_recorded(web_app):
    client = web_app.test_client()
    assert client.post("/login", data={"username": "tttk.truong", "password": PASSWORD}).status_code == 302
    assert client.get(sheet_url("TTTK")).status_code == 200       # the page's form keeps its CSRF secret in the session
    again = client.get(sheet_url("TTTK"))
    assert again.status_code == 200 and "Set-Cookie" not in again.headers     # nothing changed: no cookie sent
    web_app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=3)      # its use recorded every 0.75 s at most
    for _ in range(6):                      # 4.8 s of use: longer than the lifetime
        time.sleep(0.8)
        page = client.get(sheet_url("TTTK"))
        assert page.status_code == 200 and "Set-Cookie" in page.headers


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
    from emulation import clock
    now = clock.now()
    monkeypatch.setattr(clock, "now", lambda: now)
    client = web_app.test_client()
    for _ in range(5):
        _fail(client)
    assert client.post("/login", data={"username": "thuky", "password": PASSWORD}).status_code == 429
    monkeypatch.setattr(clock, "now", lambda: now + timedelta(minutes=15, seconds=1))
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


# --- sessions end on the server --------------------------------------------------------------------------------

def _signed_in_client(app, username="tttk.truong", password=PASSWORD):
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": password}).status_code == 302
    return client


def _copy_of_cookie(client, app):
    """Return a new client of `app` carrying a copy of `client`'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _refused(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/login")


def test_a_cookie_captured_before_logout_is_refused_after_it_on_every_app_process(web_app, make_app):
    client = _signed_in_client(web_app)
    second = make_app(EMULATION_AUTO_UPGRADE=False)
    here, there = _copy_of_cookie(client, web_app), _copy_of_cookie(client, second)
    assert here.get(sheet_url("TTTK")).status_code == 200 and there.get(sheet_url("TTTK")).status_code == 200
    assert _refused(client.post("/logout"))
    assert _refused(here.get(sheet_url("TTTK")))
    assert _refused(there.get(sheet_url("TTTK")))
    assert _refused(client.get(sheet_url("TTTK")))


def test_changing_ones_password_ends_every_other_session(web_app, make_app):
    client, elsewhere = _signed_in_client(web_app), _signed_in_client(web_app)
    other_process = _copy_of_cookie(elsewhere, make_app(EMULATION_AUTO_UPGRADE=False))
    stolen = _copy_of_cookie(client, web_app)
    new = "một câu mật khẩu mới dài"
    assert client.get("/password").status_code == 200
    changed = client.post("/password", data={"current": PASSWORD, "new": new, "confirm": new})
    assert changed.status_code == 302
    assert client.get(sheet_url("TTTK")).status_code == 200          # this browser goes on with a new session
    for old in (elsewhere, other_process, stolen):
        assert _refused(old.get(sheet_url("TTTK")))
    assert web_app.test_client().post("/login", data={"username": "tttk.truong", "password": PASSWORD}
                                      ).status_code == 400
    _signed_in_client(web_app, password=new)


def test_the_password_change_asks_the_current_password_and_a_usable_new_one(web_app):
    client = _signed_in_client(web_app)
    wrong = client.post("/password", data={"current": "sai-mat-khau", "new": "một câu mật khẩu mới dài",
                                           "confirm": "một câu mật khẩu mới dài"})
    assert wrong.status_code == 400 and "Mật khẩu hiện tại không đúng." in wrong.text
    weak = client.post("/password", data={"current": PASSWORD, "new": "password", "confirm": "password"})
    assert weak.status_code == 400 and "Mật khẩu quá dễ đoán" in weak.text
    mismatch = client.post("/password?lang=en", data={"current": PASSWORD, "new": "một câu mật khẩu mới dài",
                                                      "confirm": "một câu khác"})
    assert mismatch.status_code == 400 and "The two new passwords do not match." in mismatch.text
    assert client.get(sheet_url("TTTK")).status_code == 200
    _signed_in_client(web_app)                                        # the old password still works


def test_resetting_a_password_from_the_command_line_ends_every_session(web_app):
    client = _signed_in_client(web_app)
    runner = web_app.test_cli_runner()
    weak = runner.invoke(args=["user", "password", "tttk.truong"], input="12345678\n")
    assert weak.exit_code == 1 and "quá dễ đoán" in weak.output and "too easy to guess" in weak.output
    assert client.get(sheet_url("TTTK")).status_code == 200
    unknown = runner.invoke(args=["user", "password", "khong-co"], input="một câu mật khẩu mới dài\n")
    assert unknown.exit_code == 1 and "khong-co" in unknown.output
    reset = runner.invoke(args=["user", "password", "tttk.truong"], input="một câu mật khẩu mới dài\n")
    assert reset.exit_code == 0, reset.output
    assert _refused(client.get(sheet_url("TTTK")))
    _signed_in_client(web_app, password="một câu mật khẩu mới dài")
    with web_app.app_context():
        from emulation.models import AuditEvent
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "password")).scalar_one()
        assert event.key == "tttk.truong" and event.actor == "cli" and "một câu" not in str(event.after)


def test_a_cookie_from_before_server_side_sessions_opens_nothing(web_app):
    """A cookie naming a user id (as before migration 0006) is not a session token."""
    client = web_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = "1", True
    assert _refused(client.get("/"))


# --- the same work for unknown names and wrong passwords ---------------------------------------------------

def test_unknown_names_cost_the_same_hash_check_as_wrong_passwords(web_app, monkeypatch):
    from emulation.accounts import service as accounts
    checks = []
    real = accounts.check_password_hash

    def spy(hashed, password):
        checks.append(hashed)
        return real(hashed, password)
    monkeypatch.setattr(accounts, "check_password_hash", spy)
    with web_app.app_context():
        db.session.execute(db.update(User).where(User.username == "xem").values(active=False))
        db.session.commit()
    client = web_app.test_client()
    for username in ("khong-ai-ca", "thuky", "xem"):      # unknown, wrong password, inactive
        checks.clear()
        response = client.post("/login", data={"username": username, "password": "sai-mat-khau-nhe"},
                               environ_base={"REMOTE_ADDR": f"10.0.0.{len(username)}"})
        assert response.status_code == 400 and "Sai tên đăng nhập hoặc mật khẩu." in response.text
        assert len(checks) == 1 and checks[0].startswith("scrypt:"), username
    assert len({c.split("$")[0] for c in [accounts._dummy_hash(), _hash_of(web_app, "thuky")]}) == 1  # same cost


def _hash_of(app, username):
    with app.app_context():
        return db.session.execute(select(User.password_hash).where(User.username == username)).scalar_one()


# --- throttling per login, per address, in parallel -------------------------------------------------------

def _count_checks(monkeypatch) -> list:
    from emulation.accounts import service as accounts
    checks, real = [], accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda h, p: checks.append(h) or real(h, p))
    return checks


def test_many_addresses_get_no_more_guesses_at_one_login_than_the_login_limit(web_app, monkeypatch):
    """20 addresses x 5 guesses used to check 100 passwords of one login; now 20, then a short back-off."""
    from emulation import clock
    now = clock.now()
    monkeypatch.setattr(clock, "now", lambda: now)
    checks = _count_checks(monkeypatch)
    client = web_app.test_client()
    answers = [client.post("/login", data={"username": "thuky", "password": "sai-mat-khau"},
                           environ_base={"REMOTE_ADDR": f"127.0.0.{address}"}).status_code
               for address in range(1, 21) for _ in range(5)]
    assert len(checks) == 20 and answers.count(400) == 20 and answers.count(429) == 80
    refused = client.post("/login?lang=en", data={"username": "thuky", "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert refused.status_code == 429 and "Too many failed sign-ins for this login" in refused.text
    # another login is unaffected; the owner gets in once the short back-off has passed
    assert client.post("/login", data={"username": "danhgia", "password": PASSWORD}).status_code == 302
    monkeypatch.setattr(clock, "now", lambda: now + timedelta(seconds=1))
    assert web_app.test_client().post("/login", data={"username": "thuky", "password": PASSWORD},
                                      environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 302


def test_a_stranger_cannot_keep_a_login_out_for_longer_than_the_back_off_cap(web_app, monkeypatch):
    from emulation import clock
    web_app.config["EMULATION_SIGN_IN_MAX_FAILURES_PER_LOGIN"] = 3
    time = {"now": clock.now()}
    monkeypatch.setattr(clock, "now", lambda: time["now"])
    stranger = web_app.test_client()
    for attempt in range(40):           # one guess whenever allowed, from ever new addresses
        time["now"] += timedelta(seconds=301)
        stranger.post("/login", data={"username": "thuky", "password": "sai-mat-khau"},
                      environ_base={"REMOTE_ADDR": f"10.1.{attempt}.1"})
    time["now"] += timedelta(seconds=300)
    assert web_app.test_client().post("/login", data={"username": "thuky", "password": PASSWORD},
                                      environ_base={"REMOTE_ADDR": "10.2.0.1"}).status_code == 302


def test_one_address_guessing_many_logins_is_slowed_down(web_app, monkeypatch):
    from emulation import clock
    now = clock.now()
    monkeypatch.setattr(clock, "now", lambda: now)
    checks = _count_checks(monkeypatch)
    client = web_app.test_client()
    answers = [client.post("/login", data={"username": f"ten-{n}", "password": "sai-mat-khau"}).status_code
               for n in range(60)]
    assert len(checks) == 50 and answers.count(429) == 10


def _parallel_attempts(app, count: int, address_of) -> list[int]:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier
    barrier = Barrier(count)

    def attempt(n):
        client = app.test_client()
        barrier.wait()
        return client.post("/login", data={"username": "thuky", "password": "sai-mat-khau"},
                           environ_base={"REMOTE_ADDR": address_of(n)}).status_code
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(attempt, range(count)))


@requires_postgres
def test_parallel_attempts_check_no_more_passwords_than_the_limit(web_app, monkeypatch):
    """40 parallel attempts at one login from one address used to check 8 passwords; the limit is 5."""
    checks = _count_checks(monkeypatch)
    answers = _parallel_attempts(web_app, 40, lambda n: "127.0.0.1")
    # Never more than the limit; under load every attempt may count the others' rows first and be refused.
    assert len(checks) <= 5 and answers.count(400) == len(checks)
    assert answers.count(429) == 40 - len(checks)


@requires_postgres
def test_parallel_attempts_from_many_addresses_check_no_more_than_the_login_limit(web_app, monkeypatch):
    web_app.config["EMULATION_SIGN_IN_MAX_FAILURES_PER_LOGIN"] = 5
    checks = _count_checks(monkeypatch)
    answers = _parallel_attempts(web_app, 40, lambda n: f"10.3.{n}.1")
    assert len(checks) <= 5 + 1 and answers.count(400) == len(checks)     # + one after a 1 s back-off at most
    assert answers.count(429) == 40 - len(checks)


@requires_postgres
def test_parallel_attempts_through_two_app_servers_check_no_more_than_the_limit(web_app, app_servers):
    from concurrent.futures import ThreadPoolExecutor

    from .http_client import Browser
    servers = app_servers(2)
    with ThreadPoolExecutor(40) as pool:
        answers = list(pool.map(lambda n: Browser(servers[n % 2]).open(
            "/login", {"username": "thuky", "password": "sai-mat-khau"})[0], range(40)))
    # At most the limit is checked; under load every attempt may count the others' rows first and be refused.
    assert answers.count(400) <= 5 and answers.count(429) == 40 - answers.count(400)
