"""The HR record of emulation: where each person worked over time, their leave and decisions that award titles.

Nothing here is deleted: a transfer adds a placement, a correction is an edit recorded in the audit trail.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emulation.engine.yeardata import DECISION_LEVELS, LEAVE_KINDS, PLACEMENT_KINDS
from emulation.extensions import db
from emulation.models.constraints import Versioned, one_of


class Placement(db.Model):
    """Where a person worked from a date: unit, collective and position (one row per change, never rewritten)."""

    __tablename__ = "placements"
    __table_args__ = (CheckConstraint(one_of("kind", PLACEMENT_KINDS), name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20), default="transfer")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collectives.id", ondelete="SET NULL"))
    position: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    person = relationship("Person", back_populates="placements")
    unit = relationship("Unit")
    collective = relationship("Collective")


class LeavePeriod(Versioned, db.Model):
    """A period of leave of a person (maternity, sick, study, unpaid, secondment), both days included."""

    __tablename__ = "leave_periods"
    __table_args__ = (
        CheckConstraint(one_of("kind", LEAVE_KINDS), name="kind"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    person = relationship("Person", back_populates="leave")


class Decision(db.Model):
    """A signed decision (quyết định khen thưởng) that awards titles, made in the app or recorded from before it."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(one_of("level", DECISION_LEVELS), name="level"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc_id: Mapped[int | None] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)        # the emulation year it decides on
    number: Mapped[str] = mapped_column(String(60))               # số, ký hiệu: 123/QĐ-SKHCN
    signed_on: Mapped[date | None]
    level: Mapped[str] = mapped_column(String(20))                # the level that decided
    signer: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    bloc = relationship("Bloc")
    unit = relationship("Unit")
