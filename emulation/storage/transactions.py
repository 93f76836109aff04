"""How a request's database transaction ends: with COMMIT when it wrote nothing, so PostgreSQL keeps its plans.

psycopg prepares a statement once a connection has run it five times: the server then plans it once instead of on
every run (the score-entry page's three statements spent about a millisecond being planned on each view). It
forgets every prepared statement on ROLLBACK, and every request used to end with one (the session's close), so no
statement was ever prepared. A transaction that changed nothing ends the same way by COMMIT or ROLLBACK; one that
may have changed anything (an ORM change not flushed, any statement that is not surely a read) is left to the
rollback, as before. "Any statement" is what SQLAlchemy executes (``data_version``'s listener sees those): a write
through a raw DBAPI cursor would not be seen, and the app has none. Other drivers (SQLite's) keep their statements
either way: their transactions end as before.

A statement prepared before another program changed the type of a column it reads (a migration run while the app
serves) fails once with "cached plan must not change result type": its connection is then thrown away as if lost,
with the pool's others, and the request answers the database's "try again" page (503); the next ones prepare afresh.
"""
from __future__ import annotations

from contextlib import suppress

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from emulation.extensions import db
from emulation.storage import data_version


def end_read_only(session: Session) -> None:
    """Commit `session`'s open transaction if it wrote nothing at all; leave any other to the caller's rollback."""
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    try:
        if session.get_bind().dialect.driver != "psycopg" or data_version.wrote_anything(session.connection()):
            return
        session.commit()
    except SQLAlchemyError:     # a connection lost, a failed flush the view did not roll back: end it as before
        with suppress(SQLAlchemyError):
            session.rollback()


def end_request_transaction(error: BaseException | None) -> None:
    """Flask ``teardown_request``: end a request's transaction that wrote nothing by COMMIT (see the module)."""
    if error is None:
        end_read_only(db.session())


_STALE_PLAN = "cached plan must not change result type"


@event.listens_for(Engine, "handle_error")
def _drop_connections_with_stale_plans(context) -> None:
    error = context.original_exception
    if getattr(error, "sqlstate", None) == "0A000" and _STALE_PLAN in str(error):
        context.is_disconnect = True
