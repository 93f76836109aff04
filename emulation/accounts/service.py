"""Creating and checking user accounts, and their passwords."""
from __future__ import annotations

import re
import secrets
from functools import cache

from flask import has_request_context
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from emulation.accounts.permissions import end_all_sessions
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.models import ROLES, Bloc, Unit, User
from emulation.storage.audit import CLI, Actor, record

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
# NIST SP 800-63B: at least 8 characters, at most a length that keeps hashing cheap, no known-weak ones.
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
MIN_PASSWORD_SCORE = 3      # zxcvbn's 0-4; 3 is about 10^8 guesses and more


class AccountError(EmulationError):
    """An account cannot be created as asked; the message is for the user."""


def create_user(username: str, role: str, password: str, unit_code: str | None = None, *,
                bloc_code: str | None = None, actor: Actor = CLI) -> User:
    """Create and commit a user, recorded in the audit trail as made by `actor`; raise AccountError on bad input.

    A login with `bloc_code` sees and acts on that bloc only; a unit head's bloc is their unit's.
    """
    if not USERNAME_PATTERN.match(username or ""):
        raise AccountError("Tên đăng nhập chỉ gồm chữ thường, số, '.', '_', '-' (3–80 ký tự) "
                           "(username: lowercase letters, digits, '.', '_', '-')")
    if role not in ROLES:
        raise AccountError(f"Vai trò '{role}' không hợp lệ; dùng một trong {', '.join(ROLES)} (unknown role)")
    if db.session.execute(select(User).where(User.username == username)).scalar_one_or_none():
        raise AccountError(f"Tên đăng nhập '{username}' đã tồn tại (username taken)")
    unit = None
    if role == "unit_head" and not unit_code:
        raise AccountError("Trưởng đơn vị cần có --unit (a unit head needs --unit)")
    if unit_code:
        unit = db.session.execute(select(Unit).where(Unit.code == unit_code)).scalar_one_or_none()
        if unit is None:
            raise AccountError(f"Không có đơn vị '{unit_code}' (unknown unit)")
    bloc = None
    if bloc_code and role == "unit_head":
        raise AccountError("Trưởng đơn vị thuộc khối của đơn vị mình; bỏ --bloc (a unit head's bloc is their unit's)")
    if bloc_code:
        bloc = db.session.execute(select(Bloc).where(Bloc.code == bloc_code)).scalar_one_or_none()
        if bloc is None:
            raise AccountError(f"Không có khối '{bloc_code}' (unknown bloc)")
        if unit is not None and unit.bloc_id != bloc.id:
            raise AccountError(f"Đơn vị '{unit_code}' không thuộc khối '{bloc_code}' (the unit is not in the bloc)")
    check_password_policy(password, username)
    user = User(username=username, role=role, unit=unit, bloc=bloc)
    user.set_password(password)
    db.session.add(user)
    record(actor, "user", username, "create", None,
           {"username": username, "role": role, "unit": unit_code, "bloc": bloc_code or None})
    db.session.commit()
    return user


def password_problem(password: str | None, username: str = ""):
    """Return why `password` may not be used (a message in the user's language when shown), or None.

    Refused: fewer than 8 or more than 128 characters, only whitespace, or guessable (zxcvbn score
    below 3: common words and passwords, keyboard runs, repeats, the login name). Whitespace is part
    of a password and never stripped.
    """
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("Mật khẩu cần ít nhất %(count)s ký tự.", count=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _l("Mật khẩu dài tối đa %(count)s ký tự.", count=MAX_PASSWORD_LENGTH)
    if not password.strip():
        return _l("Mật khẩu không được chỉ gồm khoảng trắng.")
    # zxcvbn reads at most 72 characters; a longer phrase is judged by its first 72.
    if zxcvbn(password[:72], user_inputs=[username] if username else [])["score"] < MIN_PASSWORD_SCORE:
        return _l("Mật khẩu quá dễ đoán; hãy dùng một cụm từ dài hơn, ít phổ biến hơn.")
    return None


def check_password_policy(password: str | None, username: str = "") -> None:
    """Raise AccountError when `password` may not be used (see ``password_problem``)."""
    problem = password_problem(password, username)
    if problem is not None:
        raise AccountError(both_languages(problem))


def both_languages(message) -> str:
    """Return a lazy message in the user's language on the web, and as "Vietnamese (English)" on the command line."""
    if has_request_context():
        return str(message)
    with force_locale("vi"):
        vietnamese = str(message)
    with force_locale("en"):
        english = str(message)
    return vietnamese if english == vietnamese else f"{vietnamese} ({english})"


@cache
def _dummy_hash() -> str:
    # Checked against when the login does not exist, so an unknown name costs what a wrong password does.
    return generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with `username` and `password`, or None; one password hash is checked either way."""
    dummy = _dummy_hash()
    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    known = user is not None and user.active
    matches = check_password_hash(user.password_hash if known else dummy, password or "")
    return user if known and matches else None


def set_new_password(user: User, password: str, *, actor: Actor = CLI) -> int:
    """Give `user` a new password and end every session of the login, in one transaction; return how many ended.

    Raise AccountError (nothing stored) when the password may not be used.
    """

    check_password_policy(password, user.username)
    user.set_password(password)
    ended = end_all_sessions(user.id)
    record(actor, "user", user.username, "password", None, {"password": "changed", "sessions_ended": ended})
    db.session.commit()
    return ended


def reset_password(username: str, password: str, *, actor: Actor = CLI) -> int:
    """Set the password of the login `username` (secretariat or command line); return the sessions ended."""
    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise AccountError(f"Không có tài khoản '{username}' (unknown login)")
    return set_new_password(user, password, actor=actor)
