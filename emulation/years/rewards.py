"""The reward money of a year's titles: signed decisions read from the database, figures from the engine."""
from __future__ import annotations

from sqlalchemy import select

from emulation.engine.rewards import SignedAward, compute_rewards
from emulation.engine.rules import RuleSet, TitleInfo, review_date
from emulation.engine.yeardata import YearData
from emulation.extensions import db
from emulation.models import Award, Collective, Decision, Person, Unit
from emulation.storage.rule_files import app_base_salaries


def signed_awards(year: int) -> list[SignedAward]:
    """Return the titles of `year` carried by a signed decision (entity codes are unique across blocs)."""
    rows = db.session.execute(
        select(Award.title_code, Person.code, Collective.code, Unit.code, Decision.number, Decision.signed_on)
        .join(Decision, Award.decision_id == Decision.id)
        .outerjoin(Person, Award.person_id == Person.id)
        .outerjoin(Collective, Award.collective_id == Collective.id)
        .outerjoin(Unit, Award.unit_id == Unit.id)
        .where(Award.year == year, Decision.signed_on.is_not(None))).all()
    return [SignedAward(title, person or collective or unit, number, signed_on)
            for title, person, collective, unit, number, signed_on in rows]


def year_rewards(results: dict, rule_set: RuleSet, data: YearData, catalogue: dict[str, TitleInfo]) -> dict | None:
    """Return the rewards of the year's awarded titles, or None when the criteria folder has no base salaries."""
    steps = app_base_salaries()
    if not steps:
        return None
    return compute_rewards(results, rule_set, steps, review_date(data.year, data.review_on), catalogue,
                           signed_awards(data.year))
