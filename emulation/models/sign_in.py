"""Failed sign-ins, kept in the database so every app process throttles the same guesses."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from emulation.extensions import db


class SignInFailure(db.Model):
    """One failed sign-in: which login name was tried, from which address, when (UTC)."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_username_address_at", "username", "address", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
