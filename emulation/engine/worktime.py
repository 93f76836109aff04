"""Months worked in a year, from the HR record: recruitment, departure and leave, under the leave rules as data.

The leave rules (``criteria/leave.toml``) say for each leave kind whether its days count as time
worked, under the rule set in force on the review date. What this computes feeds the year's
``months_not_counted`` fact, which the title engine takes off the months since recruitment.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable

from emulation.engine.titles import months_worked as months_since_recruitment
from emulation.errors import EmulationError

PARTIAL_MONTHS = ("floor", "ceil")


class LeaveRulesError(EmulationError):
    """The leave rules file is invalid; the message names the file and the field."""


@dataclass(frozen=True)
class LeaveKindRule:
    """Whether one kind of leave counts as time worked, and why."""

    kind: str
    counts: bool
    citation: str
    verify: bool = False


@dataclass(frozen=True)
class LeaveRules:
    """The leave rules in force from `starts_on` (None: any earlier date) to `ends_on` (None: still in force)."""

    code: str
    name: str
    citation: str
    kinds: dict[str, LeaveKindRule]
    starts_on: date | None = None
    ends_on: date | None = None
    partial_month: str = "floor"

    def in_force_on(self, day: date) -> bool:
        """Return whether these rules apply on `day`."""
        return (self.starts_on is None or day >= self.starts_on) and (self.ends_on is None or day <= self.ends_on)

    def counts(self, kind: str) -> bool:
        """Return whether leave of `kind` counts as time worked (an unknown kind does not)."""
        rule = self.kinds.get(kind)
        return rule is not None and rule.counts


@dataclass(frozen=True)
class Leave:
    """A period of leave, both days included; `ends_on` None while it lasts."""

    kind: str
    starts_on: date
    ends_on: date | None = None


def load_leave_rules(path: Path, kinds: Iterable[str]) -> list[LeaveRules]:
    """Read the leave rules file at `path`; every rule set must rule on each of `kinds`."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LeaveRulesError(f"{path}: {exc}") from exc
    sets = raw.get("rule_set")
    if not isinstance(sets, list) or not sets:
        raise LeaveRulesError(f"{path}: thiếu [[rule_set]] (no rule set)")
    return [_rule_set(path, i, entry, tuple(kinds)) for i, entry in enumerate(sets)]


def _rule_set(path: Path, index: int, entry: dict, kinds: tuple[str, ...]) -> LeaveRules:
    where = f"{path}: rule_set[{index}]"
    for name in ("code", "name", "citation"):
        if not isinstance(entry.get(name), str) or not entry[name]:
            raise LeaveRulesError(f"{where}.{name}: cần một chuỗi (a text is needed)")
    for name in ("from", "to"):
        if name in entry and not isinstance(entry[name], date):
            raise LeaveRulesError(f"{where}.{name}: cần một ngày YYYY-MM-DD (a date is needed)")
    partial = entry.get("partial_month", "floor")
    if partial not in PARTIAL_MONTHS:
        raise LeaveRulesError(f"{where}.partial_month: một trong {', '.join(PARTIAL_MONTHS)}")
    table = entry.get("kinds") or {}
    rules = {}
    for kind in kinds:
        rule = table.get(kind)
        if not isinstance(rule, dict) or not isinstance(rule.get("counts"), bool):
            raise LeaveRulesError(f"{where}.kinds.{kind}.counts: cần true hoặc false (true or false is needed)")
        if not isinstance(rule.get("citation"), str) or not rule["citation"]:
            raise LeaveRulesError(f"{where}.kinds.{kind}.citation: cần trích dẫn (a citation is needed)")
        rules[kind] = LeaveKindRule(kind, rule["counts"], rule["citation"], bool(rule.get("verify", False)))
    unknown = sorted(set(table) - set(kinds))
    if unknown:
        raise LeaveRulesError(f"{where}.kinds: loại nghỉ không có: {', '.join(unknown)} (unknown leave kinds)")
    return LeaveRules(entry["code"], entry["name"], entry["citation"], rules, entry.get("from"), entry.get("to"),
                      partial)


def rules_in_force(rule_sets: list[LeaveRules], day: date) -> LeaveRules:
    """Return the leave rules in force on `day`; raise LeaveRulesError when none is."""
    for rules in rule_sets:
        if rules.in_force_on(day):
            return rules
    raise LeaveRulesError(f"Không có quy định về thời gian nghỉ áp dụng ngày {day:%d/%m/%Y} (no leave rules in force)")


def months_not_counted(until: date, rules: LeaveRules, recruited_on: date | None = None,
                       left_on: date | None = None, leave: Iterable[Leave] = ()) -> int:
    """Return the months of the year of `until`, up to `until`, that do not count as time worked.

    They are the days after a departure (`left_on`: the first day gone) and the days of leave whose
    kind does not count, within the time since recruitment; overlapping periods count once. Each
    period gives its full months, and its days short of a month as the rules' `partial_month` says.
    """
    start = max(recruited_on or date.min, date(until.year, 1, 1))
    periods = [(max(p.starts_on, start), min(p.ends_on or until, until))
               for p in leave if not rules.counts(p.kind)]
    if left_on is not None:
        periods.append((max(left_on, start), until))
    months = days = 0
    for first, last in _merged(p for p in periods if p[0] <= p[1]):
        whole, rest = _months_and_days(first, last)
        months, days = months + whole, days + rest
    # days short of a month in separate periods add up: 20 + 15 days make a month and 5 days
    months += days // 30 + (1 if rules.partial_month == "ceil" and days % 30 else 0)
    return min(months, 12)


def months_worked(until: date, rules: LeaveRules, recruited_on: date | None = None, left_on: date | None = None,
                  leave: Iterable[Leave] = ()) -> int:
    """Return the full months worked in the year of `until` up to `until`, as the title rules count them."""
    off = months_not_counted(until, rules, recruited_on, left_on, leave)
    return months_since_recruitment(recruited_on, until, off)


def _merged(periods: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for first, last in sorted(periods):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _months_and_days(first: date, last: date) -> tuple[int, int]:
    """Return the full months from `first` to `last` (both included) and the days left over."""
    end = last + timedelta(days=1)
    months = (end.year - first.year) * 12 + end.month - first.month - (1 if end.day < first.day else 0)
    reached = _add_months(first, months)
    return months, (end - reached).days


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last_day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))
