"""A year's results in one JSON-able dict: scores, ranks, bands, title decisions, registration stats.

``compute_results`` is the one computation the web views, the CLI, the API and the exports share;
``format_table`` renders it for a terminal.

Collectives and individuals have no score sheets, so their ``rank_in_unit`` and ``rank_in_bloc``
rank them by the highest title awarded this year (catalogue order: CSTĐ tỉnh > CSTĐCS > LĐTT >
none; TTLĐXS > TTLĐTT > none). Equal titles share a rank (1, 2, 2, 4).
"""
from __future__ import annotations

import unicodedata
from typing import Mapping

from .ranking import RankingConfig, band_for, entries_from_scores, load_ranking_config, rank_entries, shared_ranks
from .rules import RuleSet, TitleInfo, load_title_catalogue, select_rule_set
from .scoring import score_bloc
from .titles import AWARDED, TitleDecisions, decide_titles, highest_registered, registrations_by_entity
from .yeardata import YearData


def compute_results(year: YearData, rule_set: RuleSet | None = None,
                    ranking_config: RankingConfig | None = None,
                    catalogue: Mapping[str, TitleInfo] | None = None) -> dict:
    """Compute the year's results; pure and deterministic.

    :param rule_set: the title rules (default: the rule set whose years cover ``year.year``).
    :param ranking_config: tie-break chain and bands (default: ``criteria/ranking.toml``).
    :raises ScoringError: a value cannot be scored (the message names the unit and the criterion).
    """
    rule_set = rule_set or select_rule_set(year.year)
    config = ranking_config or load_ranking_config()
    catalogue = dict(catalogue or load_title_catalogue())
    reviewed, self_scored = score_bloc(year, "reviewed"), score_bloc(year, "self")
    ranked = rank_entries(entries_from_scores(reviewed), config)
    ranks = {r.entry.code: r.rank for r in ranked}
    decisions = decide_titles(year, rule_set, ranks, catalogue)
    names = {u.code: u.name for u in year.units}
    units = []
    for item in ranked:
        score = reviewed[item.entry.code]
        units.append({"rank": item.rank, "code": item.entry.code, "name": names[item.entry.code],
                      "self_total": self_scored[item.entry.code].total, "total": score.total,
                      "bonus": score.bonus, "deductions": score.deductions, "max": score.max,
                      "band": band_for(score.total, score.max, config).name,
                      "decisions": [d.to_dict() for d in decisions.units[item.entry.code]]})
    return {
        "bloc": year.bloc,
        "year": year.year,
        "rule_set": {"code": rule_set.code, "name": rule_set.name},
        "units": units,
        "collectives": _entities(year, decisions, catalogue, "collective"),
        "individuals": _entities(year, decisions, catalogue, "individual"),
        "registration_stats": registration_stats(year, catalogue),
    }


def _entities(year: YearData, decisions: TitleDecisions, catalogue: Mapping[str, TitleInfo], level: str) -> list:
    registered = registrations_by_entity(year, catalogue)
    same_level = {t for t, info in catalogue.items() if info.level == level}
    if level == "collective":
        rows = [(c.code, c.name, c.unit) for c in year.collectives]
        by_code = decisions.collectives
    else:
        rows = [(p.code, p.full_name, p.unit) for p in year.people]
        by_code = decisions.individuals
    title_key = {code: -max((catalogue[t].order for t in decisions.awarded(level, code) if t in same_level),
                            default=0) for code, _, _ in rows}
    in_bloc = shared_ranks(title_key)
    by_unit: dict[str, dict] = {}
    for code, _, unit in rows:
        by_unit.setdefault(unit, {})[code] = title_key[code]
    in_unit: dict[str, int] = {}
    for keys in by_unit.values():
        in_unit.update(shared_ranks(keys))
    return [{"code": code, "name": name, "unit": unit,
             "registered": highest_registered(registered.get(code, set()) & same_level, catalogue),
             "rank_in_unit": in_unit[code], "rank_in_bloc": in_bloc[code],
             "decisions": [d.to_dict() for d in by_code.get(code, [])]}
            for code, name, unit in sorted(rows)]


def registration_stats(year: YearData, catalogue: Mapping[str, TitleInfo] | None = None) -> dict:
    """Return {collectives: {registered, total}, individuals: {registered, total}, by_title: {CODE: count}}.

    ``by_title`` counts every registration (a collective registered for TTLDTT and TTLDXS counts in
    both); ``registered`` counts distinct collectives or individuals.
    """
    catalogue = catalogue or load_title_catalogue()
    people, collectives = {p.code for p in year.people}, {c.code for c in year.collectives}
    by_title = {t: 0 for t, info in catalogue.items() if info.level in ("individual", "collective")}
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


# --- terminal table ----------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _num(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def format_table(results: dict) -> str:
    """Render results for a terminal: the units table, then registration and title counts."""
    head = ("Hạng", "Mã", "Đơn vị", "Tự chấm", "Điểm", "Thưởng", "Trừ", "Tối đa", "Xếp loại", "Danh hiệu")
    right = {0, 3, 4, 5, 6, 7}
    rows = [tuple(str(x) for x in (u["rank"], u["code"], u["name"])) +
            tuple(_num(u[k]) for k in ("self_total", "total", "bonus", "deductions", "max")) +
            (u["band"], ", ".join(d["title"] for d in u["decisions"] if d["decision"] == AWARDED) or "—")
            for u in results["units"]]
    widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = [f"Khối thi đua {results['bloc']} — năm {results['year']} — bộ quy tắc "
             f"{results['rule_set']['code']}: {results['rule_set']['name']}", ""]
    for row in [head, *rows]:
        lines.append("  ".join(_pad(cell, widths[i], i in right) for i, cell in enumerate(row)).rstrip())
        if row is head:
            lines.append("  ".join("-" * w for w in widths))
    stats = results["registration_stats"]
    lines += ["", f"Đăng ký thi đua: tập thể {stats['collectives']['registered']}/{stats['collectives']['total']}, "
                  f"cá nhân {stats['individuals']['registered']}/{stats['individuals']['total']}; theo danh hiệu: "
                  + ", ".join(f"{t} {n}" for t, n in stats["by_title"].items())]
    awarded: dict[str, int] = {}
    for entity in results["collectives"] + results["individuals"] + results["units"]:
        for d in entity["decisions"]:
            if d["decision"] == AWARDED:
                awarded[d["title"]] = awarded.get(d["title"], 0) + 1
    lines.append("Danh hiệu đạt: " + (", ".join(f"{t} {n}" for t, n in sorted(awarded.items())) or "không có"))
    for heading, key in (("Đơn vị", "units"), ("Tập thể", "collectives"), ("Cá nhân", "individuals")):
        lines += ["", f"Quyết định danh hiệu — {heading}"]
        lines += [line for entity in results[key] for line in _decision_lines(entity)]
    return "\n".join(lines) + "\n"


_DECISION_WORDS = {"awarded": "ĐẠT", "not_awarded": "KHÔNG ĐẠT", "not_considered": "KHÔNG XÉT"}


def _decision_lines(entity: dict) -> list[str]:
    """One line per decision of an entity, then the conditions it failed with their detail and citation."""
    lines = []
    for d in entity["decisions"]:
        lines.append(f"  {entity['code']:<10} {entity['name']} — {d['title']}: {_DECISION_WORDS[d['decision']]}")
        lines += [f"      ✗ {r['condition']}: {r['detail']} [{r['citation']}]" for r in d["reasons"] if not r["met"]]
    return lines
