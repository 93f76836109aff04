"""Passwords follow NIST SP 800-63B: 8 to 128 characters, not guessable, not only whitespace, never stripped."""
import pytest
from sqlalchemy import select

from emulation.accounts.service import MAX_PASSWORD_LENGTH, password_problem
from emulation.extensions import db
from emulation.models import User

from .conftest import PASSWORD

REFUSED = {
    "password": "Mật khẩu quá dễ đoán",
    "12345678": "Mật khẩu quá dễ đoán",
    "matkhau1": "Mật khẩu quá dễ đoán",
    " " * 8: "Nhập mật khẩu.",        # the form's own check, before the policy's
    "Ab1-": "Mật khẩu cần ít nhất 8 ký tự.",
    "x" * 1_000_000: "Mật khẩu dài tối đa 128 ký tự.",
    "Một-câu-rất-dài " * 9: "Mật khẩu dài tối đa 128 ký tự.",
}


def _accounts(app):
    with app.app_context():
        return set(db.session.execute(select(User.username)).scalars())


@pytest.mark.parametrize("password, words", REFUSED.items(), ids=["password", "digits", "matkhau1", "spaces", "short",
                                                                  "one-megabyte", "129-chars"])
def test_weak_and_overlong_passwords_are_refused_on_the_accounts_page(web_app, sign_in, password, words):
    before = _accounts(web_app)
    response = sign_in("thuky").post("/admin/users", data={"username": "ngan", "role": "viewer", "unit": "",
                                                           "password": password})
    assert response.status_code == 400 and words in response.text
    assert _accounts(web_app) == before


def test_the_refusal_is_in_english_when_asked(web_app, sign_in):
    response = sign_in("thuky").post("/admin/users?lang=en", data={"username": "ngan", "role": "viewer", "unit": "",
                                                                   "password": "password"})
    assert response.status_code == 400
    assert "The password is too easy to guess; use a longer, less common phrase." in response.text


@pytest.mark.parametrize("password, words", [
    ("password", "Mật khẩu quá dễ đoán; hãy dùng một cụm từ dài hơn, ít phổ biến hơn. (The password is too easy"),
    ("12345678", "Mật khẩu quá dễ đoán"),
    (" " * 8, "Mật khẩu không được chỉ gồm khoảng trắng. (The password cannot be only whitespace.)"),
    ("x" * 129, "Mật khẩu dài tối đa 128 ký tự. (The password may be at most 128 characters long.)")])
def test_weak_passwords_are_refused_on_the_command_line_in_both_languages(app, password, words):
    result = app.test_cli_runner().invoke(args=["user", "create", "ngan", "--role", "viewer"], input=password + "\n")
    assert result.exit_code == 1 and words in result.output
    assert "ngan" not in _accounts(app)


def test_a_password_keeps_its_spaces(web_app, sign_in):
    created = sign_in("thuky").post("/admin/users", data={"username": "ngan", "role": "viewer", "unit": "",
                                                          "password": " Spaced-Pass-1 "})
    assert created.status_code == 302
    client = web_app.test_client()
    assert client.post("/login", data={"username": "ngan", "password": "Spaced-Pass-1"}).status_code == 400
    assert client.post("/login", data={"username": "ngan", "password": " Spaced-Pass-1 "}).status_code == 302


def test_a_long_passphrase_up_to_128_characters_is_accepted(app):
    phrase = ("mùa thu hà nội lá vàng rơi " * 5)[:MAX_PASSWORD_LENGTH]
    result = app.test_cli_runner().invoke(args=["user", "create", "ngan", "--role", "viewer"], input=phrase + "\n")
    assert result.exit_code == 0, result.output


def test_the_test_password_and_the_demo_passwords_pass_the_policy(app):
    assert password_problem(PASSWORD) is None
    for _ in range(5):
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        printed = [line.split() for line in result.output.splitlines() if line.startswith("  ")]
        with app.app_context():
            for columns in printed:
                assert password_problem(columns[-1], columns[0]) is None, columns
            db.session.execute(db.delete(User))     # the next demo prints new passwords
            db.session.commit()
