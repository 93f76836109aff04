"""The web app's blueprints, one per area, and the error pages."""
from flask import Flask, current_app, g, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.datastructures import ImmutableMultiDict

from ..extensions import db, login_manager


def register(app: Flask) -> None:
    """Register every blueprint on `app`, the error pages and the template helpers."""
    from .. import security  # binds the user loader
    from ..i18n import init_templates
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .blocs import bp as blocs_bp
    from .health import bp as health_bp
    from .registrations import bp as registrations_bp
    from .results import bp as results_bp
    from .review import bp as review_bp
    from .sheets import bp as sheets_bp

    for blueprint in (health_bp, auth_bp, blocs_bp, sheets_bp, review_bp, registrations_bp, results_bp, api_bp,
                      admin_bp):
        app.register_blueprint(blueprint)
    init_templates(app)
    app.before_request(security.load_signed_in_user)
    for status in (403, 404):
        app.register_error_handler(status, lambda error, status=status: (
            render_template("error.html", status=status), status))
    app.register_error_handler(413, request_too_large)
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(DBAPIError, database_unavailable)


def request_too_large(_error):
    """Answer 413 with a page in the user's language; the body is never read, so nothing of it is stored."""
    # The page's forms (sign-out) would read the oversized body again; they are given none.
    request.form, request.files = ImmutableMultiDict(), ImmutableMultiDict()
    return render_template("error.html", status=413), 413


def database_unavailable(error: DBAPIError):
    """Answer 503 with a page in the user's language when the database cannot be reached; re-raise other errors.

    The page is rendered as for a visitor: reading the signed-in user would need the database too.
    """
    if not isinstance(error, OperationalError) and not error.connection_invalidated:
        raise error
    current_app.logger.error("database unavailable: %s", error.__class__.__name__, exc_info=error)
    try:
        db.session.rollback()
    except DBAPIError:
        pass
    g._login_user = login_manager.anonymous_user()
    return render_template("error.html", status=503), 503
