"""The rendered parts of a score-entry page, kept per data version: a repeated view renders nothing again.

A page's parts (title, navigation, content, script) are a function of the stored data, the sheet, the
language, what the viewer's role may do and the root the app is served under (its links). They are kept under the global data version
(``storage.data_version``): every committed write to an input table moves it, so an entry is never
served after a change of the data, by this process or any other. The version is read before the data,
so an entry may hold newer data than its key, never older. Nothing is kept or read inside a
transaction that has written.

What belongs to the request is never kept: the CSRF token (kept as a mark, put back per request),
the signed-in user's header and the flashed messages (``base.html``, rendered per request), and the
messages and errors of a refused post (such a page is not kept at all).

Entries live in each app process's memory (at most ``MAX_ENTRIES``). Like the results cache, this cannot see
a write by another program than this app (psql): after one, restart the app processes.
"""
from __future__ import annotations

import secrets
import weakref
from collections import OrderedDict
from threading import Lock

from flask import current_app, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from emulation.extensions import db
from emulation.i18n import current_language
from emulation.storage import data_version

PARTS = ("title", "nav", "content", "scripts")
CSRF_MARK = "<csrf-token>"      # never in a rendered page otherwise: data is escaped, templates do not hold it
MAX_ENTRIES = 128               # about 50 KB each for the largest sheets

_entries: OrderedDict[tuple, dict[str, str]] = OrderedDict()
_engines: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = Lock()


def page_key(bloc: str, year: int, unit: str, role: str) -> tuple | None:
    """Return the key of the page of `unit`'s sheet as a user with `role` sees it now, or None when no entry may
    be read or kept (an input written in this transaction, or a database without a data version yet)."""
    version = data_version.cache_version(db.session)
    if version is None:
        return None
    # The root the app is served under is in the page's links, and a client may set it (X-Forwarded-Prefix
    # behind a proxy): a page is only served under the root it was rendered under.
    return _engine_token(db.engine), version, request.script_root, bloc, year, unit, current_language(), role


def _engine_token(engine) -> str:
    """A random token per database engine of this process: a copy of a database (a test's, a restored backup) may
    carry the same data version as another one this process has read."""
    with _lock:
        token = _engines.get(engine)
        if token is None:
            token = _engines[engine] = secrets.token_hex(8)
    return token


def cached_parts(key: tuple | None) -> dict[str, Markup] | None:
    """Return the parts kept under `key`, the request's CSRF token in place, or None when there are none."""
    if key is None:
        return None
    with _lock:
        parts = _entries.get(key)
        if parts is not None:
            _entries.move_to_end(key)
    return None if parts is None else _with_token(parts)


def keep_parts(key: tuple | None, parts: dict[str, str]) -> None:
    """Keep `parts` (rendered with the request's CSRF token) under `key`, the token replaced by a mark."""
    if key is None:
        return
    token = generate_csrf()
    kept = {name: str(text).replace(token, CSRF_MARK) for name, text in parts.items()}
    with _lock:
        _entries[key] = kept
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def forget_all() -> None:
    """Empty the cache (tests, and after a write by another program than this app)."""
    with _lock:
        _entries.clear()


def render_parts(template_name: str, **context) -> dict[str, Markup]:
    """Render the blocks ``PARTS`` of `template_name` with `context` and the app's template context."""
    app = current_app._get_current_object()
    template = app.jinja_env.get_template(template_name)
    app.update_template_context(context)
    rendered = template.new_context(context)
    return {name: Markup("".join(template.blocks[name](rendered))) for name in PARTS}


def _with_token(parts: dict[str, str]) -> dict[str, Markup]:
    token = None
    shown = {}
    for name, text in parts.items():
        if CSRF_MARK in text:
            token = token or generate_csrf()
            text = text.replace(CSRF_MARK, token)
        shown[name] = Markup(text)
    return shown
