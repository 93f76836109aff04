"""An emulation year of a bloc: its signed criteria, each unit's score sheet and lines."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emulation.engine.criteria import KINDS
from emulation.engine.yeardata import LINE_REVIEW_STATES, SHEET_STATES, YEAR_STATES
from emulation.extensions import db
from emulation.models.constraints import one_of


class EmulationYear(db.Model):
    """A bloc's emulation year, created when its agreement is signed."""

    __tablename__ = "emulation_years"
    __table_args__ = (
        UniqueConstraint("bloc_id", "year"),
        CheckConstraint(one_of("state", YEAR_STATES), name="state"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc_id: Mapped[int] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="open")
    review_on: Mapped[date | None]
    agreement_name: Mapped[str] = mapped_column(String(300), default="")
    agreement_source: Mapped[str] = mapped_column(String(300), default="")
    total_max: Mapped[float] = mapped_column(Float, default=0)
    unit_group: Mapped[str] = mapped_column(String(40), default="")
    # the agreement's grading bands and conferral as signed (engine.ranking.Band, Conferral); null: the defaults
    grading: Mapped[list | None] = mapped_column(JSON)
    conferral: Mapped[dict | None] = mapped_column(JSON)
    bloc = relationship("Bloc")


class YearDeadlines(db.Model):
    """The year's deadlines, set by the secretariat: each may be left open (None)."""

    __tablename__ = "year_deadlines"
    year_id: Mapped[int] = mapped_column(ForeignKey("emulation_years.id", ondelete="CASCADE"), primary_key=True)
    registration_until: Mapped[date | None]     # units register titles until this day
    submission_until: Mapped[date | None]       # unit heads submit their score sheets until this day
    review_until: Mapped[date | None]           # the bloc reviews every sheet until this day
    publication_on: Mapped[date | None]         # the results are published on this day
    version: Mapped[int] = mapped_column(Integer, default=1)
    year = relationship("EmulationYear")
    __mapper_args__ = {"version_id_col": version}


class SignedCriterion(db.Model):
    """A criterion frozen into a year when it was signed; a later edit of the TOML does not touch it."""

    __tablename__ = "signed_criteria"
    __table_args__ = (
        UniqueConstraint("year_id", "code"),
        CheckConstraint(one_of("kind", KINDS), name="kind"),
        CheckConstraint("max_points > 0", name="max_points"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("emulation_years.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    parent_code: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(500))
    max_points: Mapped[float] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)
    spec: Mapped[dict] = mapped_column(JSON)      # the whole CriterionSpec as signed
    year = relationship("EmulationYear")
    unit = relationship("Unit")


class ScoreSheet(db.Model):
    """One unit's score sheet for a year, with its review state."""

    __tablename__ = "score_sheets"
    __table_args__ = (UniqueConstraint("year_id", "unit_id"), CheckConstraint(one_of("state", SHEET_STATES), name="state"))
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("emulation_years.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    year = relationship("EmulationYear")
    unit = relationship("Unit")
    __mapper_args__ = {"version_id_col": version}


class ScoreLine(db.Model):
    """One criterion line of a unit's sheet: the value entered and the value reviewed."""

    __tablename__ = "score_lines"
    __table_args__ = (
        UniqueConstraint("sheet_id", "criterion_id"),
        CheckConstraint(one_of("review_state", LINE_REVIEW_STATES), name="review_state"),
        CheckConstraint("self_value IS NULL OR self_value >= 0", name="self_value"),
        CheckConstraint("reviewed_value IS NULL OR reviewed_value >= 0", name="reviewed_value"),
        CheckConstraint("review_state <> 'adjusted' OR length(reason) > 0", name="adjusted_has_reason"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("signed_criteria.id", ondelete="CASCADE"), index=True)
    self_value: Mapped[float | None] = mapped_column(Float)
    reviewed_value: Mapped[float | None] = mapped_column(Float)
    review_state: Mapped[str] = mapped_column(String(20), default="pending")
    reason: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    # who entered the value of a line scored by the secretariat, a reviewer or the board ('' for the unit head)
    entered_by: Mapped[str] = mapped_column(String(80), default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    sheet = relationship("ScoreSheet")
    criterion = relationship("SignedCriterion")
    __mapper_args__ = {"version_id_col": version}


class PanelScore(db.Model):
    """One scorer's value for a panel line of a unit's sheet (cross-scoring by the member units, or by every
    user of a role); the engine combines a line's values by the agreement's rule."""

    __tablename__ = "panel_scores"
    __table_args__ = (
        UniqueConstraint("sheet_id", "criterion_id", "scorer"),
        CheckConstraint("value >= 0", name="value"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("signed_criteria.id", ondelete="CASCADE"), index=True)
    scorer: Mapped[str] = mapped_column(String(80))     # a member unit's code (panel "members") or a username
    value: Mapped[float] = mapped_column(Float)
    entered_by: Mapped[str] = mapped_column(String(80), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    sheet = relationship("ScoreSheet")
    criterion = relationship("SignedCriterion")
    __mapper_args__ = {"version_id_col": version}
