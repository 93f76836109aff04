"""The data version: a number that the commit of every write to the app's inputs moves, in that same commit.

Granularity: **global**, one number for the whole database. It is provably safe rather than fine: a
write cannot be attributed to a year from its SQL text alone (a person, an award or a title serves
several years), and a wrong attribution would leave a stale entry; a global number needs none.
The price is that a write to one bloc makes every bloc's cached results miss once.

How every write moves it, whatever path it takes (ORM flush, ``session.execute(text(...))``,
``exec_driver_sql``, Core bulk inserts of year-file loads, the synthetic generator, CLI imports):

* a listener on **every** SQLAlchemy ``Engine`` (``before_cursor_execute``) marks the connection that
  runs an INSERT, UPDATE, DELETE, REPLACE or any statement it cannot tell is a read, unless it names
  one of ``NOT_INPUTS``. The list names what is *not* an input, so a new table is an input by default;
* the connection's commit (``ConnectionEvents.commit``, fired before the driver's commit) then
  upserts the row last, on the same DBAPI connection: the number moves atomically with the writes,
  and its row lock is held only for the commit, so two writers never wait for each other in a cycle;
* a rollback clears the mark: a rolled-back write does not move the number.

Readers read the number *before* the data (``current``), so an entry can hold newer data than its
number, never older. What this cannot see is a write by another program than this app (psql): after
one, empty ``result_cache``. The row starts at a random number (the migration, or the first write when
the row is missing), so entries kept under an earlier run of numbers can never be read again.
"""
from __future__ import annotations

import re
import secrets
import weakref

from sqlalchemy import event, literal_column
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

TABLE = "data_version"
# Tables whose rows no result is computed from: writing them moves nothing. Everything else is an input.
NOT_INPUTS = frozenset({
    TABLE, "result_cache",                                  # this machinery
    "audit_events",                                         # the trail of the writes (their tables move it)
    "sign_in_failures", "user_sessions",                    # sign-in bookkeeping, written on page views
    "result_snapshots", "result_snapshot_parts",            # published copies; live results never read them
})
_DIRTY, _DDL = "emulation.data_version.dirty", "emulation.data_version.ddl"
_WROTE = "emulation.data_version.wrote"    # Connection.info: the transaction ran a statement that is not a read
_READ = "emulation.data_version.read"      # Session.info: the version read by the transaction's first statement
_MARKS = (_DIRTY, _DDL, _WROTE)            # what a connection's transaction noted, forgotten as it ends
# The execution option of a write that changes no row's value (SQLite's lock-taking no-op update):
# `statement.execution_options(**CHANGES_NOTHING)` keeps it from moving the number.
CHANGES_NOTHING = {"emulation_changes_nothing": True}
_READS = re.compile(r"\s*(?:SELECT|PRAGMA|SET|SHOW|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|END|EXPLAIN|VALUES)\b",
                    re.IGNORECASE)
_WRITE = re.compile(r'\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)'
                    r'\s+(?:ONLY\s+)?(?:"?\w+"?\.)?"?(\w+)"?', re.IGNORECASE)
_CTE_WRITE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
_DDL_START = re.compile(r"\s*(?:CREATE|ALTER|DROP|TRUNCATE)\b", re.IGNORECASE)
_HAS_TABLE = weakref.WeakSet()      # engines whose database was seen to have the table


def reads_only(statement: str) -> bool:
    """Return whether `statement` surely changes no table at all (unsure counts as no)."""
    if statement.lstrip()[:4].upper() == "WITH":
        return not _CTE_WRITE.search(statement)
    return bool(_READS.match(statement))


def writes_input(statement: str) -> bool:
    """Return whether `statement` may change an input table (unsure counts as yes)."""
    return not reads_only(statement) and _names_an_input(statement)


def _names_an_input(statement: str) -> bool:
    """For a statement that may write: whether what it writes may be an input (a statement it cannot read, a
    writing WITH among them, counts as one)."""
    found = _WRITE.match(statement)
    return found is None or found.group(1).lower() not in NOT_INPUTS


def current(connection: Connection) -> int | None:
    """Return the data version as committed (None before the first write after its row was removed)."""
    return connection.exec_driver_sql(f"SELECT version FROM {TABLE} WHERE id = 1").scalar()


def version_column():
    """The committed data version as a column of another read: a request's first statement (the signed-in user's)
    reads it with its own columns and hands it to ``remember``, which spares the caches a statement of their own."""
    return literal_column(f"(SELECT version FROM {TABLE} WHERE id = 1)")


def remember(session: Session, version: int | None) -> None:
    """Keep `version`, read by `session`'s transaction before any of its other reads (``version_column``), for
    ``cache_version`` to return until that transaction ends."""
    session.info[_READ] = version


@event.listens_for(Session, "after_transaction_end")
def _forget_read(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_READ, None)


def cache_version(session: Session) -> int | None:
    """Return the committed data version a cache may key what `session` reads by, or None when it may not: the
    session holds unflushed changes or its transaction wrote an input (its reads are not what is committed), or the
    version's row is missing. A version the transaction read first (``remember``) serves: read before the data."""
    connection = session.connection()
    if session.new or session.dirty or session.deleted or writing(connection):
        return None
    version = session.info.get(_READ)
    return current(connection) if version is None else version


def writing(connection: Connection) -> bool:
    """Return whether `connection`'s open transaction wrote an input: its reads are not what is committed."""
    return bool(connection.info.get(_DIRTY))


def wrote_anything(connection: Connection) -> bool:
    """Return whether `connection`'s open transaction ran any statement that may change a table, input or not."""
    return bool(connection.info.get(_WROTE))


@event.listens_for(Engine, "before_cursor_execute")
def _note(connection, _cursor, statement, _parameters, context, _executemany) -> None:
    if reads_only(statement):       # every statement passes here: a read is told apart once
        return
    connection.info[_WROTE] = True
    if context is not None and context.execution_options.get("emulation_changes_nothing"):
        return
    if _names_an_input(statement):
        connection.info[_DIRTY] = True
        if _DDL_START.match(statement):
            connection.info[_DDL] = True


@event.listens_for(Engine, "commit")
def _bump(connection) -> None:
    info = connection.info
    info.pop(_WROTE, None)
    if not info.pop(_DIRTY, False):
        return
    schema_changed = info.pop(_DDL, False)
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        if (schema_changed or connection.engine not in _HAS_TABLE) and not _has_table(cursor, connection):
            return      # a database before the migration that adds it (or another app's): nothing to move
        _HAS_TABLE.add(connection.engine)
        # Straight on the driver's cursor: not seen by the listener above, not a statement SQLAlchemy tracks.
        cursor.execute(f"INSERT INTO {TABLE} (id, version) VALUES (1, {secrets.randbelow(2 ** 62)}) "
                       f"ON CONFLICT (id) DO UPDATE SET version = {TABLE}.version + 1")
    finally:
        cursor.close()


@event.listens_for(Engine, "rollback")
def _forget(connection) -> None:
    if connection.invalidated:      # its DBAPI connection is gone, and its marks with it
        return
    for mark in _MARKS:
        connection.info.pop(mark, None)


@event.listens_for(Pool, "reset")
def _forget_on_return(_dbapi_connection, record, _reset_state) -> None:
    for mark in _MARKS:
        record.info.pop(mark, None)


def _has_table(cursor, connection) -> bool:
    if connection.dialect.name == "sqlite":
        cursor.execute(f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TABLE}'")
    else:
        cursor.execute(f"SELECT 1 FROM information_schema.tables WHERE table_name = '{TABLE}' "
                       "AND table_schema = current_schema()")
    return cursor.fetchone() is not None
