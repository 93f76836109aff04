"""What a unit's sheet reads to be scored: its own criteria, and the bloc's plan lines for the bloc's bests.

A sheet's points depend on the rest of the bloc only through the plan criteria (the bloc's best excess ratio
and largest actual, ``engine.scoring.bloc_bests``), and those only through the bloc's plan lines. Reading the
plan lines, rather than every line of the bloc, gives the same bests from the same engine code, for a few
dozen rows instead of the whole bloc's.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Text, bindparam, cast, select

from emulation.engine.yeardata import ScoreLineData, SignedCriterion as SignedData, UnitData, YearData
from emulation.extensions import db
from emulation.models import EmulationYear, EvidenceFile, ScoreLine, ScoreSheet, SignedCriterion, Unit
from emulation.storage.database import signed_spec


def _year(stored: EmulationYear, **parts) -> YearData:
    """A YearData of `stored` holding `parts`: what the scoring engine reads of a sheet (``unit_group``)."""
    return YearData(bloc=stored.bloc.code, bloc_name=stored.bloc.name, year=stored.year, state=stored.state,
                    unit_group=stored.unit_group, total_max=stored.total_max, **parts)


# Built once, with the year and the unit as parameters: building and keying a statement per page view cost about
# as much as running it.
_SHEET_ROWS = (
    select(SignedCriterion.unit_id, SignedCriterion.position, cast(SignedCriterion.spec, Text), ScoreSheet, ScoreLine)
    .select_from(SignedCriterion)
    .outerjoin(ScoreSheet, (ScoreSheet.year_id == SignedCriterion.year_id)
               & (ScoreSheet.unit_id == bindparam("unit_id")))
    .outerjoin(ScoreLine, (ScoreLine.sheet_id == ScoreSheet.id) & (ScoreLine.criterion_id == SignedCriterion.id))
    .where(SignedCriterion.year_id == bindparam("year_id"),
           SignedCriterion.unit_id.is_(None) | (SignedCriterion.unit_id == bindparam("unit_id")))
    .order_by(SignedCriterion.position, SignedCriterion.code))

_PLAN_ROWS = (
    select(Unit.code, SignedCriterion.unit_id, SignedCriterion.position, cast(SignedCriterion.spec, Text),
           ScoreLine.self_value, ScoreLine.reviewed_value, ScoreLine.review_state)
    .select_from(ScoreLine).join(ScoreSheet, ScoreSheet.id == ScoreLine.sheet_id)
    .join(Unit, Unit.id == ScoreSheet.unit_id).join(SignedCriterion, SignedCriterion.id == ScoreLine.criterion_id)
    .where(ScoreSheet.year_id == bindparam("year_id"), Unit.bloc_id == bindparam("bloc_id"),
           SignedCriterion.kind == "plan",
           SignedCriterion.unit_id.is_(None) | (SignedCriterion.unit_id == ScoreSheet.unit_id),
           SignedCriterion.unit_id.is_(None) | (SignedCriterion.unit_id == bindparam("unit_id")))
    .order_by(ScoreLine.id))


def read_sheet(stored: EmulationYear, unit: Unit) -> tuple[YearData, ScoreSheet | None, dict[str, ScoreLine]]:
    """Return in one query the year with only `unit` and the criteria scoring it (the common ones and its own), the
    unit's sheet if it has one, and its lines by criterion code (ORM objects: a save changes them)."""
    rows = db.session.execute(_SHEET_ROWS, {"year_id": stored.id, "unit_id": unit.id}).all()
    criteria, lines, sheet = [], {}, None
    for owner, position, text, found, line in rows:
        spec = signed_spec(text)
        criteria.append(SignedData(spec, None if owner is None else unit.code, position))
        sheet = sheet or found
        if line is not None:
            lines[spec.code] = line
    if not rows:        # a year without criteria: the sheet, if any, is not reached through them
        sheet = db.session.execute(select(ScoreSheet).where(ScoreSheet.year_id == stored.id,
                                                            ScoreSheet.unit_id == unit.id)).scalar_one_or_none()
    units = [UnitData(unit.code, unit.name, unit.short_name, unit.plugin)]
    return _year(stored, units=units, criteria=criteria), sheet, lines


@dataclass(frozen=True, slots=True)
class StoredSheet:
    """A sheet as a page shows it: read-only columns, no ORM state (a page view changes nothing)."""

    id: int
    state: str


@dataclass(frozen=True, slots=True)
class StoredLine:
    """A score line as a page shows it (the columns of ``models.ScoreLine`` the sheet's pages read), read-only."""

    id: int
    self_value: float | None
    reviewed_value: float | None
    review_state: str
    reason: str
    comment: str
    evidence: str
    entered_by: str
    version: int


@dataclass(frozen=True, slots=True)
class StoredFile:
    """An evidence file as the sheet lists it (the columns of ``models.EvidenceFile`` it shows), read-only."""

    id: int
    sha256: str
    name: str
    size: int


# The sheet page's one query: the criteria scoring the unit, its sheet, its lines and their evidence files (a line
# with several files comes once per file, in the order the page lists them).
_PAGE_ROWS = (
    select(SignedCriterion.unit_id, SignedCriterion.position, cast(SignedCriterion.spec, Text),
           ScoreSheet.id, ScoreSheet.state,
           ScoreLine.id, ScoreLine.self_value, ScoreLine.reviewed_value, ScoreLine.review_state, ScoreLine.reason,
           ScoreLine.comment, ScoreLine.evidence, ScoreLine.entered_by, ScoreLine.version,
           EvidenceFile.id, EvidenceFile.sha256, EvidenceFile.name, EvidenceFile.size)
    .select_from(SignedCriterion)
    .outerjoin(ScoreSheet, (ScoreSheet.year_id == SignedCriterion.year_id)
               & (ScoreSheet.unit_id == bindparam("unit_id")))
    .outerjoin(ScoreLine, (ScoreLine.sheet_id == ScoreSheet.id) & (ScoreLine.criterion_id == SignedCriterion.id))
    .outerjoin(EvidenceFile, EvidenceFile.line_id == ScoreLine.id)
    .where(SignedCriterion.year_id == bindparam("year_id"),
           SignedCriterion.unit_id.is_(None) | (SignedCriterion.unit_id == bindparam("unit_id")))
    .order_by(SignedCriterion.position, SignedCriterion.code, EvidenceFile.name, EvidenceFile.id))


def read_sheet_page(stored: EmulationYear, unit: Unit) -> tuple[YearData, StoredSheet | None, dict[str, StoredLine],
                                                                 dict[str, list[StoredFile]]]:
    """Return what ``read_sheet`` returns, as plain read-only data, and the lines' evidence files by criterion code,
    in one query: what a view of the sheet reads (a save reads ``read_sheet``'s ORM objects, which it changes)."""
    rows = db.session.connection().execute(_PAGE_ROWS, {"year_id": stored.id, "unit_id": unit.id}).all()
    criteria, lines, files, sheet = [], {}, {}, None
    for (owner, position, text, sheet_id, state, line_id, self_value, reviewed_value, review_state, reason, comment,
         evidence, entered_by, version, file_id, sha256, name, size) in rows:
        spec = signed_spec(text)
        if file_id is not None and spec.code in files:     # the same line again, for its next file
            files[spec.code].append(StoredFile(file_id, sha256, name, size))
            continue
        criteria.append(SignedData(spec, None if owner is None else unit.code, position))
        if sheet is None and sheet_id is not None:
            sheet = StoredSheet(sheet_id, state)
        if line_id is not None:
            lines[spec.code] = StoredLine(line_id, self_value, reviewed_value, review_state, reason, comment, evidence,
                                          entered_by, version)
        if file_id is not None:
            files[spec.code] = [StoredFile(file_id, sha256, name, size)]
    if not rows:        # a year without criteria: the sheet, if any, is not reached through them
        found = db.session.connection().execute(
            select(ScoreSheet.id, ScoreSheet.state).where(ScoreSheet.year_id == stored.id,
                                                          ScoreSheet.unit_id == unit.id)).first()
        sheet = None if found is None else StoredSheet(*found)
    units = [UnitData(unit.code, unit.name, unit.short_name, unit.plugin)]
    return _year(stored, units=units, criteria=criteria), sheet, lines, files


def read_plan_lines(stored: EmulationYear, unit: Unit) -> YearData:
    """Return the year with the plan lines of the bloc's sheets that `unit`'s points depend on, their criteria and
    their units: all that ``bloc_bests`` reads for `unit`'s criteria. A line counts where the engine counts it:
    on a criterion common to the bloc or owned by the line's own unit; of those, only the common criteria and
    `unit`'s own bear on its points (criterion codes are unique in a year, so another unit's own plan criterion
    shares no best with `unit`'s)."""
    rows = db.session.connection().execute(
        _PLAN_ROWS, {"year_id": stored.id, "bloc_id": stored.bloc_id, "unit_id": unit.id}).all()
    units, criteria, lines = {}, {}, []
    for code, owner, position, text, self_value, reviewed_value, state in rows:
        spec = signed_spec(text)
        units.setdefault(code, UnitData(code, ""))
        criteria.setdefault(spec.code, SignedData(spec, None if owner is None else code, position))
        lines.append(ScoreLineData(code, spec.code, self_value, reviewed_value, state))
    return _year(stored, units=list(units.values()), criteria=list(criteria.values()), lines=lines)


def lines_of(year: YearData, unit: str, mine: bool) -> YearData:
    """Return `year` with only `unit`'s lines (`mine`) or only the other units' lines."""
    return YearData(**{**year.__dict__, "lines": [line for line in year.lines if (line.unit == unit) == mine]})
