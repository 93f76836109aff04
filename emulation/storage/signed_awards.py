"""The titles of a year carried by a signed decision, as plain data for the reward engine."""
from __future__ import annotations

from sqlalchemy import select

from emulation.engine.rewards import SignedAward
from emulation.extensions import db
from emulation.models import Award, Collective, Decision, Person, Unit


def signed_awards(year: int) -> list[SignedAward]:
    """Return the titles of `year` in a signed decision (holder codes are unique across blocs)."""
    rows = db.session.execute(
        select(Award.title_code, Person.code, Collective.code, Unit.code, Decision.number, Decision.signed_on)
        .join(Decision, Award.decision_id == Decision.id)
        .outerjoin(Person, Award.person_id == Person.id)
        .outerjoin(Collective, Award.collective_id == Collective.id)
        .outerjoin(Unit, Award.unit_id == Unit.id)
        .where(Award.year == year, Decision.signed_on.is_not(None))).all()
    return [SignedAward(title, person or collective or unit, number, signed_on)
            for title, person, collective, unit, number, signed_on in rows]
