"""Published results: frozen snapshots of a year's results, and what has changed since.

Publishing stores the results as computed then, the rule set they were computed with and a SHA-256
of the year's inputs. Published results are served from the newest snapshot, so a later change of
the data, the rules or the engines never changes what was announced; re-publishing adds a version.

A snapshot keeps the bloc-wide part of the results (ranking, the units' titles, statistics) in its
own row and each unit's collectives and individuals in a part row (``result_snapshot_parts``), so
the export can read a published ministry year unit batch by unit batch. Snapshots taken before
parts existed hold the whole document in their own row; both read back the same.
"""
from __future__ import annotations

import hashlib
import json
from typing import Iterable

from sqlalchemy import select

from emulation.engine.yeardata import SnapshotData, YearData
from emulation.extensions import db
from emulation.models import Bloc, EmulationYear, ResultSnapshot, ResultSnapshotPart
from emulation.storage.yearfile import to_json

HASHED_FORM_VERSION = 2          # the year file version whose form the inputs hash is taken of


def canonical_inputs(data: YearData) -> bytes:
    """Return the year file as canonical JSON, without the audit trail, the snapshots, the workflow states and
    the signed decisions.

    States (open, locked, published; a sheet's review state) are left out so that reopening a year
    does not by itself make its inputs differ from what was published; decisions come after the
    results and change none of them.
    """
    document = to_json(data)
    for name in ("audit", "snapshots", "state", "sheets", "decisions", "deadlines"):
        document.pop(name, None)
    for line in document.get("lines", []):
        line.pop("files", None)                 # evidence files support a value; they are not an input of it
    # Later file versions only add fields that are left out while empty; hashing the version-2 form keeps
    # the hashes of years published before them, so those years show no change they did not have.
    document["version"] = HASHED_FORM_VERSION
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def inputs_hash(data: YearData) -> str:
    """Return the SHA-256 (hex) of the year's canonical inputs."""
    return hashlib.sha256(canonical_inputs(data)).hexdigest()


def as_json(results: dict) -> dict:
    """Return `results` exactly as a snapshot stores and returns them."""
    return json.loads(json.dumps(results, ensure_ascii=False))


ENTITY_KEYS = ("collectives", "individuals")


def store_snapshot(year: EmulationYear, units: list[str], data: SnapshotData) -> ResultSnapshot:
    """Add one snapshot to the current transaction: its bloc-wide head in its row, each unit's part in its own."""
    snapshot = ResultSnapshot(year_id=year.id, version=data.version, results=snapshot_head(data.results),
                              rule_set=data.rule_set, inputs_hash=data.inputs_hash, created_at=data.created_at,
                              created_by=data.created_by)
    db.session.add(snapshot)
    db.session.flush()
    db.session.add_all(ResultSnapshotPart(snapshot_id=snapshot.id, unit_code=unit, results=part)
                       for unit, part in parts_by_unit(data.results, units).items())
    return snapshot


def snapshot_head(results: dict) -> dict:
    """Return the bloc-wide part of a results dict: all but the collectives and individuals."""
    return {key: value for key, value in results.items() if key not in ENTITY_KEYS}


def parts_by_unit(results: dict, units: Iterable[str]) -> dict[str, dict]:
    """Return unit code -> {"collectives": [...], "individuals": [...]}: the results' entities of each unit."""
    parts = {unit: {key: [] for key in ENTITY_KEYS} for unit in units}
    for key in ENTITY_KEYS:
        for entity in results[key]:
            if entity["unit"] in parts:
                parts[entity["unit"]][key].append(entity)
    return parts


def _whole(snapshot: ResultSnapshot) -> bool:
    """Whether the snapshot was taken before snapshots had parts: everything in its own row."""
    return all(key in snapshot.results for key in ENTITY_KEYS)


def snapshot_results(snapshot: ResultSnapshot) -> dict:
    """Return the snapshot's whole results dict: its own row joined with its unit parts."""
    if _whole(snapshot):
        return snapshot.results
    results = dict(snapshot.results)
    parts = db.session.execute(select(ResultSnapshotPart.results)
                               .where(ResultSnapshotPart.snapshot_id == snapshot.id)).scalars().all()
    for key in ENTITY_KEYS:
        results[key] = sorted((entity for part in parts for entity in part[key]), key=lambda e: e["code"])
    return results


def snapshot_parts(snapshot: ResultSnapshot, units: Iterable[str]) -> dict[str, dict]:
    """Return unit code -> that unit's part of the snapshot, for the given units only (one query)."""
    units = list(units)
    if _whole(snapshot):
        return parts_by_unit(snapshot.results, units)
    found = dict(db.session.execute(
        select(ResultSnapshotPart.unit_code, ResultSnapshotPart.results)
        .where(ResultSnapshotPart.snapshot_id == snapshot.id, ResultSnapshotPart.unit_code.in_(units))).all())
    return {unit: found.get(unit, {key: [] for key in ENTITY_KEYS}) for unit in units}


def year_snapshots(bloc: str, year: int) -> list[SnapshotData]:
    """Return every snapshot of the bloc's year as plain data, oldest first: what `emulation dump` writes.

    Entities come in code order whichever layout the snapshot was stored in, so a dump is stable.
    """
    found = []
    for snapshot in db.session.execute(select(ResultSnapshot).join(EmulationYear).join(Bloc)
                                       .where(Bloc.code == bloc, EmulationYear.year == year)
                                       .order_by(ResultSnapshot.version)).scalars():
        results = dict(snapshot_results(snapshot))
        for key in ENTITY_KEYS:
            results[key] = sorted(results[key], key=lambda entity: entity["code"])
        found.append(SnapshotData(snapshot.version, snapshot.rule_set, snapshot.inputs_hash, snapshot.created_at,
                                  snapshot.created_by, results))
    return found


def restore_snapshots(year: EmulationYear, units: list[str], stored: Iterable[SnapshotData]) -> None:
    """Add snapshots read from a year file to the current transaction, each split into its `units`' parts."""
    for data in stored:
        store_snapshot(year, units, data)


def snapshots(year: EmulationYear) -> list[ResultSnapshot]:
    """Return every snapshot of `year`, newest first."""
    return list(db.session.execute(select(ResultSnapshot).where(ResultSnapshot.year_id == year.id)
                                   .order_by(ResultSnapshot.version.desc())).scalars())


def find_snapshot(year: EmulationYear, version: int | None = None) -> ResultSnapshot | None:
    """Return snapshot `version` of `year`, or the newest when `version` is None."""
    if version is not None and not 0 < version < 2 ** 31:
        return None         # no such version; the database would refuse the number itself
    query = select(ResultSnapshot).where(ResultSnapshot.year_id == year.id)
    query = query.where(ResultSnapshot.version == version) if version is not None else query
    return db.session.execute(query.order_by(ResultSnapshot.version.desc()).limit(1)).scalar_one_or_none()


def published_snapshot(bloc: str, year: int) -> ResultSnapshot | None:
    """Return the newest snapshot when the year is published, else None."""
    return db.session.execute(
        select(ResultSnapshot).join(EmulationYear).join(Bloc)
        .where(Bloc.code == bloc, EmulationYear.year == year, EmulationYear.state == "published")
        .order_by(ResultSnapshot.version.desc()).limit(1)).scalar_one_or_none()


def published_results(bloc: str, year: int) -> dict | None:
    """Return the newest snapshot's results when the year is published, else None."""
    snapshot = published_snapshot(bloc, year)
    return snapshot_results(snapshot) if snapshot is not None else None


