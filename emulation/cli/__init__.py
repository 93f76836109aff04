"""The `emulation` command: a Flask CLI group over create_app, its commands grouped by area."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from emulation.cli.accounts import user
from emulation.cli.agreements import agreement
from emulation.cli.devdata import demo, synth
from emulation.cli.documents import documents
from emulation.cli.evidence import prune_evidence
from emulation.cli.people import people
from emulation.cli.system import init_db, plugins
from emulation.cli.years import dump, export, history, load, results, sign

COMMANDS = (init_db, demo, plugins, sign, dump, load, results, export, synth, user, history, people, documents,
            agreement, prune_evidence)


def _create_app(*_args, **_kwargs) -> Flask:
    # Imported here: the app factory registers these very commands.
    from emulation.app import create_app
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main():
    """Bộ chấm điểm thi đua (emulation scoring suite)."""


def register_commands(app: Flask) -> None:
    """Attach the emulation commands to `app.cli` so `flask --app wsgi ...` has them too."""
    for command in COMMANDS:
        app.cli.add_command(command)
