"""A year's lifecycle: lock it once every sheet is reviewed, publish its results, reopen it for corrections.

Each change holds the year's row exclusively (``hold_year``), so it waits for the writes of the
year in flight, and every later write sees the new state.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import EmulationYear, ResultSnapshot, ScoreSheet, Unit
from emulation.sheets.service import SheetError, hold_open_year, transaction
from emulation.storage.audit import Actor, record_state
from emulation.storage.database import hold_year, year_units
from emulation.text import has_control_characters
from emulation.years.publishing import take_snapshot


def _sheets_by_unit(year: EmulationYear) -> dict[Unit, ScoreSheet | None]:
    """Return every unit of the year's bloc, in code order, with its sheet of the year (None: not started)."""
    stored = {unit_id: sheet for unit_id, sheet in db.session.execute(
        select(ScoreSheet.unit_id, ScoreSheet).where(ScoreSheet.year_id == year.id))}
    return {unit: stored.get(unit.id) for unit in year_units(year)}


def lock_blockers(year: EmulationYear) -> list[tuple[Unit, str]]:
    """Return the units whose sheet keeps the year from being locked, with the sheet's state (draft if none)."""
    return [(unit, sheet.state if sheet else "draft") for unit, sheet in _sheets_by_unit(year).items()
            if sheet is None or sheet.state != "reviewed"]


def lock_year(year: EmulationYear, *, actor: Actor) -> None:
    """Lock the year once every unit's sheet is reviewed; nothing can change afterwards."""
    with transaction():
        hold_open_year(year, exclusive=True)
        waiting = lock_blockers(year)
        if waiting:
            raise SheetError(_("Chưa khoá được: bảng điểm của %(units)s chưa được đánh giá xong.",
                               units=", ".join(unit.code for unit, _state in waiting)))
        sheets = {unit.code: sheet for unit, sheet in _sheets_by_unit(year).items()}
        for code, sheet in sheets.items():
            record_state(year, "sheet", (code,), "lock", sheet.state, "locked", actor)
            sheet.state = "locked"
        _set_year_state(year, "locked", "lock", actor)


def publish_year(year: EmulationYear, *, actor: Actor) -> ResultSnapshot:
    """Publish a locked year: freeze its results as the next snapshot, which viewers are then shown."""
    with transaction():
        if hold_year(year, exclusive=True) != "locked":
            raise SheetError(_("Chỉ công bố được năm thi đua đã khoá."))
        snapshot = take_snapshot(year, actor)
        _set_year_state(year, "published", "publish", actor, {"snapshot": snapshot.version})
    return snapshot


def reopen_year(year: EmulationYear, reason: str, *, actor: Actor) -> None:
    """Reopen a locked or published year so the bloc can correct it; its sheets go back to reviewed.

    The published snapshots stay as they are; publishing again makes the next version.
    """
    with transaction():
        if hold_year(year, exclusive=True) not in ("locked", "published"):
            raise SheetError(_("Năm thi đua đang mở; không cần mở lại."))
        if not reason.strip():
            raise SheetError(_("Mở lại năm thi đua phải có lý do."))
        if has_control_characters(reason) or len(reason) > 500:
            raise SheetError(_("Lý do mở lại không được chứa ký tự điều khiển và dài quá 500 ký tự."))
        sheets = db.session.execute(select(Unit.code, ScoreSheet).join(ScoreSheet.unit)
                                    .where(ScoreSheet.year_id == year.id, ScoreSheet.state == "locked")).all()
        for code, sheet in sheets:
            record_state(year, "sheet", (code,), "reopen", sheet.state, "reviewed", actor, reason)
            sheet.state = "reviewed"
        _set_year_state(year, "open", "reopen", actor, reason=reason)


def _set_year_state(year: EmulationYear, state: str, action: str, actor: Actor, extra: dict | None = None,
                    reason: str = "") -> None:
    record_state(year, "year", (), action, year.state, state, actor, reason, extra)
    year.state = state
