"""The signed-in user as every request reads it: one prebuilt Core statement, no ORM instances.

Every request reads its login afresh (an ended session, a new password, a disabled login or a changed role
takes effect at the next request), so this read is on every page. Building ORM instances of the session, the
user, its unit and bloc cost a request about a quarter of a millisecond; these columns cost a few microseconds.
The pages and permission checks read only what ``SignedInUser`` holds; a change to the login itself goes
through its ORM row (``db.session.get(User, current_user.id)``).

Being the request's first statement, it also reads the data version (``storage.data_version.remember``): the
caches keyed by it (the results cache, the score-entry page's) then read it with no statement of their own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import aliased

from emulation.extensions import db
from emulation.models import Bloc, Unit, User
from emulation.models.user import login_bloc_code
from emulation.models.sign_in import UserSession
from emulation.storage import data_version


@dataclass(frozen=True)
class SignedInUnit:
    """A unit head's unit: what pages and checks read of it."""

    id: int
    code: str
    name: str


@dataclass(frozen=True, eq=False)
class SignedInUser(UserMixin):
    """A signed-in login: its id, name, role, placement and the token of the session it came with."""

    id: int
    username: str
    role: str
    unit_id: int | None
    bloc_id: int | None
    must_change_password: bool
    active: bool
    unit: SignedInUnit | None
    bloc_code: str | None       # ``models.user.login_bloc_code``: the one bloc the login may see, else None
    session_token: str

    def get_id(self) -> str:
        """Return what the session cookie keeps (Flask-Login asks this): the token of the server-side session."""
        return self.session_token

    @property
    def is_active(self) -> bool:
        """Whether the login may sign in (Flask-Login asks this)."""
        return self.active


_UNIT_BLOC, _OWN_BLOC = aliased(Bloc), aliased(Bloc)
# Built once: building a select costs more than running this one.
_SIGNED_IN = (select(UserSession.last_seen_at, User.id, User.username, User.role, User.unit_id, User.bloc_id,
                     User.must_change_password, User.active, Unit.id, Unit.code, Unit.name, _UNIT_BLOC.code,
                     _OWN_BLOC.code, data_version.version_column())
              .join(User, User.id == UserSession.user_id)
              .outerjoin(Unit, Unit.id == User.unit_id).outerjoin(_UNIT_BLOC, _UNIT_BLOC.id == Unit.bloc_id)
              .outerjoin(_OWN_BLOC, _OWN_BLOC.id == User.bloc_id)
              .where(UserSession.id == bindparam("key")))
_TOUCH = update(UserSession).where(UserSession.id == bindparam("key")).values(last_seen_at=bindparam("now"))


def read_signed_in(key: str, token: str) -> tuple[datetime, SignedInUser] | None:
    """Return the last use of the session stored under `key` and its login (holding `token`), or None if none is open."""
    row = db.session.connection().execute(_SIGNED_IN, {"key": key}).first()
    if row is None:
        return None
    (last_seen, user_id, username, role, unit_id, bloc_id, must_change, active, unit_pk, unit_code, unit_name,
     unit_bloc, own_bloc, version) = row
    data_version.remember(db.session, version)
    unit = SignedInUnit(unit_pk, unit_code, unit_name) if unit_pk is not None else None
    bloc_code = login_bloc_code(role, unit_bloc if unit is not None else None, own_bloc)
    return last_seen, SignedInUser(user_id, username, role, unit_id, bloc_id, must_change, active, unit, bloc_code,
                                   token)


def touch_session(key: str, now: datetime) -> None:
    """Record `now` as the last use of the session stored under `key`, in the current transaction."""
    db.session.connection().execute(_TOUCH, {"key": key, "now": now})
