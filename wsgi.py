"""WSGI entry point for gunicorn and `flask --app wsgi`."""
from emulation.app import create_app

app = create_app()
