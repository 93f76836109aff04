"""The emulation council (Hội đồng Thi đua - Khen thưởng): its sessions, members present and ballots per candidate.

A unit's council votes on its collectives' and people's titles; the bloc's council (``unit_id`` NULL)
votes on the titles the bloc proposes. One session per council and year holds the vote the results use.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emulation.extensions import db
from emulation.models.constraints import Versioned, YearRow, exactly_one


class CouncilSession(YearRow, Versioned, db.Model):
    """A session of a unit's council (or of the bloc's, when ``unit_id`` is NULL) for a year."""

    __tablename__ = "council_sessions"
    __table_args__ = (Index("uq_council_sessions_council", "year_id", func.coalesce(literal_column("unit_id"), 0),
                            unique=True),)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(300), default="")
    unit = relationship("Unit")
    members: Mapped[list["CouncilMember"]] = relationship(back_populates="session", cascade="all, delete-orphan",
                                                          order_by="CouncilMember.position")
    ballots: Mapped[list["CouncilBallot"]] = relationship(back_populates="session", cascade="all, delete-orphan",
                                                          order_by="CouncilBallot.id")


class CouncilMember(db.Model):
    """A member of a session: name, role in the council, and whether they were present."""

    __tablename__ = "council_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    session: Mapped[CouncilSession] = relationship(back_populates="members")


class CouncilBallot(db.Model):
    """The ballot counts of one candidate (a person, a collective or a unit) for one title.

    A save replaces a session's ballots whole, so a candidate has at most one row per title (no unique
    constraint could say so: two of the three candidate columns are always NULL, and NULLs never collide).
    """

    __tablename__ = "council_ballots"
    __table_args__ = (
        exactly_one(("person_id", "collective_id", "unit_id"), name="one_candidate"),
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND votes_blank >= 0", name="counts"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"), index=True)
    title_code: Mapped[str] = mapped_column(ForeignKey("titles.code", ondelete="RESTRICT"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collectives.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    votes_blank: Mapped[int] = mapped_column(Integer, default=0)
    session: Mapped[CouncilSession] = relationship(back_populates="ballots")
    person = relationship("Person")
    collective = relationship("Collective")
    unit = relationship("Unit")
