"""The one computation behind every presentation: a stored year's results, for the CLI, web, API and exports."""
from __future__ import annotations

from emulation.engine.decisions import attach_decisions
from emulation.engine.results import compute_results, registration_stats
from emulation.engine.rules import review_date
from emulation.engine.yeardata import YearData
from emulation.storage.council_files import app_council_rules
from emulation.storage.database import find_year, read_decisions, read_year
from emulation.storage.results_cache import cached_results
from emulation.storage.rule_files import app_catalogue, app_ranking_config, app_rule_set
from emulation.storage.snapshots import published_results
from emulation.years.rewards import year_rewards


def year_results(bloc: str, year: int, data: YearData | None = None) -> dict:
    """Return the results of a stored bloc year: as published when it is, else computed from the data now.

    Every awarded title carries ``signed``: the signed decision that awards it, or None (proposed).
    """
    published = published_results(bloc, year)
    results = published if published is not None else live_results(bloc, year, data)
    return attach_decisions(results, data.decisions if data is not None else read_decisions(find_year(bloc, year)))


def live_results(bloc: str, year: int, data: YearData | None = None) -> dict:
    """Return the results computed now with the app's criteria folder and rule override, published or not.

    The rule set is the one in force on the year's review date; ``rewards`` holds the reward money of
    the titles awarded (``years.rewards``). The computed part comes from the results cache when the
    code, the rule data and the year's inputs are those it was stored for (``storage.results_cache``),
    as JSON gives it back.
    """
    data = data or read_year(bloc, year)
    settings = year_settings(data)
    results = cached_results(data, settings, lambda: compute_results(data, *settings))
    rule_set, _, catalogue, _ = settings
    results["rewards"] = year_rewards(results, rule_set, data, catalogue)
    return results


def year_settings(data: YearData) -> tuple:
    """Return what ``compute_results`` takes besides the year: (rule set, ranking, catalogue, council rules)."""
    catalogue = app_catalogue()
    return (app_rule_set(review_date(data.year, data.review_on), catalogue), app_ranking_config(), catalogue,
            app_council_rules())


def year_registration_stats(bloc: str, year: int) -> dict:
    """Return the year's registration statistics without deciding any title (the overview page needs no more)."""
    return registration_stats(read_year(bloc, year), app_catalogue())


