"""A year's deadlines: the order they must keep, and how many days are left to one."""
from __future__ import annotations

from dataclasses import fields
from datetime import date

from emulation.engine.yeardata import DeadlinesData

# The deadlines in the order of the year's work: each may not fall before the ones above it.
DEADLINE_NAMES = tuple(f.name for f in fields(DeadlinesData))


def misordered(deadlines: DeadlinesData) -> list[tuple[str, str]]:
    """Return (deadline, earlier deadline it falls before) for every set deadline earlier than a set one above it."""
    found, latest = [], None
    for name in DEADLINE_NAMES:
        day = getattr(deadlines, name)
        if day is None:
            continue
        if latest is not None and day < getattr(deadlines, latest):
            found.append((name, latest))
        else:
            latest = name
    return found


def days_left(deadline: date, today: date) -> int:
    """Return the days from `today` to `deadline`: 0 on the day itself, negative once it has passed."""
    return (deadline - today).days
