"""People of the HR record: add, correct identity, transfer, change position, leave and departure.

Nothing is deleted: a transfer or a new position adds a dated placement and updates the person's
current fields; leave periods are added or corrected. Each change is checked in full, then stored in
one transaction with its audit row, or refused with a ``RecordError`` by field and nothing stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from emulation.extensions import db
from emulation.formatting import format_date
from emulation.models import Collective, LeavePeriod, Person, Placement, Unit
from emulation.engine.yeardata import DEPARTURES, EMPLOYMENTS, GENDERS
from emulation.engine.yeardata import LEAVE_KINDS
from emulation.people.changes import (CODE, RecordError, audit, change, check_past, check_since_recruited,
                                      check_unlocked_years, check_version, iso, refuse)
from emulation.storage.audit import Actor

IDENTITY_FIELDS = ("full_name", "birth_date", "gender", "employment")


@dataclass(frozen=True)
class NewPerson:
    """A person as the add form gives them; `code` empty to have one made."""

    full_name: str
    recruited_on: date | None
    position: str = ""
    collective: str | None = None         # a collective code of the unit
    birth_date: date | None = None
    gender: str | None = None
    employment: str | None = None
    code: str = ""


def identity(person: Person) -> dict:
    """What the audit keeps of a person's identity and current placement."""
    return {"full_name": person.full_name, "birth_date": iso(person.birth_date), "gender": person.gender,
            "employment": person.employment, "unit": person.unit.code, "position": person.position,
            "collective": person.collective.code if person.collective else None,
            "recruited_on": iso(person.recruited_on), "departure": person.departure, "left_on": iso(person.left_on)}


def add_person(unit: Unit, new: NewPerson, *, actor: Actor) -> Person:
    """Add a person to `unit` with their recruitment placement; a code is made when none is given."""
    with change():
        errors = _identity_errors(new.full_name, new.birth_date, new.gender, new.employment)
        if new.recruited_on is None:
            errors["recruited_on"] = _("Cần nhập ngày tuyển dụng.")
        check_past(errors, "recruited_on", new.recruited_on)
        if new.birth_date and new.recruited_on and new.recruited_on <= new.birth_date:
            errors.setdefault("recruited_on", _("Ngày tuyển dụng phải sau ngày sinh."))
        collective = _open_collective(errors, "collective", unit, new.collective, new.recruited_on)
        check_unlocked_years(errors, "recruited_on", unit.bloc_id, new.recruited_on)
        code = new.code or next_person_code(unit)
        if new.code and not CODE.fullmatch(new.code):
            errors["code"] = _("Mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới (tối đa 40).")
        elif _person_exists(code):
            errors["code"] = _("Mã %(code)s đã có người dùng.", code=code)
        refuse(errors)
        person = Person(code=code, full_name=new.full_name, birth_date=new.birth_date, gender=new.gender,
                        employment=new.employment, position=new.position, unit=unit, collective=collective,
                        recruited_on=new.recruited_on)
        db.session.add(person)
        db.session.add(Placement(person=person, starts_on=new.recruited_on, kind="recruited", unit=unit,
                                 collective=collective, position=new.position))
        db.session.flush()
        audit(actor, "person", code, "add", None, identity(person), unit.bloc.code)
    return person


def edit_identity(person: Person, changes: dict, version: int | None, *, actor: Actor) -> None:
    """Correct the person's identity: only the fields of IDENTITY_FIELDS that `changes` holds."""
    with change():
        check_version(person, version)
        wanted = {name: changes.get(name, getattr(person, name)) for name in IDENTITY_FIELDS}
        errors = _identity_errors(**wanted)
        if wanted["birth_date"] and person.recruited_on and person.recruited_on <= wanted["birth_date"]:
            errors.setdefault("birth_date", _("Ngày sinh phải trước ngày tuyển dụng."))
        refuse(errors)
        before = identity(person)
        for name, value in wanted.items():
            setattr(person, name, value)
        audit(actor, "person", person.code, "edit", before, identity(person), person.unit.bloc.code)


def transfer(person: Person, unit: Unit, collective_code: str | None, starts_on: date | None, version: int | None,
             *, actor: Actor, position: str | None = None) -> None:
    """Move the person to `unit` (same bloc) and its collective from `starts_on`: a placement of kind transfer."""
    with change():
        check_version(person, version)
        errors = _dated_change_errors(person, starts_on)
        if unit.bloc_id != person.unit.bloc_id:
            errors["unit"] = _("Chỉ chuyển được sang đơn vị trong cùng khối.")
        collective = _open_collective(errors, "collective", unit, collective_code, starts_on)
        if unit.id == person.unit_id and collective is person.collective and not errors:
            errors["collective"] = _("Người này đã ở đơn vị và tập thể này.")
        refuse(errors)
        _place(person, "transfer", starts_on, unit, collective, person.position if position is None else position,
               actor, "transfer")


def change_position(person: Person, position: str, starts_on: date | None, version: int | None, *,
                    actor: Actor) -> None:
    """Give the person a new position from `starts_on`: a placement of kind position."""
    with change():
        check_version(person, version)
        errors = _dated_change_errors(person, starts_on)
        if not position:
            errors["position"] = _("Cần nhập chức vụ.")
        elif position == person.position:
            errors["position"] = _("Chức vụ không đổi.")
        refuse(errors)
        _place(person, "position", starts_on, person.unit, person.collective, position, actor, "position")


def record_leave(person: Person, kind: str, starts_on: date | None, ends_on: date | None, note: str = "", *,
                 actor: Actor, leave: LeavePeriod | None = None, version: int | None = None) -> LeavePeriod:
    """Add a period of leave, or correct `leave` (built from its `version`); periods of one person never overlap."""
    with change():
        if leave is not None:
            check_version(leave, version)
        errors: dict[str, str] = {}
        if kind not in LEAVE_KINDS:
            errors["kind"] = _("Loại nghỉ không hợp lệ.")
        if starts_on is None:
            errors["starts_on"] = _("Cần nhập ngày bắt đầu.")
        elif ends_on is not None and ends_on < starts_on:
            errors["ends_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        check_since_recruited(errors, "starts_on", starts_on, person.recruited_on)
        if starts_on is not None and "ends_on" not in errors:
            clash = _overlapping(person, starts_on, ends_on, leave)
            if clash is not None:
                errors["starts_on"] = _("Trùng với kỳ nghỉ %(start)s – %(end)s đã ghi.",
                                        start=format_date(clash.starts_on),
                                        end=format_date(clash.ends_on) if clash.ends_on else "…")
        bloc_id = person.unit.bloc_id
        check_unlocked_years(errors, "starts_on", bloc_id, starts_on, ends_on)
        if leave is not None:
            check_unlocked_years(errors, "starts_on", bloc_id, leave.starts_on, leave.ends_on)
        refuse(errors)
        before = _leave_state(leave) if leave is not None else None
        leave = leave or LeavePeriod(person=person)
        leave.kind, leave.starts_on, leave.ends_on, leave.note = kind, starts_on, ends_on, note
        db.session.add(leave)
        db.session.flush()
        audit(actor, "person", person.code, "leave", before, _leave_state(leave), person.unit.bloc.code)
    return leave


def record_departure(person: Person, kind: str, left_on: date | None, version: int | None, *, actor: Actor) -> None:
    """Record (or correct) the person's departure: its kind and the first day gone."""
    with change():
        check_version(person, version)
        errors: dict[str, str] = {}
        if kind not in DEPARTURES:
            errors["departure"] = _("Hình thức nghỉ việc không hợp lệ.")
        if left_on is None:
            errors["left_on"] = _("Cần nhập ngày nghỉ việc.")
        check_past(errors, "left_on", left_on)
        check_since_recruited(errors, "left_on", left_on, person.recruited_on)
        check_unlocked_years(errors, "left_on", person.unit.bloc_id, min(filter(None, (left_on, person.left_on)),
                                                                         default=None))
        refuse(errors)
        before = identity(person)
        person.departure, person.left_on = kind, left_on
        audit(actor, "person", person.code, "departure", before, identity(person), person.unit.bloc.code)


def next_person_code(unit: Unit) -> str:
    """Return the next free code of the unit's people: UNIT-NN after the highest number in use."""
    prefix = f"{unit.code}-"
    codes = db.session.execute(select(Person.code).where(Person.code.startswith(prefix, autoescape=True))).scalars()
    numbers = [int(code[len(prefix):]) for code in codes if re.fullmatch(r"[0-9]{1,9}", code[len(prefix):])]
    number = max(numbers, default=0) + 1
    while _person_exists(f"{prefix}{number:02d}"):
        number += 1
    return f"{prefix}{number:02d}"


def _person_exists(code: str) -> bool:
    return db.session.execute(select(Person.id).where(Person.code == code)).first() is not None


def _identity_errors(full_name: str, birth_date: date | None, gender: str | None, employment: str | None
                     ) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not full_name:
        errors["full_name"] = _("Cần nhập họ và tên.")
    check_past(errors, "birth_date", birth_date)
    if gender not in (None, *GENDERS):
        errors["gender"] = _("Giới tính không hợp lệ.")
    if employment not in (None, *EMPLOYMENTS):
        errors["employment"] = _("Loại cán bộ không hợp lệ.")
    return errors


def _dated_change_errors(person: Person, starts_on: date | None) -> dict[str, str]:
    """The checks a transfer and a new position share: a date, not ahead, after recruitment and the last change."""
    errors: dict[str, str] = {}
    if person.departure is not None:
        errors["starts_on"] = _("Người này đã nghỉ việc từ %(day)s.", day=format_date(person.left_on))
        return errors
    if starts_on is None:
        errors["starts_on"] = _("Cần nhập ngày hiệu lực.")
        return errors
    check_past(errors, "starts_on", starts_on)
    check_since_recruited(errors, "starts_on", starts_on, person.recruited_on)
    last = person.placements[-1].starts_on if person.placements else None
    if last is not None and starts_on < last and "starts_on" not in errors:
        errors["starts_on"] = _("Không được trước lần thay đổi gần nhất (%(day)s).", day=format_date(last))
    return errors


def _open_collective(errors: dict[str, str], field: str, unit: Unit, code: str | None,
                     on: date | None) -> Collective | None:
    """Return the collective `code` of `unit` when it is open on `on`; note an error by `field` otherwise."""
    if not code:
        return None
    found = db.session.execute(select(Collective).where(Collective.code == code, Collective.unit_id == unit.id)
                               ).scalar_one_or_none()
    if found is None:
        errors[field] = _("Tập thể không thuộc đơn vị %(unit)s.", unit=unit.code)
    elif found.closed_on is not None and (on is None or on >= found.closed_on):
        errors[field] = _("Tập thể %(name)s đã giải thể từ %(day)s.", name=found.name,
                          day=format_date(found.closed_on))
    return found


def _place(person: Person, kind: str, starts_on: date, unit: Unit, collective: Collective | None, position: str,
           actor: Actor, action: str, note: str = "") -> None:
    """Add the placement and make it the person's current one, with its audit row."""
    before = identity(person)
    db.session.add(Placement(person=person, starts_on=starts_on, kind=kind, unit=unit, collective=collective,
                             position=position, note=note))
    person.unit, person.collective, person.position = unit, collective, position
    after = {**identity(person), "starts_on": iso(starts_on)}
    audit(actor, "person", person.code, action, before, after, unit.bloc.code)


def _overlapping(person: Person, starts_on: date, ends_on: date | None,
                 editing: LeavePeriod | None) -> LeavePeriod | None:
    """Return a stored leave period of the person that shares a day with starts_on..ends_on (None: open-ended)."""
    for other in db.session.execute(select(LeavePeriod).where(LeavePeriod.person_id == person.id)
                                    .order_by(LeavePeriod.starts_on)).scalars():
        if other is editing:
            continue
        if (ends_on is None or other.starts_on <= ends_on) and (other.ends_on is None or starts_on <= other.ends_on):
            return other
    return None


def _leave_state(leave: LeavePeriod) -> dict:
    return {"id": leave.id, "kind": leave.kind, "starts_on": iso(leave.starts_on), "ends_on": iso(leave.ends_on),
            "note": leave.note}
