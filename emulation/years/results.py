"""The one computation behind every presentation: a stored year's results, for the CLI, web, API and exports."""
from __future__ import annotations

from emulation.collector import collector_paused
from emulation.engine.decisions import attach_decisions, mark_signed
from emulation.engine.results import compute_results, registration_stats
from emulation.engine.rules import review_date
from emulation.engine.yeardata import YearData
from emulation.storage.council_files import app_council_rules
from emulation.storage.database import find_year, read_decisions, read_year
from emulation.storage.results_cache import Entry, as_json_value, cached_entry, cached_results, kept_results
from emulation.storage.rule_files import app_base_salaries, app_catalogue, app_ranking_config, app_rule_set
from emulation.storage.snapshots import published_results
from emulation.years.explain import explanations
from emulation.years.rewards import year_rewards


def year_results(bloc: str, year: int, data: YearData | None = None) -> dict:
    """Return the results of a stored bloc year: as published when it is, else computed from the data now.

    Every awarded title carries ``signed``: the signed decision that awards it, or None (proposed).
    """
    published = published_results(bloc, year)
    decisions = data.decisions if data is not None else read_decisions(find_year(bloc, year))
    if published is not None:       # the snapshot's dict may be its ORM row's: copied, never changed
        return attach_decisions(published, decisions)
    # Decoded from the cache (or computed) for this call alone: marked in place, not copied.
    return mark_signed(live_results(bloc, year, data), decisions)


def live_results(bloc: str, year: int, data: YearData | None = None) -> dict:
    """Return the results computed now with the app's criteria folder and rule override, published or not.

    The rule set is the one in force on the year's review date; ``rewards`` holds the reward money of
    the titles awarded (``years.rewards``). They come from the results cache when the code, the rule
    data and the data version are those they were stored for (``storage.results_cache``), as JSON
    gives them back. `data`, when given, is the part of the year to decide (one unit's, for a profile), read by
    the caller: its results are computed from it, never taken from the cache nor kept in it.
    """
    return _live(bloc, year, data)["results"]


def live_page(bloc: str, year: int) -> tuple[dict, dict]:
    """Return the live results of the whole bloc year and the explanation of each unit's lines
    (``years.explain.explanations``), both from the cache on a hit: nothing is scored for a page view."""
    entry = _live(bloc, year, None)
    return entry["results"], entry["explained"]


def entity_summary(entity: dict) -> list:
    """Return what the results page searches and filters a unit, collective or person by, without its titles'
    reasons: [name, code, the decisions of its titles between spaces (" awarded not_considered ")]."""
    return [entity.get("name"), entity.get("code"), " " + " ".join(d["decision"] for d in entity["decisions"]) + " "]


def _base_salary(line: dict):
    return line.get("base_salary")


# The lists of a cached entry decoded only a page at a time (most of a bloc's 5 MB), and what the page needs of
# every element: the collectives' and people's names and decisions; the base salary of each reward line.
PARTS = {"results.collectives": entity_summary, "results.individuals": entity_summary,
         "results.rewards.lines": _base_salary}


def live_entry(bloc: str, year: int, reuse: bool = True) -> Entry:
    """Return the live results of the whole bloc year and the explanations of its units' lines (``live_page``) as
    a cache ``Entry`` (value {"results", "explained"}): on a hit only its head is decoded, and the lists of
    ``PARTS`` an element at a time. With `reuse` false the cache is not read (the entry read was replaced)."""
    return _live(bloc, year, None, reuse=reuse)


def _live(bloc: str, year: int, data: YearData | None, reuse: bool | None = None):
    stored = find_year(bloc, year)
    settings = _settings(stored.year, stored.review_on)
    rule_set, _, catalogue, _ = settings

    def compute(year_data: YearData, explain: bool = True) -> dict:
        with collector_paused():        # a third of the CPU went to the collector rescanning the year's objects
            results = compute_results(year_data, *settings)
            # On the computed dict, not its JSON form: the same figures (only codes, titles and levels are
            # read), without a second encoding and decoding of the whole results on every miss.
            results["rewards"] = year_rewards(results, rule_set, year_data, catalogue)
            return {"results": results, "explained": explanations(year_data) if explain else {}}

    if data is not None:
        # Read by the caller, before this call could read the data version: kept under that version, results
        # of older data could be served as its own. Computed, as JSON gives them, and never kept.
        return as_json_value(compute(data, explain=False))
    keyed = (*settings, app_base_salaries())
    if reuse is not None:
        return cached_entry(bloc, year, keyed, lambda: compute(read_year(bloc, year)), PARTS, reuse=reuse)
    return cached_results(bloc, year, keyed, lambda: compute(read_year(bloc, year)), PARTS)


def kept_live_results(bloc: str, year: int) -> dict | None:
    """Return the live results of the whole bloc year when the results cache holds them now, else None.

    Nothing is read of the year but its row, and nothing is computed: ``live_results`` would compute a miss.
    """
    stored = find_year(bloc, year)
    found = kept_results(bloc, year, (*_settings(stored.year, stored.review_on), app_base_salaries()))
    return found.get("results") if found is not None else None


def year_settings(data: YearData) -> tuple:
    """Return what ``compute_results`` takes besides the year: (rule set, ranking, catalogue, council rules)."""
    return _settings(data.year, data.review_on)


def _settings(year: int, review_on) -> tuple:
    catalogue = app_catalogue()
    return (app_rule_set(review_date(year, review_on), catalogue), app_ranking_config(), catalogue,
            app_council_rules())


def year_registration_stats(bloc: str, year: int) -> dict:
    """Return the year's registration statistics without deciding any title (the overview page needs no more)."""
    return registration_stats(read_year(bloc, year), app_catalogue())


