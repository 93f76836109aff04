"""Creating, changing and checking logins, and their passwords."""
from __future__ import annotations

import re
import secrets
from functools import cache

from flask import has_request_context
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from emulation.accounts.permissions import end_all_sessions
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.models import ROLES, Bloc, Unit, User
from emulation.models.sign_in import SignInFailure
from emulation.storage.audit import CLI, Actor, record

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
# NIST SP 800-63B: at least 8 characters, at most a length that keeps hashing cheap, no known-weak ones.
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
MIN_PASSWORD_SCORE = 3      # zxcvbn's 0-4; 3 is about 10^8 guesses and more
READABLE = "abcdefghjkmnpqrstuvwxyz23456789"    # no 0/o, 1/l/i: a temporary password is read and typed


class AccountError(EmulationError):
    """A login cannot be created or changed as asked; ``field`` names the input at fault, the message is for the user.

    The fields are the accounts page's: ``username``, ``role``, ``unit``, ``bloc``, ``password`` (None: the
    login as a whole). The command line names them by its own options (``emulation.cli.accounts``).
    """

    def __init__(self, message, field: str | None = None):
        super().__init__(both_languages(message))
        self.field = field


def create_user(username: str, role: str, password: str, unit_code: str | None = None, *,
                bloc_code: str | None = None, actor: Actor = CLI) -> User:
    """Create and commit a user, recorded in the audit trail as made by `actor`; raise AccountError on bad input.

    A login with `bloc_code` sees and acts on that bloc only; a unit head's bloc is their unit's.
    """
    if not USERNAME_PATTERN.match(username or ""):
        raise AccountError(_l("Tên đăng nhập chỉ gồm chữ thường, số, '.', '_', '-' (3–80 ký tự)."), "username")
    if db.session.execute(select(User).where(User.username == username)).scalar_one_or_none():
        raise AccountError(_l("Tên đăng nhập '%(name)s' đã tồn tại.", name=username), "username")
    unit, bloc = _placement(role, unit_code, bloc_code)
    check_password_policy(password, username)
    user = User(username=username, role=role, unit=unit, bloc=bloc)
    user.set_password(password)
    db.session.add(user)
    record(actor, "user", username, "create", None, account_state(user))
    db.session.commit()
    return user


def _placement(role: str, unit_code: str | None, bloc_code: str | None) -> tuple[Unit | None, Bloc | None]:
    """Return the unit and bloc a login of `role` gets from the codes; raise AccountError naming the field at fault."""
    if role not in ROLES:
        raise AccountError(_l("Vai trò '%(role)s' không hợp lệ; dùng một trong %(roles)s.", role=role,
                              roles=", ".join(ROLES)), "role")
    if role == "unit_head" and not unit_code:
        raise AccountError(_l("Trưởng đơn vị cần có đơn vị."), "unit")
    unit = bloc = None
    if unit_code:
        unit = db.session.execute(select(Unit).where(Unit.code == unit_code)).scalar_one_or_none()
        if unit is None:
            raise AccountError(_l("Không có đơn vị '%(code)s'.", code=unit_code), "unit")
    if bloc_code and role == "unit_head":
        raise AccountError(_l("Trưởng đơn vị thuộc khối của đơn vị mình; không chọn khối."), "bloc")
    if bloc_code:
        bloc = db.session.execute(select(Bloc).where(Bloc.code == bloc_code)).scalar_one_or_none()
        if bloc is None:
            raise AccountError(_l("Không có khối '%(code)s'.", code=bloc_code), "bloc")
        if unit is not None and unit.bloc_id != bloc.id:
            raise AccountError(_l("Đơn vị '%(unit)s' không thuộc khối '%(bloc)s'.", unit=unit_code, bloc=bloc_code),
                               "unit")
    return unit, bloc


def account_state(user: User) -> dict:
    """Return what the audit trail keeps of a login (never its password)."""
    return {"username": user.username, "role": user.role, "unit": user.unit.code if user.unit else None,
            "bloc": user.bloc.code if user.bloc else None}


def find_user(username: str) -> User:
    """Return the login `username`; raise AccountError when there is none."""
    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise AccountError(_l("Không có tài khoản '%(name)s'.", name=username), "username")
    return user


def update_user(user: User, role: str, unit_code: str | None, bloc_code: str | None, *, version: int | None,
                actor: Actor = CLI) -> None:
    """Give a login another role, unit and bloc, with its audit row, in one transaction.

    `version` is the login's version the form was built from; a login changed since is refused
    (AccountError by no field) and nothing is stored. A role that is no longer unit head drops the unit
    unless one is given.
    """
    if version is None or version != user.version:
        raise AccountError(_l("Tài khoản vừa được người khác thay đổi; hãy tải lại trang và thử lại."))
    before = account_state(user)
    user.unit, user.bloc = _placement(role, unit_code, bloc_code)
    user.role = role
    _commit(actor, user, "update", before, account_state(user))


def set_active(user: User, active: bool, *, actor: Actor = CLI) -> int:
    """Enable or disable a login in one transaction; disabling ends every session of it at once.

    Return how many sessions ended. A disabled login cannot sign in (``authenticate``).
    """
    if not active and actor.user_id == user.id:
        raise AccountError(_l("Không thể khoá tài khoản đang dùng để đăng nhập."))
    before = {"active": user.active}
    user.active = active
    ended = 0 if active else end_all_sessions(user.id)
    _commit(actor, user, "enable" if active else "disable", before, {"active": active, "sessions_ended": ended})
    return ended


def lift_throttle(user: User, *, actor: Actor = CLI) -> int:
    """Forget the failed sign-ins of a login from every address (one transaction); return how many were forgotten."""
    forgotten = db.session.execute(delete(SignInFailure).where(SignInFailure.username == user.username)).rowcount
    record(actor, "user", user.username, "lift_throttle", {"sign_in_failures": forgotten}, {"sign_in_failures": 0})
    db.session.commit()
    return forgotten


def sign_in_failures(user: User) -> int:
    """Return how many failed sign-ins of the login the throttle still counts."""
    return db.session.execute(select(func.count()).select_from(SignInFailure)
                              .where(SignInFailure.username == user.username)).scalar_one()


def _commit(actor: Actor, user: User, action: str, before: dict, after: dict) -> None:
    """Record the change of `user` from `before` to `after` and commit it; a concurrent change of the login
    refuses it."""
    record(actor, "user", user.username, action, before, after)
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise AccountError(_l("Tài khoản vừa được người khác thay đổi; hãy tải lại trang và thử lại.")) from exc


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
        raise AccountError(problem, "password")


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


def set_new_password(user: User, password: str, *, actor: Actor = CLI, must_change: bool = False) -> int:
    """Give `user` a new password and end every session of the login, in one transaction; return how many ended.

    With `must_change` (a reset by the secretariat) the user must choose another at the next sign-in;
    without it (the user's own choice) that duty is lifted. Raise AccountError (nothing stored) when the
    password may not be used.
    """
    check_password_policy(password, user.username)
    user.set_password(password)
    user.must_change_password = must_change
    ended = end_all_sessions(user.id)
    record(actor, "user", user.username, "password", None,
           {"password": "reset" if must_change else "changed", "sessions_ended": ended})
    db.session.commit()
    return ended


def reset_password(username: str, password: str, *, actor: Actor = CLI) -> int:
    """Set the password of the login `username` from the command line; return the sessions ended."""
    return set_new_password(find_user(username), password, actor=actor)


def temporary_password(username: str) -> str:
    """Return a random password that passes the policy, easy to read aloud: four groups of four letters and digits."""
    while True:
        groups = ("".join(secrets.choice(READABLE) for _ in range(4)) for _ in range(4))
        password = "-".join(groups)
        if password_problem(password, username) is None:
            return password
