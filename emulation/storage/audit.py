"""The audit trail: record a change in the transaction that makes it, and read a thing's history.

Services call ``record`` with the ``Actor`` their caller passes in (the signed-in user for the web,
``CLI`` for the command line); the row is added to the session and committed with the change, so a
change that is rolled back leaves no trail and a trail row never exists without its change.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from emulation import clock
from emulation.extensions import db
from emulation.models import AuditEvent, EmulationYear

LINE_FIELDS = ("self_value", "evidence", "review_state", "reviewed_value", "reason", "comment")
EMPTY_LINE = {"self_value": None, "evidence": "", "review_state": "pending", "reviewed_value": None, "reason": "",
              "comment": ""}


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a user (id and username as they were) or the command line."""

    name: str
    user_id: int | None = None

    @classmethod
    def of(cls, user) -> "Actor":
        """Return the actor for a signed-in `user`."""
        return cls(user.username, user.id)


CLI = Actor("cli")


def record(actor: Actor, kind: str, key: str, action: str, before: dict | None, after: dict | None,
           reason: str = "", bloc: str | None = None, year: int | None = None) -> AuditEvent | None:
    """Add one audit row to the current transaction; do nothing when `before` equals `after`."""
    if before == after:
        return None
    event = AuditEvent(at=clock.now(), user_id=actor.user_id, actor=actor.name, bloc=bloc, year=year, kind=kind, key=key,
                       action=action, before=before, after=after, reason=reason or "")
    db.session.add(event)
    return event


def year_key(bloc: str, year: int, *parts: str) -> str:
    """Return the stable key of a year or of something within it (a sheet, a person's facts)."""
    return "/".join((bloc, str(year), *parts))


def line_key(bloc: str, year: int, unit: str, criterion: str) -> str:
    """Return the stable key of a score line."""
    return year_key(bloc, year, unit, criterion)


def line_state(line) -> dict | None:
    """Return what the audit keeps of a score line, or None when there is none."""
    return None if line is None else {name: getattr(line, name) for name in LINE_FIELDS}


def history(kind: str, key: str) -> list[AuditEvent]:
    """Return the changes of one thing, oldest first."""
    return list(db.session.execute(select(AuditEvent).where(AuditEvent.kind == kind, AuditEvent.key == key)
                                   .order_by(AuditEvent.id)).scalars())


def matches(event, unit: str | None = None, criterion: str | None = None) -> bool:
    """Return whether `event` (an AuditEvent or AuditData) concerns `unit` and `criterion` when they are given."""
    if not unit and not criterion:
        return True
    if event.kind not in ("line", "sheet"):
        return False
    parts = event.key.split("/")[2:]            # bloc/year/unit[/criterion]
    if unit and parts[:1] != [unit]:
        return False
    return not criterion or (event.kind == "line" and parts[1:2] == [criterion])


def _show(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "—" if value is None or value == "" else str(value)


def format_event(event) -> str:
    """Return one line of text for `event`: when, who, what, which fields went from what to what, and why."""
    before, after = event.before or {}, event.after or {}
    changes = "; ".join(f"{name}: {_show(before.get(name))} → {_show(after.get(name))}"
                        for name in dict.fromkeys([*before, *after]) if before.get(name) != after.get(name))
    text = f"{event.at:%Y-%m-%d %H:%M:%S}  {event.actor:<16} {event.kind:<16} {event.key}  {event.action}  {changes}"
    return text + (f"  (lý do: {event.reason})" if event.reason else "")


def record_state(year: EmulationYear, kind: str, parts: tuple, action: str, before: str, after: str,
                 actor: Actor, reason: str = "", extra: dict | None = None) -> None:
    """Record, as one audit row by `actor`, a change of state of the year or of a part of it (`parts`: a unit's sheet)."""
    bloc = year.bloc.code
    record(actor, kind, year_key(bloc, year.year, *parts), action, {"state": before}, {"state": after, **(extra or {})},
           reason.strip(), bloc=bloc, year=year.year)
