"""The web fixtures (the demo bloc with known passwords, signed-in clients) and their helpers, shared from tests/web."""
from web.conftest import (  # noqa: F401  (fixtures and helpers)
    BASE, BLOC, PASSWORD, YEAR, field_error, form_as_shown, line_versions, set_sheet_state, sheet_form_data,
    sheet_url, sheet_values, sign_in, web_app)
