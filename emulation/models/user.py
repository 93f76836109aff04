"""People who sign in to the app."""
from __future__ import annotations

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from emulation.extensions import db
from emulation.models.constraints import one_of

ROLES = ("secretariat", "reviewer", "unit_head", "viewer", "board")   # board: the provincial emulation board


class User(UserMixin, db.Model):
    """A login with one role; a unit head belongs to exactly one unit, other roles to one bloc or to all."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLES), name="role"),
        CheckConstraint("role <> 'unit_head' OR unit_id IS NOT NULL", name="unit_head_has_unit"),
        CheckConstraint("role <> 'unit_head' OR bloc_id IS NULL", name="unit_head_bloc_from_unit"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)       # False: disabled, may not sign in
    bloc_id: Mapped[int | None] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"))
    # Set when the secretariat resets the password: every page leads to /password until the user chooses one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    unit = relationship("Unit")
    bloc = relationship("Bloc")

    __mapper_args__ = {"version_id_col": version}

    @property
    def bloc_code(self) -> str | None:
        """The code of the one bloc this login may see: a unit head's unit's, a confined login's own; else None."""
        return login_bloc_code(self.role, self.unit.bloc.code if self.unit is not None else None,
                               self.bloc.code if self.bloc is not None else None)

    # The token of the session this user object was signed in or loaded with (not a column).
    session_token = None

    def get_id(self) -> str:
        """Return what the session cookie keeps (Flask-Login asks this): the token of the server-side session.

        The user loader honours it only while the session's row exists (``security.load_user``).
        """
        if not self.session_token:
            raise RuntimeError("sign in through security.start_session, which opens the server-side session")
        return self.session_token

    @property
    def is_active(self) -> bool:
        """Whether the login may sign in (Flask-Login asks this)."""
        return self.active

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of `password`."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Return whether `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)


def login_bloc_code(role: str, unit_bloc: str | None, own_bloc: str | None) -> str | None:
    """The one bloc a login may see: a unit head's unit's bloc (`unit_bloc`), else the login's own (`own_bloc`)."""
    return unit_bloc if unit_bloc is not None and role == "unit_head" else own_bloc
