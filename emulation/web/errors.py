"""The error pages: 403, 404, 413, 503 (the database cannot be reached) and any error a user caused."""
from flask import Flask, current_app, g, jsonify, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.datastructures import ImmutableMultiDict

from emulation.errors import EmulationError
from emulation.extensions import db, login_manager


def register_error_pages(app: Flask) -> None:
    """Answer 403, 404, 413 and a database outage with a page in the user's language."""
    for status in (403, 404):
        app.register_error_handler(status, lambda error, status=status: (
            render_template("error.html", status=status), status))
    app.register_error_handler(413, request_too_large)
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(DBAPIError, database_unavailable)
    app.register_error_handler(EmulationError, user_error)


def user_error(error: EmulationError):
    """Answer an error the user caused, that no page handled itself, with its status and message; nothing changed."""
    db.session.rollback()
    if request.path.startswith("/api/"):
        return jsonify(error=error.message or str(error)), error.status
    return render_template("error.html", status=error.status, message=error.message or str(error)), error.status


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
