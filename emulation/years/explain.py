"""Each unit's total explained line by line, for the results page: the value, the points and how they were reached
(the band matched, the scorers' values combined, the amount against its cap), from the scoring engine's notes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection

from emulation.contract import CriterionSpec
from emulation.engine.scoring import (ScoringError, criteria_by_unit, panel_value, panels_by_unit, score_bloc,
                                      values_by_unit)
from emulation.engine.yeardata import YearData


@dataclass(frozen=True)
class ExplainedLine:
    """One leaf of a unit's sheet as the results explain it."""

    spec: CriterionSpec
    value: float | None
    points: float
    notes: list[dict] = field(default_factory=list)


def explained_lines(data: YearData, only: Collection[str] | None = None) -> dict[str, list[ExplainedLine]]:
    """Return unit code -> the leaves whose points need explaining, in signed order, with value, points and notes.

    A leaf needs explaining when the engine noted how its points were reached (a band, several scorers'
    values combined, an amount against its cap) or a role other than the unit scored it; the other lines
    read as the sheet shows them. Units with no such line are left out, and so is everything when a value
    is refused. `only` limits the units explained (the units of the page shown).
    """
    try:
        scores = score_bloc(data, "reviewed")
    except ScoringError:
        return {}
    values, criteria, panels = values_by_unit(data), criteria_by_unit(data), panels_by_unit(data)
    explained = {}
    for unit in data.units:
        if only is not None and unit.code not in only:
            continue
        score, notes = scores[unit.code], scores[unit.code].notes

        def value(spec: CriterionSpec) -> float | None:
            """The value the points came from: a panel line's scorers' values combined, else the line's own."""
            if spec.panel:
                return panel_value(spec, unit.code, panels.get(unit.code, {}).get(spec.code, {}))[0]
            return values.get(unit.code, {}).get(spec.code)

        lines = [ExplainedLine(spec, value(spec), score.lines.get(spec.code, 0.0), notes.get(spec.code, []))
                 for spec in criteria[unit.code]
                 if spec.kind != "group" and (notes.get(spec.code) or spec.scored_by != "unit")]
        if lines:
            explained[unit.code] = lines
    return explained


def explanations(data: YearData) -> dict[str, list[dict]]:
    """Return ``explained_lines`` of every unit as plain JSON values, as the results cache keeps them.

    Each line is ``{"spec": {"code", "name", "name_en", "scored_by"}, "value", "points", "notes"}``: what
    the results page shows of it, so a page view on a cache hit scores nothing.
    """
    return {unit: [{"spec": {"code": line.spec.code, "name": line.spec.name, "name_en": line.spec.name_en,
                             "scored_by": line.spec.scored_by},
                    "value": line.value, "points": line.points, "notes": line.notes} for line in lines]
            for unit, lines in explained_lines(data).items()}
