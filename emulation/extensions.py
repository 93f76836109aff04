"""Unbound Flask extensions, bound to an app in create_app()."""
import sqlite3
from functools import cached_property

from flask import g
from flask_babel import Babel, Domain, _get_current_context, get_translations
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from jinja2 import pass_context
from markupsafe import Markup
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


def request_translations():
    """Return the request's translations, as ``flask_babel.get_translations`` gives them, read where
    ``RequestDomain`` keeps them (one context lookup, where Flask-Babel makes six); found as it finds them when
    none are kept yet, or ``force_locale`` or ``refresh`` cleared them."""
    try:
        found = g._flask_babel.babel_translations
    except (AttributeError, RuntimeError):      # none kept yet, or no app context
        found = None
    return found if found is not None else get_translations()


@pass_context
def template_gettext(context, string: str, **variables):
    """The templates' ``_()`` and ``gettext()``: what Jinja's newstyle gettext gives (the translation trusted in an
    autoescaped template, the variables escaped, always formatted), without its three calls through the template's
    context and Flask-Babel's lookups of the request's translations (about 9 µs a message, 4 this way)."""
    text = request_translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


class RequestBabel(Babel):
    """Flask-Babel with the request's translations kept (``RequestDomain``) and read directly by the templates'
    ``_()`` (``template_gettext``); ``ngettext`` and the rest stay Flask-Babel's."""

    @cached_property
    def domain_instance(self):
        return RequestDomain(domain=self.domain)

    def init_app(self, app, *args, **kwargs):
        super().init_app(app, *args, **kwargs)
        app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)


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
