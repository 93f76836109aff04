"""A unit's registrations and yearly facts: what its collectives and people register and what the year says of them.

Like the sheets, every change is checked in full and then stored in one transaction, or refused
with a ``SheetError`` (messages keyed by the field's name) and nothing stored.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm.attributes import flag_modified

from emulation.engine.yeardata import DISCIPLINE_LEVELS, TASK_RATINGS
from emulation.extensions import db
from emulation.models import Collective, CollectiveFact, EmulationYear, Person, PersonFact, Registration, Title, Unit
from emulation.names import discipline_name, rating_name, title_name
from emulation.sheets.service import (SheetError, hold_open_year, lock_unit, refuse_stale, refuse_unversioned,
                                      transaction)
from emulation.storage.audit import Actor, record, year_key
from emulation.storage.worktime import record_months


@dataclass(frozen=True)
class CollectiveEntry:
    """A collective's registered titles and its own facts for the year."""

    titles: frozenset[str]
    task_rating: str | None
    plan_completed: bool
    version: int | None = None      # the facts' version the form was built from (0: none stored yet)


@dataclass(frozen=True)
class PersonEntry:
    """A person's registered title (one, the highest aimed for) and facts for the year."""

    title: str | None
    task_rating: str | None
    discipline: str | None
    initiatives: int
    version: int | None = None      # the facts' version the form was built from (0: none stored yet)
    months_not_counted: int | None = None   # entered by hand; None keeps the stored value


@dataclass
class UnitRegistrations:
    """What the registrations page shows for a unit."""

    collectives: list[tuple[Collective, set[str], CollectiveFact | None]]
    people: list[tuple[Person, str | None, PersonFact | None]]
    collective_titles: list[Title]
    person_titles: list[Title]
    # ("person" | "collective", id) -> every title stored for that registrant, sorted (what a save replaces)
    stored: dict[tuple[str, int], list[str]]


def load_registrations(year: EmulationYear, unit: Unit) -> UnitRegistrations:
    """Return the unit's collectives and people with their registrations and facts for the year."""
    execute = db.session.execute
    collectives = execute(select(Collective).where(Collective.unit_id == unit.id).order_by(Collective.code)).scalars()
    people = execute(select(Person).where(Person.unit_id == unit.id).order_by(Person.code)).scalars().all()
    mine = _of_unit(unit)
    regs = execute(select(Registration).where(Registration.year_id == year.id, mine)).scalars().all()
    collective_facts = {f.collective_id: f for f in execute(select(CollectiveFact).where(
        CollectiveFact.year_id == year.id, CollectiveFact.collective_id.in_(_collective_ids(unit)))).scalars()}
    person_facts = {f.person_id: f for f in execute(select(PersonFact).where(
        PersonFact.year_id == year.id, PersonFact.person_id.in_(_person_ids(unit)))).scalars()}
    titles = execute(select(Title)).scalars().all()
    person_titles = [t for t in titles if t.level == "individual"]
    order = {t.code: i for i, t in enumerate(person_titles)}
    by_person: dict[int, str] = {}
    stored: dict[tuple[str, int], list[str]] = {}
    for reg in sorted(regs, key=lambda r: r.title_code):
        if reg.collective_id is not None:
            stored.setdefault(("collective", reg.collective_id), []).append(reg.title_code)
        else:
            stored.setdefault(("person", reg.person_id), []).append(reg.title_code)
            if order.get(reg.title_code, -1) >= order.get(by_person.get(reg.person_id), -1):
                by_person[reg.person_id] = reg.title_code
    return UnitRegistrations(
        collectives=[(c, set(stored.get(("collective", c.id), ())), collective_facts.get(c.id)) for c in collectives],
        people=[(p, by_person.get(p.id), person_facts.get(p.id)) for p in people],
        collective_titles=[t for t in titles if t.level == "collective"], person_titles=person_titles,
        stored=stored)


def _person_ids(unit: Unit):
    return select(Person.id).where(Person.unit_id == unit.id)


def _collective_ids(unit: Unit):
    return select(Collective.id).where(Collective.unit_id == unit.id)


def _of_unit(unit: Unit):
    """The registrations of the unit's people and collectives (a WHERE clause)."""
    return Registration.person_id.in_(_person_ids(unit)) | Registration.collective_id.in_(_collective_ids(unit))


def save_registrations(year: EmulationYear, unit: Unit, collectives: dict[str, CollectiveEntry],
                       people: dict[str, PersonEntry], *, actor: Actor) -> None:
    """Store the unit's registrations and facts while the year is open, all or nothing.

    Each registrant whose titles change and each fact record that changes leaves one audit row by `actor`.
    """
    with transaction():
        hold_open_year(year)
        lock_unit(unit)
        current = load_registrations(year, unit)
        refuse_unversioned({**{f"c-title-{code}": e.version for code, e in collectives.items()},
                            **{f"p-title-{code}": e.version for code, e in people.items()}})
        refuse_stale(_stale(current, collectives, people))
        errors = _check(current, collectives, people)
        errors.update(_months_entered_for_recorded(year, unit, current, people))
        if errors:
            raise SheetError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=len(errors)), errors)
        audit = _Audit(year, current, actor)
        for collective, _titles, fact in current.collectives:
            entry = collectives.get(collective.code)
            if entry is not None:
                audit.registration("collective", collective, sorted(entry.titles))
                audit.facts("collective_facts", collective, _collective_facts(fact),
                            {"task_rating": entry.task_rating, "plan_completed": entry.plan_completed})
                _store_collective(year, collective, fact, entry, audit.before("collective", collective))
                if fact is not None and set(_titles) != set(entry.titles):
                    flag_modified(fact, "task_rating")      # a new title is a new version of the registrant
        for person, _title, fact in current.people:
            entry = people.get(person.code)
            if entry is not None:
                audit.registration("person", person, [entry.title] if entry.title else [])
                audit.facts("person_facts", person, *_person_facts_change(fact, entry))
                _store_person(year, person, fact, entry, audit.before("person", person))
                if fact is not None and _title != entry.title:
                    flag_modified(fact, "task_rating")


class _Audit:
    """Records the registration and fact changes of one save, against the titles stored before it."""

    def __init__(self, year: EmulationYear, current: UnitRegistrations, actor: Actor):
        self.year, self.actor, self.bloc, self.stored = year, actor, year.bloc.code, current.stored

    def before(self, level: str, registrant) -> list[str]:
        """The titles `registrant` was registered for before this save."""
        return self.stored.get((level, registrant.id), [])

    def registration(self, level: str, registrant, titles: list[str]) -> None:
        before = self.before(level, registrant)
        record(self.actor, "registration", year_key(self.bloc, self.year.year, level, registrant.code), "register",
               {"titles": before}, {"titles": titles}, bloc=self.bloc, year=self.year.year)

    def facts(self, kind: str, owner, before: dict, after: dict) -> None:
        record(self.actor, kind, year_key(self.bloc, self.year.year, owner.code), "facts", before, after,
               bloc=self.bloc, year=self.year.year)


def _collective_facts(fact: CollectiveFact | None) -> dict:
    """What the audit keeps of a collective's facts; a missing record reads as the defaults it would get."""
    return {"task_rating": fact.task_rating if fact else None, "plan_completed": fact.plan_completed if fact else True}


def _person_facts(fact: PersonFact | None) -> dict:
    """What the audit keeps of a person's facts; a missing record reads as the defaults it would get."""
    return {"task_rating": fact.task_rating if fact else None, "discipline": fact.discipline if fact else None,
            "initiatives": fact.initiatives if fact else 0}


def _person_facts_change(fact: PersonFact | None, entry: PersonEntry) -> tuple[dict, dict]:
    """The audit's before and after of a person's facts; the months not counted only when entered by hand."""
    before = _person_facts(fact)
    after = {"task_rating": entry.task_rating, "discipline": entry.discipline, "initiatives": entry.initiatives}
    if entry.months_not_counted is not None:
        before["months_not_counted"] = fact.months_not_counted if fact else 0
        after["months_not_counted"] = entry.months_not_counted
    return before, after


def _months_entered_for_recorded(year: EmulationYear, unit: Unit, current: UnitRegistrations,
                                 people: dict[str, PersonEntry]) -> dict[str, str]:
    """Refuse months entered by hand for people whose months follow from the HR record."""
    entered = {code for code, entry in people.items() if entry.months_not_counted is not None}
    if not entered:
        return {}
    recorded = record_months(year, _person_ids(unit))
    return {f"p-months-{person.code}": _("Số tháng của người này được tính từ hồ sơ, không nhập tay.")
            for person, _title, _fact in current.people if person.code in entered and person.id in recorded}


def _stale(current: UnitRegistrations, collectives: dict[str, CollectiveEntry],
           people: dict[str, PersonEntry]) -> dict[str, str]:
    """Return, per field, what is stored now for entries built from facts someone has since changed."""
    stale = {}
    for collective, titles, fact in current.collectives:
        entry = collectives.get(collective.code)
        if entry is not None and entry.version != (fact.version if fact else 0):
            stale[f"c-title-{collective.code}"] = _(
                "Người khác vừa lưu: danh hiệu %(titles)s, xếp loại %(rating)s; xem lại rồi lưu lần nữa.",
                titles=", ".join(title_name(code) for code in sorted(titles)) or "—",
                rating=rating_name(fact.task_rating if fact else None))
    for person, title, fact in current.people:
        entry = people.get(person.code)
        if entry is not None and entry.version != (fact.version if fact else 0):
            stale[f"p-title-{person.code}"] = _(
                "Người khác vừa lưu: danh hiệu %(title)s, xếp loại %(rating)s, kỷ luật %(discipline)s, "
                "%(initiatives)s sáng kiến; xem lại rồi lưu lần nữa.", title=title_name(title) if title else "—",
                rating=rating_name(fact.task_rating if fact else None),
                discipline=discipline_name(fact.discipline if fact else None),
                initiatives=fact.initiatives if fact else 0)
    return stale


def _check(current: UnitRegistrations, collectives: dict[str, CollectiveEntry],
           people: dict[str, PersonEntry]) -> dict[str, str]:
    errors = {}
    collective_titles = {t.code for t in current.collective_titles}
    person_titles = {t.code for t in current.person_titles}
    for code, entry in collectives.items():
        if entry.titles - collective_titles:
            errors[f"c-title-{code}"] = _("Danh hiệu không hợp lệ.")
        if entry.task_rating not in (None, *TASK_RATINGS):
            errors[f"c-rating-{code}"] = _("Mức xếp loại không hợp lệ.")
    for code, entry in people.items():
        if entry.title not in (None, *person_titles):
            errors[f"p-title-{code}"] = _("Danh hiệu không hợp lệ.")
        if entry.task_rating not in (None, *TASK_RATINGS):
            errors[f"p-rating-{code}"] = _("Mức xếp loại không hợp lệ.")
        if entry.discipline not in (None, *DISCIPLINE_LEVELS):
            errors[f"p-discipline-{code}"] = _("Hình thức kỷ luật không hợp lệ.")
        if entry.initiatives < 0:
            errors[f"p-initiatives-{code}"] = _("Số sáng kiến không được âm.")
    return errors


def _store_collective(year: EmulationYear, collective: Collective, fact: CollectiveFact | None,
                      entry: CollectiveEntry, before: list[str]) -> None:
    _replace_registrations(year, Registration.collective_id == collective.id, set(before), entry.titles,
                           collective=collective)
    fact = fact or CollectiveFact(year=year, collective=collective)
    fact.task_rating, fact.plan_completed = entry.task_rating, entry.plan_completed
    db.session.add(fact)


def _store_person(year: EmulationYear, person: Person, fact: PersonFact | None, entry: PersonEntry,
                  before: list[str]) -> None:
    _replace_registrations(year, Registration.person_id == person.id, set(before),
                           {entry.title} if entry.title else set(), person=person)
    fact = fact or PersonFact(year=year, person=person, initiatives=0, months_not_counted=0)
    fact.task_rating, fact.discipline, fact.initiatives = entry.task_rating, entry.discipline, entry.initiatives
    if entry.months_not_counted is not None:
        fact.months_not_counted = entry.months_not_counted
    db.session.add(fact)


def _replace_registrations(year: EmulationYear, registrant, before: set[str], after: set[str] | frozenset[str],
                           **owner) -> None:
    """Delete and add only the titles that changed: an unchanged registrant costs no query."""
    if before - after:
        db.session.execute(delete(Registration).where(Registration.year_id == year.id, registrant,
                                                      Registration.title_code.in_(before - after)))
    db.session.add_all(Registration(year=year, title_code=title, **owner) for title in sorted(after - before))
