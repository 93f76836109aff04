"""The web fixtures (the demo bloc with known passwords, signed-in clients), shared from tests/web."""
from web.conftest import BASE, BLOC, PASSWORD, YEAR, field_error, sign_in, web_app  # noqa: F401  (fixtures)
