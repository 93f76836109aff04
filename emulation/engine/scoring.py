"""Score computation: criterion kinds as pure functions and the score-sheet tree.

Every function here takes plain data (``CriterionSpec``, numbers, ``YearData``) and returns plain
data. A user error (a value out of range, a plan without a target) raises ``ScoringError`` with a
Vietnamese message that names the criterion.

Tree rules:

* a group scores the sum of its children, capped at its own maximum;
* bonus items are collected apart from the content and capped by their group if they sit in one;
* deductions are collected apart and subtracted; a deduction group caps what its items take away;
* total = content + bonus - deductions, never below 0 and never above the sheet maximum (the sum of
  the maxima of the top-level nodes that are not deductions).

A banded line scores the band its measure falls in; an amount bonus or deduction is the amount
itself, up to its cap; a panel line scores its scorers' values combined by the criterion's rule
(``combine_scores``). How such a line was reached is in ``SheetScore.notes`` (docs/agreements.md).
"""
from __future__ import annotations

import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping, NamedTuple

from emulation.contract import Band, CriterionSpec
from emulation.engine.criteria import ADJUSTMENT_KINDS, COMBINE_RULES, band_interval, children_of, walk_tree
from emulation.engine.yeardata import YearData
from emulation.errors import EmulationError

PLAN_FORMULAS = ("standard", "proportional", "relative")
USES = ("reviewed", "self")
_CENT = Decimal("0.01")
_ADJUSTMENTS = frozenset(ADJUSTMENT_KINDS)


class ScoringError(EmulationError):
    """A value or a criterion cannot be scored; the message names the criterion (Vietnamese first)."""


@dataclass(frozen=True)
class SheetScore:
    """One unit's computed sheet; every number rounded to 2 decimals.

    ``lines`` holds the points of each leaf (negative for deductions); ``groups`` the points of each
    group after its cap (content for content groups, bonus for bonus groups, negative for deduction
    groups); ``deductions`` is the amount taken away, as a positive number; ``core`` is the content
    score of the core-tasks groups (the tie-break). ``base_max`` is the maximum without bonus groups
    (what an agreement's grading bands are shares of); ``content_lines`` holds (points, maximum) of
    each content criterion (what a band's per-criterion floor checks). ``notes`` says how a line was reached where its
    value is not simply its points: criterion code -> [{"key", "params", "citation"}] (``explain_line``).
    """

    lines: dict[str, float]
    groups: dict[str, float]
    content: float
    bonus: float
    deductions: float
    core: float
    total: float
    max: float
    notes: dict[str, list[dict]] = field(default_factory=dict)
    base_max: float = 0.0
    content_lines: tuple[tuple[float, float], ...] = ()


def combine_scores(values: Iterable[float], rule: str) -> float | None:
    """Combine several scorers' values of one line by the agreement's rule; None when there is none.

    ``mean``; ``median`` (the mean of the middle two for an even count); ``trimmed_mean``: the mean
    without one highest and one lowest value, which needs three values (with fewer, the plain mean).
    """
    ordered = sorted(float(v) for v in values)
    if rule not in COMBINE_RULES:
        raise ScoringError(f"Cách gộp điểm '{rule}' không được hỗ trợ; dùng một trong {', '.join(COMBINE_RULES)} "
                           f"(unknown combine rule)")
    if not ordered:
        return None
    if rule == "median":
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    if rule == "trimmed_mean" and len(ordered) >= 3:
        ordered = ordered[1:-1]
    return math.fsum(ordered) / len(ordered)


def _label(spec: CriterionSpec) -> str:
    return f"Tiêu chí '{spec.code}' ({spec.name})"


def _number(spec: CriterionSpec, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ScoringError(f"{_label(spec)}: giá trị '{value}' không phải là số (value is not a number)")
    return float(value)


def _occurrences(spec: CriterionSpec, value: float, what: str) -> float:
    value = _number(spec, value)
    if value < 0 or value != int(value):
        raise ScoringError(f"{_label(spec)}: {what} phải là số nguyên không âm, nhận được {value:g} "
                           f"(must be a whole number >= 0)")
    return value


def score_points(spec: CriterionSpec, value: float) -> float:
    """Return the points entered by hand, checking they lie within 0..max."""
    value = _number(spec, value)
    if not 0 <= value <= spec.max_points:
        raise ScoringError(f"{_label(spec)}: điểm {value:g} nằm ngoài khoảng 0–{spec.max_points:g} "
                           f"(points out of range)")
    return value


def score_count(spec: CriterionSpec, value: float) -> float:
    """Return ``per_item`` points per counted item, capped at the criterion's maximum."""
    items = _occurrences(spec, value, "số mục")
    if spec.per_item is None:
        raise ScoringError(f"{_label(spec)}: thiếu điểm mỗi mục (per_item is required)")
    return min(items * spec.per_item, spec.max_points)


def score_pass_fail(spec: CriterionSpec, value: float) -> float:
    """Return the maximum for 1 (passed) and 0 for 0 (not passed)."""
    value = _number(spec, value)
    if value not in (0, 1):
        raise ScoringError(f"{_label(spec)}: chỉ nhận 1 (đạt) hoặc 0 (không đạt), nhận được {value:g} "
                           f"(pass/fail takes 1 or 0)")
    return spec.max_points if value == 1 else 0.0


def score_adjustment(spec: CriterionSpec, value: float) -> float:
    """Return the points a bonus adds or a deduction takes away (a positive number).

    ``value`` is the number of occurrences; each is worth ``per_item`` (default: the maximum),
    capped at the maximum. With ``amount`` it is the points themselves, any amount from 0 to the cap.
    """
    if spec.amount:
        amount = _number(spec, value)
        if not 0 <= amount <= spec.max_points:
            raise ScoringError(f"{_label(spec)}: số điểm {amount:g} nằm ngoài khoảng 0–{spec.max_points:g} "
                               f"(amount must lie between 0 and the cap)")
        return amount
    occurrences = _occurrences(spec, value, "số lần")
    per_item = spec.per_item if spec.per_item is not None else spec.max_points
    return min(occurrences * per_item, spec.max_points)


def band_measure(spec: CriterionSpec, value: float) -> float:
    """Return what a banded criterion's bands measure from the value entered.

    ``share``: the value, a share from 0 to 1; ``count``: the value, a whole number; ``ratio``: the
    value is the actual and the measure is actual / target.
    """
    if spec.measure_of == "count":
        return _occurrences(spec, value, "số lượng")
    value = _number(spec, value)
    if spec.measure_of == "share":
        if not 0 <= value <= 1:
            raise ScoringError(f"{_label(spec)}: tỷ lệ {value:g} phải nằm trong khoảng 0–1 (a share from 0 to 1)")
        return value
    return _plan_actual(spec, value) / _plan_target(spec)


def matching_band(spec: CriterionSpec, value: float) -> Band | None:
    """Return the band of a banded criterion the value falls in, or None in a gap between bands (0 points)."""
    measure = band_measure(spec, value)
    return next((band for band in spec.bands if band.contains(measure)), None)


def score_banded(spec: CriterionSpec, value: float) -> float:
    """Return the points of the band the value's measure falls in; 0 outside every band."""
    band = matching_band(spec, value)
    return float(band.points) if band is not None else 0.0


def explain_line(spec: CriterionSpec, value: float | None, combined: dict | None = None) -> list[dict]:
    """Return how a line's points were reached, as notes {"key", "params", "citation"}; [] when plain.

    ``combined`` describes a panel line's values (``panel_value``). Keys: ``combined`` (rule, count,
    the values kept one by one, the scorers left out), ``band`` (measure, the band's interval and
    points, or none), ``amount`` (the amount and its cap).
    """
    notes = []
    if combined is not None:
        notes.append({"key": "combined", "params": combined, "citation": spec.citation})
    if value is None:
        return notes
    if spec.kind == "banded":
        band = matching_band(spec, value)
        notes.append({"key": "band", "citation": spec.citation, "params": {
            "measure_of": spec.measure_of, "measure": band_measure(spec, value),
            "band": band_interval(band) if band else None, "points": band.points if band else 0}})
    elif spec.kind in ADJUSTMENT_KINDS and spec.amount:
        notes.append({"key": "amount", "params": {"amount": float(value), "cap": spec.max_points},
                      "citation": spec.citation})
    return notes


def panel_value(spec: CriterionSpec, unit: str, scorers: Mapping[str, float]) -> tuple[float | None, dict]:
    """Combine a panel line's scorers' values by the criterion's rule; return the value and how it was combined.

    In a ``members`` panel a unit's own value is left out unless ``self_scoring`` says it counts.
    """
    left_out = [unit] if spec.panel == "members" and not spec.self_scoring and unit in scorers else []
    kept = {scorer: _number(spec, v) for scorer, v in sorted(scorers.items()) if scorer not in left_out}
    return combine_scores(kept.values(), spec.combine), {
        "rule": spec.combine, "count": len(kept), "values": kept, "left_out": left_out}


def excess_ratio(spec: CriterionSpec, actual: float | None) -> float | None:
    """Return (actual - target) / target for a plan criterion, or None without an actual value."""
    if actual is None:
        return None
    target = _plan_target(spec)
    return (_plan_actual(spec, actual) - target) / target


def _plan_target(spec: CriterionSpec) -> float:
    if spec.target is None or isinstance(spec.target, bool) or not spec.target > 0:
        raise ScoringError(f"{_label(spec)}: thiếu chỉ tiêu kế hoạch hoặc chỉ tiêu bằng 0, không tính được "
                           f"tỷ lệ hoàn thành (plan target missing or zero)")
    return float(spec.target)


def _plan_actual(spec: CriterionSpec, actual: float) -> float:
    actual = _number(spec, actual)
    if actual < 0:
        raise ScoringError(f"{_label(spec)}: kết quả thực hiện {actual:g} không được âm (actual must be >= 0)")
    return actual


def score_plan(spec: CriterionSpec, actual: float, best_excess: float | None = None,
               best_actual: float | None = None) -> float:
    """Return the points of a plan criterion from the actual result.

    Formulas (``spec.formula``), with M the maximum, A the actual and T the target:

    * ``standard``: below target M*0.5*A/T; on target 0.5*M; above target
      0.5*M + 0.5*M*(excess / best_excess), where excess = (A-T)/T and ``best_excess`` is the
      largest excess in the bloc, so the bloc's leader on this criterion gets M;
    * ``proportional``: M*min(A/T, 1);
    * ``relative`` (no target needed): M*A/best_actual, the largest actual in the bloc getting M.
    """
    if spec.formula not in PLAN_FORMULAS:
        raise ScoringError(f"{_label(spec)}: công thức '{spec.formula}' không được hỗ trợ; dùng một trong "
                           f"{', '.join(PLAN_FORMULAS)} (unknown plan formula)")
    if spec.formula == "relative":
        actual = _plan_actual(spec, actual)
        best = max(best_actual or 0.0, actual)
        return spec.max_points * actual / best if best > 0 else 0.0
    target = _plan_target(spec)
    actual = _plan_actual(spec, actual)
    half = 0.5 * spec.max_points
    if spec.formula == "proportional":
        return spec.max_points * min(actual / target, 1.0)
    if actual <= target:
        return half * actual / target
    excess = (actual - target) / target
    best = max(best_excess or 0.0, excess)
    return min(half + half * excess / best, spec.max_points)


def score_criterion(spec: CriterionSpec, value: float | None, best_excess: float | None = None,
                    best_actual: float | None = None) -> float:
    """Return the points of one leaf (a deduction's points as a positive amount); missing values score 0."""
    if value is None:
        if spec.kind == "plan" and spec.formula != "relative":
            _plan_target(spec)
        return 0.0
    if spec.kind == "points":
        return score_points(spec, value)
    if spec.kind == "plan":
        return score_plan(spec, value, best_excess, best_actual)
    if spec.kind == "count":
        return score_count(spec, value)
    if spec.kind == "pass_fail":
        return score_pass_fail(spec, value)
    if spec.kind in ADJUSTMENT_KINDS:
        return score_adjustment(spec, value)
    if spec.kind == "banded":
        return score_banded(spec, value)
    raise ScoringError(f"{_label(spec)}: loại '{spec.kind}' không chấm điểm trực tiếp được (not a leaf kind)")


def _rounded(value: float) -> float:
    # Half-up on the shortest decimal form: 2.675 shows as 2.68, as a person rounding by hand expects.
    if type(value) is float:
        if value.is_integer() and abs(value) < 1e15:
            return value + 0.0      # already exact at 2 decimals (and -0.0 becomes 0.0, as below)
        text = repr(value)
        point = text.find(".")
        if point > 0 and "e" not in text:      # plain digits (not 1e-05, 1.5e+16, inf or nan): no Decimal needed
            if len(text) - point <= 3:
                return value + 0.0
            negative = text[0] == "-"
            cents = int(text[negative:point] + text[point + 1:point + 3]) + (text[point + 3] >= "5")
            # int / int is correctly rounded, as float(Decimal) is: the same float as the Decimal path below.
            return (-cents / 100 if negative else cents / 100) + 0.0
    return float(Decimal(repr(value)).quantize(_CENT, ROUND_HALF_UP)) + 0.0


class _SheetPlan(NamedTuple):
    """What scoring a sheet needs from its criteria alone, whatever the values: built once per criteria list."""

    leaves: tuple           # (spec, code, kind, explains, panel, plan) in tree order
    groups: tuple           # (code, cap, child codes, what the group shows) in reverse tree order
    top: tuple              # codes of the top-level nodes
    maximum: float          # the sheet maximum (what the total is clamped to)
    base: float             # the maximum without bonus groups
    core: tuple             # codes of the core groups without a core ancestor, in signed order
    line_codes: tuple       # the leaves' codes, sorted (the order of SheetScore.lines)
    content: tuple          # (code, maximum) of each content leaf, in signed order


# Plans by the identity of the criteria they were built from. Each entry holds its specs (frozen
# dataclasses), so no id in a key can be reused by another object while the entry lives: a hit is
# always the very same criteria, never a stale tree. Signed specs keep their identity across reads
# (storage decodes each signed text once), so a bloc's trees are built once per process.
_PLANS: dict[tuple[int, ...], tuple[tuple[CriterionSpec, ...], _SheetPlan]] = {}
_PLANS_LIMIT = 4096         # a ministry of 1,000 units needs 1,000
_PLANS_LOCK = threading.Lock()


def _sheet_plan(specs: tuple[CriterionSpec, ...]) -> _SheetPlan:
    key = tuple(map(id, specs))
    found = _PLANS.get(key)
    if found is not None:
        return found[1]
    plan = _build_plan(specs)
    with _PLANS_LOCK:
        if len(_PLANS) >= _PLANS_LIMIT:
            _PLANS.clear()
        _PLANS[key] = specs, plan
    return plan


def _build_plan(specs: tuple[CriterionSpec, ...]) -> _SheetPlan:
    by_code = {s.code: s for s in specs}
    for spec in specs:
        if spec.parent is not None and spec.parent not in by_code:
            raise ScoringError(f"{_label(spec)}: nhóm cha '{spec.parent}' không có trong bảng điểm "
                               f"(unknown parent group)")
    children = children_of(specs)
    rows = walk_tree(specs)
    kinds_below: dict[str, set[str]] = {}
    leaves, groups = [], []
    # Leaves in tree order (the first bad value is the one reported); the tree walked in reverse then
    # meets every group after all its descendants.
    for _depth, spec in rows:
        if spec.kind != "group":
            kinds_below[spec.code] = {spec.kind}
            explains = spec.kind == "banded" or (spec.kind in _ADJUSTMENTS and bool(spec.amount))
            leaves.append((spec, spec.code, spec.kind, explains, bool(spec.panel), spec.kind == "plan"))
    for _depth, spec in reversed(rows):
        if spec.kind != "group":
            continue
        below = children.get(spec.code, ())
        kinds = kinds_below[spec.code] = set().union(*(kinds_below[c.code] for c in below))
        shows = "content" if kinds - _ADJUSTMENTS or not kinds else "bonus" if "bonus" in kinds else "deduction"
        groups.append((spec.code, spec.max_points, tuple(c.code for c in below), shows))
    maximum = base = 0.0
    for spec in children[None]:
        if kinds_below[spec.code] != {"deduction"}:
            maximum += spec.max_points
        if kinds_below[spec.code] - _ADJUSTMENTS or not kinds_below[spec.code]:   # an empty group is content
            base += spec.max_points
    return _SheetPlan(
        leaves=tuple(leaves), groups=tuple(groups), top=tuple(s.code for s in children[None]),
        maximum=maximum, base=base,
        core=tuple(s.code for s in specs if s.kind == "group" and s.core and not _has_core_ancestor(s, by_code)),
        line_codes=tuple(sorted({leaf[1] for leaf in leaves})),
        content=tuple((s.code, s.max_points) for s in specs if s.kind != "group" and s.kind not in _ADJUSTMENTS))


def score_sheet(criteria: Iterable[CriterionSpec], values: Mapping[str, float | None],
                best_excess: Mapping[str, float] | None = None,
                best_actual: Mapping[str, float] | None = None,
                panels: Mapping[str, Mapping[str, float]] | None = None, unit: str = "") -> SheetScore:
    """Score one unit's sheet.

    :param values: criterion code -> value entered (points, actual, count, 0/1, occurrences, an
        amount or a banded measure); codes without a value score 0, codes not in the sheet are ignored.
    :param panels: panel criterion code -> scorer -> value; a panel line with values there scores
        their combination (``panel_value``) instead of ``values``; `unit` is the sheet's unit.
    :param best_excess: plan criterion code -> the bloc's best excess ratio (see ``bloc_bests``).
    :param best_actual: plan criterion code -> the bloc's largest actual (``relative`` formula).
    """
    plan = _sheet_plan(tuple(criteria))
    best_excess, best_actual, panels = best_excess or {}, best_actual or {}, panels or {}
    notes: dict[str, list[dict]] = {}
    lines: dict[str, float] = {}
    groups: dict[str, float] = {}
    # (content, bonus, deductions) per node as plain tuples: this runs for every node of every sheet.
    scored: dict[str, tuple[float, float, float]] = {}
    for spec, code, kind, explains, panel, is_plan in plan.leaves:
        value, combined = values.get(code), None
        if panel and code in panels:
            value, combined = panel_value(spec, unit, panels[code])
        # Only plan lines read the bloc's bests.
        points = (score_criterion(spec, value, best_excess.get(code), best_actual.get(code)) if is_plan
                  else score_criterion(spec, value))
        if explains or combined is not None:
            explained = explain_line(spec, value, combined)
            if explained:
                notes[code] = explained
        if kind == "bonus":
            lines[code] = _rounded(points)
            scored[code] = 0.0, points, 0.0
        elif kind == "deduction":
            lines[code] = _rounded(-points)
            scored[code] = 0.0, 0.0, points
        else:
            lines[code] = _rounded(points)
            scored[code] = points, 0.0, 0.0
    for code, cap, below, shows in plan.groups:
        content = bonus = deductions = 0.0
        for child in below:
            got = scored[child]
            content += got[0]
            bonus += got[1]
            deductions += got[2]
        content, bonus, deductions = min(content, cap), min(bonus, cap), min(deductions, cap)
        groups[code] = _rounded(content if shows == "content" else bonus if shows == "bonus" else -deductions)
        scored[code] = content, bonus, deductions

    content = bonus = deductions = 0.0
    for code in plan.top:
        got = scored[code]
        content += got[0]
        bonus += got[1]
        deductions += got[2]
    core = sum(groups.get(code, 0.0) for code in plan.core)
    raw = content + bonus - deductions
    return SheetScore(lines={code: lines[code] for code in plan.line_codes}, groups=dict(sorted(groups.items())),
                      content=_rounded(content), bonus=_rounded(bonus), deductions=_rounded(deductions),
                      core=_rounded(core), total=_rounded(min(max(raw, 0.0), plan.maximum)),
                      max=_rounded(plan.maximum), notes=notes, base_max=_rounded(plan.base),
                      content_lines=tuple((lines[code], maximum) for code, maximum in plan.content))


def _has_core_ancestor(spec: CriterionSpec, by_code: Mapping[str, CriterionSpec]) -> bool:
    node = by_code.get(spec.parent) if spec.parent else None
    while node is not None:
        if node.core:
            return True
        node = by_code.get(node.parent) if node.parent else None
    return False


def unit_criteria(year: YearData, unit: str) -> list[CriterionSpec]:
    """Return the criteria scoring `unit`, with the unit's own top-level criteria under the unit group."""
    trees = _unit_trees(year)[0]
    if unit in trees:       # the same spec objects on every call, so the sheet's plan is found, not rebuilt
        return list(trees[unit])
    own = {c.spec.code for c in year.criteria if c.unit == unit}
    specs = year.criteria_for(unit)
    if not year.unit_group:
        return specs
    return [replace(s, parent=year.unit_group) if s.code in own and s.parent is None and s.code != year.unit_group
            else s for s in specs]


def criteria_by_unit(year: YearData) -> dict[str, list[CriterionSpec]]:
    """Return unit code -> ``unit_criteria(year, unit)`` for every unit, in one pass over the criteria."""
    return {unit: list(specs) for unit, specs in _unit_trees(year)[0].items()}


# The units' criteria lists of a bloc by the identity of its signed specs (with their units and
# positions), the unit group and the units; each entry holds those specs, so its ids stay theirs
# (see _PLANS). A hit returns the same spec objects, so the sheets' plans are found by identity too.
_Trees = dict[str, tuple[CriterionSpec, ...]]
_TREES: dict[tuple, tuple[tuple[CriterionSpec, ...], _Trees, _Trees]] = {}
_TREES_LIMIT = 256


def _unit_trees(year: YearData) -> tuple[_Trees, _Trees]:
    """Unit code -> its criteria (``criteria_by_unit``), and unit code -> its plan criteria (what bests read)."""
    signed = year.criteria
    key = (year.unit_group, tuple([u.code for u in year.units]), tuple([id(c.spec) for c in signed]),
           tuple([c.unit for c in signed]), tuple([c.position for c in signed]))
    found = _TREES.get(key)
    if found is not None:
        return found[1], found[2]
    common, own = [], defaultdict(list)
    for index, criterion in enumerate(signed):
        (common if criterion.unit is None else own[criterion.unit]).append(
            (criterion.position, criterion.spec.code, index, criterion))
    result = {}
    for unit in year.units:
        mine = own.get(unit.code, [])
        codes = {criterion.spec.code for *_, criterion in mine}
        specs = [criterion.spec for *_, criterion in sorted(common + mine, key=lambda item: item[:3])]
        if year.unit_group:
            specs = [replace(s, parent=year.unit_group)
                     if s.code in codes and s.parent is None and s.code != year.unit_group else s for s in specs]
        result[unit.code] = tuple(specs)
    with _PLANS_LOCK:
        if len(_TREES) >= _TREES_LIMIT:
            _TREES.clear()
        plans = {unit: tuple(s for s in specs if s.kind == "plan") for unit, specs in result.items()}
        _TREES[key] = tuple(c.spec for c in signed), result, plans
    return result, plans


def values_by_unit(year: YearData, use: str = "reviewed") -> dict[str, dict[str, float | None]]:
    """Return unit code -> criterion code -> value (reviewed where present, or self) for every unit with lines."""
    if use not in USES:
        raise ValueError(f"use must be one of {USES}, not {use!r}")
    result: dict[str, dict[str, float | None]] = defaultdict(dict)
    if use == "reviewed":
        for line in year.lines:     # line.value, without a property call for each of a ministry's lines
            reviewed = line.reviewed_value
            result[line.unit][line.criterion] = reviewed if reviewed is not None else line.self_value
    else:
        for line in year.lines:
            result[line.unit][line.criterion] = line.self_value
    return dict(result)


def panels_by_unit(year: YearData) -> dict[str, dict[str, dict[str, float]]]:
    """Return unit code -> panel criterion code -> scorer -> value, from the year's panel values."""
    result: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for entry in year.panel_values:
        result[entry.unit][entry.criterion][entry.scorer] = entry.value
    return {unit: dict(by_criterion) for unit, by_criterion in result.items()}


Bests = tuple[dict[str, float], dict[str, float]]


def bloc_bests(year: YearData, use: str = "reviewed") -> Bests:
    """Return (best excess ratio, largest actual) per plan criterion code across the units of `year`."""
    return _bests(year, _unit_trees(year)[1], values_by_unit(year, use))


def merge_bests(first: Bests, second: Bests) -> Bests:
    """Return the bests of two parts of a bloc together: the larger value of each criterion.

    The bests of a bloc read in batches of units are the merge of the batches' ``bloc_bests``.
    """
    merged = []
    for mine, theirs in zip(first, second):
        both = dict(mine)
        for code, value in theirs.items():
            both[code] = max(both.get(code, value), value)
        merged.append(both)
    return merged[0], merged[1]


def _bests(year: YearData, criteria: Mapping[str, Iterable[CriterionSpec]],
           all_values: Mapping[str, Mapping[str, float | None]]) -> tuple[dict[str, float], dict[str, float]]:
    best_excess: dict[str, float] = {}
    best_actual: dict[str, float] = {}
    for unit in year.units:
        values = all_values.get(unit.code, {})
        for spec in criteria[unit.code]:
            actual = values.get(spec.code)
            if spec.kind != "plan" or actual is None:
                continue
            try:
                checked = _plan_actual(spec, actual)
                best_actual[spec.code] = max(best_actual.get(spec.code, 0.0), checked)
                if spec.formula == "standard":
                    target = _plan_target(spec)     # excess_ratio, without checking the actual twice
                    best_excess[spec.code] = max(best_excess.get(spec.code, 0.0), (checked - target) / target)
            except ScoringError as exc:
                raise ScoringError(f"Đơn vị '{unit.code}': {exc}") from exc
    return best_excess, best_actual


def score_bloc(year: YearData, use: str = "reviewed", bests: Bests | None = None) -> dict[str, SheetScore]:
    """Score every unit of the year; `use` is "reviewed" (the value that counts) or "self" (self-scores).

    The bloc's best excess ratio per plan criterion is computed first, from the same kind of values,
    unless `bests` gives them: a batch of a bloc's units is scored with the whole bloc's bests.
    """
    (criteria, plans), values, panels = _unit_trees(year), values_by_unit(year, use), panels_by_unit(year)
    best_excess, best_actual = bests if bests is not None else _bests(year, plans, values)
    scores = {}
    for unit in sorted(year.units, key=lambda u: u.code):
        try:
            scores[unit.code] = score_sheet(criteria[unit.code], values.get(unit.code, {}), best_excess, best_actual,
                                            panels.get(unit.code), unit.code)
        except ScoringError as exc:
            raise ScoringError(f"Đơn vị '{unit.code}': {exc}") from exc
    return scores
