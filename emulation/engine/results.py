"""A year's results in one JSON-able dict: scores, ranks, bands, title decisions, registration stats.

``compute_results`` is the one computation the web views, the CLI, the API and the exports share;
it takes the rule set, the ranking configuration and the title catalogue as arguments (the services
read them from the app's criteria folder, ``storage.rule_files``).

Collectives and individuals have no score sheets, so their ``rank_in_unit`` and ``rank_in_bloc``
rank them by the highest title awarded this year (catalogue order: CSTĐ tỉnh > CSTĐCS > LĐTT >
none; TTLĐXS > TTLĐTT > none). Equal titles share a rank (1, 2, 2, 4).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Iterable, Mapping

from emulation.engine.council import CouncilRules
from emulation.engine.ranking import (RankingConfig, band_for, confer, entries_from_scores, rank_entries,
                                      shared_ranks)
from emulation.engine.rules import RuleSet, TitleInfo, review_date
from emulation.engine.scoring import USES, Bests, SheetScore, bloc_bests, merge_bests, score_bloc
from emulation.engine.titles import AWARDED, decide_titles, highest_registered, registrations_by_entity
from emulation.engine.yeardata import YearData

# The pieces below let a year be computed from batches of units (``emulation.export`` reads a
# ministry's year that way): the bloc-wide part (bests, totals, ranks, the units' titles) needs
# only score data; everything about collectives and individuals is decided unit by unit.
Slices = Callable[[], Iterable[YearData]]


@dataclass(frozen=True)
class Standings:
    """The bloc-wide part of a year's results.

    ``bests`` maps "reviewed" and "self" to the bloc's bests (what scoring a batch of units needs);
    ``units`` holds the ranked rows of ``results["units"]``, with ``content`` (the content points)
    added and, unless the titles were left undecided, the units' decisions.
    """

    bests: Mapping[str, Bests]
    units: list[dict]
    # use -> (batch, its scores): what ``bloc_standings`` scored when the year came in one batch, so that the same
    # batch object scored again (a reader that keeps it, as the workbook does) is not scored twice.
    scored: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def ranks(self) -> dict[str, int]:
        """Unit code -> rank in the bloc."""
        return {unit["code"]: unit["rank"] for unit in self.units}

    def scores(self, year: YearData, use: str) -> dict[str, SheetScore]:
        """Score the units of `year` (all or a batch of the bloc's) with the bloc's bests."""
        kept = self.scored.get(use)
        if kept is not None and kept[0] is year:
            return kept[1]
        return score_bloc(year, use, self.bests[use])


def bloc_standings(slices: Slices, rule_set: RuleSet | None, config: RankingConfig,
                   catalogue: Mapping[str, TitleInfo], council: CouncilRules | None = None) -> Standings:
    """Compute the bests, totals, ranks and bands of every unit, and the units' titles.

    :param slices: returns the year's units in batches, anew on each call (three passes: the
        bests, the totals, the titles); the whole year as one batch is fine.
    :param rule_set: the title rules, or None to leave the units' decisions empty.
    :param council: the council's vote rules (``engine.council``), or None.

    An agreement's grading bands (``YearData.grading``) replace the configured ones and are shares of
    the base maximum, with their per-criterion floors; its conferral (``YearData.conferral``) adds
    its title's decision to each unit's, after the title rules'.
    """
    bests: dict[str, Bests] = {}
    grading, conferral = (), None
    for part in slices():
        grading, conferral = part.grading, part.conferral
        for use in USES:
            found = bloc_bests(part, use)
            bests[use] = merge_bests(bests[use], found) if use in bests else found
    entries, rows, graded_on, scored = [], {}, {}, {}
    for index, part in enumerate(slices()):
        reviewed = score_bloc(part, "reviewed", bests.get("reviewed"))
        self_scored = score_bloc(part, "self", bests.get("self"))
        # Kept for a year of one batch only: a year of several would hold its last batch for nothing.
        scored = {"reviewed": (part, reviewed), "self": (part, self_scored)} if index == 0 else {}
        entries += entries_from_scores(reviewed)
        for unit in part.units:
            score = reviewed[unit.code]
            rows[unit.code] = {"name": unit.name, "self_total": self_scored[unit.code].total, "total": score.total,
                               "bonus": score.bonus, "deductions": score.deductions, "max": score.max,
                               "content": score.content}
            graded_on[unit.code] = (score.base_max, score.content_lines) if grading else (score.max, ())
    units = []
    bands = replace(config, bands=tuple(grading)) if grading else config
    for item in rank_entries(entries, config):
        row = rows[item.entry.code]
        maximum, floors = graded_on[item.entry.code]
        band = band_for(row["total"], maximum, bands, floors)
        units.append({"rank": item.rank, "code": item.entry.code, **row, "band": band.name, "band_en": band.name_en,
                      "decisions": []})
    standings = Standings(bests, units, scored)
    if rule_set is not None:
        by_code = {unit["code"]: unit for unit in units}
        for part in slices():
            decided = decide_titles(part, rule_set, standings.ranks, catalogue, levels=("unit",), council=council)
            for code, decisions in decided.units.items():
                by_code[code]["decisions"] = [d.to_dict() for d in decisions]
        if conferral is not None:
            for code, decision in confer(standings.ranks, conferral).items():
                by_code[code]["decisions"].append(decision)
    return standings


def unit_parts(year: YearData, rule_set: RuleSet, ranks: Mapping[str, int],
               catalogue: Mapping[str, TitleInfo], council: CouncilRules | None = None) -> dict[str, dict]:
    """Decide the titles of the collectives and individuals of `year`'s units (all or a batch).

    Returns unit code -> {"collectives": [...], "individuals": [...]}, entities sorted by code and
    ranked within their unit (the shape a snapshot keeps per unit); ``rank_in_bloc`` is set by
    ``assemble_results``, which needs every unit.
    """
    decisions = decide_titles(year, rule_set, ranks, catalogue, levels=("individual", "collective"), council=council)
    registered = registrations_by_entity(year, catalogue)
    parts = {}
    for code, own in year.by_unit().items():
        part = {}
        for level, key, rows, decided in (
                ("collective", "collectives", [(c.code, c.name) for c in own.collectives], decisions.collectives),
                ("individual", "individuals", [(p.code, p.full_name) for p in own.people], decisions.individuals)):
            same_level = {t for t, info in catalogue.items() if info.level == level}
            entities = [{"code": entity, "name": name, "unit": code,
                         "registered": highest_registered(registered.get(entity, set()) & same_level, catalogue),
                         "rank_in_unit": 0, "rank_in_bloc": 0,
                         "decisions": [d.to_dict() for d in decided.get(entity, [])]}
                        for entity, name in sorted(rows)]
            in_unit = shared_ranks({e["code"]: _title_key(e, catalogue, level) for e in entities})
            for entity in entities:
                entity["rank_in_unit"] = in_unit[entity["code"]]
            part[key] = entities
        parts[code] = part
    return parts


def _title_key(entity: dict, catalogue: Mapping[str, TitleInfo], level: str) -> int:
    """The entity's highest title of its level awarded this year, as a sort key (best first)."""
    return -max((catalogue[d["title"]].order for d in entity["decisions"]
                 if d["decision"] == AWARDED and catalogue.get(d["title"]) and catalogue[d["title"]].level == level),
                default=0)


def results_head(year: YearData, rule_set: RuleSet, standings: Standings) -> dict:
    """Return the bloc-wide part of the results dict: everything but collectives and individuals.

    ``rule_set`` names the rule set applied, its effective period, citation and transitional
    provisions; ``review_date`` is the date it was chosen by (ISO). An agreement's conferral, where
    it has one, comes as ``conferral`` (title, name, level, count or share, citation).
    """
    head = {"bloc": year.bloc, "year": year.year, "rule_set": rule_set.describe(),
            "review_date": review_date(year.year, year.review_on).isoformat(),
            "units": [dict(unit) for unit in standings.units]}
    if year.conferral is not None:
        head["conferral"] = asdict(year.conferral)
    return head


def assemble_results(head: dict, parts: Iterable[dict], registrations: dict,
                     catalogue: Mapping[str, TitleInfo]) -> dict:
    """Join the head, the unit parts and the registration statistics into one results dict.

    Entities come sorted by code and ranked in the bloc.
    """
    parts = list(parts)
    results = dict(head)
    for key, level in (("collectives", "collective"), ("individuals", "individual")):
        entities = sorted((e for part in parts for e in part[key]), key=lambda e: e["code"])
        in_bloc = shared_ranks({e["code"]: _title_key(e, catalogue, level) for e in entities})
        results[key] = [dict(e, rank_in_bloc=in_bloc[e["code"]]) for e in entities]
    results["registration_stats"] = registrations
    return results


def compute_results(year: YearData, rule_set: RuleSet, ranking_config: RankingConfig,
                    catalogue: Mapping[str, TitleInfo], council: CouncilRules | None = None) -> dict:
    """Compute the year's results; pure and deterministic.

    :param rule_set: the title rules (the services pass the rule set in force on the year's review date).
    :param ranking_config: tie-break chain and bands.
    :param catalogue: the title catalogue the rule set was read with.
    :param council: the council's vote rules (``criteria/council.toml``), or None.
    :raises ScoringError: a value cannot be scored (the message names the unit and the criterion).
    """
    catalogue = dict(catalogue)
    standings = bloc_standings(lambda: [year], rule_set, ranking_config, catalogue, council)
    parts = unit_parts(year, rule_set, standings.ranks, catalogue, council)
    return assemble_results(results_head(year, rule_set, standings), parts.values(),
                            registration_stats(year, catalogue), catalogue)


def registration_stats(year: YearData, catalogue: Mapping[str, TitleInfo]) -> dict:
    """Return {collectives: {registered, total}, individuals: {registered, total}, by_title: {CODE: count}}.

    ``by_title`` counts every registration (a collective registered for TTLDTT and TTLDXS counts in
    both); ``registered`` counts distinct collectives or individuals.
    """
    people, collectives = {p.code for p in year.people}, {c.code for c in year.collectives}
    by_title = _no_titles(catalogue)
    seen_people, seen_collectives = set(), set()
    for reg in year.registrations:
        if reg.person in people:
            seen_people.add(reg.person)
        elif reg.collective in collectives:
            seen_collectives.add(reg.collective)
        else:
            continue
        by_title[reg.title] = by_title.get(reg.title, 0) + 1
    return {"collectives": {"registered": len(seen_collectives), "total": len(collectives)},
            "individuals": {"registered": len(seen_people), "total": len(people)},
            "by_title": dict(sorted(by_title.items()))}


def add_stats(stats: Iterable[dict], catalogue: Mapping[str, TitleInfo]) -> dict:
    """Return the registration statistics of several units together (no entity is in two units)."""
    total = {"collectives": {"registered": 0, "total": 0}, "individuals": {"registered": 0, "total": 0},
             "by_title": _no_titles(catalogue)}
    for part in stats:
        for key in ("collectives", "individuals"):
            for count in ("registered", "total"):
                total[key][count] += part[key][count]
        for title, n in part["by_title"].items():
            total["by_title"][title] = total["by_title"].get(title, 0) + n
    total["by_title"] = dict(sorted(total["by_title"].items()))
    return total


def _no_titles(catalogue: Mapping[str, TitleInfo]) -> dict[str, int]:
    return {t: 0 for t, info in catalogue.items() if info.level in ("individual", "collective")}


