"""A request's transaction ends by COMMIT only when it wrote nothing: what it wrote and did not commit is still lost,
and on PostgreSQL the statements a connection keeps running are planned once (prepared), not on every request."""
import pytest
from sqlalchemy import func, select, text

from emulation.extensions import db
from emulation.models import AuditEvent, Unit


def _audit_rows() -> int:
    return db.session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


def test_a_write_a_request_did_not_commit_is_still_lost(demo_app):
    """Not an input (the audit trail) and an input alike: a request that wrote and did not commit leaves nothing."""
    with demo_app.app_context():
        audits = _audit_rows()
    with demo_app.test_request_context():
        db.session.execute(text("INSERT INTO audit_events (at, actor, kind, key, action, reason) "
                                "VALUES (CURRENT_TIMESTAMP, 'test', 'line', 'k', 'save', '')"))
    with demo_app.test_request_context():
        db.session.execute(select(Unit)).all()
        unit = db.session.execute(select(Unit).where(Unit.code == "TTTK")).scalar_one()
        unit.name = "Đổi tên không lưu"                  # an ORM change never flushed
    with demo_app.app_context():
        assert _audit_rows() == audits
        assert db.session.execute(select(Unit.name).where(Unit.code == "TTTK")).scalar_one() != "Đổi tên không lưu"


def test_a_request_that_swallowed_a_failed_write_ends_quietly(demo_app):
    """A view that caught a failed flush and answered anyway: the end of its request neither raises nor stores."""
    with demo_app.test_request_context():
        unit = db.session.execute(select(Unit).where(Unit.code == "TTTK")).scalar_one()
        db.session.add(Unit(code=unit.code, name="Trùng mã", bloc_id=unit.bloc_id))
        with pytest.raises(Exception):
            db.session.flush()
    with demo_app.app_context():
        assert db.session.execute(select(func.count()).where(Unit.code == "TTTK")).scalar_one() == 1


def _prepared_after_read_only_requests(app) -> int:
    """Run one read six times, each in a request of its own, and return how many such statements the connection
    has prepared."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are PostgreSQL's")
    statement = select(Unit.code).where(Unit.code == "NONE-SUCH")
    for _ in range(6):
        with app.test_request_context():
            db.session.execute(statement).all()
    with app.test_request_context():
        return db.session.execute(text(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT units.code%FROM units%'")
        ).scalar_one()


ONE_CONNECTION = {"pool_size": 1, "max_overflow": 0}       # every request runs on the same connection


def test_statements_repeated_by_read_only_requests_are_prepared(make_app):
    """On PostgreSQL, psycopg prepares a statement run five times on a connection, and forgets them all on ROLLBACK:
    ended by COMMIT, read-only requests keep them."""
    assert _prepared_after_read_only_requests(make_app(SQLALCHEMY_ENGINE_OPTIONS=ONE_CONNECTION)) >= 1


def test_prepared_statements_can_be_turned_off(make_app):
    """EMULATION_PREPARED_STATEMENTS=0 (a pooler in transaction mode): the app prepares nothing."""
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS=ONE_CONNECTION, EMULATION_PREPARED_STATEMENTS=False)
    assert _prepared_after_read_only_requests(app) == 0
