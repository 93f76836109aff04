"""A liveness page for proxies and the first smoke test."""
from flask import Blueprint, jsonify

from emulation.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Report that the app answers and its database does too."""
    db.session.execute(db.text("SELECT 1"))
    return jsonify(status="ok")
