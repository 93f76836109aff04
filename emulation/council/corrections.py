"""Correcting or withdrawing a recorded decision (đính chính, thu hồi quyết định ghi nhầm).

A decision typed wrong (its number, date, level, deciding unit or signer) is corrected in place; a title it
should not award is taken off it, and the title is proposed again; a decision recorded by mistake is withdrawn
with a reason, and every title it awarded is proposed again. Each change is one transaction with one audit row
holding the decision before and after, so the trail shows what was recorded first.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from emulation.council.decisions import HOLDERS, DecisionEntry, Proposed, check_decision, number_taken
from emulation.extensions import db
from emulation.models import Award, Collective, Decision, EmulationYear, Person
from emulation.sheets.service import SheetError, transaction
from emulation.storage.audit import Actor, record, year_key
from emulation.storage.database import find_decision, hold_year, year_units


class UnknownDecision(LookupError):
    """No decision of the year has the number asked for."""


@dataclass(frozen=True)
class RecordedDecision:
    """A decision as recorded, with the titles it awards (as ``Proposed``, keyed like the recording form)."""

    decision: Decision
    awards: list[Proposed]

    def entry(self) -> DecisionEntry:
        """The decision as the recording form would describe it."""
        d = self.decision
        return DecisionEntry(d.number, d.signed_on, d.level, d.unit.code if d.unit else None, d.signer,
                             d.signer_title, tuple(sorted(p.key for p in self.awards)))


def find_recorded(year: EmulationYear, number: str) -> RecordedDecision:
    """Return the year's decision numbered `number` with its awards; UnknownDecision when there is none."""
    decision = _find(year, number)
    return RecordedDecision(decision, sorted((proposed for _award, proposed in _held(decision).values()),
                                             key=lambda p: (p.key[0] != "u", p.key)))


def correct_decision(year: EmulationYear, number: str, entry: DecisionEntry, errors: dict[str, str] | None = None,
                     *, actor: Actor) -> Decision:
    """Store `entry` over the decision numbered `number`; the titles it no longer lists are proposed again.

    All or nothing, with one audit row; refused with a ``SheetError`` by field.
    """
    with transaction():
        hold_year(year, exclusive=True)
        decision = _find(year, number)
        held = _held(decision)
        units = {u.code: u for u in year_units(year)}
        errors = {**check_decision(entry, {key: proposed for key, (_a, proposed) in held.items()}, units),
                  **(errors or {})}
        if not entry.awards:
            errors["awards"] = _("Giữ ít nhất một danh hiệu; quyết định ghi nhầm thì thu hồi cả quyết định.")
        if entry.number and entry.number != decision.number and number_taken(year, entry.number):
            errors["number"] = _("Đã có quyết định số %(number)s của năm này.", number=entry.number)
        if errors:
            raise SheetError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=len(errors)), errors)
        before = _described(decision, held)
        decision.number, decision.signed_on, decision.level = entry.number, entry.signed_on, entry.level
        decision.unit = units.get(entry.unit)
        decision.bloc = None if entry.unit else year.bloc
        decision.signer, decision.signer_title = entry.signer, entry.signer_title
        _take_off(held, [key for key in held if key not in entry.awards])
        db.session.flush()
        record(actor, "decision", year_key(year.bloc.code, year.year, "decision", number), "correct", before,
               _described(decision, entry.awards), bloc=year.bloc.code, year=year.year)
    return decision


def withdraw_decision(year: EmulationYear, number: str, reason: str, *, actor: Actor) -> None:
    """Withdraw the decision numbered `number`: it and its awards go, its titles are proposed again.

    The reason is required and kept in the audit row with the decision as it was.
    """
    with transaction():
        hold_year(year, exclusive=True)
        decision = _find(year, number)
        if not reason.strip():
            raise SheetError(_("Chưa thu hồi: %(count)s giá trị cần sửa.", count=1),
                             {"reason": _("Nhập lý do thu hồi quyết định.")})
        held = _held(decision)
        before = _described(decision, held)
        _take_off(held, list(held))
        db.session.delete(decision)
        db.session.flush()
        record(actor, "decision", year_key(year.bloc.code, year.year, "decision", number), "withdraw", before, None,
               reason.strip(), bloc=year.bloc.code, year=year.year)


def _find(year: EmulationYear, number: str) -> Decision:
    found = find_decision(year, number)
    if found is None:
        raise UnknownDecision(number)
    return found


def _held(decision: Decision) -> dict[str, tuple[Award, Proposed]]:
    """The decision's awards by the key the recording form gives them, with their holders read in the same pass
    (eager loads: a bloc's decision may award hundreds of people)."""
    awards = db.session.execute(select(Award).where(Award.decision_id == decision.id).options(
        selectinload(Award.person).selectinload(Person.unit), selectinload(Award.collective).selectinload(Collective.unit),
        selectinload(Award.unit))).scalars()
    found = {}
    for award in awards:
        prefix, holder = next((prefix, getattr(award, kind)) for prefix, (_list, kind, _model) in HOLDERS.items()
                              if getattr(award, kind) is not None)
        unit = holder if prefix == "u" else holder.unit
        name = holder.full_name if prefix == "i" else holder.name
        key = f"{prefix}-{holder.code}-{award.title_code}"
        found[key] = (award, Proposed(key, holder.code, name, unit.code, award.title_code))
    return found


def _take_off(held: dict[str, tuple[Award, Proposed]], keys: list[str]) -> None:
    """Take the awards of `keys` off their decision: one it made is deleted (undecided, the title is proposed again);
    one held before it (a later year's history, an earlier title) is given back as it was, without a decision."""
    for key in keys:
        award = held[key][0]
        if award.made_by_decision:
            db.session.delete(award)
        else:
            award.decision = None


def _described(decision: Decision, awards) -> dict:
    """The decision as its audit row keeps it; `awards` the keys of the titles it awards."""
    return {"number": decision.number, "signed_on": decision.signed_on.isoformat() if decision.signed_on else None,
            "level": decision.level, "unit": decision.unit.code if decision.unit else None,
            "signer": decision.signer, "signer_title": decision.signer_title, "awards": sorted(awards)}
