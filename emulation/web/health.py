"""A liveness page for proxies and the first smoke test."""
from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import DBAPIError

from emulation.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Report that the app answers and its database does too; 503 with the reason when the database does not."""
    try:
        db.session.execute(db.text("SELECT 1"))
    except DBAPIError as error:
        current_app.logger.error("health check: database unavailable: %s", error.__class__.__name__)
        db.session.rollback()
        return jsonify(status="unavailable", reason="database unreachable", error=error.__class__.__name__), 503
    return jsonify(status="ok")
