"""The one computation behind every presentation: a stored year's results, for the CLI, web, API and exports."""
from __future__ import annotations

from flask import current_app

from emulation.engine.ranking import RankingConfig, load_ranking_config
from emulation.engine.results import compute_results, registration_stats
from emulation.engine.rules import (
    RuleSet,
    TitleInfo,
    load_title_catalogue,
    select_rule_set,
)
from emulation.engine.yeardata import YearData
from emulation.storage.database import read_year
from emulation.years.snapshots import published_results


def year_results(bloc: str, year: int, data: YearData | None = None) -> dict:
    """Return the results of a stored bloc year: as published when it is, else computed from the data now."""
    published = published_results(bloc, year)
    if published is not None:
        return published
    return live_results(bloc, year, data)


def live_results(bloc: str, year: int, data: YearData | None = None) -> dict:
    """Return the results computed now with the app's criteria folder and rule override, published or not."""
    data = data or read_year(bloc, year)
    catalogue = app_catalogue()
    return compute_results(data, app_rule_set(data.year, catalogue), app_ranking_config(), catalogue)


def year_registration_stats(bloc: str, year: int) -> dict:
    """Return the year's registration statistics without deciding any title (the overview page needs no more)."""
    return registration_stats(read_year(bloc, year), app_catalogue())


def app_catalogue() -> dict[str, TitleInfo]:
    """Return the title catalogue of the app's criteria folder."""
    return load_title_catalogue(current_app.config["EMULATION_CRITERIA_DIR"] / "titles.toml")


def app_ranking_config() -> RankingConfig:
    """Return the tie-break chain and bands of the app's criteria folder."""
    return load_ranking_config(current_app.config["EMULATION_CRITERIA_DIR"] / "ranking.toml")


def app_rule_set(year: int, catalogue: dict[str, TitleInfo]) -> RuleSet:
    """Return the title rules the app applies to `year`: its criteria folder's rule set, with the override."""
    return select_rule_set(year, current_app.config["EMULATION_CRITERIA_DIR"] / "rules",
                           current_app.config["EMULATION_RULES_OVERRIDE"], catalogue)
