"""Shared fixtures: an app on a fresh database (SQLite by default, PostgreSQL when TEST_DATABASE_URL says so)."""
from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import create_engine, text

from emulation import create_app
from emulation.extensions import db

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
KEEP_TABLES = {"alembic_version", "titles"}


def _config(url: str, instance_path) -> dict:
    return {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-only-secret",
            "WTF_CSRF_ENABLED": False}


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Migrate one database per test session; tests then start from a copy (SQLite) or a truncation (PostgreSQL)."""
    if POSTGRES_URL:
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        create_app(_config(POSTGRES_URL, None))
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    create_app(_config(f"sqlite:///{path}", None))
    return path


@pytest.fixture
def database_url(database_template, tmp_path):
    """A database URL at the newest schema, with the title catalogue and nothing else."""
    if POSTGRES_URL:
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            tables = connection.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
            wipe = [f'"{t}"' for t in tables if t not in KEEP_TABLES]
            if wipe:
                connection.execute(text(f"TRUNCATE {', '.join(wipe)} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return POSTGRES_URL
    copy = tmp_path / "test.sqlite"
    shutil.copy(database_template, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def make_app(database_url, tmp_path):
    """Return a factory of apps on the test database; extra config goes in as keyword arguments."""
    apps = []

    def factory(**config):
        app = create_app({**_config(database_url, tmp_path), **config})
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """An app on a fresh database."""
    return make_app()


@pytest.fixture
def runner(app):
    """A CLI runner for `app`."""
    return app.test_cli_runner()


@pytest.fixture
def client(app):
    """A test client for `app`."""
    return app.test_client()


@pytest.fixture
def demo_app(app):
    """An app whose database holds the demo bloc."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app
