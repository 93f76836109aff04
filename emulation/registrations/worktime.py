"""The months worked that the registrations page shows: computed from the HR record, or still entered by hand."""
from __future__ import annotations

from sqlalchemy import select

from emulation.engine.titles import months_worked
from emulation.extensions import db
from emulation.models import EmulationYear, Person, Unit
from emulation.storage.worktime import record_months, review_date


def unit_record_months(year: EmulationYear, unit: Unit) -> dict[int, int]:
    """Return person id -> months worked in the year, computed from the record, for the unit's people that have one.

    The people missing from it have no record yet: their months not counted are entered by hand.
    """
    people = select(Person.id).where(Person.unit_id == unit.id)
    computed = record_months(year, people)
    if not computed:
        return {}
    until = review_date(year)
    recruited = dict(db.session.execute(select(Person.id, Person.recruited_on)
                                        .where(Person.id.in_(list(computed)))).all())
    return {p_id: months_worked(recruited.get(p_id), until, off) for p_id, off in computed.items()}
