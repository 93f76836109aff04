"""Creating and checking user accounts."""
from __future__ import annotations

import re

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import ROLES, Bloc, Unit, User
from emulation.storage.audit import CLI, Actor, record

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
MIN_PASSWORD_LENGTH = 8


class AccountError(ValueError):
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
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự (password too short)")
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
    user = User(username=username, role=role, unit=unit, bloc=bloc)
    user.set_password(password)
    db.session.add(user)
    record(actor, "user", username, "create", None,
           {"username": username, "role": role, "unit": unit_code, "bloc": bloc_code or None})
    db.session.commit()
    return user
