"""Hand-built YearData for the engine tests: small, explicit, no database."""
from __future__ import annotations

from datetime import date

from emulation.contract import CriterionSpec
from emulation.engine.council import VoteOutcome
from emulation.engine.rules import load_title_catalogue
from emulation.engine.yeardata import (AwardData, CollectiveData, CollectiveFacts, PersonData, PersonFacts,
                                       RegistrationData, ScoreLineData, SignedCriterion, UnitData, YearData)
from emulation.i18n_reasons import message_text, reason_text

from .conftest import CRITERIA


def spec(code: str, kind: str = "points", max_points: float = 10, parent: str | None = None, **extra) -> CriterionSpec:
    """Return a criterion spec with a generated name."""
    return CriterionSpec(code=code, name=f"Tiêu chí {code}", kind=kind, max_points=max_points, parent=parent, **extra)


def group(code: str, max_points: float, parent: str | None = None, core: bool = False) -> CriterionSpec:
    """Return a group spec."""
    return spec(code, "group", max_points, parent, core=core)


def make_year(year: int = 2017, units=("U1",), criteria=(), **fields) -> YearData:
    """Return a YearData with the given units (codes) and common criteria; other fields pass through."""
    return YearData(bloc="KTD", bloc_name="Khối thử", year=year,
                    units=[UnitData(u, f"Đơn vị {u}") for u in units],
                    criteria=[SignedCriterion(c, None, i) for i, c in enumerate(criteria)], **fields)


def line(unit: str, criterion: str, self_value: float | None = None, reviewed: float | None = None) -> ScoreLineData:
    """Return a score line."""
    return ScoreLineData(unit=unit, criterion=criterion, self_value=self_value, reviewed_value=reviewed)


class People:
    """Builds people, their facts and registrations for one year, then the YearData."""

    def __init__(self, year: int = 2017):
        self.year = year
        self.units: list[str] = []
        self.people: list[PersonData] = []
        self.facts: list[PersonFacts] = []
        self.registrations: list[RegistrationData] = []
        self.collectives: list[CollectiveData] = []
        self.collective_facts: list[CollectiveFacts] = []
        self.history: list[AwardData] = []
        self.extra: dict = {}

    def person(self, code: str, unit: str = "U1", collective: str | None = None, register: str | None = "LDTT",
               recruited_on: date | None = None, task_rating: str | None = "HTT", **facts) -> str:
        """Add one person (registered for `register` unless None); `facts` go to PersonFacts."""
        if unit not in self.units:
            self.units.append(unit)
        self.people.append(PersonData(code, f"Người {code}", unit, collective=collective, recruited_on=recruited_on))
        self.facts.append(PersonFacts(code, task_rating=task_rating, **facts))
        if register:
            self.registrations.append(RegistrationData(register, person=code))
        return code

    def team(self, code: str, members: int, ldtt: int, unit: str = "U1", rating: str = "HTXS",
             plan_completed: bool = True, register: tuple[str, ...] = ("TTLDTT",), **member_facts) -> list[str]:
        """Add a collective of `members` people, the first `ldtt` of whom qualify for LDTT (HTT), the rest HT."""
        self.collectives.append(CollectiveData(code, f"Phòng {code}", unit))
        self.collective_facts.append(CollectiveFacts(code, rating, plan_completed))
        for title in register:
            self.registrations.append(RegistrationData(title, collective=code))
        return [self.person(f"{code}-{i:02d}", unit, code, task_rating="HTT" if i <= ldtt else "HT", **member_facts)
                for i in range(1, members + 1)]

    def build(self, units: tuple[str, ...] | None = None, **fields) -> YearData:
        """Return the YearData."""
        return make_year(self.year, units or tuple(self.units) or ("U1",), people=self.people,
                         person_facts=self.facts, registrations=self.registrations, collectives=self.collectives,
                         collective_facts=self.collective_facts, history=self.history, **fields)


def decision(decisions, level: str, code: str, title: str):
    """Return the decision of `title` for one entity (fails the test if there is none)."""
    found = [d for d in getattr(decisions, {"individual": "individuals", "collective": "collectives",
                                            "unit": "units"}[level])[code] if d.title == title]
    assert len(found) == 1, f"{code}: {len(found)} decisions for {title}"
    return found[0]


def reason(found_decision, code: str):
    """Return the reason of condition `code` (the condition's name in the rule set)."""
    matches = [r for r in found_decision.reasons if r.code == code]
    assert len(matches) == 1, f"{found_decision.title}: no single reason {code}"
    return matches[0]


CATALOGUE = load_title_catalogue(CRITERIA / "titles.toml")


def said(found, lang: str = "vi") -> str:
    """Return what a reason or a council vote outcome says, written by the renderer (Vietnamese unless told)."""
    if isinstance(found, VoteOutcome):
        return message_text(found.message, found.params, found.met, lang, CATALOGUE)
    return reason_text(found.to_dict(), lang, CATALOGUE)
