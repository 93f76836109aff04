"""The reward money of a year's titles: the app's base salaries and signed decisions, figures from the engine."""
from __future__ import annotations

from emulation.engine.rewards import compute_rewards
from emulation.engine.rules import RuleSet, TitleInfo, review_date
from emulation.engine.yeardata import YearData
from emulation.storage.rule_files import app_base_salaries
from emulation.storage.signed_awards import signed_awards


def year_rewards(results: dict, rule_set: RuleSet, data: YearData, catalogue: dict[str, TitleInfo]) -> dict | None:
    """Return the rewards of the year's awarded titles, or None when the criteria folder has no base salaries."""
    steps = app_base_salaries()
    if not steps:
        return None
    return compute_rewards(results, rule_set, steps, review_date(data.year, data.review_on), catalogue,
                           signed_awards(data.year))
