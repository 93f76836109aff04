"""What a unit's sheet reads: for a view, the whole page's data in one query as plain read-only rows
(``read_sheet_page``); to be scored, its own criteria and the bloc's plan lines for the bloc's bests.

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
from emulation.models import Bloc, EmulationYear, EvidenceFile, ScoreLine, ScoreSheet, SignedCriterion, Unit
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

# The plan criteria the unit's points depend on (the year's common ones and its own), chosen first by their own
# query: PostgreSQL then reads their few lines by criterion, instead of every line of the bloc's sheets and each
# line's criterion (0.80 -> 0.33 ms for the largest unit of the 200-unit synthetic year).
_UNITS_PLAN_CRITERIA = (
    select(SignedCriterion.id)
    .where(SignedCriterion.year_id == bindparam("year_id"), SignedCriterion.kind == "plan",
           SignedCriterion.unit_id.is_(None) | (SignedCriterion.unit_id == bindparam("unit_id"))))
_PLAN_ROWS = (
    select(Unit.code, SignedCriterion.unit_id, SignedCriterion.position, cast(SignedCriterion.spec, Text),
           ScoreLine.self_value, ScoreLine.reviewed_value, ScoreLine.review_state)
    .select_from(ScoreLine).join(ScoreSheet, ScoreSheet.id == ScoreLine.sheet_id)
    .join(Unit, Unit.id == ScoreSheet.unit_id).join(SignedCriterion, SignedCriterion.id == ScoreLine.criterion_id)
    .where(ScoreSheet.year_id == bindparam("year_id"), Unit.bloc_id == bindparam("bloc_id"),
           ScoreLine.criterion_id.in_(_UNITS_PLAN_CRITERIA),
           SignedCriterion.unit_id.is_(None) | (SignedCriterion.unit_id == ScoreSheet.unit_id))
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
    return _year(stored, units=[_unit_data(unit)], criteria=criteria), sheet, lines


@dataclass(frozen=True, slots=True)
class StoredBloc:
    """A bloc as the sheet's page shows it: read-only columns, no ORM state (a page view changes nothing)."""

    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class StoredYear:
    """A bloc's year as the sheet's page shows it and scores it (the columns of ``models.EmulationYear`` it reads)."""

    id: int
    bloc_id: int
    year: int
    state: str
    unit_group: str
    total_max: float
    bloc: StoredBloc


@dataclass(frozen=True, slots=True)
class StoredUnit:
    """A unit as the sheet's page shows it and scores it (the columns of ``models.Unit`` it reads)."""

    id: int
    code: str
    name: str
    short_name: str
    plugin: str


@dataclass(frozen=True, slots=True)
class StoredSheet:
    """A sheet as a page shows it: its id and state."""

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


@dataclass(frozen=True)
class SheetPage:
    """What a view of a unit's sheet reads: the year, the unit, the year's data as ``read_sheet`` gives it, the sheet,
    its lines and their evidence files by criterion code; plain read-only data."""

    year: StoredYear
    unit: StoredUnit
    data: YearData
    sheet: StoredSheet | None
    lines: dict[str, StoredLine]
    files: dict[str, list[StoredFile]]


_YEAR_AND_UNIT_COLUMNS = (EmulationYear.id, EmulationYear.bloc_id, EmulationYear.year, EmulationYear.state,
                          EmulationYear.unit_group, EmulationYear.total_max, Bloc.id, Bloc.code, Bloc.name,
                          Unit.id, Unit.code, Unit.name, Unit.short_name, Unit.plugin)
_YEAR_AND_UNIT = (select(*_YEAR_AND_UNIT_COLUMNS).select_from(EmulationYear)
                  .join(Bloc, Bloc.id == EmulationYear.bloc_id).join(Unit, Unit.bloc_id == Bloc.id)
                  .where(Bloc.code == bindparam("bloc"), EmulationYear.year == bindparam("year"),
                         Unit.code == bindparam("unit")))
# The page's one query: the year, its bloc and the unit, with the criteria scoring the unit, its sheet, its lines and
# their evidence files (a line with several files comes once per file, in the order the page lists them).
_PAGE_ROWS = (
    _YEAR_AND_UNIT.add_columns(
        SignedCriterion.unit_id, SignedCriterion.position, cast(SignedCriterion.spec, Text), ScoreSheet.id,
        ScoreSheet.state, ScoreLine.id, ScoreLine.self_value, ScoreLine.reviewed_value, ScoreLine.review_state,
        ScoreLine.reason, ScoreLine.comment, ScoreLine.evidence, ScoreLine.entered_by, ScoreLine.version,
        EvidenceFile.id, EvidenceFile.sha256, EvidenceFile.name, EvidenceFile.size)
    .join(SignedCriterion, (SignedCriterion.year_id == EmulationYear.id)
          & (SignedCriterion.unit_id.is_(None) | (SignedCriterion.unit_id == Unit.id)))
    .outerjoin(ScoreSheet, (ScoreSheet.year_id == EmulationYear.id) & (ScoreSheet.unit_id == Unit.id))
    .outerjoin(ScoreLine, (ScoreLine.sheet_id == ScoreSheet.id) & (ScoreLine.criterion_id == SignedCriterion.id))
    .outerjoin(EvidenceFile, EvidenceFile.line_id == ScoreLine.id)
    .order_by(SignedCriterion.position, SignedCriterion.code, EvidenceFile.name, EvidenceFile.id))


def _year_and_unit(row) -> tuple[StoredYear, StoredUnit]:
    (year_id, bloc_id, year, state, unit_group, total_max, _bloc_id, bloc_code, bloc_name,
     unit_id, unit_code, unit_name, short_name, plugin) = row[:14]
    return (StoredYear(year_id, bloc_id, year, state, unit_group, total_max, StoredBloc(bloc_id, bloc_code, bloc_name)),
            StoredUnit(unit_id, unit_code, unit_name, short_name, plugin))


def read_sheet_page(bloc: str, year: int, unit: str) -> SheetPage | None:
    """Return what a view of the sheet of the unit `unit` in the bloc's year reads, in one query, or None when there
    is no such year or unit. The sheet's criteria and lines are those ``read_sheet`` reads (a save reads those, as
    ORM objects it changes)."""
    execute = db.session.connection().execute
    rows = execute(_PAGE_ROWS, {"bloc": bloc, "year": year, "unit": unit}).all()
    if not rows:        # no such year or unit, or a year without criteria: the sheet is not reached through them
        found = execute(_YEAR_AND_UNIT, {"bloc": bloc, "year": year, "unit": unit}).first()
        if found is None:
            return None
        stored, owner = _year_and_unit(found)
        sheet = execute(select(ScoreSheet.id, ScoreSheet.state).where(ScoreSheet.year_id == stored.id,
                                                                      ScoreSheet.unit_id == owner.id)).first()
        return SheetPage(stored, owner, _year(stored, units=[_unit_data(owner)], criteria=[]),
                         None if sheet is None else StoredSheet(*sheet), {}, {})
    stored, owner = _year_and_unit(rows[0])
    criteria, lines, files, sheet = [], {}, {}, None
    for (owner_id, position, text, sheet_id, state, line_id, self_value, reviewed_value, review_state, reason, comment,
         evidence, entered_by, version, file_id, sha256, name, size) in (row[14:] for row in rows):
        spec = signed_spec(text)
        if file_id is not None and spec.code in files:     # the same line again, for its next file
            files[spec.code].append(StoredFile(file_id, sha256, name, size))
            continue
        criteria.append(SignedData(spec, None if owner_id is None else owner.code, position))
        if sheet is None and sheet_id is not None:
            sheet = StoredSheet(sheet_id, state)
        if line_id is not None:
            lines[spec.code] = StoredLine(line_id, self_value, reviewed_value, review_state, reason, comment, evidence,
                                          entered_by, version)
        if file_id is not None:
            files[spec.code] = [StoredFile(file_id, sha256, name, size)]
    return SheetPage(stored, owner, _year(stored, units=[_unit_data(owner)], criteria=criteria), sheet, lines, files)


def _unit_data(unit) -> UnitData:
    return UnitData(unit.code, unit.name, unit.short_name, unit.plugin)


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
