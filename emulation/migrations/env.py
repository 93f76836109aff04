"""Alembic environment: runs the migrations against the Flask app's database."""
from alembic import context
from flask import current_app

target_metadata = current_app.extensions["migrate"].db.metadata


def run_migrations_online() -> None:
    """Run migrations on the app's engine, in batch mode on SQLite so ALTERs work there too."""
    engine = current_app.extensions["migrate"].db.engine
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run `emulation init-db` against a database.")
run_migrations_online()
