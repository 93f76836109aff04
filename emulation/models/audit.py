"""The audit trail: one append-only row per change of a score line, registration, fact, state or user."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from emulation.extensions import db


class AuditEvent(db.Model):
    """Who changed what, when, from which value to which, and why.

    Rows are never updated or deleted: the code has no path that does, and database triggers
    (migration 0002) refuse it. Entities are named by codes, not ids, so the trail survives a
    dump and load into another database.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "kind", "key"), Index("ix_audit_events_year", "bloc", "year"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)              # UTC, naive
    user_id: Mapped[int | None] = mapped_column(Integer)          # no foreign key: the trail outlives accounts
    actor: Mapped[str] = mapped_column(String(80))                # the username then, or 'cli'
    bloc: Mapped[str | None] = mapped_column(String(40))
    year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
