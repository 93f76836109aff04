"""Computed results kept for reuse: one row per bloc year, keyed by everything the results are computed from."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from emulation.extensions import db


class ResultCacheEntry(db.Model):
    """A year's live results as computed for one state of its inputs (see ``storage.results_cache``).

    One entry per bloc year, in rows of one key: ``scope`` names the part a row holds, the head
    (``WHOLE_YEAR``) or a chunk of a list kept apart (``results.individuals#3``), so that a page decodes
    only its own rows. Results of part of a year are never kept.

    No foreign key to the year: an entry is written in a transaction of its own, beside the request's,
    and must never wait for a lock the request holds on the year's row. A stale entry cannot be
    read: its key holds the data version, which the commit of every write to an input moves.
    """

    __tablename__ = "result_cache"
    __table_args__ = (UniqueConstraint("bloc", "year", "scope", "state_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(64))         # the part: see storage.results_cache
    state_key: Mapped[str] = mapped_column(String(64))     # SHA-256 hex of code version, rules, data version
    results: Mapped[str] = mapped_column(Text)             # JSON, decoded by hand: faster than the JSON type
    created_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, naive
