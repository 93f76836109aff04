"""Organisation: blocs, their units, the units' collectives and people."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emulation.extensions import db


class Bloc(db.Model):
    """An emulation bloc (khối thi đua)."""

    __tablename__ = "blocs"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    units: Mapped[list["Unit"]] = relationship(back_populates="bloc", order_by="Unit.code")


class Unit(db.Model):
    """A unit (đơn vị) of a bloc, provided by a unit plugin."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(120), default="")
    plugin: Mapped[str] = mapped_column(String(200), default="")
    bloc_id: Mapped[int] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"), index=True)
    bloc: Mapped[Bloc] = relationship(back_populates="units")


class Collective(db.Model):
    """A collective (tập thể): a department of a unit."""

    __tablename__ = "collectives"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    unit: Mapped[Unit] = relationship()


class Person(db.Model):
    """An individual (cá nhân) working in a unit."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collectives.id", ondelete="SET NULL"), index=True)
    recruited_on: Mapped[date | None]
    unit: Mapped[Unit] = relationship()
    collective: Mapped[Collective | None] = relationship()
