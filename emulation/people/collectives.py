"""Collectives of a unit over time: create, rename, merge into another, close. Nothing is deleted.

Merging moves the collective's people to the other one with a dated placement each and closes it on
that date; closing a collective that still has people is refused (merge it or move them first).
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from emulation.extensions import db
from emulation.formatting import format_date
from emulation.models import Collective, Person, Placement, Unit
from emulation.people.changes import CODE, audit, change, check_past, check_version, iso, refuse
from emulation.people.service import identity
from emulation.storage.audit import Actor


def collectives_of(unit: Unit) -> list[tuple[Collective, list[Person]]]:
    """Return the unit's collectives, open ones first, each with the people currently in it."""
    found = db.session.execute(select(Collective).where(Collective.unit_id == unit.id)
                               .order_by(Collective.closed_on.is_not(None), Collective.code)).scalars().all()
    people: dict[int, list[Person]] = {}
    for person in db.session.execute(select(Person).where(Person.unit_id == unit.id, Person.departure.is_(None))
                                     .order_by(Person.code)).scalars():
        people.setdefault(person.collective_id, []).append(person)
    return [(collective, people.get(collective.id, [])) for collective in found]


def state(collective: Collective) -> dict:
    """What the audit keeps of a collective."""
    return {"name": collective.name, "unit": collective.unit.code, "closed_on": iso(collective.closed_on),
            "merged_into": collective_code(collective.merged_into_id)}


def collective_code(collective_id: int | None) -> str | None:
    """The code of the collective with id `collective_id` (None for None)."""
    if collective_id is None:
        return None
    return db.session.execute(select(Collective.code).where(Collective.id == collective_id)).scalar_one()


def create_collective(unit: Unit, code: str, name: str, *, actor: Actor) -> Collective:
    """Add a collective to `unit`."""
    with change():
        errors: dict[str, str] = {}
        if not CODE.fullmatch(code or ""):
            errors["code"] = _("Mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới (tối đa 40).")
        elif db.session.execute(select(Collective.id).where(Collective.code == code)).first() is not None:
            errors["code"] = _("Mã %(code)s đã có tập thể dùng.", code=code)
        if not name:
            errors["name"] = _("Cần nhập tên tập thể.")
        refuse(errors)
        collective = Collective(code=code, name=name, unit=unit)
        db.session.add(collective)
        db.session.flush()
        audit(actor, "collective", code, "create", None, state(collective), unit.bloc.code)
    return collective


def rename_collective(collective: Collective, name: str, version: int | None, *, actor: Actor) -> None:
    """Give the collective a new name."""
    with change():
        check_version(collective, version)
        errors: dict[str, str] = {}
        if not name:
            errors["name"] = _("Cần nhập tên tập thể.")
        elif name == collective.name:
            errors["name"] = _("Tên không đổi.")
        refuse(errors)
        before = state(collective)
        collective.name = name
        audit(actor, "collective", collective.code, "rename", before, state(collective), collective.unit.bloc.code)


def merge_collective(collective: Collective, into_code: str | None, on: date | None, version: int | None, *,
                     actor: Actor) -> int:
    """Merge the collective into another of its unit on `on`: people move, it closes; return how many."""
    with change():
        check_version(collective, version)
        errors = _closing_errors(collective, on)
        into = db.session.execute(select(Collective).where(Collective.code == (into_code or ""),
                                                           Collective.unit_id == collective.unit_id)
                                  ).scalar_one_or_none()
        if into is None or into.id == collective.id:
            errors["into"] = _("Chọn một tập thể khác của cùng đơn vị.")
        elif into.closed_on is not None:
            errors["into"] = _("Tập thể %(name)s đã giải thể từ %(day)s.", name=into.name,
                               day=format_date(into.closed_on))
        members = _members(collective)
        for person in members:
            last = person.placements[-1].starts_on if person.placements else None
            if on is not None and last is not None and on < last:
                errors.setdefault("on", _("%(name)s đã thay đổi vị trí ngày %(day)s, sau ngày hợp nhất.",
                                          name=person.full_name, day=format_date(last)))
        refuse(errors)
        bloc = collective.unit.bloc.code
        for person in members:
            before = identity(person)
            db.session.add(Placement(person=person, starts_on=on, kind="transfer", unit=person.unit, collective=into,
                                     position=person.position, note=f"merge {collective.code} → {into.code}"))
            person.collective = into
            audit(actor, "person", person.code, "transfer", before, {**identity(person), "starts_on": iso(on)}, bloc)
        before = state(collective)
        collective.closed_on, collective.merged_into_id = on, into.id
        audit(actor, "collective", collective.code, "merge", before,
              {**state(collective), "people": [p.code for p in members]}, bloc)
    return len(members)


def close_collective(collective: Collective, on: date | None, version: int | None, *, actor: Actor) -> None:
    """Close the collective on `on`; refused while people still work in it."""
    with change():
        check_version(collective, version)
        errors = _closing_errors(collective, on)
        members = _members(collective)
        if members:
            errors["on"] = _("Còn %(count)s người trong tập thể: hãy chuyển họ đi hoặc hợp nhất tập thể.",
                             count=len(members))
        refuse(errors)
        before = state(collective)
        collective.closed_on = on
        audit(actor, "collective", collective.code, "close", before, state(collective), collective.unit.bloc.code)


def _closing_errors(collective: Collective, on: date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if collective.closed_on is not None:
        errors["on"] = _("Tập thể %(name)s đã giải thể từ %(day)s.", name=collective.name,
                         day=format_date(collective.closed_on))
    elif on is None:
        errors["on"] = _("Cần nhập ngày hiệu lực.")
    check_past(errors, "on", on)
    return errors


def _members(collective: Collective) -> list[Person]:
    return list(db.session.execute(select(Person).where(Person.collective_id == collective.id,
                                                        Person.departure.is_(None)).order_by(Person.code)).scalars())
