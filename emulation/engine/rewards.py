"""Reward money for emulation titles: coefficient × base salary in force on the decision date, rounded.

The coefficients and the rounding rule are data of each rule set (``[rewards]`` in
``criteria/rules/*.toml``); the base-salary timeline is ``criteria/base-salary.toml``. Every figure
carries its citation into the results. A title in a signed decision is paid at the base salary in
force on the decision's date; a title the engine awards that no signed decision carries yet is
"proposed", valued at the base salary in force on the review date.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping

from emulation.engine.rules import RuleSet, RulesError, TitleInfo
from emulation.engine.titles import AWARDED

DECIDED, PROPOSED = "decided", "proposed"
_ROUNDING = {"ceil": ROUND_CEILING, "floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP}
_LEVEL_KEYS = (("unit", "units"), ("collective", "collectives"), ("individual", "individuals"))


@dataclass(frozen=True)
class SalaryStep:
    """One step of the base salary (mức lương cơ sở): đồng a month, from a date, with its decree."""

    amount: int
    effective_from: date
    citation: str
    verify: str = ""


@dataclass(frozen=True)
class Coefficient:
    """A title's reward coefficient in a rule set, with its citation."""

    value: Decimal
    citation: str


@dataclass(frozen=True)
class RewardRules:
    """A rule set's reward data: coefficients by title and the rounding rule (mode, step in đồng)."""

    citation: str
    rounding_mode: str
    rounding_step: int
    rounding_citation: str
    coefficients: dict[str, Coefficient]


@dataclass(frozen=True)
class SignedAward:
    """A title in a signed decision: who holds it (entity code), the decision's number and date."""

    title: str
    holder: str
    number: str
    signed_on: date | None


# --- data files --------------------------------------------------------------------------------------

def load_base_salaries(path: Path | str) -> tuple[SalaryStep, ...]:
    """Read the base-salary timeline (``criteria/base-salary.toml``), oldest first; bad files raise RulesError."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{path.name}: không đọc được tệp (cannot read file): {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path.name}: tệp TOML không đọc được (invalid TOML): {exc}") from exc
    steps = []
    for index, entry in enumerate(data.get("base_salary", []), 1):
        where = f"{path.name}: [[base_salary]] {index}"
        amount, since = entry.get("amount"), entry.get("effective_from")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise RulesError(f"{where}, trường 'amount': số đồng nguyên dương (a positive whole number of đồng)")
        if not isinstance(since, date) or hasattr(since, "hour"):
            raise RulesError(f"{where}, trường 'effective_from': ngày dạng 2024-07-01 (a TOML date)")
        if not isinstance(entry.get("citation"), str) or not entry["citation"].strip():
            raise RulesError(f"{where}, trường 'citation': mỗi mức cần trích dẫn nghị định (citation required)")
        steps.append(SalaryStep(amount, since, entry["citation"], str(entry.get("verify", ""))))
    if not steps:
        raise RulesError(f"{path.name}: không có [[base_salary]] nào (no base salary)")
    steps.sort(key=lambda s: s.effective_from)
    for before, after in zip(steps, steps[1:]):
        if before.effective_from == after.effective_from:
            raise RulesError(f"{path.name}: hai mức lương cơ sở cùng ngày {after.effective_from:%d/%m/%Y} "
                             f"(two steps on one date)")
    return tuple(steps)


def reward_rules(rule_set: RuleSet) -> RewardRules | None:
    """Return the rule set's ``[rewards]`` data, or None when it sets none; a bad table raises RulesError."""
    table = rule_set.raw.get("rewards")
    if table is None:
        return None
    where = f"{rule_set.source}: [rewards]"
    rounding = table.get("rounding", {})
    if not isinstance(table.get("citation"), str) or not isinstance(rounding, dict):
        raise RulesError(f"{where}, trường 'citation': thiếu trích dẫn (missing citation)")
    if rounding.get("mode") not in _ROUNDING:
        raise RulesError(f"{where}.rounding, trường 'mode': dùng một trong {', '.join(_ROUNDING)}")
    step = rounding.get("step")
    if isinstance(step, bool) or not isinstance(step, int) or step < 1:
        raise RulesError(f"{where}.rounding, trường 'step': số đồng nguyên dương (a positive whole number)")
    if not isinstance(rounding.get("citation"), str) or not rounding["citation"].strip():
        raise RulesError(f"{where}.rounding, trường 'citation': thiếu trích dẫn (missing citation)")
    coefficients = {}
    for code, entry in table.get("titles", {}).items():
        value = entry.get("coefficient") if isinstance(entry, dict) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise RulesError(f"{where}.titles.{code}, trường 'coefficient': số không âm (a number >= 0)")
        if not isinstance(entry.get("citation"), str) or not entry["citation"].strip():
            raise RulesError(f"{where}.titles.{code}, trường 'citation': thiếu trích dẫn (missing citation)")
        coefficients[code] = Coefficient(Decimal(str(value)), entry["citation"])
    return RewardRules(table["citation"], rounding["mode"], step, rounding["citation"], coefficients)


# --- figures -----------------------------------------------------------------------------------------

def base_salary_on(day: date, steps: Iterable[SalaryStep]) -> SalaryStep:
    """Return the base-salary step in force on `day`; RulesError when the timeline starts later."""
    found = None
    for step in sorted(steps, key=lambda s: s.effective_from):
        if step.effective_from <= day:
            found = step
    if found is None:
        raise RulesError(f"Không có mức lương cơ sở áp dụng ngày {day:%d/%m/%Y} (no base salary on that date)")
    return found


def round_amount(value: Decimal, mode: str, step: int) -> int:
    """Round `value` (đồng) to a multiple of `step` by `mode` (ceil, floor or half_up), exactly."""
    return int((value / step).quantize(Decimal(1), rounding=_ROUNDING[mode])) * step


def title_reward(title: str, rule_set: RuleSet, day: date, steps: Iterable[SalaryStep]) -> dict | None:
    """Return one title's reward on `day` under `rule_set`, each figure with its citation.

    None when the rule set sets no coefficient for the title. The keys: title, coefficient,
    coefficient_citation, base_salary, base_salary_from (ISO), base_salary_citation, rounding,
    rounding_citation, amount (whole đồng), date (ISO).
    """
    rules = reward_rules(rule_set)
    if rules is None or title not in rules.coefficients:
        return None
    coefficient, salary = rules.coefficients[title], base_salary_on(day, steps)
    amount = round_amount(coefficient.value * salary.amount, rules.rounding_mode, rules.rounding_step)
    return {"title": title, "coefficient": float(coefficient.value), "coefficient_citation": coefficient.citation,
            "base_salary": salary.amount, "base_salary_from": salary.effective_from.isoformat(),
            "base_salary_citation": salary.citation,
            "rounding": {"mode": rules.rounding_mode, "step": rules.rounding_step},
            "rounding_citation": rules.rounding_citation, "amount": amount, "date": day.isoformat()}


def compute_rewards(results: Mapping, rule_set: RuleSet, steps: Iterable[SalaryStep], review_on: date,
                    catalogue: Mapping[str, TitleInfo], signed: Iterable[SignedAward] = ()) -> dict:
    """Return the rewards of a year's awarded titles, with totals per unit, per title and for the bloc.

    :param results: the results dict of ``compute_results`` (its awarded decisions are paid).
    :param review_on: the year's review date: the date of a title no signed decision carries yet.
    :param signed: the titles of signed decisions; a title found there is "decided" at its date.
    """
    steps = tuple(steps)
    rules = reward_rules(rule_set)
    by_holder = {(s.holder, s.title): s for s in signed}
    names = {u["code"]: u["name"] for u in results.get("units", [])}
    figures: dict[tuple[str, date], dict | None] = {}     # a bloc pays thousands of titles on a few dates
    lines = []
    for level, key in _LEVEL_KEYS:
        for entity in results.get(key, []):
            for decided in entity.get("decisions", []):
                if decided.get("decision") != AWARDED:
                    continue
                award = by_holder.get((entity["code"], decided["title"]))
                day = award.signed_on if award and award.signed_on else review_on
                if (decided["title"], day) not in figures:
                    figures[decided["title"], day] = title_reward(decided["title"], rule_set, day, steps)
                reward = figures[decided["title"], day]
                if reward is None:
                    continue
                unit = entity["code"] if level == "unit" else entity.get("unit", "")
                lines.append({"level": level, "code": entity["code"], "name": entity.get("name", ""),
                              "unit": unit, **reward,
                              "status": DECIDED if award and award.signed_on else PROPOSED,
                              "decision": award.number if award and award.signed_on else None})
    return {"rule_set": rule_set.code, "citation": rules.citation if rules else "",
            "rounding": ({"mode": rules.rounding_mode, "step": rules.rounding_step,
                          "citation": rules.rounding_citation} if rules else None),
            "lines": lines,
            "by_unit": _totals(lines, "unit", lambda code: names.get(code, code)),
            "by_title": _totals(lines, "title", lambda code: catalogue[code].name if code in catalogue else code),
            "total": {"count": len(lines), "amount": sum(line["amount"] for line in lines),
                      "proposed": sum(line["amount"] for line in lines if line["status"] == PROPOSED)}}


def _totals(lines: list[dict], key: str, name: Any) -> list[dict]:
    totals: dict[str, dict] = {}
    for line in lines:
        row = totals.setdefault(line[key], {"code": line[key], "name": name(line[key]), "count": 0, "amount": 0,
                                            "proposed": 0})
        row["count"] += 1
        row["amount"] += line["amount"]
        row["proposed"] += line["amount"] if line["status"] == PROPOSED else 0
    return sorted(totals.values(), key=lambda row: row["code"])
