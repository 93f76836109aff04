"""The plugin contract: every hook a unit plugin may implement.

Hooks are called with keyword arguments only; an implementation may accept fewer arguments than
the spec names. ``register_*`` hooks return lists; the core merges them, sorts them by code and
validates them when the app starts.
"""
import pluggy

hookspec = pluggy.HookspecMarker("emulation")
hookimpl = pluggy.HookimplMarker("emulation")


@hookspec
def register_units():
    """Return the units (UnitSpec) this plugin provides."""


@hookspec
def register_criteria(unit):
    """Return this plugin's own criteria (CriterionSpec) for `unit`, or [] if the unit is not its own."""


@hookspec
def validate_scores(unit, scores):
    """Return cross-criterion error messages for one unit's score sheet ([] if valid).

    :param scores: mapping of criterion code to the value entered (points, actual, count or 0/1).
    """


@hookspec
def register_export_sheets(bloc, year):
    """Return extra sheets (ExportSheet: title, columns, rows) for the year-end workbook."""
