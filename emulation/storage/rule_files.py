"""The rule data the app applies, read from its configured criteria folder (EMULATION_CRITERIA_DIR).

The engines take rule sets, rankings and catalogues as arguments; these are the only functions that
read them for the app, from the folder and the override its configuration names.
"""
from __future__ import annotations

from datetime import date

from flask import current_app

from emulation.engine.ranking import RankingConfig, load_ranking_config
from emulation.engine.rewards import SalaryStep, load_base_salaries
from emulation.engine.rules import RuleSet, TitleInfo, load_title_catalogue, select_rule_set


def app_catalogue() -> dict[str, TitleInfo]:
    """Return the title catalogue of the app's criteria folder."""
    return load_title_catalogue(current_app.config["EMULATION_CRITERIA_DIR"] / "titles.toml")


def app_ranking_config() -> RankingConfig:
    """Return the tie-break chain and bands of the app's criteria folder."""
    return load_ranking_config(current_app.config["EMULATION_CRITERIA_DIR"] / "ranking.toml")


def app_rule_set(when: date | int, catalogue: dict[str, TitleInfo]) -> RuleSet:
    """Return the title rules in force on `when` (a review date; a bare year means its 31 December).

    The rule set comes from the app's criteria folder, with the configured override applied.
    """
    return select_rule_set(when, current_app.config["EMULATION_CRITERIA_DIR"] / "rules",
                           current_app.config["EMULATION_RULES_OVERRIDE"], catalogue)


def app_base_salaries() -> tuple[SalaryStep, ...]:
    """Return the base-salary timeline of the app's criteria folder (``base-salary.toml``); () without the file."""
    path = current_app.config["EMULATION_CRITERIA_DIR"] / "base-salary.toml"
    return load_base_salaries(path) if path.exists() else ()
