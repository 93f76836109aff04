"""The web app's blueprints, one per area."""
from flask import Flask, render_template


def register(app: Flask) -> None:
    """Register every blueprint on `app`, the error pages and the template helpers."""
    from .. import security  # noqa: F401  (binds the user loader)
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
    for status in (403, 404):
        app.register_error_handler(status, lambda error, status=status: (
            render_template("error.html", status=status), status))
