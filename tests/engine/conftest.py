"""Fixtures of the engine tests: the repository's rule sets, catalogue and ranking, loaded explicitly.

The engines read no file by default; these load the shipped criteria folder (``CRITERIA``) the way the
app's services load its configured one.
"""
from pathlib import Path

import pytest

from emulation.engine.ranking import load_ranking_config
from emulation.engine.rules import load_title_catalogue, select_rule_set

CRITERIA = Path(__file__).resolve().parents[2] / "criteria"


@pytest.fixture(scope="session")
def catalogue():
    return load_title_catalogue(CRITERIA / "titles.toml")


@pytest.fixture(scope="session")
def rule_set_a(catalogue):
    return select_rule_set(2017, CRITERIA / "rules", None, catalogue)


@pytest.fixture(scope="session")
def rule_set_b(catalogue):
    return select_rule_set(2024, CRITERIA / "rules", None, catalogue)


@pytest.fixture(scope="session")
def ranking_config():
    return load_ranking_config(CRITERIA / "ranking.toml")
