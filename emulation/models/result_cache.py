"""Computed results kept for reuse: one row per bloc year, keyed by everything the results are computed from."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from emulation.extensions import db


class ResultCacheEntry(db.Model):
    """A year's live results as computed for one state of its inputs (see ``storage.results_cache``).

    One entry per bloc year and scope: the units the results cover (a hash of their codes), so the
    results of one unit's people kept for its profile do not push out those of the whole bloc.

    No foreign key to the year: an entry is written in a transaction of its own, beside the request's,
    and must never wait for a lock the request holds on the year's row. A stale entry cannot be
    read: its key is a hash of the inputs themselves, so any write to the year moves the key.
    """

    __tablename__ = "result_cache"
    __table_args__ = (UniqueConstraint("bloc", "year", "scope", "state_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(64))         # SHA-256 hex of the unit codes covered
    state_key: Mapped[str] = mapped_column(String(64))     # SHA-256 hex of code version, rules and inputs
    results: Mapped[str] = mapped_column(Text)             # JSON, decoded by hand: faster than the JSON type
    created_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, naive
