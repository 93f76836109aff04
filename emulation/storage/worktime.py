"""The year's months not counted as work, computed from the HR record where a person has one.

A person "has a record" once the HR record says something of their time: a placement (added,
moved or imported through the app), a period of leave or a departure. For them the fact
``months_not_counted`` follows from the record under ``criteria/leave.toml``; for everyone else it
stays the value entered by hand (or loaded from a year file).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import current_app
from sqlalchemy import select

from emulation.engine.worktime import Leave, LeaveRules, load_leave_rules, months_not_counted, rules_in_force
from emulation.engine.yeardata import PersonFacts, YearData
from emulation.extensions import db
from emulation.models import EmulationYear, Person
from emulation.engine.yeardata import LEAVE_KINDS
from emulation.models.record import LeavePeriod, Placement


def app_leave_rules() -> list[LeaveRules]:
    """Return the leave rules of the app's criteria folder."""
    return load_leave_rules(current_app.config["EMULATION_CRITERIA_DIR"] / "leave.toml", LEAVE_KINDS)


def review_date(year: EmulationYear | YearData) -> date:
    """Return the day the year's months are counted to: its review date, or 31 December."""
    return year.review_on or date(year.year, 12, 31)


def record_months(year: EmulationYear | YearData, person_ids) -> dict[int, int]:
    """Return person id -> months not counted, for the people of `person_ids` (a list or subquery) with a record."""
    execute = db.session.connection().execute
    until = review_date(year)
    rules = rules_in_force(app_leave_rules(), until)
    people = {p_id: (recruited_on, left_on) for p_id, recruited_on, left_on in execute(
        select(Person.id, Person.recruited_on, Person.left_on).where(Person.id.in_(person_ids)))}
    leave: dict[int, list[Leave]] = {}
    for p_id, kind, starts_on, ends_on in execute(select(LeavePeriod.person_id, LeavePeriod.kind,
                                                         LeavePeriod.starts_on, LeavePeriod.ends_on)
                                                  .where(LeavePeriod.person_id.in_(person_ids))):
        leave.setdefault(p_id, []).append(Leave(kind, starts_on, ends_on))
    placed = set(execute(select(Placement.person_id).where(Placement.person_id.in_(person_ids)).distinct()).scalars())
    recorded = placed | set(leave) | {p_id for p_id, (_r, left_on) in people.items() if left_on is not None}
    return {p_id: months_not_counted(until, rules, people[p_id][0], people[p_id][1], leave.get(p_id, ()))
            for p_id in recorded if p_id in people}


def apply_record_months(year: EmulationYear, data: YearData, person_code: dict[int, str], person_ids) -> None:
    """Put the months computed from the record into `data.person_facts` (a fact is added where none is stored)."""
    computed = {person_code[p_id]: months for p_id, months in record_months(year, person_ids).items()
                if p_id in person_code}
    if not computed:
        return
    facts = []
    for fact in data.person_facts:
        months = computed.pop(fact.person, None)
        facts.append(fact if months is None or months == fact.months_not_counted
                     else replace(fact, months_not_counted=months))
    facts.extend(PersonFacts(code, months_not_counted=months) for code, months in sorted(computed.items()) if months)
    data.person_facts = facts
