"""What every page shares: the base form (CSRF, stripping, text checks), error pages, security headers, health,
and the registration of every area's blueprint."""
import importlib

from flask import Flask

from emulation import formatting, names
from emulation.accounts import permissions
from emulation.i18n import init_templates
from emulation.sheets import labels as sheet_labels
from emulation.storage.transactions import end_request_transaction
from emulation.web import forms, links
from emulation.web.errors import register_error_pages

# Each module holds one area's pages as a blueprint named `bp`.
BLUEPRINT_MODULES = (
    "emulation.web.health",
    "emulation.accounts.views",
    "emulation.accounts.admin_views",
    "emulation.years.views",
    "emulation.years.signing_views",
    "emulation.years.units_views",
    "emulation.years.results_views",
    "emulation.years.api",
    "emulation.sheets.views",
    "emulation.sheets.review_views",
    "emulation.sheets.evidence_views",
    "emulation.sheets.scorer_views",
    "emulation.registrations.views",
    "emulation.documents.views",
    "emulation.people.profile_views",
    "emulation.council.views",
    "emulation.people.views",
    "emulation.people.import_views",
)


def register(app: Flask) -> None:
    """Register every blueprint on `app`, the user loader, the error pages and the template helpers."""
    for dotted in BLUEPRINT_MODULES:
        app.register_blueprint(importlib.import_module(dotted).bp)
    init_templates(app)
    formatting.init_templates(app)
    names.init_templates(app)
    sheet_labels.init_templates(app)
    forms.init_templates(app)
    links.init_templates(app)
    app.before_request(permissions.load_signed_in_user)
    app.teardown_request(end_request_transaction)
    register_error_pages(app)
