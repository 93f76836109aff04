"""Failed sign-ins and open sessions, kept in the database so every app process sees the same."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from emulation.extensions import db


class SignInFailure(db.Model):
    """One failed sign-in: which login name was tried, from which address, when (UTC)."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_username_address_at", "username", "address", "at"),
                      Index("ix_sign_in_failures_address_at", "address", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)


class UserSession(db.Model):
    """One signed-in browser: the SHA-256 of its random token, whose it is, when it began and was last used (UTC).

    A session cookie is honoured only while its row exists: signing out deletes the row, a password
    change or reset deletes every row of the login, in every app process at once.
    """

    __tablename__ = "user_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
