"""Helpers for writing a unit plugin: the hooks most units implement the same way. Imports only the contract.

A plugin that provides one unit with its own criteria, and lists its plan targets in the workbook::

    register_units, register_criteria = own_unit_hooks(UNIT, CRITERIA)

    @hookimpl
    def register_export_sheets(bloc, year):
        return [plan_targets_sheet(UNIT, CRITERIA, year)] if bloc == UNIT.bloc else []
"""
from __future__ import annotations

from typing import Sequence

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
