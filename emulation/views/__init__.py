"""The web app's blueprints, one per area."""
from flask import Flask


def register(app: Flask) -> None:
    """Register every blueprint on `app`."""
    from .health import bp as health_bp
    app.register_blueprint(health_bp)
