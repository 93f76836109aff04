"""Helpers for writing a unit plugin: the hooks most units implement the same way. Imports only the contract.

A plugin that provides one unit with its own criteria (read from a TOML file beside it), lists its
plan targets in the workbook and checks that its figures agree::

    UNIT, CRITERIA = load_unit(Path(__file__).with_suffix(".toml"))
    register_units, register_criteria = own_unit_hooks(UNIT, CRITERIA)
    register_export_sheets = plan_targets_hook(UNIT, CRITERIA)

    @own_scores_check(UNIT)
    def validate_scores(scores):
        return ["..."] if scores.get("X.2") == 1 and scores.get("X.1") == 0 else []
"""
from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Callable, Sequence

from emulation.contract import CriterionSpec, ExportSheet, SpecError, UnitSpec, criterion_from_table, hookimpl

PLAN_TARGET_COLUMNS = ("Mã", "Tiêu chí", "Đơn vị tính", "Chỉ tiêu kế hoạch", "Điểm tối đa")


def load_unit(path: Path | str) -> tuple[UnitSpec, tuple[CriterionSpec, ...]]:
    """Read a unit's TOML file: its ``[unit]`` table and its ``[[criterion]]`` tables, in the file's order.

    A criterion's table is that of an agreement file (``max``, ``group`` for the parent, ``kind = "group"``
    for a group). Raise SpecError naming the file and the table or field on bad data.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path.name}: tệp TOML không đọc được (invalid TOML): {exc}") from exc
    unknown = set(data) - {"unit", "criterion"}
    if unknown:
        raise SpecError(f"{path.name}: bảng '{sorted(unknown)[0]}' không được hỗ trợ; dùng [unit] và [[criterion]] "
                        f"(unknown table)")
    unit, tables = _unit_from_table(path.name, data.get("unit")), data.get("criterion", [])
    if not isinstance(tables, list):
        raise SpecError(f"{path.name}: [[criterion]]: phải là danh sách các bảng (a list of tables)")
    return unit, tuple(criterion_from_table(path.name, "criterion", table) for table in tables)


def _unit_from_table(filename: str, table) -> UnitSpec:
    if not isinstance(table, dict):
        raise SpecError(f"{filename}: thiếu bảng [unit] (missing [unit] table)")
    allowed = {f.name for f in fields(UnitSpec)}
    for key in sorted(set(table) | {"code", "name", "bloc"}):
        if key not in allowed:
            raise SpecError(f"{filename}: [unit], trường '{key}': trường không được hỗ trợ (unknown field)")
        if not isinstance(table.get(key, ""), str) or (key in ("code", "name", "bloc") and not table.get(key)):
            raise SpecError(f"{filename}: [unit], trường '{key}': thiếu hoặc sai kiểu (missing or wrong type)")
    return UnitSpec(**table)


def own_unit_hooks(own: UnitSpec, criteria: Sequence[CriterionSpec]):
    """Return `register_units` and `register_criteria` implementations for one unit and its own criteria."""
    @hookimpl
    def register_units():
        """Return the plugin's one unit."""
        return [own]

    @hookimpl
    def register_criteria(unit):
        """Return the plugin's criteria for its own unit, [] for any other."""
        return list(criteria) if unit.code == own.code else []

    return register_units, register_criteria


def plan_targets_sheet(own: UnitSpec, criteria: Sequence[CriterionSpec], year: int) -> ExportSheet:
    """Return a workbook sheet listing the plan criteria of `own` with their targets and maximum points."""
    rows = tuple((c.code, c.name, c.measure, c.target, c.max_points) for c in criteria if c.kind == "plan")
    return ExportSheet(title=f"{own.code} - Kế hoạch {year}", columns=PLAN_TARGET_COLUMNS, rows=rows)


def plan_targets_hook(own: UnitSpec, criteria: Sequence[CriterionSpec]):
    """Return a `register_export_sheets` implementation: the plan targets of `own` as a sheet of its bloc's workbook."""
    @hookimpl
    def register_export_sheets(bloc, year):
        """Return the unit's plan targets as a sheet of the bloc's year-end workbook, [] for another bloc."""
        return [plan_targets_sheet(own, criteria, year)] if bloc == own.bloc else []

    return register_export_sheets


def own_scores_check(own: UnitSpec):
    """Make `check(scores) -> list of messages` the `validate_scores` implementation for the scores of `own` only."""
    def decorator(check: Callable[[dict], list[str]]):
        @hookimpl
        def validate_scores(unit, scores):
            return list(check(scores)) if unit.code == own.code else []

        validate_scores.__doc__ = check.__doc__     # not functools.wraps: pluggy would read check's arguments
        return validate_scores
    return decorator


def target_of(criteria: Sequence[CriterionSpec], code: str) -> float:
    """Return the plan target of the criterion `code` among `criteria`."""
    return next(c for c in criteria if c.code == code).target
