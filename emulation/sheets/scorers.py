"""Lines scored by someone other than the unit: by a role (the secretariat, a reviewer, the board), or by a
panel of scorers (the bloc's member units in cross-scoring, or every user of a role), each value kept apart.

Who scores a line is the signed criterion's data (``scored_by``, ``panel``, ``self_scoring``); the unit's
head sees such lines read-only. A scorer's entry is one transaction with one audit row per value that
changes, naming the scorer; a value posted from a page that someone has since changed is refused.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from emulation.contract import CriterionSpec
from emulation.engine.criteria import walk_tree
from emulation.extensions import db
from emulation.models import EmulationYear, PanelScore, ScoreLine, ScoreSheet, SignedCriterion, Unit
from emulation.sheets.service import (SheetConflict, SheetError, check_value, hold_open_year, new_line,
                                      refuse_stale, refuse_unversioned, scored_by_unit, transaction)
from emulation.storage.audit import Actor, line_key, line_state, record
from emulation.storage.database import read_scores

SCORER_ROLES = ("secretariat", "reviewer", "board")


def scores(user, spec: CriterionSpec) -> bool:
    """Return whether `user` (a login) enters values of `spec`: its role scores it, or its unit sits on its panel."""
    if spec.kind == "group" or scored_by_unit(spec):
        return False
    if spec.panel == "members":
        return user.role == "unit_head"
    return user.role == spec.scored_by


def scorer_of(user, spec: CriterionSpec) -> str:
    """The scorer a panel value of `user` is kept under: its unit's code in cross-scoring, else its username."""
    return user.unit.code if spec.panel == "members" else user.username


@dataclass(frozen=True)
class Cell:
    """One value a scorer may enter: a unit's line, its stored value and version (0: none yet)."""

    unit: Unit
    spec: CriterionSpec
    value: float | None
    version: int
    stored: ScoreLine | PanelScore | None = None       # the row the value was read from, written back to

    @property
    def name(self) -> str:
        """The form field of this cell."""
        return f"{self.unit.code}:{self.spec.code}"


def scoring_cells(year: EmulationYear, user) -> list[Cell]:
    """Return the values `user` may enter in `year`, unit by unit in criteria order.

    A unit never scores itself on a panel line whose agreement says so (``self_scoring`` false).
    """
    data = read_scores(year.bloc.code, year.year)
    units = {u.code: u for u in db.session.execute(select(Unit).where(Unit.bloc_id == year.bloc_id)).scalars()}
    own = user.unit.code if user.role == "unit_head" else None
    lines, panel = _stored(year, user)
    cells = []
    for unit in data.units:
        for _depth, spec in walk_tree(data.criteria_for(unit.code)):
            if not scores(user, spec) or (spec.panel == "members" and unit.code == own and not spec.self_scoring):
                continue
            stored = panel.get((unit.code, spec.code)) if spec.panel else lines.get((unit.code, spec.code))
            value = None if stored is None else (stored.value if spec.panel else stored.self_value)
            cells.append(Cell(units[unit.code], spec, value, stored.version if stored is not None else 0, stored))
    return cells


def _stored(year: EmulationYear, user) -> tuple[dict, dict]:
    """The year's stored lines and `user`'s panel values, by (unit code, criterion code)."""
    lines = {(unit, code): line for unit, code, line in db.session.execute(
        select(Unit.code, SignedCriterion.code, ScoreLine).join(ScoreLine.sheet).join(ScoreSheet.unit)
        .join(ScoreLine.criterion).where(ScoreSheet.year_id == year.id))}
    scorers = {user.username} | ({user.unit.code} if user.unit is not None else set())
    panel = {(unit, code): score for unit, code, score in db.session.execute(
        select(Unit.code, SignedCriterion.code, PanelScore).join(PanelScore.sheet).join(ScoreSheet.unit)
        .join(PanelScore.criterion).where(ScoreSheet.year_id == year.id, PanelScore.scorer.in_(scorers)))
        if score.scorer == scorer_of(user, _spec(score))}
    return lines, panel


def _spec(score: PanelScore) -> CriterionSpec:
    return CriterionSpec.from_dict(score.criterion.spec)


@dataclass(frozen=True)
class ScorerEntry:
    """What a scorer typed for one cell, with the cell's version the page was built from."""

    value: float | None
    version: int | None


def save_scores(year: EmulationYear, user, entries: dict[str, ScorerEntry], errors: dict[str, str] | None = None, *,
                actor: Actor) -> int:
    """Store `user`'s values for the cells named in `entries` (by ``Cell.name``), all or nothing; return how many
    changed. A cell `user` may not score is refused; so is an empty value (a missing value never clears one).
    """
    with transaction(SheetConflict):
        hold_open_year(year)
        cells = {cell.name: cell for cell in scoring_cells(year, user)}
        foreign = sorted(set(entries) - set(cells))
        if foreign:
            raise SheetError(_("Chưa lưu: bạn không chấm dòng %(line)s.", line=foreign[0]), {foreign[0]: _(
                "Dòng này do người khác chấm.")})
        # A blank the page showed blank is no entry; a blank over a stored value would clear it, and is refused.
        entries = {name: e for name, e in entries.items() if e.value is not None or cells[name].value is not None}
        refuse_unversioned({name: entry.version for name, entry in entries.items()})
        errors = dict(errors or {})
        for name, entry in entries.items():
            if entry.value is None:
                errors[name] = _("Cần nhập giá trị: để trống không xoá giá trị đã chấm.")
            else:
                errors.update({name: message for message in [check_value(cells[name].spec, entry.value)] if message})
        if errors:
            raise SheetError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=len(errors)), errors)
        refuse_stale({name: _("Người khác vừa thay đổi dòng này; xem lại rồi lưu lần nữa.")
                      for name, entry in entries.items() if entry.version != cells[name].version})
        changed = [cells[name] for name, entry in entries.items() if entry.value != cells[name].value]
        places = _Places(year, changed)
        for cell in changed:
            _write(year, user, cell, entries[cell.name].value, actor, places)
    return len(changed)


class _Places:
    """The sheets and signed criteria the changed cells are written to, each read once for the whole save."""

    def __init__(self, year: EmulationYear, cells: list[Cell]):
        self.year = year
        unit_ids = {cell.unit.id for cell in cells}
        self.sheets = {sheet.unit_id: sheet for sheet in db.session.execute(select(ScoreSheet).where(
            ScoreSheet.year_id == year.id, ScoreSheet.unit_id.in_(unit_ids))).scalars()}
        codes = {cell.spec.code for cell in cells}
        self.criteria = {c.code: c for c in db.session.execute(select(SignedCriterion).where(
            SignedCriterion.year_id == year.id, SignedCriterion.code.in_(codes))).scalars()}

    def sheet(self, unit: Unit) -> ScoreSheet:
        """The unit's sheet, added as a draft when it has none yet."""
        if unit.id not in self.sheets:
            self.sheets[unit.id] = ScoreSheet(year=self.year, unit=unit, state="draft")
            db.session.add(self.sheets[unit.id])
        return self.sheets[unit.id]


def _write(year: EmulationYear, user, cell: Cell, value: float, actor: Actor, places: _Places) -> None:
    key = line_key(year.bloc.code, year.year, cell.unit.code, cell.spec.code)
    if cell.spec.panel:
        scorer, score = scorer_of(user, cell.spec), cell.stored
        before = None if score is None else {"scorer": scorer, "value": score.value}
        if score is None:
            score = PanelScore(sheet=places.sheet(cell.unit), criterion=places.criteria[cell.spec.code], scorer=scorer)
            db.session.add(score)
        score.value, score.entered_by = value, user.username
        record(actor, "line", key, "panel_score", before, {"scorer": scorer, "value": value},
               bloc=year.bloc.code, year=year.year)
        return
    line = cell.stored
    before = line_state(line)
    if line is None:
        line = new_line(places.sheet(cell.unit), places.criteria[cell.spec.code])
    # The role that scores the line decides its value: there is nothing for the bloc's reviewer to accept.
    line.self_value, line.reviewed_value, line.review_state, line.entered_by = value, None, "accepted", user.username
    record(actor, "line", key, "score", before, {**line_state(line), "scored_by": cell.spec.scored_by},
           bloc=year.bloc.code, year=year.year)
