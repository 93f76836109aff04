"""Computed results kept in the database, keyed by the data version they were computed at.

A year's results are a pure function of the engine's code, the rule data and the year's inputs.
The key is a SHA-256 of a format version and the source of the engines, a canonical text of the
rule data (rule set, ranking, catalogue, council rules, base salaries), and the data version
(``storage.data_version``): a number the commit of every write to an input table moves in the same
transaction. A hit therefore reads the year's row (for its review date, hence its rule set), the
version and the entry, not the year. One entry per bloc year: the next store
replaces it. Entries are JSON; one that cannot be read is a miss.

An entry is several rows of one key, its ``scope`` naming the part: the head (``WHOLE_YEAR``: the value with the
lists named by the caller's `parts` left out), the index (``INDEX``: the summary of every element of those lists,
what a page searches and filters by) and those lists, a chunk of ``CHUNK`` elements a row. A page reads the head
and the index and decodes only the elements it shows (``cached_entry``); every other caller gets the whole value
back (``cached_results``), the index left undecoded.

An entry is written in a short transaction of its own, so a read-only page keeps it (its own
transaction is rolled back), and it never waits: on SQLite it gives up at once if another
connection writes, on PostgreSQL after a short lock timeout. A failed store only costs a recompute.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import secrets
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
FORMAT_VERSION = 4
_PACKAGE = Path(__file__).resolve().parent.parent
# What computes the value kept: the engines, and the services that shape the entry (rewards, explanations).
_CODE = ("engine/*.py", "contract.py", "years/results.py", "years/rewards.py", "years/explain.py")
log = logging.getLogger(__name__)
# The scope of every entry's head: the whole bloc year (results of part of a year, read by a caller, are never kept).
# The units of a year change only by writes, which move the data version: they need no part in the key.
WHOLE_YEAR = "year"
# The scope of the row holding what a page searches and filters by: the summary of every element of each list apart.
INDEX = "index"
# Elements of a list kept apart per row: a page's 20 people are read from a row or two, not the bloc's 2,000.
CHUNK = 50


@cache
def code_version() -> str:
    """Return a hash of the source the results are computed by: any edit of an engine is a new version."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}/{CHUNK}".encode())     # the chunk size is the rows' layout
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


Parts = dict[str, Callable]     # "results.individuals" -> element -> what a page needs of it without decoding it


class EntryGone(LookupError):
    """The entry a page began reading was replaced (or cannot be read) before the page read its rows."""


class Entry:
    """A value as the cache gives it back, read in parts: `head` is the value with each list kept apart set to
    None; ``summaries`` gives what was indexed of each element of such a list, ``rows`` decodes only the elements
    asked for, ``whole`` puts every list back. The entry is the caller's own: ``whole`` fills `head` in place."""

    def __init__(self, head: dict, chunks: dict[str, int], fetch: Callable[[list[str]], dict[str, str] | None],
                 known: dict[str, str], token: str = ""):
        self.head = head
        self._token = token         # written on every row of one store: rows of another store are refused
        self._chunks = chunks       # path of a list kept apart -> its number of chunks
        self._fetch = fetch         # scopes -> their texts, None when one is missing
        self._known = known         # texts already read: the index, on a page's first query
        self._summaries = None

    def apart(self, path: str) -> bool:
        """Whether the list at `path` ("results.individuals") is kept apart from the head."""
        return path in self._chunks

    def summaries(self, path: str) -> list:
        """Return the summary of each element of the list kept apart at `path`, in its order."""
        if self._summaries is None:
            texts = {INDEX: self._known[INDEX]} if INDEX in self._known else self._fetch([INDEX])
            try:
                self._summaries = _decode(_own(texts[INDEX], self._token))
            except (TypeError, ValueError) as exc:
                raise EntryGone(INDEX) from exc
        try:
            return self._summaries[path]
        except (KeyError, TypeError) as exc:
            raise EntryGone(INDEX) from exc

    def rows(self, wanted: dict[str, list[int]]) -> dict[str, list]:
        """Return, for each path of `wanted`, the elements at its positions of the list kept apart there, decoding
        no other (one query for them all)."""
        scopes = sorted({_chunk_scope(path, p // CHUNK) for path, positions in wanted.items() for p in positions})
        texts = self._fetch(scopes) if scopes else {}
        if texts is None:
            raise EntryGone(", ".join(wanted))
        try:
            with collector_paused():
                chunks = {scope: _chunk(_own(text, self._token)) for scope, text in texts.items()}
                return {path: [_decode(_element(chunks[_chunk_scope(path, p // CHUNK)], p % CHUNK))
                               for p in positions] for path, positions in wanted.items()}
        except (KeyError, IndexError, ValueError) as exc:
            raise EntryGone(", ".join(wanted)) from exc

    def whole(self) -> dict:
        """Return the whole value: the head with every list kept apart decoded back in its place."""
        scopes = [_chunk_scope(path, n) for path, chunks in self._chunks.items() for n in range(chunks)]
        texts = self._fetch(scopes) if scopes else {}
        if texts is None:
            raise EntryGone("whole")
        # One pause for every chunk: resumed after each, the collector would rescan the objects decoded so far.
        with collector_paused(keep=True):
            for path, chunks in self._chunks.items():
                *outer, last = path.split(".")
                holder = self.head
                for key in outer:
                    holder = holder[key]
                items = []
                for n in range(chunks):
                    try:
                        text = _own(texts[_chunk_scope(path, n)], self._token)
                        items.extend(_decode(text[text.index("\n") + 1:]))
                    except (KeyError, ValueError) as exc:
                        raise EntryGone(path) from exc
                holder[last] = items
        self._chunks = {}
        return self.head


def cached_results(bloc: str, year: int, settings: tuple, compute: Callable[[], dict], parts: Parts | None = None) -> dict:
    """Return the value `compute()` gives for the bloc year, from the cache or computed and kept.

    `compute` must read the year itself, once this call began (never data read before it): the data version
    is read first, so what is kept under it is never older than it. Inside a transaction that has
    written an input, the cache is neither read nor written (its reads see uncommitted data).
    Whether read or computed, the value comes back as JSON gives it (lists, string keys). `parts` names the lists
    kept apart from the entry's head (see ``cached_entry``).
    """
    try:
        return cached_entry(bloc, year, settings, compute, parts or {}, whole=True).whole()
    except EntryGone:       # a part that cannot be read: a miss
        return cached_entry(bloc, year, settings, compute, parts or {}, reuse=False).whole()


def cached_entry(bloc: str, year: int, settings: tuple, compute: Callable[[], dict], parts: Parts,
                 whole: bool = False, reuse: bool = True) -> Entry:
    """Return the value of ``cached_results`` as an ``Entry``: on a hit only its head and index are read (with
    `whole`, every part is read in the same query); the lists named by `parts` are decoded an element at a time.

    `parts` maps the dotted path of a list in the value to a function giving the summary of each element, kept in
    the index row (a page searches and filters by it). With `reuse` false the cache is not read (an entry replaced
    while a page read it): the value is computed and kept.
    """
    version = data_version.cache_version(db.session)
    if version is None:
        return _entry(_split(compute(), parts))
    where = _Where(bloc, year, WHOLE_YEAR, state_key(settings, version))
    found = _read(where, whole) if reuse else None
    if found is not None:
        return found
    rows = _split(compute(), parts)
    _store(where, rows)
    return _entry(rows)


def kept_results(bloc: str, year: int, settings: tuple) -> dict | None:
    """Return the value kept for the bloc year under `settings` at the current data version, or None; never computes.

    For a reader that can do without the whole year's value (the workbook decides a miss batch by batch).
    """
    version = data_version.cache_version(db.session)
    found = None if version is None else _read(_Where(bloc, year, WHOLE_YEAR, state_key(settings, version)), True)
    try:
        return found.whole() if found is not None else None
    except EntryGone:       # a part that cannot be read: as good as none
        return None


def as_json_value(value: dict) -> dict:
    """Return `value` as the cache gives its entries back (through JSON: lists, string keys), without keeping it."""
    return _decode(_text(value))


def _text(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _chunk_scope(path: str, number: int) -> str:
    return f"{path}#{number}"


def _own(text: str, token: str) -> str:
    """Return a row's text without its first line, the token of the store that wrote it; ValueError when that is
    not `token` (a page read the head of one store and this row of another, kept under the same key since)."""
    found, newline, rest = text.partition("\n")
    if not newline or found != token:
        raise ValueError("a row of another store")
    return rest


def _chunk(text: str) -> tuple[list, str]:
    """Return the offsets of a chunk's elements and the JSON array that holds them (a chunk's row is the offsets,
    a newline, then the array: JSON text holds no newline of its own)."""
    offsets, _, array = text.partition("\n")
    return _decode(offsets), array


def _element(chunk: tuple[list, str], number: int) -> str:
    """Return the JSON text of element `number` of a chunk read by ``_chunk``."""
    offsets, array = chunk
    return array[offsets[number]:offsets[number + 1] - 1]


def _split(value: dict, parts: Parts) -> dict[str, str]:
    """Return scope -> text of the rows that keep `value`: its head, the index (the summary of every element of
    each list kept apart) and each of those lists in chunks of CHUNK elements (a chunk: its elements' offsets, a
    newline, and the JSON array of them). Every row but the head begins with a line holding the store's token."""
    head, chunks, index, rows = dict(value), {}, {}, {}
    token = secrets.token_hex(8)
    for path, summarize in parts.items():
        *outer, last = path.split(".")
        holder = head
        for key in outer:
            inner = holder.get(key) if isinstance(holder, dict) else None
            if not isinstance(inner, dict):
                holder = None
                break
            holder[key] = holder = dict(inner)      # a copy: the caller's value stays whole
        items = holder.get(last) if holder is not None else None
        if not isinstance(items, list):
            continue
        holder[last] = None
        texts = [_text(item) for item in items]
        for start in range(0, len(texts), CHUNK):
            chunk, offsets = texts[start:start + CHUNK], [1]
            for text in chunk:
                offsets.append(offsets[-1] + len(text) + 1)
            rows[_chunk_scope(path, start // CHUNK)] = f"{token}\n{_text(offsets)}\n[" + ",".join(chunk) + "]"
        chunks[path] = -(-len(texts) // CHUNK)
        index[path] = [summarize(item) for item in items]
    rows[WHOLE_YEAR] = _text({"value": head, "chunks": chunks, "token": token})
    rows[INDEX] = f"{token}\n{_text(index)}"
    return rows


def _entry(rows: dict[str, str]) -> Entry:
    """Return the entry kept in `rows` (scope -> text), read from them; ValueError when its head cannot be read."""
    found = _decode(rows[WHOLE_YEAR])
    if not (isinstance(found, dict) and isinstance(found.get("value"), dict) and isinstance(found.get("chunks"), dict)):
        raise ValueError("not an entry")
    return Entry(found["value"], found["chunks"], lambda scopes: {scope: rows[scope] for scope in scopes if scope in rows},
                 rows, str(found.get("token", "")))


class _Where(NamedTuple):
    bloc: str
    year: int
    scope: str
    state_key: str


def _read(where: _Where, whole: bool) -> Entry | None:
    """Return the entry kept under `where`'s key: its head and index, or with `whole` every row; None on a miss."""
    table = ResultCacheEntry.__table__
    query = select(table.c.scope, table.c.results).where(table.c.bloc == where.bloc, table.c.year == where.year,
                                                         table.c.state_key == where.state_key)
    connection = db.session.connection()
    rows = dict(connection.execute(query if whole else query.where(table.c.scope.in_((where.scope, INDEX)))).all())
    if where.scope not in rows:
        return None
    try:
        entry = _entry(rows)
    except ValueError:
        return None
    if whole:
        return entry

    def fetch(scopes: list[str]) -> dict[str, str] | None:
        found = dict(db.session.connection().execute(query.where(table.c.scope.in_(scopes))).all())
        return found if len(found) == len(scopes) else None
    entry._fetch = fetch
    return entry


def _decode(text: str):
    """Return `text` decoded, the collector paused: a bloc's results are about a million objects, no cycles."""
    with collector_paused():
        return json.loads(text)


def _store(where: _Where, rows: dict[str, str]) -> None:
    """Keep `rows` (scope -> text) as the one entry of the bloc year, in a transaction of its own; give up rather
    than wait."""
    engine = db.engine
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return      # one connection shared with the request's session: a commit here would commit its work
    table = ResultCacheEntry.__table__
    now = clock.now()
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            # Give up rather than wait: the request's own transaction may hold what this one needs.
            connection.exec_driver_sql("PRAGMA busy_timeout = 0" if sqlite else "SET LOCAL lock_timeout = '200ms'")
            try:
                connection.execute(delete(table).where(table.c.bloc == where.bloc, table.c.year == where.year))
                connection.execute(insert(table), [
                    {**where._asdict(), "scope": scope, "results": text, "created_at": now}
                    for scope, text in rows.items()])
                connection.commit()
            except DBAPIError:
                connection.rollback()           # the pragma below needs a connection out of the failed transaction
                raise
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA busy_timeout = 5000")     # pysqlite's default of 5 s
    except (IntegrityError, DBAPIError) as exc:     # another process stored it first, or the year is being written
        log.info("results of %s %s not cached: %s", where.bloc, where.year, exc.__class__.__name__)
