"""The web app: every area's blueprints, the error pages and the template helpers, put together."""
import importlib

from flask import Flask, render_template

# Each module holds one area's pages as a blueprint named `bp`.
BLUEPRINT_MODULES = (
    "emulation.web.health",
    "emulation.accounts.views",
    "emulation.accounts.admin_views",
    "emulation.years.views",
    "emulation.years.signing_views",
    "emulation.years.results_views",
    "emulation.years.api",
    "emulation.sheets.views",
    "emulation.sheets.review_views",
    "emulation.registrations.views",
)


def register(app: Flask) -> None:
    """Register every blueprint on `app`, the error pages and the template helpers."""
    from emulation.accounts import permissions  # noqa: F401  (binds the user loader)
    from emulation.i18n import init_templates

    for dotted in BLUEPRINT_MODULES:
        app.register_blueprint(importlib.import_module(dotted).bp)
    init_templates(app)
    for status in (403, 404):
        app.register_error_handler(status, lambda error, status=status: (
            render_template("error.html", status=status), status))
