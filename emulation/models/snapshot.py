"""Published results, frozen: one immutable row per publication of a year."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from emulation.extensions import db


class ResultSnapshot(db.Model):
    """The results of a year as published, version 1, 2, 3…; later versions never replace earlier ones."""

    __tablename__ = "result_snapshots"
    __table_args__ = (UniqueConstraint("year_id", "version"), CheckConstraint("version >= 1", name="version"))
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("emulation_years.id", ondelete="RESTRICT"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    results: Mapped[dict] = mapped_column(JSON)
    rule_set: Mapped[str] = mapped_column(String(40))
    inputs_hash: Mapped[str] = mapped_column(String(64))     # SHA-256 of the canonical year file, see snapshots.py
    created_at: Mapped[datetime] = mapped_column(DateTime)   # UTC, naive
    created_by: Mapped[str] = mapped_column(String(80))


class ResultSnapshotPart(db.Model):
    """One unit's share of a snapshot: its collectives and individuals with their decisions and statistics.

    Written in the same transaction as its snapshot and, like it, never changed; the export reads a
    published year's parts in batches of units instead of the whole document at once.
    """

    __tablename__ = "result_snapshot_parts"
    __table_args__ = (UniqueConstraint("snapshot_id", "unit_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("result_snapshots.id", ondelete="RESTRICT"), index=True)
    unit_code: Mapped[str] = mapped_column(String(40))
    results: Mapped[dict] = mapped_column(JSON)
