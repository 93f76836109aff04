"""The app factory: configuration, extensions, the plugin host, every area's blueprints and the commands."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from emulation import web
from emulation.cli import register_commands
from emulation.config import build_config, engine_options, shared_folder
from emulation.export.sheet_names import validate_plugin_sheets
from emulation.extensions import babel, csrf, db, login_manager, migrate
from emulation.i18n import select_locale
from emulation.plugin_host.host import PluginHost
from emulation.plugin_host.registry import Registry
from emulation.storage.schema import ensure_schema
from emulation.web.headers import init_security_headers
from emulation.years.signing import available_agreements

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config -> proxy, database, login, CSRF, i18n, headers -> plugins -> registry -> blueprints -> CLI."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(shared_folder("templates")))
    app.config.update(build_config(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    hops = app.config["EMULATION_PROXY_HOPS"]
    if hops:
        # Only this many proxies' X-Forwarded-* headers are believed; a client could forge any others.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config["SQLALCHEMY_DATABASE_URI"],
                                                             app.config.get("SQLALCHEMY_ENGINE_OPTIONS"),
                                                             app.config["EMULATION_PREPARED_STATEMENTS"])
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, default_locale="vi", locale_selector=select_locale)
    init_security_headers(app)

    host = app.config.get("EMULATION_PLUGIN_HOST") or PluginHost(
        blocked=app.config["EMULATION_BLOCKED_PLUGINS"])
    app.extensions["emulation.plugins"] = host
    app.extensions["emulation.registry"] = Registry(host)
    _check_plugin_sheets(app, host)

    web.register(app)

    register_commands(app)

    if app.config["EMULATION_AUTO_UPGRADE"]:
        with app.app_context():
            ensure_schema()
    return app


def _check_plugin_sheets(app: Flask, host: PluginHost) -> None:
    """Refuse to start when a plugin asks for a workbook sheet name Excel rejects, for any agreement's year."""

    agreements = available_agreements(app.config["EMULATION_CRITERIA_DIR"])
    validate_plugin_sheets(host, [(a.bloc, a.year) for a in agreements])
