"""Computed results kept in the database, keyed by the data version they were computed at.

A year's results are a pure function of the engine's code, the rule data and the year's inputs.
The key is a SHA-256 of a format version and the source of the engines, a canonical text of the
rule data (rule set, ranking, catalogue, council rules, base salaries), and the data version
(``storage.data_version``): a number the commit of every write to an input table moves in the same
transaction. A hit therefore reads the year's row (for its review date, hence its rule set), the
version and the entry, not the year. One entry per bloc year: the next store
replaces it. Entries are JSON; one that cannot be read is a miss.

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
from emulation.collector import collector_paused
from emulation.extensions import db
from emulation.models import ResultCacheEntry
from emulation.storage import data_version

# Raise when the stored results change shape without an engine source change (e.g. a new serialisation).
FORMAT_VERSION = 2
_PACKAGE = Path(__file__).resolve().parent.parent
# What computes the value kept: the engines, and the services that shape the entry (rewards, explanations).
_CODE = ("engine/*.py", "contract.py", "years/results.py", "years/rewards.py", "years/explain.py")
log = logging.getLogger(__name__)
# The scope of every entry kept: the whole bloc year (results of part of a year, read by a caller, are never kept).
# The units of a year change only by writes, which move the data version: they need no part in the key.
WHOLE_YEAR = "year"


@cache
def code_version() -> str:
    """Return a hash of the source the results are computed by: any edit of an engine is a new version."""
    digest = hashlib.sha256(str(FORMAT_VERSION).encode())
    for pattern in _CODE:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# Hashed when the process imports its code, not at its first results: a deploy that replaces the files under a
# running process must not give its old engines' results the new engines' key.
code_version()


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


def settings_digest(settings: tuple) -> str:
    """Return a hash of the canonical text of `settings`, kept while the same objects are passed.

    The rule files are kept per process while unchanged on disk (``storage.rule_files.kept``), so a
    file edited on disk gives new objects, hence a new text and digest.
    """
    ids = tuple(map(id, settings))
    found = _DIGESTS.get(ids)
    if found is not None and all(a is b for a, b in zip(found[0], settings)):
        return found[1]
    digest = hashlib.sha256(canonical(settings).encode()).hexdigest()
    if len(_DIGESTS) > 64:
        _DIGESTS.clear()
    _DIGESTS[ids] = (settings, digest)     # holding the objects keeps their ids from being reused
    return digest


_DIGESTS: dict[tuple, tuple[tuple, str]] = {}


def state_key(settings: tuple, version: int) -> str:
    """Return the key of results computed under `settings` (the rule data) from the inputs at data `version`."""
    return hashlib.sha256(f"{code_version()}\0{settings_digest(settings)}\0{version}".encode()).hexdigest()


def cached_results(bloc: str, year: int, settings: tuple, compute: Callable[[], dict]) -> dict:
    """Return the value `compute()` gives for the bloc year, from the cache or computed and kept.

    `compute` must read the year itself, once this call began (never data read before it): the data version
    is read first, so what is kept under it is never older than it. Inside a transaction that has
    written an input, the cache is neither read nor written (its reads see uncommitted data).
    Whether read or computed, the value comes back as JSON gives it (lists, string keys).
    """
    connection = db.session.connection()
    session = db.session
    if session.new or session.dirty or session.deleted or data_version.writing(connection):
        return as_json_value(compute())
    version = data_version.current(connection)
    if version is None:
        return as_json_value(compute())
    where = _Where(bloc, year, WHOLE_YEAR, state_key(settings, version))
    found = _read(where)
    if found is not None:
        return found
    text = _text(compute())
    _store(where, text)
    return _decode(text)


def kept_results(bloc: str, year: int, settings: tuple) -> dict | None:
    """Return the value kept for the bloc year under `settings` at the current data version, or None; never computes.

    For a reader that can do without the whole year's value (the workbook decides a miss batch by batch).
    """
    connection = db.session.connection()
    session = db.session
    if session.new or session.dirty or session.deleted or data_version.writing(connection):
        return None
    version = data_version.current(connection)
    return None if version is None else _read(_Where(bloc, year, WHOLE_YEAR, state_key(settings, version)))


def as_json_value(value: dict) -> dict:
    """Return `value` as the cache gives its entries back (through JSON: lists, string keys), without keeping it."""
    return _decode(_text(value))


def _text(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
        found = _decode(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _decode(text: str):
    """Return `text` decoded, the collector paused: a bloc's results are about a million objects, no cycles."""
    with collector_paused():
        return json.loads(text)


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
