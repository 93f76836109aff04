"""Move a whole emulation year between the database and plain YearData.

`read_year` is what the engines, exports and `emulation dump` start from; `write_year` is the one
writer behind `emulation load`, `emulation demo` and signing, and it writes all or nothing.
"""
from __future__ import annotations

import dataclasses
import json
from functools import lru_cache
from typing import Iterator, NamedTuple

from sqlalchemy import Text, bindparam, cast, delete, null, select, union_all, update
from sqlalchemy.orm import contains_eager

from emulation.collector import collector_paused
from emulation.contract import CriterionSpec
from emulation.engine.ranking import Band, Conferral
from emulation.engine.yeardata import (AuditData, AwardData, AwardedData, BallotData, CollectiveData, CollectiveFacts,
                                       CouncilMemberData, CouncilSessionData, DeadlinesData, DecisionData, LeaveData,
                                       PanelValueData, PersonData, PersonFacts, PlacementData, RegistrationData,
                                       ScoreLineData, SheetData, UnitData, YearData)
from emulation.engine.yeardata import SignedCriterion as SignedData
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.models import (AuditEvent, Award, Bloc, Collective, CollectiveFact, CouncilBallot, CouncilMember,
                              CouncilSession, Decision, EmulationYear, LeavePeriod, PanelScore, Person, PersonFact,
                              Placement, Registration, ResultSnapshot, ScoreLine, ScoreSheet, SignedCriterion, Title,
                              Unit, YearDeadlines)
from emulation.storage.audit import Actor, record, year_key
from emulation.storage.data_version import CHANGES_NOTHING
from emulation.storage.evidence import delete_files, file_rows
from emulation.storage.snapshots import restore_snapshots
from emulation.storage.worktime import apply_record_months


class StoreError(EmulationError):
    """A year cannot be read or written as asked; the message is for the user."""


def find_year(bloc_code: str, year: int) -> EmulationYear:
    """Return the stored year of `bloc_code`, or raise StoreError saying what is missing."""
    found = db.session.execute(
        select(EmulationYear).join(Bloc).options(contains_eager(EmulationYear.bloc))    # the header needs its bloc
        .where(Bloc.code == bloc_code, EmulationYear.year == year)
    ).scalar_one_or_none()
    if found is None:
        raise StoreError(f"Khối {bloc_code} chưa có năm thi đua {year} (no such bloc year)")
    return found


def read_year(bloc_code: str, year: int) -> YearData:
    """Return the whole year of a bloc as plain data, with a fixed number of queries.

    Rows are read as plain column tuples, not ORM objects: a ministry-sized year has a hundred
    thousand people and building tracked objects for them would cost more than the queries.
    """
    stored = find_year(bloc_code, year)
    units, unit_ids = _unit_rows(stored), _bloc_units(stored)
    data, _ = _read_scores(stored, units, unit_ids)
    _read_people(stored, data, units, unit_ids)
    _read_council(stored, data, units, unit_ids)
    data.deadlines = year_deadlines(stored)
    return data


def read_deadlines(year_ids) -> dict[int, DeadlinesData]:
    """Return the deadlines of the years `year_ids` that have any set, by year id."""
    rows = db.session.execute(select(YearDeadlines).where(YearDeadlines.year_id.in_(year_ids))).scalars()
    return {row.year_id: DeadlinesData(row.registration_until, row.submission_until, row.review_until,
                                       row.publication_on) for row in rows}


def year_deadlines(stored: EmulationYear) -> DeadlinesData:
    """Return the year's deadlines (none set when the secretariat has not set them)."""
    return read_deadlines([stored.id]).get(stored.id, DeadlinesData())


def read_unit_year(bloc_code: str, year: int, unit_code: str) -> YearData:
    """Return the part of a bloc's year that decides one unit's people and collectives (no unit ranks)."""
    stored = find_year(bloc_code, year)
    units = [u for u in _unit_rows(stored) if u.code == unit_code]
    ids = [u.id for u in units]
    data, _ = _read_scores(stored, units, ids)
    _read_people(stored, data, units, ids)
    return data


def iter_slices(bloc_code: str, year: int, batch_size: int = 50, people: bool = True,
                titles: bool = True) -> Iterator[YearData]:
    """Yield the year of a bloc in batches of `batch_size` units, in unit code order.

    Each batch is a ``YearData`` holding those units, the common criteria and theirs, their sheets
    and score lines and, when `people` is true, their collectives, people, facts, registrations and
    history. A batch costs a fixed number of queries and only one batch is held at a time, so what
    reads a ministry's year this way needs memory for its largest batch, not for the year; a unit
    is never split, since its titles (quotas, members) are decided within it.

    With `titles` false the people are read only as far as listing and counting them goes (``_read_roster``):
    enough for a reader whose titles are decided already (the workbook on a cached or published year), not
    for deciding them.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    stored = find_year(bloc_code, year)
    units = _unit_rows(stored)
    common = None
    for start in range(0, len(units), batch_size):
        batch = units[start:start + batch_size]
        ids = [u.id for u in batch]
        # A batch is tens of thousands of records without cycles; a reader often holds much else (the workbook, a
        # year's cached results) that every collection would walk again. Paused while reading, never across a yield.
        with collector_paused():
            data, common = _read_scores(stored, batch, ids, common)
            if people and not titles:
                _read_roster(stored, data, batch, ids)
                data.decisions = data.decisions + read_decisions(stored, ids)
            else:
                if people:
                    _read_people(stored, data, batch, ids)
                _read_council(stored, data, batch, ids)
        yield data


def read_audit(bloc_code: str, year: int) -> list[AuditData]:
    """Return the year's audit trail, oldest first, as the year file holds it."""
    rows = db.session.connection().execute(
        select(AuditEvent.at, AuditEvent.actor, AuditEvent.kind, AuditEvent.key, AuditEvent.action, AuditEvent.before,
               AuditEvent.after, AuditEvent.reason)
        .where(AuditEvent.bloc == bloc_code, AuditEvent.year == year).order_by(AuditEvent.id)).all()
    return [AuditData(*row) for row in rows]


def read_header(bloc_code: str, year: int) -> YearData:
    """Return the year's own fields (bloc, names, state, agreement, review date) without any of its rows."""
    return _header(find_year(bloc_code, year))


def _header(stored: EmulationYear) -> YearData:
    return _header_of(stored.bloc.code, stored.bloc.name, stored.year, stored.state, stored.review_on,
                      stored.agreement_name, stored.total_max, stored.unit_group, stored.grading, stored.conferral)


def _header_of(bloc_code: str, bloc_name: str, year: int, state: str, review_on, agreement_name: str,
               total_max: float, unit_group: str, grading, conferral) -> YearData:
    """A year's header from its columns; `grading` and `conferral` decoded, or as JSON text."""
    grading = json.loads(grading) if isinstance(grading, str) else grading
    conferral = json.loads(conferral) if isinstance(conferral, str) else conferral
    return YearData(bloc=bloc_code, bloc_name=bloc_name, year=year, state=state, review_on=review_on,
                    agreement_name=agreement_name, total_max=total_max, unit_group=unit_group,
                    grading=tuple(Band(**band) for band in grading or ()),
                    conferral=Conferral(**conferral) if conferral else None)


def read_scores(bloc_code: str, year: int) -> YearData:
    """Return only what unit totals and ranks need: the units, signed criteria, sheets and score lines.

    Collectives, people, facts, registrations and history stay empty, and so do the lines' texts
    (reason, comment, evidence); use ``read_year`` for titles or texts. Three queries: the year with its
    units and their sheets, the signed criteria, the lines.
    """
    lean, session = _lean_statements(), db.session
    if session.autoflush:       # as an ORM query would: changes pending in the session are part of what is read
        session.flush()
    execute = session.connection().execute
    rows = execute(lean.year, {"bloc": bloc_code, "year": year}).all() or \
        execute(lean.year_alone, {"bloc": bloc_code, "year": year}).all()    # a year none of whose units is in it
    if not rows:
        raise StoreError(f"Khối {bloc_code} chưa có năm thi đua {year} (no such bloc year)")
    year_id, bloc_id, *header = rows[0][:_YEAR_COLUMNS]
    params = {"year_id": year_id, "bloc_id": bloc_id}
    units = [row[_YEAR_COLUMNS:] for row in rows if row[_YEAR_COLUMNS] is not None]
    unit_code = {unit_id: code for unit_id, code, *_ in units}
    criteria = execute(lean.criteria, params).all()
    criterion_code = {c_id: code for c_id, code, *_ in criteria}
    sheets = sorted((sheet_id, unit_id, state) for unit_id, _, _, _, _, sheet_id, state in units if sheet_id is not None)
    sheet_unit = {sheet_id: unit_code[unit_id] for sheet_id, unit_id, _ in sheets}
    data = _header_of(*header)
    data.units = [UnitData(code, name, short_name, plugin) for _, code, name, short_name, plugin, *_ in units]
    data.criteria = [SignedData(signed_spec(spec), unit_code.get(unit_id), position)
                     for _, _, unit_id, position, spec in criteria]
    with collector_paused():        # tens of thousands of records, no cycles: see emulation.collector
        data.lines = _lean_lines(execute(lean.lines, params).all(), sheet_unit, criterion_code)
    data.sheets = [SheetData(unit_code[unit_id], state) for _, unit_id, state in sheets]
    data.panel_values = (_read_panel_values(year_id, list(unit_code), sheet_unit, criterion_code)
                         if any(c.spec.panel for c in data.criteria) else [])
    return data


# The fields `_lean_lines` sets; if ScoreLineData changes shape, it falls back to the constructor.
_LEAN_LINE_FIELDS = ("unit", "criterion", "self_value", "reviewed_value", "review_state", "reason", "comment",
                     "evidence", "files")
_LEAN_LINE_DIRECT = (tuple(f.name for f in dataclasses.fields(ScoreLineData)) == _LEAN_LINE_FIELDS
                     and not hasattr(ScoreLineData, "__post_init__") and "__slots__" not in vars(ScoreLineData))


def _lean_lines(rows, sheet_unit: dict[int, str], criterion_code: dict[int, str]) -> list[ScoreLineData]:
    """The score lines of the lean read's rows, without their texts.

    ScoreLineData is a frozen dataclass: its ``__init__`` sets its nine fields one by one through
    ``object.__setattr__``, which cost as much CPU as reading the lines. Setting the new instance's
    ``__dict__`` in one step gives an equal object (same fields, same values, same hash) for a third of it.
    """
    if not _LEAN_LINE_DIRECT:
        return [ScoreLineData(sheet_unit[sheet_id], criterion_code[criterion_id], *values)
                for sheet_id, criterion_id, *values in rows]
    new, assign, cls = object.__new__, object.__setattr__, ScoreLineData
    result = []
    append = result.append
    for sheet_id, criterion_id, self_value, reviewed_value, review_state in rows:
        line = new(cls)
        assign(line, "__dict__", {"unit": sheet_unit[sheet_id], "criterion": criterion_code[criterion_id],
                                  "self_value": self_value, "reviewed_value": reviewed_value,
                                  "review_state": review_state, "reason": "", "comment": "", "evidence": "",
                                  "files": ()})
        append(line)
    return result


class _Lean(NamedTuple):
    """The statements of ``read_scores``, built once: building and keying them cost more than running them."""

    year: object            # the year, its bloc, its units and their sheets: one row a unit
    year_alone: object      # the year and its bloc, for a year without units
    criteria: object
    lines: object


_YEAR_COLUMNS = 12       # the year's columns in `_Lean.year`, before its units'


@lru_cache(maxsize=1)
def _lean_statements() -> _Lean:
    year_id, bloc_id = bindparam("year_id"), bindparam("bloc_id")
    # The bloc's units with a sheet in the year are the only ones whose lines and criteria count (see _in_year).
    bloc_units = select(Unit.id).where(Unit.bloc_id == bloc_id)
    in_year = (Unit.bloc_id == bloc_id) & (
        (Unit.plugin != "") | Unit.id.in_(select(ScoreSheet.unit_id).where(ScoreSheet.year_id == year_id)))
    # JSON read as text and decoded once: the JSON type would decode it again on each unit's row.
    year_columns = (EmulationYear.id, EmulationYear.bloc_id, Bloc.code, Bloc.name, EmulationYear.year,
                    EmulationYear.state, EmulationYear.review_on, EmulationYear.agreement_name,
                    EmulationYear.total_max, EmulationYear.unit_group, cast(EmulationYear.grading, Text),
                    cast(EmulationYear.conferral, Text))
    this_year = (Bloc.code == bindparam("bloc")) & (EmulationYear.year == bindparam("year"))
    year = (select(*year_columns, Unit.id, Unit.code, Unit.name, Unit.short_name, Unit.plugin, ScoreSheet.id,
                   ScoreSheet.state)
            .select_from(EmulationYear).join(Bloc, Bloc.id == EmulationYear.bloc_id)
            .outerjoin(Unit, Unit.bloc_id == EmulationYear.bloc_id)
            .outerjoin(ScoreSheet, (ScoreSheet.unit_id == Unit.id) & (ScoreSheet.year_id == EmulationYear.id))
            .where(this_year, Unit.id.is_(None) | (Unit.plugin != "") | ScoreSheet.id.is_not(None))
            .order_by(Unit.code))
    year_alone = (select(*year_columns, *(null() for _ in range(7)))
                  .select_from(EmulationYear).join(Bloc, Bloc.id == EmulationYear.bloc_id).where(this_year))
    # The spec as text, decoded by `signed_spec`: the JSON type would decode every row again on every read.
    criteria = (select(SignedCriterion.id, SignedCriterion.code, SignedCriterion.unit_id, SignedCriterion.position,
                       cast(SignedCriterion.spec, Text))
                .where(SignedCriterion.year_id == year_id,
                       SignedCriterion.unit_id.in_(select(Unit.id).where(in_year)) | SignedCriterion.unit_id.is_(None))
                .order_by(SignedCriterion.position, SignedCriterion.code))
    lines = (select(ScoreLine.sheet_id, ScoreLine.criterion_id, ScoreLine.self_value, ScoreLine.reviewed_value,
                    ScoreLine.review_state)
             .join(ScoreSheet).where(ScoreSheet.year_id == year_id, ScoreSheet.unit_id.in_(bloc_units))
             .order_by(ScoreLine.id))
    return _Lean(year, year_alone, criteria, lines)


class _Common(NamedTuple):
    """The bloc's common criteria, read with the first batch and reused by the others."""

    criteria: list[SignedData]
    codes: dict[int, str]            # criterion id -> code


def _unit_rows(stored: EmulationYear) -> list:
    return db.session.connection().execute(
        select(Unit.id, Unit.code, Unit.name, Unit.short_name, Unit.plugin)
        .where(_in_year(stored)).order_by(Unit.code)).all()


def _bloc_units(stored: EmulationYear):
    """The ids of every unit of the year, as a subquery (no list of ids sent for a whole year)."""
    return select(Unit.id).where(_in_year(stored))


def year_units(stored: EmulationYear) -> list[Unit]:
    """Return the units of the year (see `_in_year`), in code order, as ORM objects for the pages."""
    return list(db.session.execute(select(Unit).where(_in_year(stored)).order_by(Unit.code)).scalars())


def _in_year(stored: EmulationYear):
    """The units of the year: the bloc's plugin units, and the units declared as data that were signed into it
    (they have its sheet; one added or closed later belongs to other years)."""
    return (Unit.bloc_id == stored.bloc_id) & (
        (Unit.plugin != "") | Unit.id.in_(select(ScoreSheet.unit_id).where(ScoreSheet.year_id == stored.id)))


@lru_cache(maxsize=65536)
def signed_spec(text: str) -> CriterionSpec:
    """The spec a signed criterion's JSON text describes, decoded once per process (signed criteria never change)."""
    return CriterionSpec.from_dict(json.loads(text))


def _read_scores(stored: EmulationYear, units: list, unit_ids, common: _Common | None = None, lean: bool = False
                 ) -> tuple[YearData, _Common]:
    """Read the score data of `units` (rows of ``_unit_rows``; `unit_ids` their ids, a list or a subquery).

    `lean` leaves the lines' texts out (reason, comment, evidence): totals and ranks never use them.
    """
    # Core rows, not ORM objects: no identity map or instance state for read-only column tuples.
    execute = db.session.connection().execute
    unit_code = {u.id: u.code for u in units}
    owned = SignedCriterion.unit_id.in_(unit_ids)
    # The spec as text, decoded by `signed_spec`: the JSON type would decode every row again on every read.
    criteria = execute(select(SignedCriterion.id, SignedCriterion.code, SignedCriterion.unit_id,
                              SignedCriterion.position, cast(SignedCriterion.spec, Text))
                       .where(SignedCriterion.year_id == stored.id,
                              owned if common is not None else owned | SignedCriterion.unit_id.is_(None))
                       .order_by(SignedCriterion.position, SignedCriterion.code)).all()
    criterion_code = dict(common.codes) if common is not None else {}
    criterion_code.update((c_id, code) for c_id, code, *_ in criteria)
    signed = [SignedData(signed_spec(spec), unit_code.get(unit_id), position)
              for _, _, unit_id, position, spec in criteria]
    if common is None:
        common = _Common([c for c in signed if c.unit is None],
                         {c_id: code for c_id, code, unit_id, *_ in criteria if unit_id is None})
    else:
        signed = sorted(common.criteria + signed, key=lambda c: (c.position, c.spec.code))
    sheets = execute(select(ScoreSheet.id, ScoreSheet.unit_id, ScoreSheet.state)
                     .where(ScoreSheet.year_id == stored.id, ScoreSheet.unit_id.in_(unit_ids))
                     .order_by(ScoreSheet.id)).all()
    sheet_unit = {s.id: unit_code[s.unit_id] for s in sheets}
    texts = () if lean else (ScoreLine.reason, ScoreLine.comment, ScoreLine.evidence)
    lines = execute(select(ScoreLine.sheet_id, ScoreLine.criterion_id, ScoreLine.self_value,
                           ScoreLine.reviewed_value, ScoreLine.review_state, *texts)
                    .join(ScoreSheet).where(ScoreSheet.year_id == stored.id, ScoreSheet.unit_id.in_(unit_ids))
                    .order_by(ScoreLine.id)).all()
    data = _header(stored)
    data.units = [UnitData(u.code, u.name, u.short_name, u.plugin) for u in units]
    data.criteria = signed
    data.lines = [ScoreLineData(sheet_unit[sheet_id], criterion_code[criterion_id], *values)
                  for sheet_id, criterion_id, *values in lines]
    data.sheets = [SheetData(unit_code[s.unit_id], s.state) for s in sheets]
    # A year without panel lines (most) spends no query on their values.
    data.panel_values = (_read_panel_values(stored.id, unit_ids, sheet_unit, criterion_code)
                         if any(c.spec.panel for c in signed) else [])
    return data, common


def _read_panel_values(year_id: int, unit_ids, sheet_unit: dict[int, str],
                       criterion_code: dict[int, str]) -> list[PanelValueData]:
    """The panel lines' values of `unit_ids`' sheets, one per scorer."""
    return [PanelValueData(sheet_unit[sheet_id], criterion_code[criterion_id], scorer, value)
            for sheet_id, criterion_id, scorer, value in db.session.connection().execute(
                select(PanelScore.sheet_id, PanelScore.criterion_id, PanelScore.scorer, PanelScore.value)
                .join(ScoreSheet).where(ScoreSheet.year_id == year_id, ScoreSheet.unit_id.in_(unit_ids))
                .order_by(PanelScore.scorer, PanelScore.id))]


def _read_people(stored: EmulationYear, data: YearData, units: list, unit_ids) -> None:
    """Add the collectives, people, facts, registrations and history of `units` to `data`."""
    execute = db.session.connection().execute
    unit_code = {u.id: u.code for u in units}
    collectives = execute(select(Collective.id, Collective.code, Collective.name, Collective.unit_id,
                                 Collective.closed_on, Collective.merged_into_id)
                          .where(Collective.unit_id.in_(unit_ids)).order_by(Collective.code)).all()
    collective_code = {c_id: code for c_id, code, *_ in collectives}
    people = execute(select(Person.id, Person.code, Person.full_name, Person.unit_id, Person.position,
                            Person.collective_id, Person.recruited_on, Person.birth_date, Person.gender,
                            Person.employment, Person.left_on, Person.departure)
                     .where(Person.unit_id.in_(unit_ids)).order_by(Person.code)).all()
    person_code = {p_id: code for p_id, code, *_ in people}
    person_ids = select(Person.id).where(Person.unit_id.in_(unit_ids))
    collective_ids = select(Collective.id).where(Collective.unit_id.in_(unit_ids))
    facts = execute(select(PersonFact.person_id, PersonFact.task_rating, PersonFact.discipline,
                           PersonFact.initiatives, PersonFact.research_accepted, PersonFact.provincial_initiative,
                           PersonFact.months_not_counted)
                    .where(PersonFact.year_id == stored.id, PersonFact.person_id.in_(person_ids))
                    .order_by(PersonFact.id)).all()
    cfacts = execute(select(CollectiveFact.collective_id, CollectiveFact.task_rating, CollectiveFact.plan_completed)
                     .where(CollectiveFact.year_id == stored.id, CollectiveFact.collective_id.in_(collective_ids))
                     .order_by(CollectiveFact.id)).all()
    registrations = execute(select(Registration.title_code, Registration.person_id, Registration.collective_id)
                            .where(Registration.year_id == stored.id,
                                   Registration.person_id.in_(person_ids)
                                   | Registration.collective_id.in_(collective_ids)).order_by(Registration.id)).all()
    # One branch per kind of holder, each through its own index (an award has exactly one holder): an OR of
    # the three made the database scan every earlier award of the ministry for each bloc.
    held = [select(Award.id, Award.year, Award.title_code, Award.person_id, Award.collective_id, Award.unit_id,
                   Award.decision_id).where(Award.year < stored.year, holder.in_(ids))
            for holder, ids in ((Award.person_id, person_ids), (Award.collective_id, collective_ids),
                                (Award.unit_id, unit_ids))]
    awards = [row[1:] for row in execute(union_all(*held).order_by("id")).all()]
    # Rows are unpacked by position: a Row's attribute lookup by name costs more than building the record.
    merged = _collective_codes({merged_id for *_, merged_id in collectives} - set(collective_code), collective_code)
    data.collectives = [CollectiveData(code, name, unit_code[unit_id], closed_on, merged.get(merged_id))
                        for _, code, name, unit_id, closed_on, merged_id in collectives]
    data.people = [PersonData(code, full_name, unit_code[unit_id], position, collective_code.get(collective_id),
                              *record)
                   for _, code, full_name, unit_id, position, collective_id, *record in people]
    data.person_facts = [PersonFacts(person_code[person_id], *values) for person_id, *values in facts]
    apply_record_months(stored, data, person_code, person_ids)    # the HR record's months, where there is one
    data.collective_facts = [CollectiveFacts(collective_code[collective_id], task_rating, plan_completed)
                             for collective_id, task_rating, plan_completed in cfacts]
    data.registrations = [RegistrationData(title, person_code.get(person_id), collective_code.get(collective_id))
                          for title, person_id, collective_id in registrations]
    decisions = _read_decisions(data, unit_code, {a[-1] for a in awards} - {None})
    data.history = [AwardData(award_year, title, person_code.get(person_id), collective_code.get(collective_id),
                              unit_code.get(unit_id), decisions.get(decision_id))
                    for award_year, title, person_id, collective_id, unit_id, decision_id in awards]
    _read_record(data, person_ids, person_code)


def _read_roster(stored: EmulationYear, data: YearData, units: list, unit_ids) -> None:
    """Add the collectives, people and registrations of `units` to `data`, only the columns that list and count
    them (code, name, unit, position, collective): no facts, history, HR record or council sessions."""
    execute = db.session.connection().execute
    unit_code = {u.id: u.code for u in units}
    collectives = execute(select(Collective.id, Collective.code, Collective.name, Collective.unit_id)
                          .where(Collective.unit_id.in_(unit_ids)).order_by(Collective.code)).all()
    collective_code = {c_id: code for c_id, code, *_ in collectives}
    people = execute(select(Person.id, Person.code, Person.full_name, Person.unit_id, Person.position,
                            Person.collective_id)
                     .where(Person.unit_id.in_(unit_ids)).order_by(Person.code)).all()
    person_code = {p_id: code for p_id, code, *_ in people}
    registrations = execute(select(Registration.title_code, Registration.person_id, Registration.collective_id)
                            .where(Registration.year_id == stored.id,
                                   Registration.person_id.in_(select(Person.id).where(Person.unit_id.in_(unit_ids)))
                                   | Registration.collective_id.in_(
                                       select(Collective.id).where(Collective.unit_id.in_(unit_ids))))
                            .order_by(Registration.id)).all()
    data.collectives = [CollectiveData(code, name, unit_code[unit_id]) for _, code, name, unit_id in collectives]
    data.people = [PersonData(code, full_name, unit_code[unit_id], position, collective_code.get(collective_id))
                   for _, code, full_name, unit_id, position, collective_id in people]
    data.registrations = [RegistrationData(title, person_code.get(person_id), collective_code.get(collective_id))
                          for title, person_id, collective_id in registrations]


def _collective_codes(ids: set, known: dict[int, str]) -> dict[int, str]:
    """Collective id -> code for `known` and the collectives of `ids` outside them (merged into another unit's)."""
    found = dict(known)
    ids = ids - {None}
    if ids:
        found.update(db.session.connection().execute(select(Collective.id, Collective.code)
                                                     .where(Collective.id.in_(ids))).all())
    return found


def _read_record(data: YearData, person_ids, person_code: dict[int, str]) -> None:
    """Add the placements and leave periods of the people of `person_ids` (a subquery) to `data`."""
    execute = db.session.connection().execute
    placements = execute(select(Placement.person_id, Placement.starts_on, Unit.code, Placement.kind,
                                Placement.collective_id, Placement.position, Placement.note)
                         .join(Unit, Unit.id == Placement.unit_id).where(Placement.person_id.in_(person_ids))
                         .order_by(Placement.person_id, Placement.starts_on, Placement.id)).all()
    collectives = _collective_codes({p.collective_id for p in placements}, {})
    data.placements = [PlacementData(person_code[person_id], starts_on, unit, kind, collectives.get(collective_id),
                                     position, note)
                       for person_id, starts_on, unit, kind, collective_id, position, note in placements]
    leave = execute(select(LeavePeriod.person_id, LeavePeriod.kind, LeavePeriod.starts_on, LeavePeriod.ends_on,
                           LeavePeriod.note).where(LeavePeriod.person_id.in_(person_ids))).all()
    data.leave = [LeaveData(person_code[person_id], *values) for person_id, *values in leave]


def _read_decisions(data: YearData, unit_code: dict[int, str], awarding: set[int]) -> dict[int, str]:
    """Add the earlier decisions that awarded the history's titles to `data`; return id -> number.

    The year's own decisions, with the titles they award, are read with the council (`read_decisions`).
    """
    rows = db.session.connection().execute(
        select(Decision.id, Decision.number, Decision.year, Decision.level, Decision.signed_on, Decision.unit_id,
               Decision.signer, Decision.signer_title, Decision.note).where(Decision.id.in_(awarding))).all() \
        if awarding else []
    data.decisions = [DecisionData(number, level, signed_on, unit_code.get(unit_id), signer, signer_title, year=year,
                                   note=note)
                      for _, number, year, level, signed_on, unit_id, signer, signer_title, note in rows]
    return {row.id: row.number for row in rows}


def hold_year(year: EmulationYear, *, exclusive: bool = False) -> str:
    """Hold the year's row until the transaction ends; return its state as it stands once held.

    Every write of a year's data holds it shared, and locking, publishing and reopening hold it
    exclusively: a change of state waits for the writes in flight, and a write that comes after
    it sees the new state. PostgreSQL takes a row lock (FOR SHARE / FOR UPDATE); SQLite, which has
    no row locks, takes its one write lock at once with an update that changes nothing.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(EmulationYear.__table__).where(EmulationYear.__table__.c.id == year.id)
                           .values(state=EmulationYear.__table__.c.state).execution_options(**CHANGES_NOTHING))
    state = db.session.execute(select(EmulationYear.state).where(EmulationYear.id == year.id)
                               .with_for_update(read=not exclusive)).scalar_one()
    db.session.expire(year, ["state"])
    return state


def year_exists(bloc_code: str, year: int) -> bool:
    """Return whether the bloc's year is already stored."""
    try:
        find_year(bloc_code, year)
    except StoreError:
        return False
    return True


def write_year(data: YearData, replace: bool = False, *, actor: Actor | None = None, action: str = "load",
               reason: str = "") -> EmulationYear:
    """Store `data` in one transaction; organisation records are matched by code and updated.

    An existing year of the same bloc is refused unless `replace` is true. On any error nothing is kept.
    With an `actor`, the write leaves one audit row of kind "year" (`action`: "sign", "load"; `reason`
    names the file), after the rows the file's own trail restores.
    """
    try:
        stored, replaced = _write(data, replace)
        if actor is not None:
            after = {"state": data.state, "agreement": data.agreement_name, "units": len(data.units),
                     "people": len(data.people), "criteria": len(data.criteria), "lines": len(data.lines)}
            record(actor, "year", year_key(data.bloc, data.year), action,
                   None if replaced is None else {"state": replaced}, after, reason, bloc=data.bloc, year=data.year)
        db.session.commit()
        return stored
    except Exception:
        db.session.rollback()
        raise


def _write(data: YearData, replace: bool) -> tuple[EmulationYear, str | None]:
    """Add the year to the session; return it and the state of the year it replaced (None: a new year)."""
    session = db.session
    _check_titles({r.title for r in data.registrations} | {a.title for a in data.history}
                  | {b.title for s in data.council for b in s.ballots}
                  | {a.title for d in data.decisions for a in d.awards})
    bloc = session.execute(select(Bloc).where(Bloc.code == data.bloc)).scalar_one_or_none()
    if bloc is None:
        bloc = Bloc(code=data.bloc, name=data.bloc_name)
        session.add(bloc)
    bloc.name = data.bloc_name or bloc.name
    existing = session.execute(select(EmulationYear).where(EmulationYear.bloc == bloc,
                                                           EmulationYear.year == data.year)).scalar_one_or_none()
    replaced = hold_year(existing, exclusive=True) if existing is not None else None
    if existing is not None:
        if not replace:
            raise StoreError(f"Khối {data.bloc} đã có năm thi đua {data.year} (the year already exists)")
        if replaced != "open":
            raise StoreError(f"Năm {data.year} của khối {data.bloc} đã khoá; không thể ghi đè (the year is locked)")
        if session.execute(select(ResultSnapshot.id).where(ResultSnapshot.year_id == existing.id)).first():
            raise StoreError(f"Năm {data.year} của khối {data.bloc} đã công bố kết quả; không thể ghi đè "
                             "(the year has published results)")
        _delete_year(existing)
    units = _upsert(Unit, {u.code: dict(name=u.name, short_name=u.short_name, plugin=u.plugin, bloc=bloc)
                           for u in data.units})
    collectives = _upsert(Collective, {c.code: dict(name=c.name, unit=units[c.unit], **_closing(data, c))
                                       for c in data.collectives})
    people = _upsert(Person, {p.code: dict(full_name=p.full_name, position=p.position, unit=units[p.unit],
                                           collective=collectives.get(p.collective), recruited_on=p.recruited_on,
                                           **_identity(data, p))
                              for p in data.people})
    year = EmulationYear(bloc=bloc, year=data.year, state=data.state, review_on=data.review_on,
                         agreement_name=data.agreement_name, total_max=data.total_max, unit_group=data.unit_group,
                         grading=[dataclasses.asdict(band) for band in data.grading] or None,
                         conferral=dataclasses.asdict(data.conferral) if data.conferral else None)
    session.add(year)
    criteria = {}
    for signed in data.criteria:
        spec = signed.spec
        criteria[spec.code] = SignedCriterion(
            year=year, unit=units.get(signed.unit), code=spec.code, parent_code=spec.parent, kind=spec.kind,
            name=spec.name, max_points=spec.max_points, target=spec.target, position=signed.position,
            spec=spec.to_dict())
    session.add_all(criteria.values())
    sheets = {s.unit: ScoreSheet(year=year, unit=units[s.unit], state=s.state) for s in data.sheets}
    # a unit declared as data belongs to the years it has a sheet in (see `_in_year`)
    sheets.update({u.code: ScoreSheet(year=year, unit=units[u.code], state="draft") for u in data.units
                   if not u.plugin and u.code not in sheets})
    for line in data.lines:
        sheet = sheets.setdefault(line.unit, ScoreSheet(year=year, unit=units[line.unit], state="draft"))
        stored_line = ScoreLine(sheet=sheet, criterion=criteria[line.criterion], self_value=line.self_value,
                                reviewed_value=line.reviewed_value, review_state=line.review_state,
                                reason=line.reason, comment=line.comment, evidence=line.evidence)
        session.add(stored_line)
        session.add_all(file_rows(stored_line, line.files))
    for panel in data.panel_values:
        sheet = sheets.setdefault(panel.unit, ScoreSheet(year=year, unit=units[panel.unit], state="draft"))
        session.add(PanelScore(sheet=sheet, criterion=criteria[panel.criterion], scorer=panel.scorer,
                               value=panel.value, entered_by=""))
    session.add_all(sheets.values())
    session.add_all(PersonFact(year=year, person=people[f.person], task_rating=f.task_rating, discipline=f.discipline,
                               initiatives=f.initiatives, research_accepted=f.research_accepted,
                               provincial_initiative=f.provincial_initiative,
                               months_not_counted=f.months_not_counted) for f in data.person_facts)
    session.add_all(CollectiveFact(year=year, collective=collectives[f.collective], task_rating=f.task_rating,
                                   plan_completed=f.plan_completed) for f in data.collective_facts)
    session.add_all(Registration(year=year, title_code=r.title, person=people.get(r.person),
                                 collective=collectives.get(r.collective)) for r in data.registrations)
    _write_council(data, year, bloc, units, collectives, people)
    if data.deadlines != DeadlinesData():
        d = data.deadlines
        session.add(YearDeadlines(year=year, registration_until=d.registration, submission_until=d.submission,
                                  review_until=d.review, publication_on=d.publication))
    decisions = _add_record(data, bloc, people, collectives, units)
    _merge_collectives(data, collectives)
    _add_history(data.history, people, collectives, units, decisions)
    _add_audit(data)
    if data.snapshots:
        session.flush()
        restore_snapshots(year, [unit.code for unit in data.units], data.snapshots)
    session.flush()
    return year, replaced


def _check_titles(codes: set[str]) -> None:
    known = set(db.session.execute(select(Title.code)).scalars())
    unknown = sorted(codes - known)
    if unknown:
        raise StoreError(f"Danh hiệu '{unknown[0]}' không có trong danh mục danh hiệu (unknown title)")


def _upsert(model, rows: dict[str, dict]) -> dict:
    """Create or update the rows of `model` keyed by code; return code -> object."""
    found = {obj.code: obj for obj in db.session.execute(select(model).where(model.code.in_(rows))).scalars()}
    for code, values in rows.items():
        obj = found.get(code)
        if obj is None:
            obj = found[code] = model(code=code)
            db.session.add(obj)
        for name, value in values.items():
            setattr(obj, name, value)
    return found


def _identity(data: YearData, person: PersonData) -> dict:
    """The HR record's fields of a person to store: none from a version 1 file, which keeps what is stored."""
    if not data.record:
        return {}
    return dict(birth_date=person.birth_date, gender=person.gender, employment=person.employment,
                left_on=person.left_on, departure=person.departure)


def _closing(data: YearData, collective: CollectiveData) -> dict:
    return dict(closed_on=collective.closed_on) if data.record else {}


def _merge_collectives(data: YearData, collectives: dict) -> None:
    """Link merged collectives once all are stored (the one merged into may come later in the file)."""
    if not data.record:
        return
    for c in data.collectives:
        target = collectives.get(c.merged_into) if c.merged_into else None
        if c.merged_into and target is None:
            target = _by_code(Collective, c.merged_into, f"$.collectives: tập thể '{c.merged_into}'")
        merged_into_id = target.id if target is not None else None
        if collectives[c.code].merged_into_id != merged_into_id:      # an unchanged row keeps its version
            collectives[c.code].merged_into_id = merged_into_id


def _by_code(model, code: str, what: str):
    found = db.session.execute(select(model).where(model.code == code)).scalar_one_or_none()
    if found is None:
        raise StoreError(f"{what} không có trong tệp hay cơ sở dữ liệu (unknown code)")
    return found


def _add_record(data: YearData, bloc: Bloc, people: dict, collectives: dict, units: dict) -> dict:
    """Add the placements, leave and decisions the database lacks (nothing is rewritten); return number -> decision."""
    session = db.session
    session.flush()
    ids = [p.id for p in people.values()]
    held = set(session.execute(select(Placement.person_id, Placement.starts_on, Placement.kind, Placement.unit_id,
                                      Placement.collective_id, Placement.position)
                               .where(Placement.person_id.in_(ids))).all())
    for p in data.placements:
        person = people[p.person]
        unit = units.get(p.unit) or _by_code(Unit, p.unit, f"$.placements: đơn vị '{p.unit}'")
        collective = (collectives.get(p.collective) or _by_code(Collective, p.collective,
                                                                f"$.placements: tập thể '{p.collective}'")
                      if p.collective else None)
        key = (person.id, p.starts_on, p.kind, unit.id, collective.id if collective else None, p.position)
        if key not in held:
            held.add(key)
            session.add(Placement(person=person, starts_on=p.starts_on, kind=p.kind, unit=unit, collective=collective,
                                  position=p.position, note=p.note))
    taken = set(session.execute(select(LeavePeriod.person_id, LeavePeriod.kind, LeavePeriod.starts_on)
                                .where(LeavePeriod.person_id.in_(ids))).all())
    for leave in data.leave:
        person = people[leave.person]
        if (person.id, leave.kind, leave.starts_on) not in taken:
            taken.add((person.id, leave.kind, leave.starts_on))
            session.add(LeavePeriod(person=person, kind=leave.kind, starts_on=leave.starts_on, ends_on=leave.ends_on,
                                    note=leave.note))
    decisions = {}
    for d in data.decisions:
        if d.year in (None, data.year):
            continue                # the year's own decisions are written with the council (`_write_council`)
        found = session.execute(select(Decision).where(Decision.number == d.number, Decision.year == d.year)
                                ).scalars().first()
        if found is None:
            found = Decision(number=d.number, year=d.year, level=d.level, bloc=bloc)
            session.add(found)
        found.signed_on, found.level, found.unit = d.signed_on, d.level, units.get(d.unit)
        found.signer, found.signer_title, found.note = d.signer, d.signer_title, d.note
        decisions[d.number] = found
    session.flush()
    return decisions


def _add_history(history: list[AwardData], people: dict, collectives: dict, units: dict,
                 decisions: dict | None = None) -> None:
    existing = set(db.session.execute(select(Award.year, Award.title_code, Award.person_id, Award.collective_id,
                                             Award.unit_id)).all())
    db.session.flush()
    for award in history:
        person, collective, unit = people.get(award.person), collectives.get(award.collective), units.get(award.unit)
        key = (award.year, award.title, person and person.id, collective and collective.id, unit and unit.id)
        if key not in existing:
            existing.add(key)
            db.session.add(Award(year=award.year, title_code=award.title, person=person, collective=collective,
                                 unit=unit, decision=(decisions or {}).get(award.decision)))


def _add_audit(data: YearData) -> None:
    """Restore the file's audit rows that the database does not hold yet; the trail is never rewritten."""
    held = {(event.at, event.actor, event.kind, event.key, event.action) for event in read_audit(data.bloc, data.year)}
    db.session.add_all(AuditEvent(at=e.at, actor=e.actor, bloc=data.bloc, year=data.year, kind=e.kind, key=e.key,
                                  action=e.action, before=e.before, after=e.after, reason=e.reason)
                       for e in data.audit if (e.at, e.actor, e.kind, e.key, e.action) not in held)


def _delete_year(year: EmulationYear) -> None:
    session = db.session
    sheet_ids = select(ScoreSheet.id).where(ScoreSheet.year_id == year.id)
    delete_files(select(ScoreLine.id).where(ScoreLine.sheet_id.in_(sheet_ids)))
    session.execute(delete(ScoreLine).where(ScoreLine.sheet_id.in_(sheet_ids)))
    session.execute(delete(PanelScore).where(PanelScore.sheet_id.in_(sheet_ids)))
    for model in (ScoreSheet, Registration, PersonFact, CollectiveFact, SignedCriterion, YearDeadlines):
        session.execute(delete(model).where(model.year_id == year.id))
    _delete_council(year)
    session.delete(year)
    session.flush()


# --- the council's sessions and the year's decisions ---------------------------------------------------

def _read_council(stored: EmulationYear, data: YearData, units: list, unit_ids) -> None:
    """Add to `data` its units' and the bloc's council sessions and the year's decisions."""
    execute = db.session.connection().execute
    unit_code = {u.id: u.code for u in units}
    sessions = execute(select(CouncilSession.id, CouncilSession.unit_id, CouncilSession.held_on, CouncilSession.place)
                       .where(CouncilSession.year_id == stored.id,
                              CouncilSession.unit_id.in_(unit_ids) | CouncilSession.unit_id.is_(None))
                       .order_by(CouncilSession.held_on, CouncilSession.id)).all()
    ids = [s.id for s in sessions]
    members: dict[int, list[CouncilMemberData]] = {i: [] for i in ids}
    for session_id, name, role, present in execute(
            select(CouncilMember.session_id, CouncilMember.name, CouncilMember.role, CouncilMember.present)
            .where(CouncilMember.session_id.in_(ids)).order_by(CouncilMember.position, CouncilMember.id)):
        members[session_id].append(CouncilMemberData(name, role, present))
    ballots: dict[int, list[BallotData]] = {i: [] for i in ids}
    rows = execute(select(CouncilBallot.session_id, CouncilBallot.title_code, CouncilBallot.person_id,
                          CouncilBallot.collective_id, CouncilBallot.unit_id, CouncilBallot.votes_for,
                          CouncilBallot.votes_against, CouncilBallot.votes_blank)
                   .where(CouncilBallot.session_id.in_(ids)).order_by(CouncilBallot.id)).all() if ids else []
    names = _council_names(unit_ids, bool(rows))
    for session_id, title, person, collective, unit, *counts in rows:
        ballots[session_id].append(BallotData(title, names[0].get(person), names[1].get(collective),
                                              names[2].get(unit), *counts))
    data.council = [CouncilSessionData(held_on, unit_code.get(unit_id), place, tuple(members[s_id]),
                                       tuple(ballots[s_id]))
                    for s_id, unit_id, held_on, place in sessions
                    if unit_id is None or unit_id in unit_code]
    data.decisions = data.decisions + read_decisions(stored, unit_ids)


def _council_names(unit_ids, needed: bool = True) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Person, collective and unit id -> code for the candidates a session may name (any unit of the bloc).

    Nothing is read unless `needed`: a bloc's thousands of codes cost more than its usual ballots and awards.
    """
    if not needed:
        return {}, {}, {}
    execute = db.session.connection().execute
    return (dict(execute(select(Person.id, Person.code).where(Person.unit_id.in_(unit_ids))).all()),
            dict(execute(select(Collective.id, Collective.code).where(Collective.unit_id.in_(unit_ids))).all()),
            dict(execute(select(Unit.id, Unit.code).where(Unit.id.in_(unit_ids))).all()))


def _decided_on(stored: EmulationYear):
    """The decisions on the year: the bloc's and its units'."""
    return (Decision.year == stored.year) & (
        (Decision.bloc_id == stored.bloc_id)
        | Decision.unit_id.in_(select(Unit.id).where(Unit.bloc_id == stored.bloc_id).scalar_subquery()))


def find_decision(stored: EmulationYear, number: str) -> Decision | None:
    """Return the decision on the year numbered `number` (the first recorded, should two share it), or None."""
    return db.session.execute(select(Decision).where(_decided_on(stored), Decision.number == number)
                              .order_by(Decision.id).limit(1)).scalar_one_or_none()


def read_decisions(stored: EmulationYear, unit_ids=None) -> list[DecisionData]:
    """Return the signed decisions on the year (the bloc's and its units'), each with the titles it awards.

    :param unit_ids: only the awards of these units' people, collectives and units (None: the whole bloc).
    """
    execute = db.session.connection().execute
    unit_ids = unit_ids if unit_ids is not None else _bloc_units(stored)
    bloc_units = dict(execute(select(Unit.id, Unit.code).where(Unit.bloc_id == stored.bloc_id)).all())
    rows = execute(select(Decision.id, Decision.number, Decision.level, Decision.signed_on, Decision.unit_id,
                          Decision.signer, Decision.signer_title)
                   .where(_decided_on(stored)).order_by(Decision.signed_on, Decision.id)).all()
    awards: dict[int, list[AwardedData]] = {row.id: [] for row in rows}
    awarded = execute(select(Award.decision_id, Award.title_code, Award.person_id, Award.collective_id,
                             Award.unit_id).where(Award.decision_id.in_(list(awards))).order_by(Award.id)
                      ).all() if awards else []
    names = _council_names(unit_ids, bool(awarded))
    for decision_id, title, person, collective, unit in awarded:
        holder = (names[0].get(person), names[1].get(collective), names[2].get(unit))
        if any(holder):
            awards[decision_id].append(AwardedData(title, *holder))
    return [DecisionData(number, level, signed_on, bloc_units.get(unit_id), signer, signer_title,
                         tuple(awards[d_id]))
            for d_id, number, level, signed_on, unit_id, signer, signer_title in rows]


def _write_council(data: YearData, year: EmulationYear, bloc: Bloc, units: dict, collectives: dict,
                   people: dict) -> None:
    """Add the file's council sessions and the year's decisions, with the titles they award, to the session."""
    session = db.session
    holders = {"person": people, "collective": collectives, "unit": units}
    for found in data.council:
        stored = CouncilSession(year=year, unit=units.get(found.unit), held_on=found.held_on, place=found.place)
        stored.members = [CouncilMember(position=i, name=m.name, role=m.role, present=m.present)
                          for i, m in enumerate(found.members)]
        stored.ballots = [CouncilBallot(title_code=b.title, person=people.get(b.person),
                                        collective=collectives.get(b.collective), unit=units.get(b.unit),
                                        votes_for=b.votes_for, votes_against=b.votes_against,
                                        votes_blank=b.votes_blank) for b in found.ballots]
        session.add(stored)
    for found in data.decisions:
        if found.year not in (None, data.year):
            continue                # an earlier decision: written with the HR record (`_add_record`)
        decision = Decision(bloc=None if found.unit else bloc, unit=units.get(found.unit), year=data.year,
                            number=found.number, signed_on=found.signed_on, level=found.level, signer=found.signer,
                            signer_title=found.signer_title, note="")
        session.add(decision)
        for award in found.awards:
            session.add(Award(year=data.year, title_code=award.title, decision=decision, made_by_decision=True,
                              **{kind: holders[kind].get(getattr(award, kind)) for kind in holders}))


def _delete_council(year: EmulationYear) -> None:
    """Delete the year's council sessions, and its decisions with the awards they made (a year being replaced)."""
    session = db.session
    ids = select(CouncilSession.id).where(CouncilSession.year_id == year.id)
    session.execute(delete(CouncilMember).where(CouncilMember.session_id.in_(ids)))
    session.execute(delete(CouncilBallot).where(CouncilBallot.session_id.in_(ids)))
    session.execute(delete(CouncilSession).where(CouncilSession.year_id == year.id))
    decided = select(Decision.id).where(Decision.year == year.year, (Decision.bloc_id == year.bloc_id)
                                        | Decision.unit_id.in_(_bloc_units(year)))
    session.execute(delete(Award).where(Award.decision_id.in_(decided)))
    session.execute(delete(Decision).where(Decision.id.in_(decided.scalar_subquery())))
