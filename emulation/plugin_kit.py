"""Helpers for writing a unit plugin: the hooks most units implement the same way. Imports only the contract.

A plugin that provides one unit with its own criteria, lists its plan targets in the workbook and
checks that its figures agree::

    register_units, register_criteria = own_unit_hooks(UNIT, CRITERIA)
    register_export_sheets = plan_targets_hook(UNIT, CRITERIA)

    @own_scores_check(UNIT)
    def validate_scores(scores):
        return ["..."] if scores.get("X.2") == 1 and scores.get("X.1") == 0 else []
"""
from __future__ import annotations

from typing import Callable, Sequence

from emulation.contract import CriterionSpec, ExportSheet, UnitSpec, hookimpl

PLAN_TARGET_COLUMNS = ("Mã", "Tiêu chí", "Đơn vị tính", "Chỉ tiêu kế hoạch", "Điểm tối đa")


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
