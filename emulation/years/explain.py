"""Each unit's total explained line by line, for the results page: the value, the points and how they were reached
(the band matched, the scorers' values combined, the amount against its cap), from the scoring engine's notes."""
from __future__ import annotations

from dataclasses import dataclass, field

from emulation.contract import CriterionSpec
from emulation.engine.scoring import ScoringError, criteria_by_unit, score_bloc, values_by_unit
from emulation.engine.yeardata import YearData


@dataclass(frozen=True)
class ExplainedLine:
    """One leaf of a unit's sheet as the results explain it."""

    spec: CriterionSpec
    value: float | None
    points: float
    notes: list[dict] = field(default_factory=list)


def explained_lines(data: YearData) -> dict[str, list[ExplainedLine]]:
    """Return unit code -> its leaves in signed order with value, points and notes; {} when a value is refused."""
    try:
        scores = score_bloc(data, "reviewed")
    except ScoringError:
        return {}
    values, criteria = values_by_unit(data), criteria_by_unit(data)
    return {unit.code: [ExplainedLine(spec, values.get(unit.code, {}).get(spec.code),
                                      scores[unit.code].lines.get(spec.code, 0.0),
                                      scores[unit.code].notes.get(spec.code, []))
                        for spec in criteria[unit.code] if spec.kind != "group"]
            for unit in data.units}
