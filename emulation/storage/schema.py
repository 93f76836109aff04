"""Bring the configured database to the newest schema and keep the title catalogue in it."""
from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import text

from emulation.extensions import db
from emulation.models import Title
from emulation.storage.rule_files import app_catalogue

_PG_LOCK_KEY = 20170001  # any constant shared by every process of this app


def schema_is_current() -> bool:
    """Return whether the database is at the newest migration."""
    migrate_ext = current_app.extensions["migrate"]
    script = ScriptDirectory(migrate_ext.directory)
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(script.get_heads())


def ensure_schema() -> bool:
    """Upgrade an empty or older database to head and sync the title catalogue; return whether it upgraded.

    On PostgreSQL an advisory lock keeps several starting workers from migrating at once.
    """
    if schema_is_current():
        sync_titles()
        return False
    migrate_ext = current_app.extensions["migrate"]
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_LOCK_KEY})
            try:
                if not schema_is_current():
                    upgrade(directory=migrate_ext.directory)
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_LOCK_KEY})
                lock.commit()
    else:
        upgrade(directory=migrate_ext.directory)
    sync_titles()
    return True


def sync_titles() -> None:
    """Insert or update the title catalogue from criteria/titles.toml; write only what differs."""
    catalogue = app_catalogue()
    stored = {t.code: t for t in db.session.execute(db.select(Title)).scalars()}
    for entry in catalogue.values():
        title = stored.get(entry.code) or Title(code=entry.code)
        if (title.name, title.name_en, title.level) != (entry.name, entry.name_en, entry.level):
            title.name, title.name_en, title.level = entry.name, entry.name_en, entry.level
            db.session.add(title)
    db.session.commit()
