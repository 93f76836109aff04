"""The one computation behind every presentation: a stored year's results, for the CLI, web, API and exports."""
from __future__ import annotations

from flask import current_app

from .ranking import load_ranking_config
from .results import compute_results, registration_stats
from .rules import load_title_catalogue, select_rule_set
from .snapshots import published_results
from .store import read_year
from .yeardata import YearData


def year_results(bloc: str, year: int, data: YearData | None = None) -> dict:
    """Return the results of a stored bloc year: as published when it is, else computed from the data now."""
    published = published_results(bloc, year)
    if published is not None:
        return published
    return live_results(bloc, year, data)


def live_results(bloc: str, year: int, data: YearData | None = None) -> dict:
    """Return the results computed now with the app's criteria folder and rule override, published or not."""
    data = data or read_year(bloc, year)
    criteria_dir = current_app.config["EMULATION_CRITERIA_DIR"]
    catalogue = load_title_catalogue(criteria_dir / "titles.toml")
    rule_set = select_rule_set(data.year, criteria_dir / "rules", current_app.config["EMULATION_RULES_OVERRIDE"],
                               catalogue)
    return compute_results(data, rule_set, load_ranking_config(criteria_dir / "ranking.toml"), catalogue)


def year_registration_stats(bloc: str, year: int) -> dict:
    """Return the year's registration statistics without deciding any title (the overview page needs no more)."""
    catalogue = load_title_catalogue(current_app.config["EMULATION_CRITERIA_DIR"] / "titles.toml")
    return registration_stats(read_year(bloc, year), catalogue)
