"""WSGI entry point for gunicorn and `flask --app wsgi`."""
from emulation import create_app

app = create_app()
