"""Profiles of a person, a collective and a unit: what the page and `emulation people show` both render.

A profile is a plain dict. Title decisions come from the one results service (``years.results``):
published years as published, others computed now on the holder's unit. Titles held are the award
rows, earlier ones with their decision. The progress towards each multi-year title comes from the
``consecutive_years`` conditions of the rule set in force, never from a list kept in code.

Ratings, discipline, initiatives and leave are personal data: a profile built with ``personal=False``
leaves out the leave and the year-by-year section (whose reasons quote the ratings).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from emulation import clock
from emulation.engine.titles import AWARDED
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.models import (Award, Bloc, Collective, CollectiveFact, Decision, EmulationYear, Person, PersonFact,
                              Registration, Unit)
from emulation.storage.database import read_unit_year
from emulation.storage.rule_files import app_catalogue, app_rule_set
from emulation.storage.snapshots import published_results
from emulation.years.results import live_results, year_results

PERSONAL_FACTS = ("task_rating", "discipline", "initiatives", "research_accepted", "provincial_initiative",
                  "months_not_counted")


class ProfileNotFound(EmulationError):
    """No person, collective or unit has this code."""

    status = 404


def find_person(code: str) -> Person:
    """Return the person with `code`, or raise ProfileNotFound."""
    return _find(Person, code, "Không có cá nhân mã %s (no such person)")


def find_collective(code: str) -> Collective:
    """Return the collective with `code`, or raise ProfileNotFound."""
    return _find(Collective, code, "Không có tập thể mã %s (no such collective)")


def find_unit(code: str) -> Unit:
    """Return the unit with `code`, or raise ProfileNotFound."""
    return _find(Unit, code, "Không có đơn vị mã %s (no such unit)")


def _find(model, code: str, message: str):
    found = db.session.execute(select(model).where(model.code == code)).scalar_one_or_none()
    if found is None:
        raise ProfileNotFound(message % code)
    return found


# --- the three profiles ----------------------------------------------------------------------------------

def person_profile(code: str, *, personal: bool = True, published_only: bool = False) -> dict:
    """Return a person's profile: identity, placements, titles held, multi-year progress and, when `personal`,
    leave and every year's facts, registrations and title decisions (only published years if `published_only`)."""
    person = find_person(code)
    bloc = person.unit.bloc
    profile = {
        "kind": "person", "code": person.code, "personal": personal,
        "identity": {
            "full_name": person.full_name, "birth_date": person.birth_date, "gender": person.gender,
            "employment": person.employment, "position": person.position, "recruited_on": person.recruited_on,
            "left_on": person.left_on, "departure": person.departure,
            "unit": _unit_ref(person.unit), "collective": _collective_ref(person.collective), "bloc": bloc.code},
        "placements": [{"starts_on": p.starts_on, "kind": p.kind, "unit": _unit_ref(p.unit),
                        "collective": _collective_ref(p.collective), "position": p.position, "note": p.note}
                       for p in person.placements],
        "titles": _titles_held(Award.person_id == person.id),
    }
    years = _bloc_years(bloc, published_only)
    if person.recruited_on is not None:
        years = [y for y in years if y.year >= person.recruited_on.year]
    if person.left_on is not None:
        years = [y for y in years if y.year <= person.left_on.year]
    decisions = {y.year: _entry(_unit_results(bloc.code, y.year, person.unit.code), "individuals", person.code)
                 for y in years}
    profile["progress"] = _progress("individual", profile["titles"], decisions, years)
    if personal:
        profile["leave"] = [{"kind": l.kind, "starts_on": l.starts_on, "ends_on": l.ends_on, "note": l.note}
                            for l in person.leave]
        facts = _by_year(PersonFact, PersonFact.person_id == person.id)
        registered = _registrations(Registration.person_id == person.id)
        profile["years"] = [{"year": y.year, "state": y.state,
                             "facts": _facts(facts.get(y.id), PERSONAL_FACTS),
                             "registered": registered.get(y.id, []),
                             "decisions": (decisions[y.year] or {}).get("decisions", []),
                             "titles": [t for t in profile["titles"] if t["year"] == y.year]}
                            for y in reversed(years)]
    return profile


def collective_profile(code: str, *, personal: bool = True, published_only: bool = False) -> dict:
    """Return a collective's profile: identity, members, titles held, progress and every year's facts,
    registrations and title decisions; without `personal`, decisions come without their reasons, which
    name members' discipline."""
    collective = find_collective(code)
    bloc = collective.unit.bloc
    members = db.session.execute(select(Person).where(Person.collective_id == collective.id)
                                 .order_by(Person.name_key, Person.code)).scalars()
    years = _bloc_years(bloc, published_only)
    decisions = {y.year: _entry(_unit_results(bloc.code, y.year, collective.unit.code), "collectives", code)
                 for y in years}
    facts = _by_year(CollectiveFact, CollectiveFact.collective_id == collective.id)
    registered = _registrations(Registration.collective_id == collective.id)
    titles = _titles_held(Award.collective_id == collective.id)
    return {
        "kind": "collective", "code": collective.code, "personal": personal,
        "identity": {"name": collective.name, "unit": _unit_ref(collective.unit), "bloc": bloc.code,
                     "closed_on": collective.closed_on,
                     "merged_into": _collective_ref(db.session.get(Collective, collective.merged_into_id)
                                                    if collective.merged_into_id else None)},
        "members": [{"code": p.code, "full_name": p.full_name, "position": p.position, "left_on": p.left_on}
                    for p in members],
        "titles": titles,
        "progress": _progress("collective", titles, decisions, years),
        "years": [{"year": y.year, "state": y.state,
                   "facts": _facts(facts.get(y.id), ("task_rating", "plan_completed")),
                   "registered": registered.get(y.id, []),
                   "decisions": _shown((decisions[y.year] or {}).get("decisions", []), personal),
                   "titles": [t for t in titles if t["year"] == y.year]} for y in reversed(years)],
    }


def _shown(decisions: list[dict], personal: bool) -> list[dict]:
    return decisions if personal else [{**d, "reasons": []} for d in decisions]


def unit_profile(code: str, *, published_only: bool = False) -> dict:
    """Return a unit's profile: identity, collectives, headcount, titles held, progress and every year's rank,
    total, band and title decisions."""
    unit = find_unit(code)
    bloc = unit.bloc
    collectives = db.session.execute(select(Collective).where(Collective.unit_id == unit.id)
                                     .order_by(Collective.code)).scalars()
    headcount = db.session.execute(select(db.func.count()).select_from(Person)
                                   .where(Person.unit_id == unit.id, Person.left_on.is_(None))).scalar_one()
    years = _bloc_years(bloc, published_only)
    entries = {y.year: _entry(year_results(bloc.code, y.year), "units", code) for y in years}
    titles = _titles_held(Award.unit_id == unit.id)
    return {
        "kind": "unit", "code": unit.code,
        "identity": {"name": unit.name, "short_name": unit.short_name, "bloc": bloc.code, "bloc_name": bloc.name},
        "collectives": [{"code": c.code, "name": c.name, "closed_on": c.closed_on} for c in collectives],
        "headcount": headcount,
        "titles": titles,
        "progress": _progress("unit", titles, entries, years),
        "years": [{"year": y.year, "state": y.state,
                   **{k: (entries[y.year] or {}).get(k) for k in ("rank", "total", "band", "band_en", "max")},
                   "decisions": (entries[y.year] or {}).get("decisions", []),
                   "titles": [t for t in titles if t["year"] == y.year]} for y in reversed(years)],
    }


# --- the parts ---------------------------------------------------------------------------------------------

def _unit_ref(unit: Unit | None) -> dict | None:
    return None if unit is None else {"code": unit.code, "name": unit.name}


def _collective_ref(collective: Collective | None) -> dict | None:
    return None if collective is None else {"code": collective.code, "name": collective.name}


def _bloc_years(bloc: Bloc, published_only: bool) -> list[EmulationYear]:
    statement = select(EmulationYear).where(EmulationYear.bloc_id == bloc.id).order_by(EmulationYear.year)
    if published_only:
        statement = statement.where(EmulationYear.state == "published")
    return list(db.session.execute(statement).scalars())


def _unit_results(bloc: str, year: int, unit: str) -> dict:
    """Return a year's results as published, else computed now on one unit (its people and collectives'
    titles are decided within it)."""
    published = published_results(bloc, year)
    return published if published is not None else live_results(bloc, year, read_unit_year(bloc, year, unit))


def _entry(results: dict, part: str, code: str) -> dict | None:
    return next((e for e in results.get(part, []) if e["code"] == code), None)


def _by_year(model, condition) -> dict:
    return {row.year_id: row for row in db.session.execute(select(model).where(condition)).scalars()}


def _facts(row, names: tuple[str, ...]) -> dict | None:
    return None if row is None else {name: getattr(row, name) for name in names}


def _registrations(condition) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for year_id, title in db.session.execute(select(Registration.year_id, Registration.title_code)
                                             .where(condition).order_by(Registration.title_code)):
        found.setdefault(year_id, []).append(title)
    return found


def _titles_held(condition) -> list[dict]:
    """Return the award rows of one holder, newest first, each with its decision when one is recorded."""
    catalogue = app_catalogue()
    rows = db.session.execute(select(Award, Decision).outerjoin(Decision, Decision.id == Award.decision_id)
                              .where(condition).order_by(Award.year.desc(), Award.title_code)).all()
    held = []
    for award, decision in rows:
        info = catalogue.get(award.title_code)
        held.append({"year": award.year, "title": award.title_code,
                     "name": info.name if info else award.title_code, "name_en": info.name_en if info else "",
                     "decision": None if decision is None else {
                         "number": decision.number, "signed_on": decision.signed_on, "level": decision.level,
                         "signer": decision.signer}})
    return held


def _progress(level: str, titles: list[dict], entries: dict[int, dict | None],
              years: list[EmulationYear]) -> list[dict]:
    """Return, for every title of the rule set in force that needs a title held several years running, how many
    of those years the holder has: award rows and titles awarded by the engine in the app's years."""
    reference = years[-1].year if years else clock.now().year
    catalogue = app_catalogue()
    rule_set = app_rule_set(reference, catalogue)
    progress = []
    for target, rule in rule_set.titles.items():
        if target not in catalogue or catalogue[target].level != level:
            continue
        for condition in (c for c in rule.conditions if c.kind == "consecutive_years"):
            held_title, needed = condition["title"], condition["years"]
            held = {t["year"] for t in titles if t["title"] == held_title}
            held |= {year for year, entry in entries.items() if entry and any(
                d["title"] == held_title and d["decision"] == AWARDED for d in entry.get("decisions", []))}
            last = reference if reference in held else reference - 1
            streak = []
            while last - len(streak) in held:
                streak.append(last - len(streak))
            info, held_info = catalogue[target], catalogue.get(held_title)
            progress.append({"title": target, "name": info.name, "name_en": info.name_en,
                             "held_title": held_title, "held_name": held_info.name if held_info else held_title,
                             "held_name_en": held_info.name_en if held_info else "",
                             "needed": needed, "count": len(streak), "years": sorted(streak),
                             "through": last, "met": len(streak) >= needed,
                             "citation": condition.citation, "rule_set": rule_set.code})
    return progress


def to_json_ready(value):
    """Return `value` with every date as its ISO text, for the JSON output of a profile."""
    if isinstance(value, dict):
        return {k: to_json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_ready(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
