"""The migrations build exactly the schema the models declare, and their downgrade removes all of it."""
import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from sqlalchemy import inspect, text

from emulation.extensions import db

MARKER_TABLE = "emulation_test_marker"      # the PostgreSQL test database's own mark (tests/conftest.py)
APPEND_ONLY = {"audit_events", "result_snapshots", "result_snapshot_parts"}


def _differences(app) -> list:
    """Return what autogenerate would change to bring the database to the models (types compared too)."""
    with app.app_context(), db.engine.connect() as connection, warnings.catch_warnings():
        # SQLite cannot reflect the expression index of council_sessions; Alembic warns and skips it.
        warnings.filterwarnings("ignore", message=".*expression-based index")
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            "include_name": lambda name, kind, _parent: not (kind == "table" and name == MARKER_TABLE)})
        return compare_metadata(context, db.metadata)


def _triggers_and_functions(app) -> set[str]:
    with app.app_context(), db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            return set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        return set(connection.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal UNION "
            "SELECT proname FROM pg_proc JOIN pg_namespace n ON n.oid = pronamespace WHERE nspname = 'public'"
        )).scalars())


def test_the_migrated_database_is_what_the_models_declare(app):
    assert _differences(app) == []


def test_downgrade_to_base_removes_every_table_and_trigger_and_init_db_brings_them_back(app, runner):
    before = _triggers_and_functions(app)
    assert all(any(name.startswith(f"{table}_") for name in before) for table in APPEND_ONLY)
    with app.app_context():
        downgrade(directory=app.extensions["migrate"].directory, revision="base")
        left = set(inspect(db.engine).get_table_names()) - {"alembic_version", MARKER_TABLE}
    assert left == set()
    assert _triggers_and_functions(app) == set()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert _triggers_and_functions(app) == before
    assert _differences(app) == []
