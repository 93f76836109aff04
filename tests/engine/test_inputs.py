"""The engines take their rule data as arguments: no engine falls back to a file of the checkout.

Only the services (``storage.rule_files``) read rule sets, rankings and catalogues, from the app's
configured criteria folder; a default here would let a computation silently ignore that folder.
"""
import inspect
from pathlib import Path

import pytest

from emulation.engine import criteria, ranking, results, rules, scoring, titles, yeardata
from emulation.export.workbook import write_workbook, year_source

RULE_DATA = ("catalogue", "rule_set", "config", "ranking_config", "directory", "path", "override", "unit_ranks")
TAKES_RULE_DATA = [
    results.compute_results, results.registration_stats, results.bloc_standings, results.unit_parts,
    titles.decide_titles, ranking.rank_entries, ranking.band_for, ranking.load_ranking_config,
    rules.load_title_catalogue, rules.select_rule_set, rules.load_rule_set, rules.load_rule_sets,
    rules.apply_override, year_source, write_workbook,
]


@pytest.mark.parametrize("function", TAKES_RULE_DATA, ids=lambda f: f.__name__)
def test_rule_data_parameters_have_no_default(function):
    defaulted = [name for name, parameter in inspect.signature(function).parameters.items()
                 if name in RULE_DATA and parameter.default is not inspect.Parameter.empty]
    assert defaulted == [], f"{function.__name__} would read or skip rule data by default: {defaulted}"


@pytest.mark.parametrize("module", [criteria, ranking, results, rules, scoring, titles, yeardata],
                         ids=lambda m: m.__name__)
def test_no_engine_module_points_into_a_criteria_folder(module):
    paths = {name: value for name, value in vars(module).items() if isinstance(value, Path)}
    assert paths == {}
