"""What every command shares: one handler that turns an error the user caused into a message and exit 1."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from emulation.errors import EmulationError


class EmulationCommand(click.Command):
    """A command whose user-caused errors (EmulationError) print their message and exit with status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except EmulationError as exc:
            raise click.ClickException(exc.message or str(exc)) from exc


class EmulationGroup(AppGroup):
    """A group of commands (`emulation user ...`) that run in the app context and share the error handler."""

    command_class = EmulationCommand


def command(name: str):
    """Declare a command of the `emulation` group, with the one error handler."""
    return click.command(name, cls=EmulationCommand)


def group(name: str):
    """Declare a group of commands, with the one error handler."""
    return click.group(name, cls=EmulationGroup)


def registry():
    """Return the app's registry of units and their plugins' criteria."""
    return current_app.extensions["emulation.registry"]
