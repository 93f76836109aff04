"""Computed results kept in the database, under a key that is the state they were computed from.

A year's results are a pure function of the engine's code, the rule data and the year's inputs.
The key is a SHA-256 of all three: a format version, the source of the engines, a canonical text
of the rule set, ranking, catalogue and council rules, and the whole ``YearData`` as read. No write
path needs to invalidate anything: any write to the year (a score, a registration, a person's
leave, a load, an import, signing) changes the data read, so the key moves and the old entry is
never read again; the next store replaces it. Entries are JSON; one that cannot be read is a miss.

An entry is written in a short transaction of its own, so a read-only page keeps it (its own
transaction is rolled back), and it never waits: on SQLite it gives up at once if another
connection writes, on PostgreSQL after a short lock timeout. A failed store only costs a recompute.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Callable, NamedTuple

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from emulation import clock
from emulation.engine.yeardata import YearData
from emulation.extensions import db
from emulation.models import ResultCacheEntry

# Raise when the stored results change shape without an engine source change (e.g. a new serialisation).
FORMAT_VERSION = 1
_PACKAGE = Path(__file__).resolve().parent.parent
_CODE = ("engine/*.py", "contract.py")
log = logging.getLogger(__name__)


@cache
def code_version() -> str:
    """Return a hash of the source the results are computed by: any edit of an engine is a new version."""
    digest = hashlib.sha256(str(FORMAT_VERSION).encode())
    for pattern in _CODE:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def canonical(value) -> str:
    """Return a text of `value` that is the same in every process: sets sorted, dataclasses by field."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__name__ + "(" + ",".join(
            canonical(getattr(value, f.name)) for f in dataclasses.fields(value)) + ")"
    if isinstance(value, dict):
        return "{" + ",".join(sorted(canonical(k) + ":" + canonical(v) for k, v in value.items())) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if value is None or isinstance(value, (str, int, float, bool, Decimal, Fraction, date, datetime, Enum, Path)):
        return repr(value)
    raise TypeError(f"no canonical text for {type(value).__name__}")


def state_key(data: YearData, settings: tuple) -> str:
    """Return the key of `data`'s results under `settings` (the rule data the computation takes)."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(canonical(settings).encode())
    # repr of the plain year: its records are dataclasses of scalars, tuples and lists, read in a fixed
    # order; `canonical` would give the same text at about four times the cost for a large bloc.
    digest.update(repr(data).encode())
    return digest.hexdigest()


def cached_results(data: YearData, settings: tuple, compute: Callable[[], dict]) -> dict:
    """Return the results of `data` under `settings` from the cache, or `compute()` them and keep them.

    Whether read or computed, the results come back as JSON gives them (lists, string keys), the
    form published snapshots have too.
    """
    where = _Where(data.bloc, data.year, scope(data), state_key(data, settings))
    found = _read(where)
    if found is not None:
        return found
    text = json.dumps(compute(), ensure_ascii=False, separators=(",", ":"))
    _store(where, text)
    return json.loads(text)


def scope(data: YearData) -> str:
    """Return the hash of the units `data` covers: the whole bloc's, or one unit's (a profile reads only it)."""
    return hashlib.sha256("\0".join(unit.code for unit in data.units).encode()).hexdigest()


class _Where(NamedTuple):
    bloc: str
    year: int
    scope: str
    state_key: str


def _read(where: _Where) -> dict | None:
    text = db.session.connection().execute(
        select(ResultCacheEntry.results).where(ResultCacheEntry.bloc == where.bloc, ResultCacheEntry.year == where.year,
                                               ResultCacheEntry.scope == where.scope,
                                               ResultCacheEntry.state_key == where.state_key)).scalar_one_or_none()
    if text is None:
        return None
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _store(where: _Where, text: str) -> None:
    """Keep `text` as the one entry of the year and scope, in a transaction of its own; give up rather than wait."""
    engine = db.engine
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return      # one connection shared with the request's session: a commit here would commit its work
    table = ResultCacheEntry.__table__
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            # Give up rather than wait: the request's own transaction may hold what this one needs.
            connection.exec_driver_sql("PRAGMA busy_timeout = 0" if sqlite else "SET LOCAL lock_timeout = '200ms'")
            try:
                connection.execute(delete(table).where(table.c.bloc == where.bloc, table.c.year == where.year,
                                                       table.c.scope == where.scope))
                connection.execute(insert(table).values(**where._asdict(), results=text, created_at=clock.now()))
                connection.commit()
            except DBAPIError:
                connection.rollback()           # the pragma below needs a connection out of the failed transaction
                raise
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA busy_timeout = 5000")     # pysqlite's default of 5 s
    except (IntegrityError, DBAPIError) as exc:     # another process stored it first, or the year is being written
        log.info("results of %s %s not cached: %s", where.bloc, where.year, exc.__class__.__name__)
