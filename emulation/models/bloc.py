"""Organisation: blocs, their units, the units' collectives and people."""
from __future__ import annotations

from datetime import date

from sqlalchemy import (CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, delete, event, insert,
                        inspect)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from emulation.engine.yeardata import DEPARTURES, EMPLOYMENTS, GENDERS
from emulation.extensions import db
from emulation.models.constraints import one_of
from emulation.text import fold, name_words



class Bloc(db.Model):
    """An emulation bloc (khối thi đua)."""

    __tablename__ = "blocs"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    units: Mapped[list["Unit"]] = relationship(back_populates="bloc", order_by="Unit.code")


class Unit(db.Model):
    """A unit (đơn vị) of a bloc: given by a unit plugin, or declared as data (`plugin` empty) in a bloc's
    agreement file or by the secretariat; a closed unit takes part in no year signed after it closed."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(120), default="")
    plugin: Mapped[str] = mapped_column(String(200), default="")
    bloc_id: Mapped[int] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"), index=True)
    closed_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    bloc: Mapped[Bloc] = relationship(back_populates="units")
    __mapper_args__ = {"version_id_col": version}


class Collective(db.Model):
    """A collective (tập thể): a department of a unit."""

    __tablename__ = "collectives"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    closed_on: Mapped[date | None]                                  # closed or merged on this date
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("collectives.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[Unit] = relationship()
    __mapper_args__ = {"version_id_col": version}


class Person(db.Model):
    """An individual (cá nhân) working in a unit."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("code"),
        CheckConstraint(f"gender IS NULL OR {one_of('gender', GENDERS)}", name="gender"),
        CheckConstraint(f"employment IS NULL OR {one_of('employment', EMPLOYMENTS)}", name="employment"),
        CheckConstraint(f"departure IS NULL OR {one_of('departure', DEPARTURES)}", name="departure"),
        CheckConstraint("(departure IS NULL) = (left_on IS NULL)", name="departure_dated"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    full_name: Mapped[str] = mapped_column(String(200))
    # full_name folded for search: lower case, no diacritics, đ -> d (see people.search.fold)
    name_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    birth_date: Mapped[date | None]
    gender: Mapped[str | None] = mapped_column(String(10))
    employment: Mapped[str | None] = mapped_column(String(20))
    # the current placement; the dated history is in `placements`
    position: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collectives.id", ondelete="SET NULL"), index=True)
    recruited_on: Mapped[date | None]
    left_on: Mapped[date | None]
    departure: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[Unit] = relationship()
    collective: Mapped[Collective | None] = relationship()
    placements = relationship("Placement", back_populates="person", order_by="Placement.starts_on, Placement.id")
    leave = relationship("LeavePeriod", back_populates="person", order_by="LeavePeriod.starts_on")
    __mapper_args__ = {"version_id_col": version}

    @validates("full_name")
    def _keep_name_key(self, _key: str, full_name: str) -> str:
        self.name_key = fold(full_name)
        return full_name


class PersonNameWord(db.Model):
    """One word of a person's folded name, so a search by any word's beginning reads an index, not every name."""

    __tablename__ = "person_name_words"
    __table_args__ = (Index("ix_person_name_words_word", "word", "person_id"),)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    word: Mapped[str] = mapped_column(String(200), primary_key=True)


@event.listens_for(Person, "after_update")
def _rename_name_words(mapper, connection, person: Person) -> None:
    if inspect(person).attrs.full_name.history.has_changes():
        _keep_name_words(mapper, connection, person)


@event.listens_for(Person, "after_insert")
def _keep_name_words(_mapper, connection, person: Person) -> None:
    # Every ORM write of a name keeps its words; bulk Core inserts (devdata.synth) bypass this.
    words_table = PersonNameWord.__table__
    connection.execute(delete(words_table).where(words_table.c.person_id == person.id))
    words = name_words(person.full_name or "")
    if words:
        connection.execute(insert(words_table), [{"person_id": person.id, "word": w} for w in words])
