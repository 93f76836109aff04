"""What each year records of people and collectives: titles registered, yearly facts, titles held."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emulation.engine.rules import LEVELS
from emulation.engine.yeardata import DISCIPLINE_LEVELS, TASK_RATINGS
from emulation.extensions import db
from emulation.models.constraints import Versioned, YearRow, exactly_one, one_of


class Title(db.Model):
    """An emulation title of the catalogue (LDTT, CSTDCS, ...)."""

    __tablename__ = "titles"
    __table_args__ = (CheckConstraint(one_of("level", LEVELS), name="level"),)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    level: Mapped[str] = mapped_column(String(20))


class Registration(YearRow, Versioned, db.Model):
    """A collective or a person registering a title for a year (đăng ký thi đua)."""

    __tablename__ = "registrations"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (collective_id IS NULL)", name="one_registrant"),
        UniqueConstraint("year_id", "person_id", "title_code"),
        UniqueConstraint("year_id", "collective_id", "title_code"),
    )
    title_code: Mapped[str] = mapped_column(ForeignKey("titles.code", ondelete="RESTRICT"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collectives.id", ondelete="CASCADE"), index=True)
    person = relationship("Person")
    collective = relationship("Collective")


class PersonFact(YearRow, Versioned, db.Model):
    """One person's facts for one year: the inputs of the individual titles."""

    __tablename__ = "person_facts"
    __table_args__ = (
        UniqueConstraint("year_id", "person_id"),
        CheckConstraint(f"task_rating IS NULL OR {one_of('task_rating', TASK_RATINGS)}", name="task_rating"),
        CheckConstraint(f"discipline IS NULL OR {one_of('discipline', DISCIPLINE_LEVELS)}", name="discipline"),
        CheckConstraint("initiatives >= 0", name="initiatives"),
        CheckConstraint("months_not_counted BETWEEN 0 AND 12", name="months_not_counted"),
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    task_rating: Mapped[str | None] = mapped_column(String(8))
    discipline: Mapped[str | None] = mapped_column(String(20))
    initiatives: Mapped[int] = mapped_column(Integer, default=0)
    research_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    provincial_initiative: Mapped[bool] = mapped_column(Boolean, default=False)
    months_not_counted: Mapped[int] = mapped_column(Integer, default=0)
    person = relationship("Person")


class CollectiveFact(YearRow, Versioned, db.Model):
    """One collective's own facts for one year."""

    __tablename__ = "collective_facts"
    __table_args__ = (
        UniqueConstraint("year_id", "collective_id"),
        CheckConstraint(f"task_rating IS NULL OR {one_of('task_rating', TASK_RATINGS)}", name="task_rating"),
    )
    collective_id: Mapped[int] = mapped_column(ForeignKey("collectives.id", ondelete="CASCADE"), index=True)
    task_rating: Mapped[str | None] = mapped_column(String(8))
    plan_completed: Mapped[bool] = mapped_column(Boolean, default=True)
    collective = relationship("Collective")


class Award(db.Model):
    """A title held in a given year: the record that multi-year titles depend on."""

    __tablename__ = "awards"
    __table_args__ = (
        exactly_one(("person_id", "collective_id", "unit_id"), name="one_holder"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        UniqueConstraint("year", "title_code", "person_id", "collective_id", "unit_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title_code: Mapped[str] = mapped_column(ForeignKey("titles.code", ondelete="RESTRICT"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collectives.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    # the signed decision that awarded it; none for a title proposed by the engine and not yet decided
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="RESTRICT"), index=True)
    # made by its decision (recorded in the app, or the year's own in a year file), not an award held before it
    # that the decision then confirmed: withdrawing the decision deletes the one and gives the other back
    made_by_decision: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    person = relationship("Person")
    collective = relationship("Collective")
    unit = relationship("Unit")
    decision = relationship("Decision")
