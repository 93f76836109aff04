"""What the documents are written from, read once per request: the year's results, registrations and record.

Names, titles, ranks, totals and counts come from the results service (``years.results.year_results``,
the same the pages, the API and the workbook show) and the registrations from ``registrations.service``;
nothing here decides or counts anew.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from emulation.engine.council import CouncilRules
from emulation.engine.results import registration_stats
from emulation.engine.rules import TitleInfo
from emulation.engine.yeardata import CouncilSessionData, YearData
from emulation.extensions import db
from emulation.models import (Award, Bloc, Collective, Decision, EmulationYear, Person, Unit)
from emulation.registrations.service import UnitRegistrations, load_registrations
from emulation.storage.council_files import app_council_rules
from emulation.storage.database import read_year, year_units
from emulation.storage.rule_files import app_catalogue
from emulation.years.results import year_results


@dataclass
class YearSources:
    """Everything a bloc year's documents are written from."""

    year: EmulationYear
    bloc: Bloc
    units: list[Unit]
    data: YearData
    results: dict
    catalogue: dict[str, TitleInfo]
    forms: dict
    registrations: dict[str, UnitRegistrations] = field(default_factory=dict)
    council_rules: CouncilRules | None = None

    def unit(self, code: str) -> Unit | None:
        """Return the bloc's unit with `code`, or None."""
        return next((unit for unit in self.units if unit.code == code), None)

    def unit_registrations(self, code: str) -> UnitRegistrations:
        """Return a unit's registrations and facts (read on first use)."""
        if code not in self.registrations:
            self.registrations[code] = load_registrations(self.year, self.unit(code))
        return self.registrations[code]

    def unit_stats(self, code: str) -> dict:
        """Return one unit's registration statistics, as the engine counts the bloc's."""
        return registration_stats(self.data.by_unit()[code], self.catalogue)

    def person(self, code: str) -> Person | None:
        """Return the person with `code`."""
        return db.session.execute(select(Person).where(Person.code == code)).scalar_one_or_none()

    def collective(self, code: str) -> Collective | None:
        """Return the collective with `code`."""
        return db.session.execute(select(Collective).where(Collective.code == code)).scalar_one_or_none()

    def members(self, collective: Collective) -> int:
        """Return how many people the collective has on the record."""
        return len(db.session.execute(select(Person.id).where(Person.collective_id == collective.id)).all())

    def past_awards(self, *, person: Person | None = None, collective: Collective | None = None) -> list[Award]:
        """Return the titles held before this year, newest first."""
        holder = Award.person_id == person.id if person is not None else Award.collective_id == collective.id
        return list(db.session.execute(select(Award).where(holder, Award.year < self.year.year)
                                       .order_by(Award.year.desc(), Award.title_code)).scalars())

    def council_session(self, unit: str | None) -> CouncilSessionData | None:
        """Return the recorded session of a unit's council (`unit` its code) or of the bloc's (None), if any."""
        return next((s for s in reversed(self.data.council) if s.unit == unit), None)

    def decision(self, unit: Unit | None, number: str | None = None) -> Decision | None:
        """Return the signed decision of the year for the bloc (`unit` None) or a unit, if one is recorded.

        With `number`, the decision with that number (the one a decision's own document is for).
        """
        query = select(Decision).where(Decision.year == self.year.year)
        if number is not None:
            query = query.where(Decision.number == number)
        if unit is None:
            query = query.where(Decision.bloc_id == self.bloc.id, Decision.unit_id.is_(None))
        else:
            query = query.where(Decision.unit_id == unit.id)
        return db.session.execute(query.order_by(Decision.id).limit(1)).scalar_one_or_none()


def load_sources(found: EmulationYear) -> YearSources:
    """Read the results, the units and the forms in force for a bloc year."""
    bloc = found.bloc
    units = year_units(found)
    data = read_year(bloc.code, found.year)
    results = year_results(bloc.code, found.year, data)
    on = found.review_on or date(found.year, 12, 31)
    return YearSources(found, bloc, units, data, results, app_catalogue(),
                       forms_in_force(current_app.config["EMULATION_CRITERIA_DIR"] / "documents.toml", on),
                       council_rules=app_council_rules())


def forms_in_force(path: Path, on: date) -> dict:
    """Return the achievement-report forms of the decree in force on `on` (criteria/documents.toml)."""
    with open(path, "rb") as handle:
        forms = sorted(tomllib.load(handle)["form"], key=lambda form: str(form["from"]))
    chosen = forms[0]
    for form in forms:
        if date.fromisoformat(str(form["from"])) <= on:
            chosen = form
    return chosen
