"""Fixtures of the engine tests: the shipped rule sets, catalogue and ranking defaults."""
import pytest

from emulation.engine.ranking import load_ranking_config
from emulation.engine.rules import load_title_catalogue, select_rule_set


@pytest.fixture(scope="session")
def catalogue():
    return load_title_catalogue()


@pytest.fixture(scope="session")
def rule_set_a(catalogue):
    return select_rule_set(2017, catalogue=catalogue)


@pytest.fixture(scope="session")
def rule_set_b(catalogue):
    return select_rule_set(2024, catalogue=catalogue)


@pytest.fixture(scope="session")
def ranking_config():
    return load_ranking_config()
