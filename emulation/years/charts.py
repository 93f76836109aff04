"""Geometry of the server-rendered SVG bar chart of a year's ranking (the template draws it); bands in the user's language."""
from __future__ import annotations

from dataclasses import dataclass

from emulation.i18n import localized

BAR_HEIGHT, GAP, LABEL_WIDTH, PLOT_WIDTH, TOP = 28, 12, 220, 440, 10


@dataclass(frozen=True)
class Bar:
    """One unit's bar: its label, value, the maximum it is drawn against and its box."""

    label: str
    value: float
    maximum: float
    band: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    plot_width: int
    bars: tuple[Bar, ...]


def bar_chart(units: list[dict]) -> Chart:
    """Return one horizontal bar per ranked unit, scaled to the largest sheet maximum."""
    scale_max = max([u["max"] for u in units] + [u["total"] for u in units] + [1.0])
    bars = tuple(Bar(f"{u['rank']}. {u['code']}", u["total"], u["max"], localized(u, "band"), LABEL_WIDTH,
                     TOP + i * (BAR_HEIGHT + GAP), round(PLOT_WIDTH * u["total"] / scale_max, 1), BAR_HEIGHT)
                 for i, u in enumerate(units))
    return Chart(LABEL_WIDTH + PLOT_WIDTH + 90, TOP * 2 + len(bars) * (BAR_HEIGHT + GAP), LABEL_WIDTH, PLOT_WIDTH,
                 bars)
