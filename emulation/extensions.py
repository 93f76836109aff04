"""Unbound Flask extensions, bound to an app in create_app()."""
import sqlite3
from functools import cached_property

from flask_babel import Babel, Domain, _get_current_context
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic can alter them on every backend (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the request's translations found once per request.

    Flask-Babel finds the request's locale and its catalogue again for every message (about 6 µs; a page
    translates dozens). They are kept where Flask-Babel 1 kept them, ``babel_translations`` of its request
    state, which ``force_locale`` and ``refresh`` still clear and restore, so a forced language applies at once.
    """

    def get_translations(self):
        state = _get_current_context()
        if state is None:
            return super().get_translations()
        found = getattr(state, "babel_translations", None)
        if found is None:
            found = state.babel_translations = super().get_translations()
        return found


class RequestBabel(Babel):
    """Flask-Babel with the request's translations kept (``RequestDomain``)."""

    @cached_property
    def domain_instance(self):
        return RequestDomain(domain=self.domain)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = RequestBabel()


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite ignores foreign keys unless asked on every connection.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
