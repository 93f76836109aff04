"""Configuration: the database and the secret key come from the environment or the instance folder."""
from pathlib import Path

import pytest

from emulation import create_app
from emulation.config import build_config, engine_options


def test_default_database_is_a_sqlite_file_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = build_config(tmp_path / "instance")
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'instance' / 'emulation.sqlite'}"


def test_plain_postgresql_url_uses_psycopg3(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert build_config(tmp_path)["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def test_connections_are_checked_on_a_server_database_and_prepared_statements_can_be_turned_off(tmp_path,
                                                                                                 monkeypatch):
    postgres = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    assert engine_options(postgres) == {"pool_pre_ping": True}
    assert engine_options("sqlite:////tmp/x.sqlite") == {}
    assert engine_options(postgres, prepared_statements=False)["connect_args"] == {"prepare_threshold": None}
    given = {"pool_size": 3, "connect_args": {"application_name": "emulation"}}
    assert engine_options(postgres, given, prepared_statements=False) == {
        "pool_pre_ping": True, "pool_size": 3,
        "connect_args": {"application_name": "emulation", "prepare_threshold": None}}
    monkeypatch.setenv("EMULATION_PREPARED_STATEMENTS", "0")
    assert build_config(tmp_path)["EMULATION_PREPARED_STATEMENTS"] is False


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = build_config(tmp_path)["SECRET_KEY"]
    second = build_config(tmp_path)["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert build_config(tmp_path / "other")["SECRET_KEY"] != first


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert build_config(tmp_path)["SECRET_KEY"] == "from-the-environment"


def test_first_start_creates_the_sqlite_file_with_its_schema(tmp_path, monkeypatch):
    database = tmp_path / "fresh.sqlite"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    app = create_app()
    assert database.exists()
    response = app.test_client().get("/healthz")
    assert response.json == {"status": "ok"}
    assert Path(app.instance_path).name == "instance"


def test_times_show_in_ho_chi_minh_city_unless_another_zone_is_set(tmp_path, monkeypatch):
    monkeypatch.delenv("EMULATION_TIMEZONE", raising=False)
    assert build_config(tmp_path)["EMULATION_TIMEZONE"] == "Asia/Ho_Chi_Minh"
    monkeypatch.setenv("EMULATION_TIMEZONE", "Asia/Bangkok")
    assert build_config(tmp_path)["EMULATION_TIMEZONE"] == "Asia/Bangkok"
    monkeypatch.setenv("EMULATION_TIMEZONE", "Asia/Hanoi-City")
    with pytest.raises(ValueError, match="EMULATION_TIMEZONE='Asia/Hanoi-City' is not a known time zone"):
        build_config(tmp_path)
