"""Criteria as plain data: the shapes plugins return and the bloc agreement files in criteria/.

A score sheet is a tree. Groups (kind ``group``) cap the sum of their children; leaves are scored by
the scoring engine according to their kind. This module only describes and validates the tree; it
never computes a score.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from emulation.contract import CriterionSpec
from emulation.errors import EmulationError

KINDS = ("group", "points", "plan", "count", "pass_fail", "bonus", "deduction")
LEAF_KINDS = tuple(k for k in KINDS if k != "group")
ADJUSTMENT_KINDS = ("bonus", "deduction")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
# The largest value a line of each kind may hold: beyond any real figure (a plan in đồng, a count of
# instruments), yet small enough for floats to hold it exactly and for every page and cell to show it.
VALUE_LIMITS = {"plan": 1e15, "count": 1e9, "pass_fail": 1, "bonus": 1e6, "deduction": 1e6}


class CriteriaError(EmulationError):
    """A criteria tree or agreement file is invalid; the message names the place and the field."""


def children_of(specs: Iterable[CriterionSpec]) -> dict[str | None, list[CriterionSpec]]:
    """Return parent code -> its children in signed order; a spec whose parent is not among `specs` is a root (None)."""
    specs = list(specs)
    codes = {s.code for s in specs}
    children: dict[str | None, list[CriterionSpec]] = {None: []}
    for spec in specs:
        children.setdefault(spec.parent if spec.parent in codes else None, []).append(spec)
    return children


def walk_tree(specs: Iterable[CriterionSpec]) -> list[tuple[int, CriterionSpec]]:
    """Return (depth, spec) for every node of the criteria tree in tree order: each group before its children.

    Siblings keep their signed order; a spec whose parent is not among `specs` is walked as a root. The
    one walker of the sheets page, the workbook and the scoring engine (which folds it in reverse).
    """
    children = children_of(specs)
    rows: list[tuple[int, CriterionSpec]] = []
    stack = [(0, spec) for spec in reversed(children[None])]
    while stack:
        depth, spec = stack.pop()
        rows.append((depth, spec))
        stack.extend((depth + 1, child) for child in reversed(children.get(spec.code, ())))
    return rows


def largest_value(spec: CriterionSpec) -> float:
    """Return the largest value a line of `spec` may hold: its maximum for points, else its kind's limit."""
    return spec.max_points if spec.kind == "points" else VALUE_LIMITS[spec.kind]


@dataclass(frozen=True)
class Agreement:
    """A bloc's emulation agreement (giao ước thi đua) for one year."""

    bloc: str
    year: int
    name: str
    total_max: float
    unit_group: str
    criteria: tuple[CriterionSpec, ...]
    citation: str = ""
    source: str = ""
    extra: dict = field(default_factory=dict)


def validate_tree(criteria: list[CriterionSpec] | tuple[CriterionSpec, ...], where: str,
                  external_parents: dict[str, CriterionSpec] | None = None) -> None:
    """Check codes, kinds, points and group sums of a criteria list; raise CriteriaError naming `where`.

    `external_parents` are groups defined elsewhere (the agreement's groups for a unit plugin).
    """
    external_parents = external_parents or {}
    by_code: dict[str, CriterionSpec] = {}
    for spec in criteria:
        _check_node(spec, where)
        if spec.code in by_code or spec.code in external_parents:
            raise CriteriaError(f"{where}: mã tiêu chí trùng lặp '{spec.code}' (duplicate criterion code)")
        by_code[spec.code] = spec
    groups = {**external_parents, **{c.code: c for c in criteria if c.kind == "group"}}
    for spec in criteria:
        if spec.parent is not None and spec.parent not in groups:
            raise CriteriaError(
                f"{where}: tiêu chí '{spec.code}', trường 'parent': nhóm '{spec.parent}' không tồn tại "
                f"(unknown parent group)")
    for group in (c for c in criteria if c.kind == "group"):
        children = [c for c in criteria if c.parent == group.code and c.kind not in ADJUSTMENT_KINDS]
        total = sum(c.max_points for c in children)
        if children and abs(total - group.max_points) > 1e-9:
            raise CriteriaError(
                f"{where}: nhóm '{group.code}', trường 'max': điểm tối đa {group.max_points:g} khác tổng "
                f"điểm các tiêu chí con {total:g} (max points do not add up)")
    _check_acyclic(by_code, where)


def _check_node(spec: CriterionSpec, where: str) -> None:
    def fail(field_name: str, problem: str) -> None:
        raise CriteriaError(f"{where}: tiêu chí '{spec.code}', trường '{field_name}': {problem}")

    if not isinstance(spec.code, str) or not CODE_PATTERN.match(spec.code):
        fail("code", "mã không hợp lệ (letters, digits, '.', '_', '-'; at most 40)")
    if not isinstance(spec.name, str) or not spec.name.strip():
        fail("name", "thiếu tên tiêu chí (name is required)")
    if spec.kind not in KINDS:
        fail("kind", f"loại '{spec.kind}' không hợp lệ; dùng một trong {', '.join(KINDS)}")
    if isinstance(spec.max_points, bool) or not isinstance(spec.max_points, (int, float)) \
            or not spec.max_points > 0 or spec.max_points == float("inf"):
        fail("max", "điểm tối đa phải là số dương (max must be a positive number)")
    if spec.kind == "plan" and spec.target is not None and not spec.target > 0:
        fail("target", "chỉ tiêu kế hoạch phải lớn hơn 0 (target must be positive)")
    if spec.kind in ("count", "bonus", "deduction") and spec.per_item is not None and not spec.per_item > 0:
        fail("per_item", "điểm mỗi mục phải là số dương (per_item must be positive)")
    if spec.kind == "count" and spec.per_item is None:
        fail("per_item", "tiêu chí đếm cần điểm mỗi mục (count criteria need per_item)")


def _check_acyclic(by_code: dict[str, CriterionSpec], where: str) -> None:
    for spec in by_code.values():
        seen, node = set(), spec
        while node is not None and node.parent in by_code:
            if node.code in seen:
                raise CriteriaError(f"{where}: tiêu chí '{spec.code}', trường 'parent': vòng lặp (cycle)")
            seen.add(node.code)
            node = by_code[node.parent]


# --- agreement files -------------------------------------------------------------------------

_FIELD_MAP = {"max": "max_points"}
_ALLOWED_FIELDS = {"code", "name", "kind", "max", "parent", "group", "name_en", "target", "measure",
                   "per_item", "formula", "core", "description"}


def load_agreement(path: Path | str) -> Agreement:
    """Read and validate one agreement TOML file; raise CriteriaError naming the file, criterion and field."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CriteriaError(f"{path.name}: tệp TOML không đọc được (invalid TOML): {exc}") from exc
    head = data.get("agreement")
    if not isinstance(head, dict):
        raise CriteriaError(f"{path.name}: thiếu bảng [agreement] (missing [agreement] table)")
    for key, kind in (("bloc", str), ("year", int), ("name", str), ("total_max", (int, float)),
                      ("unit_group", str)):
        if not isinstance(head.get(key), kind) or isinstance(head.get(key), bool):
            raise CriteriaError(f"{path.name}: [agreement], trường '{key}': thiếu hoặc sai kiểu (missing or wrong type)")
    specs = [_spec_from_table(path.name, "group", table, kind="group") for table in data.get("group", [])]
    specs += [_spec_from_table(path.name, "criterion", table) for table in data.get("criterion", [])]
    validate_tree(specs, path.name)
    by_code = {s.code: s for s in specs}
    unit_group = by_code.get(head["unit_group"])
    if unit_group is None or unit_group.kind != "group":
        raise CriteriaError(f"{path.name}: [agreement], trường 'unit_group': nhóm '{head['unit_group']}' không tồn tại")
    deduction_groups = {g.code for g in specs if g.kind == "group"
                        and {c.kind for c in specs if c.parent == g.code} == {"deduction"}}
    top_total = sum(s.max_points for s in specs
                    if s.parent is None and s.kind != "deduction" and s.code not in deduction_groups)
    if abs(top_total - head["total_max"]) > 1e-9:
        raise CriteriaError(
            f"{path.name}: [agreement], trường 'total_max': {head['total_max']:g} khác tổng điểm các nhóm "
            f"cấp trên cùng {top_total:g} (total does not add up)")
    return Agreement(bloc=head["bloc"], year=head["year"], name=head["name"], total_max=float(head["total_max"]),
                     unit_group=head["unit_group"], criteria=tuple(specs), citation=head.get("citation", ""),
                     source=path.name, extra={k: v for k, v in head.items() if k == "bloc_name"})


def _spec_from_table(filename: str, table_name: str, table: dict, kind: str | None = None) -> CriterionSpec:
    code = table.get("code", "?")
    unknown = set(table) - _ALLOWED_FIELDS
    if unknown:
        raise CriteriaError(f"{filename}: tiêu chí '{code}', trường '{sorted(unknown)[0]}': trường không được hỗ trợ "
                            f"(unknown field in [[{table_name}]])")
    values = {_FIELD_MAP.get(k, k): v for k, v in table.items()}
    if "group" in values:
        values["parent"] = values.pop("group")
    if kind:
        values["kind"] = kind
    for required in ("code", "name", "kind", "max_points"):
        if required not in values:
            shown = "max" if required == "max_points" else required
            raise CriteriaError(f"{filename}: tiêu chí '{code}', trường '{shown}': thiếu trường bắt buộc (required)")
    try:
        return CriterionSpec(**values)
    except TypeError as exc:
        raise CriteriaError(f"{filename}: tiêu chí '{code}': {exc}") from exc


def find_agreement(directory: Path, bloc: str, year: int) -> Agreement:
    """Return the agreement of `bloc` for `year` from the files in `directory`."""
    matches = []
    for path in sorted(directory.glob("*.toml")):
        agreement = load_agreement(path)
        if agreement.bloc == bloc and agreement.year == year:
            matches.append(agreement)
    if not matches:
        raise CriteriaError(f"Không có giao ước thi đua của khối {bloc} năm {year} trong {directory} "
                            f"(no agreement for this bloc and year)")
    if len(matches) > 1:
        raise CriteriaError(f"Có {len(matches)} giao ước của khối {bloc} năm {year}: "
                            f"{', '.join(a.source for a in matches)} (more than one agreement)")
    return matches[0]
