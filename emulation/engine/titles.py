"""Title engine: who gets which emulation title, condition by condition, with its legal citation.

``decide_titles`` takes a ``YearData``, a ``RuleSet`` and the bloc's unit ranks and returns one
``Decision`` per title considered for every individual, collective and unit. Every condition of the
title is checked and reported (met or not) with concrete numbers and its citation.

Which titles are considered: the title an entity registered for and every lower title of the same
level (a CSTĐCS candidate gets an LĐTT decision and a CSTĐCS decision); without a registration, the
lowest title of its level. A title whose rule has a ``registration`` condition (rule set A's LĐTT)
is ``not_considered`` for someone who did not register; rule set B has no such condition, so people
who did not register are considered.

Titles of one level are decided lowest first, so a condition may use the decisions already taken
(CSTĐCS needs this year's LĐTT; collectives look at their members' LĐTT and CSTĐCS).

Quotas (e.g. CSTĐCS ≤ 15% of the unit's LĐTT holders, rounded down) are applied per unit among the
candidates who meet every other condition. When the quota binds, candidates are taken in this order:
the council's votes where recorded (more votes for first), then the law's priority for candidates
otherwise equal (women, collectives with at least 70% women: ``criteria/council.toml``), then the
rule's ``priority`` list (an initiative effective at provincial scope, more recognised initiatives,
an accepted research topic, the better task rating). A tie that remains at the quota line is never
broken by a code: the tied candidates are ``undecided`` (the council must choose), neither awarded
nor refused. The old ``code`` key is still accepted in the data and ignored.

A candidate the council voted on (``YearData.council``) must also reach the vote rule of the title
(quorum, approval share and its denominator, ``engine.council``); below it, the title is not awarded
and the reason gives the share and the threshold.

The flag's "exceeds targets" condition (rule set A) reads the unit's plan criteria with the value that
counts (reviewed where present): met when every one reaches ``min_ratio`` × its target (1.0, "at or
above"; ``strict = true`` for "above"). A unit with no plan criteria meets it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Callable, Iterable, Mapping

from emulation.contract import CriterionSpec
from emulation.engine.council import CouncilRules, ballots_by_candidate, evaluate_ballot
from emulation.engine.rules import LEVELS, ConditionRule, RulesError, RuleSet, TitleInfo
from emulation.engine.scoring import criteria_by_unit, values_by_unit
from emulation.engine.yeardata import (DISCIPLINE_LEVELS, TASK_RATINGS, CollectiveFacts, PersonData, PersonFacts,
                                       YearData)

AWARDED, NOT_AWARDED, NOT_CONSIDERED = "awarded", "not_awarded", "not_considered"
UNDECIDED = "undecided"                     # tied at a quota line: the council must choose
_ROUNDING = {"floor": ROUND_FLOOR, "ceil": ROUND_CEILING, "half_up": ROUND_HALF_UP}


@dataclass(frozen=True)
class Reason:
    """One condition checked, as data: the words are the presentation's (``emulation.i18n_reasons``).

    ``code`` is the condition's name in the rule set, ``condition`` and ``condition_en`` its label from
    the rule data; ``message`` is the key of the sentence that says why and ``params`` its plain values
    (numbers, ISO dates, codes, lists of them); ``citation`` the legal text it applies.
    """

    code: str
    condition: str
    met: bool
    message: str
    params: dict = field(hash=False)
    citation: str = ""
    condition_en: str = ""

    def to_dict(self) -> dict:
        """Return the JSON form: code, condition (and its English label), met, message, params, citation."""
        return {"code": self.code, "condition": self.condition, "condition_en": self.condition_en, "met": self.met,
                "message": self.message, "params": dict(self.params), "citation": self.citation}


@dataclass(frozen=True)
class Decision:
    """The decision on one title for one entity, with every condition checked."""

    title: str
    decision: str                           # AWARDED, NOT_AWARDED, UNDECIDED or NOT_CONSIDERED
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict:
        """Return the JSON form: title, decision, reasons."""
        return {"title": self.title, "decision": self.decision, "reasons": [r.to_dict() for r in self.reasons]}


@dataclass(frozen=True)
class TitleDecisions:
    """Decisions by entity code, each list in catalogue order."""

    individuals: dict[str, list[Decision]]
    collectives: dict[str, list[Decision]]
    units: dict[str, list[Decision]]

    def awarded(self, level: str, code: str) -> list[str]:
        """Return the titles awarded to one individual, collective or unit."""
        return [d.title for d in getattr(self, _PLURAL[level]).get(code, []) if d.decision == AWARDED]


_PLURAL = {"individual": "individuals", "collective": "collectives", "unit": "units"}
# The labels of the checks the engine makes itself (not a rule set's conditions); the presentation translates them.
LEVEL_CONDITION, RULE_CONDITION = "Đối tượng của danh hiệu", "Quy định danh hiệu"
VOTE_CONDITION = "Hội đồng Thi đua - Khen thưởng bỏ phiếu kín"
Said = tuple[bool, str, dict]               # a condition's answer: met, message key, params


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- shared helpers ----------------------------------------------------------------------------------

def months_worked(recruited_on: date | None, review_on: date, not_counted: int = 0) -> int:
    """Return the full months worked in the review's year up to and including `review_on`.

    Counting starts on 1 January or on the recruitment date if later; the months the year says do
    not count (e.g. unpaid leave) are taken off. Recruited 1 March, reviewed 31 December: 10 months.
    """
    start = max(recruited_on or date.min, date(review_on.year, 1, 1))
    end = review_on + timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)
    return max(months - not_counted, 0)


def quota_size(share: float, base: int, rounding: str = "floor") -> int:
    """Return share × base rounded as the rule says, computed in decimal (0.15 × 20 is exactly 3)."""
    return int((Decimal(str(share)) * base).to_integral_value(rounding=_ROUNDING[rounding]))


def _discipline_rank(level: str | None) -> int:
    return DISCIPLINE_LEVELS.index(level) if level in DISCIPLINE_LEVELS else -1


def _compare(count: int, total: int, share: float, strict: bool) -> tuple[bool, dict]:
    actual, wanted = Fraction(count, total), Fraction(str(share))
    met = actual > wanted if strict else actual >= wanted
    return met, {"count": count, "total": total, "share": float(actual), "wanted": float(wanted), "strict": strict}

class _Context:
    """Everything the conditions look at, built once per year."""

    def __init__(self, year: YearData, rule_set: RuleSet, catalogue: dict[str, TitleInfo],
                 unit_ranks: Mapping[str, int] | None, council: CouncilRules | None = None):
        self.year, self.rule_set, self.catalogue, self.council = year, rule_set, catalogue, council
        self.ballots = ballots_by_candidate(year.council)
        self.unit_ranks = dict(unit_ranks or {})
        self.review_on = year.review_on or date(year.year, 12, 31)
        self.people = {p.code: p for p in year.people}
        self.collectives = {c.code: c for c in year.collectives}
        self.person_facts = {f.person: f for f in year.person_facts}
        self.collective_facts = {f.collective: f for f in year.collective_facts}
        self.members: dict[str, list[PersonData]] = {c.code: [] for c in year.collectives}
        for person in sorted(year.people, key=lambda p: p.code):
            if person.collective in self.members:
                self.members[person.collective].append(person)
        self.registered = registrations_by_entity(year, catalogue)
        self.decided: dict[tuple[str, str], Decision] = {}
        # Indexes built once, so no condition scans every person, line or award per entity.
        self.unit_people: dict[str, list[str]] = {}
        for person in self.people.values():
            self.unit_people.setdefault(person.unit, []).append(person.code)
        self.held_years: dict[tuple[str | None, str], set[int]] = {}
        for award in year.history:
            self.held_years.setdefault((award.person, award.title), set()).add(award.year)
        self._unit_criteria: dict[str, list[CriterionSpec]] | None = None
        self._unit_values: dict[str, dict[str, float | None]] | None = None

    def unit_criteria(self, unit: str) -> list[CriterionSpec]:
        if self._unit_criteria is None:
            self._unit_criteria = criteria_by_unit(self.year)
        return self._unit_criteria[unit]

    def unit_values(self, unit: str) -> dict[str, float | None]:
        if self._unit_values is None:
            self._unit_values = values_by_unit(self.year, "reviewed")
        return self._unit_values.get(unit, {})

    def facts(self, person: str) -> PersonFacts:
        found = self.person_facts.get(person)
        return found if found is not None else PersonFacts(person)

    def collective_facts_of(self, collective: str) -> CollectiveFacts:
        found = self.collective_facts.get(collective)
        return found if found is not None else CollectiveFacts(collective, plan_completed=False)

    def has(self, code: str, title: str) -> bool:
        decision = self.decided.get((code, title))
        return decision is not None and decision.decision == AWARDED


# --- conditions: (rule, context, entity code, title) -> (met, message key, params) -------------------

def _registration(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    info = ctx.catalogue[title]
    covering = sorted((t for t in ctx.registered.get(code, ())
                       if ctx.catalogue[t].level == info.level and ctx.catalogue[t].order >= info.order),
                      key=lambda t: ctx.catalogue[t].order)
    if not covering:
        return False, "registration.missing", {"title": title}
    return True, "registration.done", {"title": covering[-1]}


def _task_rating(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    level = ctx.catalogue[title].level
    rating = ctx.facts(code).task_rating if level == "individual" else ctx.collective_facts_of(code).task_rating
    return rating in rule["accepted"], "task_rating", {"year": ctx.year.year, "rating": rating,
                                                       "accepted": list(rule["accepted"])}


def _months_worked(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    person, facts = ctx.people[code], ctx.facts(code)
    months = months_worked(person.recruited_on, ctx.review_on, facts.months_not_counted)
    wanted = rule["min_months"]
    return months >= wanted, "months_worked", {"review_on": _iso(ctx.review_on), "months": months,
                                               "recruited_on": _iso(person.recruited_on),
                                               "not_counted": facts.months_not_counted, "wanted": wanted}


def _discipline(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    level, bar = ctx.facts(code).discipline, rule["bars_from"]
    if level is None:
        return True, "discipline.none", {}
    barred = _discipline_rank(level) >= _discipline_rank(bar)
    return not barred, "discipline.found", {"level": level, "bar": bar, "barred": barred}


def _holds_title(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    held = ctx.has(code, rule["title"])
    return held, "holds_title", {"title": rule["title"], "year": ctx.year.year, "held": held}


def _achievement(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    facts = ctx.facts(code)
    has = {"initiative": facts.initiatives > 0, "research": facts.research_accepted,
           "htxs": facts.task_rating == "HTXS", "provincial_initiative": facts.provincial_initiative}
    met = any(has[a] for a in rule["accepts"])
    return met, "achievement", {"accepts": list(rule["accepts"]), "initiatives": facts.initiatives,
                                "research": facts.research_accepted, "rating": facts.task_rating,
                                "provincial_initiative": facts.provincial_initiative}


def _provincial_initiative(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    met = ctx.facts(code).provincial_initiative
    return met, "provincial_initiative.yes" if met else "provincial_initiative.no", {}


def _consecutive_years(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    wanted, held_title, this_year = rule["years"], rule["title"], ctx.year.year
    recorded = ctx.held_years.get((code, held_title), set())
    years = recorded - {this_year}
    if ctx.has(code, held_title) or ((code, held_title) not in ctx.decided and this_year in recorded):
        years.add(this_year)
    streak = []
    while this_year - len(streak) in years:
        streak.append(this_year - len(streak))
    return len(streak) >= wanted, "consecutive_years", {"title": held_title, "count": len(streak), "year": this_year,
                                                        "years": sorted(streak), "wanted": wanted}


def _plan_completed(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    met = ctx.collective_facts_of(code).plan_completed
    return met, "plan_completed.yes" if met else "plan_completed.no", {}


def _members_title_share(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    members = ctx.members.get(code, [])
    if not members:
        return False, "members.none", {}
    count = sum(ctx.has(p.code, rule["title"]) for p in members)
    met, params = _compare(count, len(members), rule["min_share"], rule["strict"])
    return met, "members_title_share", {**params, "title": rule["title"]}


def _members_task_share(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    members = ctx.members.get(code, [])
    if not members:
        return False, "members.none", {}
    count = sum(ctx.facts(p.code).task_rating in rule["accepted"] for p in members)
    met, params = _compare(count, len(members), rule["min_share"], rule["strict"])
    return met, "members_task_share", {**params, "accepted": list(rule["accepted"])}


def _members_title_count(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    holders = [p.code for p in ctx.members.get(code, []) if ctx.has(p.code, rule["title"])]
    return len(holders) >= rule["min_count"], "members_title_count", {"title": rule["title"], "holders": holders,
                                                                      "wanted": rule["min_count"]}


def _member_discipline(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    bar = rule["bars_from"]
    barred = [[p.code, ctx.facts(p.code).discipline] for p in ctx.members.get(code, [])
              if _discipline_rank(ctx.facts(p.code).discipline) >= _discipline_rank(bar)]
    if not barred:
        return True, "member_discipline.none", {"bar": bar}
    return False, "member_discipline.found", {"bar": bar, "members": barred}


def _bloc_rank(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    rank = ctx.unit_ranks.get(code)
    if rank is None:
        return False, "bloc_rank.none", {}
    # The bloc's size comes from its ranks: a batch of units is decided knowing the whole bloc.
    return rank <= rule["top"], "bloc_rank", {"rank": rank, "size": len(ctx.unit_ranks), "top": rule["top"]}


def _plan_targets(rule: ConditionRule, ctx: _Context, code: str, title: str) -> Said:
    values = ctx.unit_values(code)
    plans = [s for s in ctx.unit_criteria(code) if s.kind == "plan"]
    if not plans:
        return True, "plan_targets.none", {}
    wanted, strict = Fraction(str(rule["min_ratio"])), rule["strict"]
    lines = [_plan_line(spec, values.get(spec.code), wanted, strict) for spec in plans]
    short = sum(not line["ok"] for line in lines)
    return not short, "plan_targets", {"wanted": float(wanted), "strict": strict, "short": short,
                                       "total": len(plans), "lines": lines}


def _plan_line(spec: CriterionSpec, actual: float | None, wanted: Fraction, strict: bool) -> dict:
    if not spec.target or spec.target <= 0:
        return {"code": spec.code, "missing": "target", "ok": False}
    if actual is None:
        return {"code": spec.code, "missing": "value", "ok": False}
    ratio = Fraction(str(actual)) / Fraction(str(spec.target))
    ok = ratio > wanted if strict else ratio >= wanted
    return {"code": spec.code, "actual": actual, "target": spec.target, "ratio": float(ratio), "ok": ok}


CONDITIONS: dict[str, Callable[[ConditionRule, _Context, str, str], Said]] = {
    "registration": _registration, "task_rating": _task_rating, "months_worked": _months_worked,
    "discipline": _discipline, "holds_title": _holds_title, "achievement": _achievement,
    "provincial_initiative": _provincial_initiative, "consecutive_years": _consecutive_years,
    "plan_completed": _plan_completed, "members_title_share": _members_title_share,
    "members_task_share": _members_task_share, "members_title_count": _members_title_count,
    "member_discipline": _member_discipline, "bloc_rank": _bloc_rank, "plan_targets": _plan_targets,
}


# --- registrations -----------------------------------------------------------------------------------

def registrations_by_entity(year: YearData, catalogue: Mapping[str, TitleInfo]) -> dict[str, set[str]]:
    """Return person or collective code -> the catalogue titles it registered for (any level)."""
    known = {p.code for p in year.people} | {c.code for c in year.collectives}
    result: dict[str, set[str]] = {}
    for reg in year.registrations:
        code = reg.person if reg.person is not None else reg.collective
        if code in known and reg.title in catalogue:
            result.setdefault(code, set()).add(reg.title)
    return result


def highest_registered(titles: Iterable[str], catalogue: Mapping[str, TitleInfo]) -> str | None:
    """Return the highest of `titles` by catalogue order, or None."""
    ranked = sorted((t for t in titles if t in catalogue), key=lambda t: (catalogue[t].order, t))
    return ranked[-1] if ranked else None


def _considered(ctx: _Context, code: str, level: str) -> list[str]:
    """Return the titles to decide for one entity: its registered titles and the lower ones of its level."""
    of_level = [t for t, info in ctx.catalogue.items() if info.level == level]
    if level == "unit":
        return of_level
    registered = ctx.registered.get(code, set())
    top = max((ctx.catalogue[t].order for t in registered if ctx.catalogue[t].level == level), default=None)
    if top is None:
        return of_level[:1]
    return [t for t in of_level if ctx.catalogue[t].order <= top]


def _misregistered(ctx: _Context, code: str, level: str) -> list[Decision]:
    wrong = sorted(t for t in ctx.registered.get(code, set()) if ctx.catalogue[t].level != level)
    return [Decision(t, NOT_CONSIDERED, (Reason("level", LEVEL_CONDITION, False, "level",
                                                {"title": t, "level": ctx.catalogue[t].level, "entity": code}, ""),))
            for t in wrong]


# --- the engine --------------------------------------------------------------------------------------

def decide_titles(year: YearData, rule_set: RuleSet, unit_ranks: Mapping[str, int] | None,
                  catalogue: Mapping[str, TitleInfo], levels: Iterable[str] = LEVELS,
                  council: CouncilRules | None = None) -> TitleDecisions:
    """Decide every title of the year at the given levels: individuals first, then collectives, then units.

    Every condition looks only inside one unit (its people, collectives, scores and history; quotas
    are per unit) or at `unit_ranks`, so a batch of units is decided exactly as within the whole year.

    :param unit_ranks: unit code -> rank in the bloc (from ``ranking.rank_entries``), or None; the flag
        (CO_THI_DUA_TINH) goes to the leading units.
    :param catalogue: the title catalogue the rule set was read with.
    :param levels: the levels to decide; the others come back empty.
    :param council: the vote rules (``criteria/council.toml``); without them recorded votes still order
        a quota's candidates but no vote threshold is checked.
    """
    catalogue = dict(catalogue)
    ctx = _Context(year, rule_set, catalogue, unit_ranks, council)
    wanted = set(levels)
    levels = {level: codes for level, codes in (("individual", sorted(ctx.people)),
                                                  ("collective", sorted(ctx.collectives)),
                                                  ("unit", sorted(u.code for u in year.units)))
              if level in wanted}
    results: dict[str, dict[str, list[Decision]]] = {level: {c: [] for c in levels.get(level, ())} for level in LEVELS}
    for level, codes in levels.items():
        considered = {code: _considered(ctx, code, level) for code in codes}
        for title in (t for t, info in catalogue.items() if info.level == level):
            candidates = [c for c in codes if title in considered[c]]
            for code, decision in _decide_title(ctx, title, candidates).items():
                ctx.decided[(code, title)] = decision
                results[level][code].append(decision)
        for code in codes:
            results[level][code].extend(_misregistered(ctx, code, level))
    return TitleDecisions(results["individual"], results["collective"], results["unit"])


def _decide_title(ctx: _Context, title: str, candidates: list[str]) -> dict[str, Decision]:
    rule = ctx.rule_set.titles.get(title)
    if rule is None:
        missing = Reason("rule", RULE_CONDITION, False, "rule.missing", {"rule_set": ctx.rule_set.code, "title": title},
                         "")
        return {code: Decision(title, NOT_CONSIDERED, (missing,)) for code in candidates}
    checked: dict[str, dict[str, Reason]] = {}
    for code in candidates:
        checked[code] = {}
        for cond in rule.conditions:
            if cond.kind != "quota":
                met, message, params = CONDITIONS[cond.kind](cond, ctx, code, title)
                checked[code][cond.name] = _reason(cond, met, message, params)
    for code in candidates:
        vote = _vote_reason(ctx, code, title)
        if vote is not None:
            checked[code]["council_vote"] = vote
    undecided: set[str] = set()
    for cond in (c for c in rule.conditions if c.kind == "quota"):
        undecided |= _apply_quota(ctx, title, cond, checked)
    decisions = {}
    for code in candidates:
        reasons = tuple(checked[code][c.name] for c in rule.conditions)
        if "council_vote" in checked[code]:
            reasons += (checked[code]["council_vote"],)
        if any(not r.met for r, c in zip(reasons, rule.conditions) if c.kind == "registration"):
            verdict = NOT_CONSIDERED
        elif all(r.met for r in reasons):
            verdict = AWARDED
        elif code in undecided:
            verdict = UNDECIDED
        else:
            verdict = NOT_AWARDED
        decisions[code] = Decision(title, verdict, reasons)
    return decisions


def _vote_reason(ctx: _Context, code: str, title: str) -> Reason | None:
    """The council's vote on `code` for `title`, checked against the title's vote rule; None when it did not vote."""
    found = ctx.ballots.get((code, title))
    rule = ctx.council.rule_for(ctx.rule_set.code, title) if ctx.council is not None else None
    if found is None or rule is None:
        return None
    outcome = evaluate_ballot(rule, *found)
    return Reason("council_vote", VOTE_CONDITION, outcome.met, outcome.message, outcome.params, rule.citation)


def _priority_key(ctx: _Context, code: str, title: str, keys: Iterable[str]) -> tuple:
    """The order of a quota's candidates: the council's votes, the law's priority for women, then `keys`.

    Candidates with equal keys are tied: no code ever separates them.
    """
    facts = ctx.facts(code)
    found = ctx.ballots.get((code, title))
    votes = (0, -found[1].votes_for) if found is not None else (1, 0)
    parts = {"provincial_initiative": not facts.provincial_initiative, "initiatives": -facts.initiatives,
             "research": not facts.research_accepted,
             "task_rating": TASK_RATINGS.index(facts.task_rating) if facts.task_rating in TASK_RATINGS else 99}
    return (votes, not _women_first(ctx, code)) + tuple(parts[k] for k in keys if k in parts)


def _women_first(ctx: _Context, code: str) -> bool:
    """Whether the law prefers `code` among equals: a woman, or a collective with enough women."""
    if code in ctx.people:
        return ctx.people[code].gender == "female"
    members = ctx.members.get(code, [])
    wanted = ctx.council.women_collective_share if ctx.council is not None else Fraction(7, 10)
    return bool(members) and Fraction(sum(p.gender == "female" for p in members), len(members)) >= wanted


def _apply_quota(ctx: _Context, title: str, cond: ConditionRule, checked: dict[str, dict[str, Reason]]) -> set[str]:
    """Decide the quota condition of every candidate; return the candidates tied at the quota line."""
    base = cond["base"]
    if base != "headcount" and ctx.catalogue[base].order >= ctx.catalogue[title].order:
        raise RulesError(f"{ctx.rule_set.source}: titles.{title}.conditions.{cond.name}, trường 'base': "
                         f"danh hiệu '{base}' phải thấp hơn '{title}' (base title must be decided first)")
    by_unit: dict[str, list[str]] = {}
    for code in checked:
        by_unit.setdefault(ctx.people[code].unit, []).append(code)
    # "code" is the old tie-break by code, still accepted in the data and ignored.
    order = ["council_votes", "women", *(k for k in cond["priority"] if k != "code")]
    undecided: set[str] = set()
    for unit, codes in by_unit.items():
        unit_people = ctx.unit_people.get(unit, [])
        base_count = len(unit_people) if base == "headcount" else sum(ctx.has(p, base) for p in unit_people)
        size = quota_size(cond["share"], base_count, cond["rounding"])
        quota = {"unit": unit, "share": cond["share"], "base_count": base_count, "base": base,
                 "raw": float(Decimal(str(cond["share"])) * base_count), "size": size, "rounding": cond["rounding"]}
        keys = {c: _priority_key(ctx, c, title, cond["priority"])
                for c in sorted(codes) if all(r.met for r in checked[c].values())}
        eligible = sorted(keys, key=lambda c: keys[c])
        tied = _tied_at_line(eligible, keys, size)
        undecided |= tied
        for code in codes:
            checked[code][cond.name] = _quota_reason(cond, code, eligible, keys, tied, order, quota)
    return undecided


def _tied_at_line(eligible: list[str], keys: dict[str, tuple], size: int) -> set[str]:
    """The candidates whose key equals that of the last place and of the first one left out."""
    if 0 < size < len(eligible) and keys[eligible[size - 1]] == keys[eligible[size]]:
        return {c for c in eligible if keys[c] == keys[eligible[size]]}
    return set()


def _quota_reason(cond: ConditionRule, code: str, eligible: list[str], keys: dict[str, tuple], tied: set[str],
                  order: list[str], quota: dict) -> Reason:
    if code not in keys:
        return _reason(cond, False, "quota.not_eligible", {"quota": quota})
    ahead = sum(keys[c] < keys[code] for c in eligible)
    if code in tied:
        return _reason(cond, False, "quota.tied", {"tied": sorted(tied), "seats": quota["size"] - ahead,
                                                   "order": order, "quota": quota})
    met = ahead + 1 <= quota["size"]
    return _reason(cond, met, "quota.place", {"within": met, "place": ahead + 1, "eligible": len(eligible),
                                              "order": order, "quota": quota})


def _reason(cond: ConditionRule, met: bool, message: str, params: dict) -> Reason:
    """The reason of a rule set's condition: its labels and citation from the rule data."""
    return Reason(cond.name, cond.label, met, message, params, cond.citation, cond.label_en)
