"""The web fixtures (the demo bloc with known passwords, signed-in clients) and their helpers, shared from tests/web."""
from web.conftest import (  # noqa: F401  (fixtures and helpers)
    BASE, BLOC, PASSWORD, YEAR, field_error, form_as_shown, sheet_url, sign_in, web_app)
