"""The council's vote rules the app applies, read from its configured criteria folder (``council.toml``).

Kept apart from ``rule_files`` (the title rule sets); a criteria folder without the file has no vote
rules, so recorded votes still order a quota's candidates but no threshold is checked.
"""
from __future__ import annotations

from flask import current_app

from emulation.engine.council import CouncilRules, load_council_rules
from emulation.storage.rule_files import kept


def app_council_rules() -> CouncilRules | None:
    """Return the vote rules of the app's criteria folder, or None when it has no ``council.toml``."""
    path = current_app.config["EMULATION_CRITERIA_DIR"] / "council.toml"
    return kept([path], lambda: load_council_rules(path) if path.exists() else None, "council")
