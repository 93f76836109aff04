"""Title rule sets as data: the title catalogue and the rule-set files in ``criteria/rules/``.

A rule set names its effective period (``effective_from``, ``effective_until``: the dates the legal
texts it follows were in force), the transitional provisions of those texts, and, for every title,
its conditions; the rule set in force on a year's review date applies (``select_rule_set``). Each condition has a
``kind`` (what the title engine checks; the table name by default), a Vietnamese ``label``, a legal
``citation`` and the parameters of its kind (thresholds, quotas, rounding). An organisation
override file has the same ``[titles.CODE.conditions.NAME]`` tables and replaces any field, adds a
condition or switches one off with ``enabled = false``. Bad files raise ``RulesError`` naming the
file and the field.
"""
from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable

from emulation.engine.yeardata import DISCIPLINE_LEVELS, TASK_RATINGS
from emulation.errors import EmulationError

LEVELS = ("individual", "collective", "unit")
ROUNDINGS = ("floor", "ceil", "half_up")
ACHIEVEMENTS = ("initiative", "research", "htxs", "provincial_initiative")
PRIORITY_KEYS = ("provincial_initiative", "initiatives", "research", "task_rating", "code")


class RulesError(EmulationError):
    """A rule-set, override or catalogue file is invalid; the message names the file and the field."""


@dataclass(frozen=True)
class TitleInfo:
    """A title of the catalogue; ``order`` ranks the titles of one level (higher is the higher title)."""

    code: str
    name: str
    name_en: str
    level: str
    order: int


@dataclass(frozen=True)
class ConditionRule:
    """One condition of a title: what is checked, its parameters and its legal citation."""

    name: str
    kind: str
    label: str
    citation: str
    params: dict = field(default_factory=dict)
    label_en: str = ""                      # the English label, shown in English where the data gives one

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        """Return parameter `key`, or `default`."""
        return self.params.get(key, default)


@dataclass(frozen=True)
class TitleRule:
    """The conditions of one title in a rule set, in the order they are checked and reported."""

    code: str
    citation: str
    conditions: tuple[ConditionRule, ...]


@dataclass(frozen=True)
class Transitional:
    """A transitional provision of the texts a rule set follows, as written, with how the app applies it."""

    text: str
    citation: str
    verify: str = ""

    def to_dict(self) -> dict:
        """Return the JSON form: text, citation and, when the clause is uncertain, what to verify."""
        return {"text": self.text, "citation": self.citation, **({"verify": self.verify} if self.verify else {})}


@dataclass(frozen=True)
class RuleSet:
    """A rule set: its effective period and the rule of every title it defines (catalogue order).

    ``effective_until`` is the last day in force (inclusive), None while still in force.
    """

    code: str
    name: str
    name_en: str
    effective_from: date
    effective_until: date | None
    citation: str
    titles: dict[str, TitleRule]
    transitional: tuple[Transitional, ...] = ()
    source: str = ""
    overrides: tuple[str, ...] = ()
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    def in_force_on(self, day: date) -> bool:
        """Return True when `day` lies in the rule set's effective period."""
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)

    def describe(self) -> dict:
        """Return the JSON form the results carry: code, name, period (ISO dates), citation, transitional."""
        return {"code": self.code, "name": self.name, "name_en": self.name_en, "citation": self.citation,
                "effective_from": self.effective_from.isoformat(),
                "effective_until": self.effective_until.isoformat() if self.effective_until else None,
                "transitional": [t.to_dict() for t in self.transitional]}


def review_date(year: int, review_on: date | None) -> date:
    """Return the date a year's rules are chosen by: its review date, or 31 December when none is set."""
    return review_on or date(year, 12, 31)


# --- condition schema: kind -> (levels, {parameter: checker}) ----------------------------------------

def _ratings(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(r in TASK_RATINGS for r in v)


def _share(v: Any) -> bool:
    return not isinstance(v, bool) and isinstance(v, (int, float)) and 0 <= v <= 1


def _count(v: Any) -> bool:
    return not isinstance(v, bool) and isinstance(v, int) and v >= 0


def _positive_int(v: Any) -> bool:
    return _count(v) and v >= 1


def _title_code(v: Any) -> bool:
    return isinstance(v, str) and bool(v)


_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "accepted": (_ratings, f"danh sách mức xếp loại trong {', '.join(TASK_RATINGS)}"),
    "min_months": (_count, "số nguyên tháng >= 0"),
    "bars_from": (lambda v: v in DISCIPLINE_LEVELS, f"một trong {', '.join(DISCIPLINE_LEVELS)}"),
    "title": (_title_code, "mã danh hiệu"),
    "accepts": (lambda v: isinstance(v, list) and bool(v) and all(a in ACHIEVEMENTS for a in v),
                f"danh sách trong {', '.join(ACHIEVEMENTS)}"),
    "years": (_positive_int, "số nguyên năm >= 1"),
    "share": (_share, "số trong khoảng 0..1"),
    "rounding": (lambda v: v in ROUNDINGS, f"một trong {', '.join(ROUNDINGS)}"),
    "base": (lambda v: isinstance(v, str) and bool(v), "'headcount' hoặc mã danh hiệu"),
    "priority": (lambda v: isinstance(v, list) and all(k in PRIORITY_KEYS for k in v),
                 f"danh sách trong {', '.join(PRIORITY_KEYS)}"),
    "min_share": (_share, "số trong khoảng 0..1"),
    "strict": (lambda v: isinstance(v, bool), "true hoặc false"),
    "min_count": (_positive_int, "số nguyên >= 1"),
    "top": (_positive_int, "số nguyên >= 1"),
    "min_ratio": (lambda v: not isinstance(v, bool) and isinstance(v, (int, float)) and v > 0, "số dương"),
}

# kind -> (levels it applies to, required parameters, optional parameters with defaults)
CONDITION_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], dict]] = {
    "registration": (LEVELS[:2], (), {}),
    "task_rating": (LEVELS[:2], ("accepted",), {}),
    "months_worked": (("individual",), ("min_months",), {}),
    "discipline": (("individual",), ("bars_from",), {}),
    "holds_title": (LEVELS[:2], ("title",), {}),
    "achievement": (("individual",), ("accepts",), {}),
    "provincial_initiative": (("individual",), (), {}),
    "consecutive_years": (("individual",), ("title", "years"), {}),
    "quota": (("individual",), ("share",), {"rounding": "floor", "base": "headcount", "priority": list(PRIORITY_KEYS)}),
    "plan_completed": (("collective",), (), {}),
    "members_title_share": (("collective",), ("title", "min_share"), {"strict": False}),
    "members_task_share": (("collective",), ("accepted", "min_share"), {"strict": False}),
    "members_title_count": (("collective",), ("title", "min_count"), {}),
    "member_discipline": (("collective",), ("bars_from",), {}),
    "bloc_rank": (("unit",), ("top",), {}),
    "plan_targets": (("unit",), ("min_ratio",), {"strict": False}),
}
_COMMON_FIELDS = ("kind", "label", "label_en", "citation", "enabled", "verify")


# --- title catalogue ---------------------------------------------------------------------------------

def load_title_catalogue(path: Path | str) -> dict[str, TitleInfo]:
    """Read the title catalogue (a criteria folder's ``titles.toml``): code -> TitleInfo, by level and order."""
    path = Path(path)
    data = _read_toml(path)
    titles: dict[str, TitleInfo] = {}
    for index, table in enumerate(data.get("title", [])):
        where = f"{path.name}: [[title]] '{table.get('code', index + 1)}'"
        for key in ("code", "name", "name_en", "level"):
            if not isinstance(table.get(key), str) or not table[key]:
                raise RulesError(f"{where}, trường '{key}': thiếu hoặc sai kiểu (missing or wrong type)")
        if table["level"] not in LEVELS:
            raise RulesError(f"{where}, trường 'level': dùng một trong {', '.join(LEVELS)}")
        if not _positive_int(table.get("order")):
            raise RulesError(f"{where}, trường 'order': số nguyên >= 1 (positive integer)")
        if table["code"] in titles:
            raise RulesError(f"{where}, trường 'code': mã danh hiệu trùng lặp (duplicate title code)")
        titles[table["code"]] = TitleInfo(table["code"], table["name"], table["name_en"], table["level"],
                                          table["order"])
    if not titles:
        raise RulesError(f"{path.name}: không có [[title]] nào (no titles)")
    return dict(sorted(titles.items(), key=lambda i: (LEVELS.index(i[1].level), i[1].order, i[0])))


# --- rule sets ---------------------------------------------------------------------------------------

def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{path.name}: không đọc được tệp (cannot read file): {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path.name}: tệp TOML không đọc được (invalid TOML): {exc}") from exc


def load_rule_set(path: Path | str, catalogue: dict[str, TitleInfo]) -> RuleSet:
    """Read and validate one rule-set file against the title `catalogue`."""
    path = Path(path)
    return _build(_read_toml(path), path.name, catalogue)


def load_rule_sets(directory: Path | str, catalogue: dict[str, TitleInfo]) -> list[RuleSet]:
    """Read every ``*.toml`` rule set of `directory` (a criteria folder's ``rules``), sorted by code."""
    directory = Path(directory)
    sets = [load_rule_set(p, catalogue) for p in sorted(directory.glob("*.toml"))]
    codes = [s.code for s in sets]
    for code in codes:
        if codes.count(code) > 1:
            raise RulesError(f"{directory.name}: mã bộ quy tắc '{code}' trùng lặp (duplicate rule-set code)")
    return sorted(sets, key=lambda s: s.code)


def select_rule_set(when: date | int, directory: Path | str, override: Path | str | None,
                    catalogue: dict[str, TitleInfo]) -> RuleSet:
    """Return the rule set of `directory` in force on `when`, with the override file applied if not None.

    `when` is the year's review date; a bare year means its 31 December (``review_date``).
    """
    day = when if isinstance(when, date) else review_date(when, None)
    shown = day.strftime("%d/%m/%Y")
    matches = [s for s in load_rule_sets(directory, catalogue) if s.in_force_on(day)]
    if not matches:
        raise RulesError(f"Không có bộ quy tắc danh hiệu nào có hiệu lực ngày {shown} (năm {day.year}) "
                         f"(no rule set in force on that date)")
    if len(matches) > 1:
        raise RulesError(f"Có {len(matches)} bộ quy tắc cùng có hiệu lực ngày {shown} (năm {day.year}): "
                         f"{', '.join(s.source for s in matches)} (overlapping rule sets)")
    return apply_override(matches[0], override, catalogue) if override is not None else matches[0]


def apply_override(rule_set: RuleSet, path: Path | str, catalogue: dict[str, TitleInfo]) -> RuleSet:
    """Return `rule_set` with an organisation override file merged in (any field of any condition).

    An optional ``[override] rule_sets = ["A", ...]`` limits the file to those rule sets.
    """
    path = Path(path)
    data = _read_toml(path)
    unknown = set(data) - {"override", "titles"}
    if unknown:
        raise RulesError(f"{path.name}: bảng '{sorted(unknown)[0]}' không được ghi đè; chỉ dùng [override] và "
                         f"[titles...] (only titles can be overridden)")
    only = data.get("override", {}).get("rule_sets")
    if only is not None and rule_set.code not in only:
        return rule_set
    _check_titles(data.get("titles", {}), path.name, catalogue, partial=True)
    merged = copy.deepcopy(rule_set.raw)
    _merge(merged.setdefault("titles", {}), data.get("titles", {}))
    built = _build(merged, f"{rule_set.source} + {path.name}", catalogue)
    return replace(built, source=rule_set.source, overrides=rule_set.overrides + (path.name,))


def _merge(base: dict, extra: dict) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)


def _build(data: dict, source: str, catalogue: dict[str, TitleInfo]) -> RuleSet:
    head = data.get("rule_set")
    if not isinstance(head, dict):
        raise RulesError(f"{source}: thiếu bảng [rule_set] (missing [rule_set] table)")
    for key in ("code", "name", "citation"):
        if not isinstance(head.get(key), str) or not head[key].strip():
            raise RulesError(f"{source}: [rule_set], trường '{key}': thiếu hoặc sai kiểu (missing or wrong type)")
    for key in ("effective_from", "effective_until"):
        if key in head and (not isinstance(head[key], date) or hasattr(head[key], "hour")):
            raise RulesError(f"{source}: [rule_set], trường '{key}': phải là ngày dạng 2024-01-01 (a TOML date)")
    if "effective_from" not in head:
        raise RulesError(f"{source}: [rule_set], trường 'effective_from': thiếu ngày bắt đầu có hiệu lực "
                         f"(missing the date the rules take effect)")
    if head.get("effective_until") is not None and head["effective_until"] < head["effective_from"]:
        raise RulesError(f"{source}: [rule_set], trường 'effective_until': ngày hết hiệu lực trước ngày có hiệu lực "
                         f"(empty period)")
    transitional = _transitional(head.get("transitional", []), source)
    tables = data.get("titles", {})
    _check_titles(tables, source, catalogue, partial=False)
    titles = {code: _title_rule(code, table) for code, table in tables.items()}
    ordered = {code: titles[code] for code in catalogue if code in titles}
    return RuleSet(code=head["code"], name=head["name"], name_en=head.get("name_en", ""),
                   effective_from=head["effective_from"], effective_until=head.get("effective_until"),
                   citation=head["citation"], titles=ordered, transitional=transitional, source=source,
                   raw=copy.deepcopy(data))


def _transitional(entries: Any, source: str) -> tuple[Transitional, ...]:
    if not isinstance(entries, list):
        raise RulesError(f"{source}: [rule_set], trường 'transitional': phải là danh sách [[rule_set.transitional]]")
    found = []
    for index, entry in enumerate(entries, 1):
        where = f"{source}: [[rule_set.transitional]] {index}"
        if not isinstance(entry, dict):
            raise RulesError(f"{where}: phải là bảng (must be a table)")
        for key in ("text", "citation"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise RulesError(f"{where}, trường '{key}': thiếu hoặc sai kiểu (missing or wrong type)")
        if not isinstance(entry.get("verify", ""), str):
            raise RulesError(f"{where}, trường 'verify': phải là chuỗi (must be text)")
        found.append(Transitional(entry["text"], entry["citation"], entry.get("verify", "")))
    return tuple(found)


def _title_rule(code: str, table: dict) -> TitleRule:
    conditions = []
    for name, cond in table.get("conditions", {}).items():
        if cond.get("enabled", True) is False:
            continue
        kind = cond.get("kind", name)
        _levels, _required, defaults = CONDITION_KINDS[kind]
        params = {**copy.deepcopy(defaults), **{k: v for k, v in cond.items() if k not in _COMMON_FIELDS}}
        conditions.append(ConditionRule(name, kind, cond.get("label", name), cond["citation"], params,
                                        cond.get("label_en", "")))
    return TitleRule(code, table.get("citation", ""), tuple(conditions))


def _check_titles(tables: Any, source: str, catalogue: dict[str, TitleInfo], partial: bool) -> None:
    if not isinstance(tables, dict):
        raise RulesError(f"{source}: trường 'titles': phải là bảng (must be a table)")
    for code, table in tables.items():
        where = f"{source}: titles.{code}"
        if code not in catalogue:
            raise RulesError(f"{where}: danh hiệu không có trong danh mục (title not in the catalogue)")
        if not isinstance(table, dict) or not isinstance(table.get("conditions", {}), dict):
            raise RulesError(f"{where}, trường 'conditions': phải là bảng (must be a table)")
        if "citation" in table and not isinstance(table["citation"], str):
            raise RulesError(f"{where}, trường 'citation': phải là chuỗi (must be text)")
        for name, cond in table.get("conditions", {}).items():
            _check_condition(cond, f"{where}.conditions.{name}", name, catalogue[code].level, catalogue, partial)


def _check_condition(cond: Any, where: str, name: str, level: str, catalogue: dict[str, TitleInfo],
                     partial: bool) -> None:
    if not isinstance(cond, dict):
        raise RulesError(f"{where}: phải là bảng (must be a table)")
    kind = cond.get("kind", name)
    if kind not in CONDITION_KINDS:
        if partial and "kind" not in cond:
            kind = None
        else:
            raise RulesError(f"{where}, trường 'kind': loại điều kiện '{kind}' không được hỗ trợ; dùng một trong "
                             f"{', '.join(CONDITION_KINDS)} (unknown condition kind)")
    if "enabled" in cond and not isinstance(cond["enabled"], bool):
        raise RulesError(f"{where}, trường 'enabled': true hoặc false")
    for key in ("label", "label_en", "citation", "verify"):
        if key in cond and (not isinstance(cond[key], str) or not cond[key].strip()):
            raise RulesError(f"{where}, trường '{key}': phải là chuỗi không rỗng (non-empty text)")
    if not partial and "citation" not in cond:
        raise RulesError(f"{where}, trường 'citation': mỗi điều kiện cần trích dẫn căn cứ pháp lý (citation required)")
    if kind is None:
        allowed = set(_CHECKS)
    else:
        levels, required, defaults = CONDITION_KINDS[kind]
        if level not in levels:
            raise RulesError(f"{where}, trường 'kind': điều kiện '{kind}' không áp dụng cho danh hiệu cấp {level}")
        allowed = set(required) | set(defaults)
        missing = [k for k in required if k not in cond]
        if missing and not partial:
            raise RulesError(f"{where}, trường '{missing[0]}': thiếu tham số bắt buộc (required parameter)")
    for key, value in cond.items():
        if key in _COMMON_FIELDS:
            continue
        if key not in allowed:
            raise RulesError(f"{where}, trường '{key}': tham số không được hỗ trợ (unknown parameter)")
        check, expected = _CHECKS[key]
        if not check(value):
            raise RulesError(f"{where}, trường '{key}': giá trị {value!r} không hợp lệ, cần {expected}")
        if key == "title" and value not in catalogue:
            raise RulesError(f"{where}, trường 'title': danh hiệu '{value}' không có trong danh mục")
        if key == "base" and value != "headcount" and value not in catalogue:
            raise RulesError(f"{where}, trường 'base': '{value}' không phải 'headcount' hay mã danh hiệu")
