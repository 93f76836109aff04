"""Publishing a year: freeze its results as the next snapshot, and say what has changed since.

A snapshot is computed here, from the live results, and kept by ``storage.snapshots``; published
results are served from the newest one, so a later change of the data, the rules or the engines
never changes what was announced.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from emulation import clock
from emulation.engine.yeardata import SnapshotData, YearData
from emulation.extensions import db
from emulation.models import AuditEvent, EmulationYear, ResultSnapshot
from emulation.storage.database import read_year
from emulation.storage.snapshots import as_json, find_snapshot, inputs_hash, snapshot_results, store_snapshot
from emulation.years.results import live_results


def take_snapshot(year: EmulationYear, actor) -> ResultSnapshot:
    """Add the next snapshot of `year`, with its unit parts, to the current transaction and return it."""
    data = read_year(year.bloc.code, year.year)
    results = as_json(live_results(year.bloc.code, year.year, data))
    last = db.session.execute(select(func.max(ResultSnapshot.version))
                              .where(ResultSnapshot.year_id == year.id)).scalar_one()
    snapshot = store_snapshot(year, [u.code for u in data.units], SnapshotData(
        (last or 0) + 1, results["rule_set"]["code"], inputs_hash(data), clock.now(), actor.name, results))
    db.session.flush()
    return snapshot


@dataclass
class Drift:
    """How the live year differs from a snapshot: units whose name, total or rank moved, decisions that changed,
    and the audited edits made since it was taken (`edits`, oldest first)."""

    snapshot: ResultSnapshot
    units: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)
    edits: list[dict] = field(default_factory=list)

    @property
    def results_changed(self) -> bool:
        """Whether the results themselves differ, not only the inputs behind them."""
        return bool(self.units or self.decisions)


def drift(year: EmulationYear, snapshot: ResultSnapshot | None = None, data: YearData | None = None, *,
          live: dict | None = None, published: dict | None = None) -> Drift | None:
    """Return how the year's live inputs and results differ from `snapshot` (default the newest), or None.

    A caller that already holds the year's `data`, its `live` results or the snapshot's `published`
    results passes them, so nothing is read or computed twice.
    """
    snapshot = snapshot or find_snapshot(year)
    if snapshot is None:
        return None
    data = data or read_year(year.bloc.code, year.year)
    if inputs_hash(data) == snapshot.inputs_hash:
        return None
    live = as_json(live if live is not None else live_results(year.bloc.code, year.year, data))
    published = published if published is not None else snapshot_results(snapshot)
    return Drift(snapshot, _unit_changes(published, live), _decision_changes(published, live),
                 [_edit(event) for event in edits_since(year, snapshot)])


# Workflow rows (a year or sheet changing state) are not inputs: reopening alone changes nothing published.
WORKFLOW_KINDS = ("year", "sheet")


def edits_since(year: EmulationYear, snapshot: ResultSnapshot) -> list[AuditEvent]:
    """Return the audited edits of `year`'s inputs made after `snapshot` was taken, oldest first."""
    return list(db.session.execute(
        select(AuditEvent).where(AuditEvent.bloc == year.bloc.code, AuditEvent.year == year.year,
                                 AuditEvent.at >= snapshot.created_at, AuditEvent.kind.not_in(WORKFLOW_KINDS))
        .order_by(AuditEvent.id)).scalars())


def _edit(event: AuditEvent) -> dict:
    """Return what the notice shows of an audited edit: when, who, what, each field's change and the reason."""
    before, after = event.before or {}, event.after or {}
    fields = [(name, _shown(before.get(name)), _shown(after.get(name)))
              for name in dict.fromkeys([*before, *after]) if before.get(name) != after.get(name)]
    return {"at": event.at, "actor": event.actor, "key": event.key, "fields": fields, "reason": event.reason}


def _shown(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "—" if value is None or value == "" else str(value)


def _unit_changes(old: dict, new: dict) -> list[dict]:
    before = {u["code"]: u for u in old["units"]}
    changes = []
    for unit in new["units"]:
        was = before.get(unit["code"], {})
        if (was.get("name"), was.get("total"), was.get("rank")) != (unit["name"], unit["total"], unit["rank"]):
            changes.append({"code": unit["code"], "name": unit["name"], "name_before": was.get("name"),
                            "total_before": was.get("total"),
                            "total": unit["total"], "rank_before": was.get("rank"), "rank": unit["rank"]})
    return changes


def _decisions(results: dict) -> dict[tuple[str, str, str], str]:
    return {(level, entity["code"], d["title"]): d["decision"]
            for level in ("units", "collectives", "individuals") for entity in results[level]
            for d in entity["decisions"]}


def _decision_changes(old: dict, new: dict) -> list[dict]:
    before, after = _decisions(old), _decisions(new)
    return [{"level": level, "code": code, "title": title, "before": before.get(key), "after": after.get(key)}
            for key in sorted(before.keys() | after.keys()) if before.get(key) != after.get(key)
            for level, code, title in [key]]
