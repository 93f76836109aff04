"""Titles of earlier years, brought in when a bloc starts using the app, so multi-year chains hold from its first year.

Each is stored as an award row linked to its signed decision (number, date, deciding level); entries of
one decision share one decision row. The title engine reads award rows of earlier years as history
(``storage.database``), so an entered title counts at once. One transaction with its audit row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from emulation import clock
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.models import Award, Collective, Decision, EmulationYear, Person, Unit
from emulation.engine.yeardata import DECISION_LEVELS
from emulation.storage.audit import Actor, record
from emulation.storage.rule_files import app_catalogue

HOLDER_LEVELS = {"person": "individual", "collective": "collective", "unit": "unit"}


class EarlierTitleError(EmulationError):
    """The entry was refused; ``fields`` says why, by field name."""

    status = 422

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(fields.values()))
        self.fields = fields


@dataclass(frozen=True)
class EarlierTitle:
    """A title of an earlier year as entered: which title, the year, and the decision that awarded it."""

    title: str
    year: int
    number: str
    signed_on: date
    level: str
    signer: str = ""


def holder_unit(holder: Person | Collective | Unit) -> Unit:
    """Return the unit a holder belongs to (a unit is its own)."""
    return holder if isinstance(holder, Unit) else holder.unit


def holder_kind(holder: Person | Collective | Unit) -> str:
    """Return 'person', 'collective' or 'unit'."""
    return {Person: "person", Collective: "collective", Unit: "unit"}[type(holder)]


def titles_for(kind: str) -> list:
    """Return the catalogue's titles a holder of `kind` can hold, lowest first."""
    level = HOLDER_LEVELS[kind]
    return sorted((t for t in app_catalogue().values() if t.level == level), key=lambda t: t.order)


def check(entry: EarlierTitle, kind: str) -> dict[str, str]:
    """Return the problems of `entry` by field name ({} when it may be stored)."""
    problems = {}
    if entry.title not in {t.code for t in titles_for(kind)}:
        problems["title"] = _("Danh hiệu không dành cho đối tượng này.")
    if not 1945 <= entry.year <= clock.now().year:
        problems["year"] = _("Năm phải từ 1945 đến năm nay.")
    if not entry.number:
        problems["number"] = _("Nhập số quyết định.")
    elif len(entry.number) > 60:
        problems["number"] = _("Không được dài quá %(max)d ký tự.", max=60)
    if entry.signed_on > clock.now().date():
        problems["signed_on"] = _("Ngày ký không được sau hôm nay.")
    elif entry.signed_on.year < entry.year:
        problems["signed_on"] = _("Quyết định khen thưởng năm %(year)s không thể ký trước năm đó.", year=entry.year)
    if entry.level not in DECISION_LEVELS:
        problems["level"] = _("Cấp quyết định không hợp lệ.")
    if len(entry.signer) > 200:
        problems["signer"] = _("Không được dài quá %(max)d ký tự.", max=200)
    return problems


def record_earlier_title(holder: Person | Collective | Unit, entry: EarlierTitle, *, actor: Actor) -> Award:
    """Store `entry` for `holder`: its decision (an existing one with the same number, date and level is
    reused) and the award, with its audit row, in one transaction; raise EarlierTitleError, storing nothing."""
    kind = holder_kind(holder)
    problems = check(entry, kind)
    unit = holder_unit(holder)
    decision = None
    if not problems:
        decision = db.session.execute(select(Decision).where(
            Decision.bloc_id == unit.bloc_id, Decision.number == entry.number, Decision.signed_on == entry.signed_on,
            Decision.level == entry.level).order_by(Decision.id)).scalars().first()
        if decision is not None and decision.year != entry.year:
            problems["year"] = _("Quyết định %(number)s đã ghi cho năm %(year)s.", number=entry.number,
                                 year=decision.year)
        if _decided_in_app(unit, entry.year):
            problems["year"] = _("Năm %(year)s đã có trong ứng dụng: danh hiệu năm đó do ứng dụng xét.",
                                 year=entry.year)
        elif _held(holder, kind, entry):
            problems["title"] = _("Đã ghi danh hiệu này cho năm %(year)s.", year=entry.year)
    if problems:
        db.session.rollback()
        raise EarlierTitleError(problems)
    if decision is None:
        decision = Decision(bloc_id=unit.bloc_id, unit_id=unit.id if entry.level == "unit" else None,
                            year=entry.year, number=entry.number, signed_on=entry.signed_on, level=entry.level,
                            signer=entry.signer, note="")
        db.session.add(decision)
    award = Award(year=entry.year, title_code=entry.title, decision=decision, **{f"{kind}_id": holder.id})
    db.session.add(award)
    record(actor, "award", f"{unit.bloc.code}/{kind}/{holder.code}/{entry.year}/{entry.title}", "earlier_title",
           None, {"title": entry.title, "year": entry.year, "decision": entry.number,
                  "signed_on": entry.signed_on.isoformat(), "level": entry.level, "signer": entry.signer},
           bloc=unit.bloc.code)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise EarlierTitleError({"title": _("Đã ghi danh hiệu này cho năm %(year)s.", year=entry.year)}) from None
    return award


def _decided_in_app(unit: Unit, year: int) -> bool:
    """Return whether the bloc has `year` in the app: its titles come from the engine, not from an entry."""
    return db.session.execute(select(EmulationYear.id).where(EmulationYear.bloc_id == unit.bloc_id,
                                                             EmulationYear.year == year)).first() is not None


def _held(holder, kind: str, entry: EarlierTitle) -> bool:
    column = {"person": Award.person_id, "collective": Award.collective_id, "unit": Award.unit_id}[kind]
    return db.session.execute(select(Award.id).where(column == holder.id, Award.year == entry.year,
                                                     Award.title_code == entry.title)).first() is not None
