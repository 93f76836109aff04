"""Signed decisions (quyết định khen thưởng): record one for titles the results award, creating its Award rows.

The titles offered are those the year's results award (published, or computed now) that no decision
awards yet; a decision's awards are what the HR record and the multi-year chains count in later
years. Checked in full, then stored in one transaction with its audit row, or refused with a
``SheetError`` by field and nothing stored.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from emulation.engine.decisions import signed_titles
from emulation.engine.titles import AWARDED
from emulation.engine.yeardata import DECISION_LEVELS
from emulation.extensions import db
from emulation.models import Award, Collective, Decision, EmulationYear, Person, Unit
from emulation.sheets.service import SheetError, transaction
from emulation.storage.audit import Actor, record, year_key
from emulation.storage.database import find_decision, hold_year, read_decisions, year_units
from emulation.years.results import year_results

# the prefix of a title's key in the forms -> (its list in the results, its Award column, its model)
HOLDERS = {"i": ("individuals", "person", Person), "c": ("collectives", "collective", Collective),
           "u": ("units", "unit", Unit)}


@dataclass(frozen=True)
class Proposed:
    """A title the results award and no decision awards yet; ``key`` names its check box."""

    key: str                # i-CODE-TITLE, c-CODE-TITLE or u-CODE-TITLE
    code: str
    name: str
    unit: str
    title: str


@dataclass(frozen=True)
class DecisionEntry:
    number: str
    signed_on: date | None
    level: str
    unit: str | None        # the unit that decided; None: the bloc
    signer: str
    signer_title: str
    awards: tuple[str, ...]  # keys of Proposed


def proposed_titles(year: EmulationYear) -> list[Proposed]:
    """Return the titles of the year's results awarded and not yet in a signed decision, units first."""
    results = year_results(year.bloc.code, year.year)
    signed = signed_titles(read_decisions(year))
    found = []
    for prefix, (key, kind, _model) in HOLDERS.items():
        for entity in results.get(key, []):
            for d in entity["decisions"]:
                if d["decision"] == AWARDED and (kind, entity["code"], d["title"]) not in signed:
                    found.append(Proposed(f"{prefix}-{entity['code']}-{d['title']}", entity["code"], entity["name"],
                                          entity.get("unit", entity["code"]), d["title"]))
    order = {"u": 0, "c": 1, "i": 2}
    return sorted(found, key=lambda p: (order[p.key[0]], p.unit, p.code, p.title))


def record_decision(year: EmulationYear, entry: DecisionEntry, errors: dict[str, str] | None = None, *,
                    actor: Actor) -> Decision:
    """Store a signed decision and the awards it makes, all or nothing, with one audit row by `actor`.

    :param errors: problems already found while reading the form, reported with the ones found here.
    """
    with transaction():
        hold_year(year, exclusive=True)         # two decisions never award the same title
        proposed = {p.key: p for p in proposed_titles(year)}
        units = {u.code: u for u in year_units(year)}
        errors = {**check_decision(entry, proposed, units), **(errors or {})}
        if entry.number and number_taken(year, entry.number):
            errors["number"] = _("Đã có quyết định số %(number)s của năm này.", number=entry.number)
        if errors:
            raise SheetError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=len(errors)), errors)
        decision = Decision(bloc=None if entry.unit else year.bloc, unit=units.get(entry.unit), year=year.year,
                            number=entry.number, signed_on=entry.signed_on, level=entry.level, signer=entry.signer,
                            signer_title=entry.signer_title, note="")
        db.session.add(decision)
        for key in entry.awards:
            _award(year.year, decision, proposed[key])
        db.session.flush()
        record(actor, "decision", year_key(year.bloc.code, year.year, "decision", entry.number), "record", None,
               {"number": entry.number, "signed_on": entry.signed_on.isoformat() if entry.signed_on else None,
                "level": entry.level, "unit": entry.unit, "signer": entry.signer, "signer_title": entry.signer_title,
                "awards": list(entry.awards)}, bloc=year.bloc.code, year=year.year)
    return decision


def _award(year: int, decision: Decision, proposed: Proposed) -> None:
    """Link the holder's award of the title that year to `decision`, creating it when it is not recorded yet."""
    _key, kind, model = HOLDERS[proposed.key[0]]
    holder = db.session.execute(select(model).where(model.code == proposed.code)).scalar_one()
    column = getattr(Award, f"{kind}_id")
    award = db.session.execute(select(Award).where(Award.year == year, Award.title_code == proposed.title,
                                                   column == holder.id)).scalar_one_or_none()
    if award is None:
        award = Award(year=year, title_code=proposed.title, made_by_decision=True, **{kind: holder})
        db.session.add(award)
    award.decision = decision


def number_taken(year: EmulationYear, number: str) -> bool:
    """Whether a decision of the year (the bloc's or one of its units') already has `number`."""
    return find_decision(year, number) is not None


def check_decision(entry: DecisionEntry, proposed: dict[str, Proposed], units: dict[str, Unit]) -> dict[str, str]:
    """Return the problems of `entry` by field: its header, and each title it awards against `proposed`."""
    errors = {}
    if not entry.number:
        errors["number"] = _("Nhập số, ký hiệu của quyết định.")
    if entry.signed_on is None:
        errors["signed_on"] = _("Nhập ngày ký quyết định.")
    if entry.level not in DECISION_LEVELS:
        errors["level"] = _("Cấp quyết định không hợp lệ.")
    if entry.unit is not None and entry.unit not in units:
        errors["unit"] = _("Đơn vị không thuộc khối.")
    if not entry.awards:
        errors["awards"] = _("Chọn ít nhất một danh hiệu mà quyết định khen thưởng.")
    for key in entry.awards:
        if key not in proposed:         # not on the page: said above the list
            errors["awards"] = _("Danh hiệu %(key)s không được đề xuất hoặc đã có trong một quyết định khác.", key=key)
        elif entry.unit is not None and proposed[key].unit != entry.unit:
            errors[f"award-{key}"] = _("Danh hiệu này thuộc đơn vị khác với đơn vị ra quyết định.")
    return errors
