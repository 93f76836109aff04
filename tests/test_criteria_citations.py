"""Every legal figure in criteria/ can be checked: it carries the document and article it comes from.

The legal data files are the title rule sets, the council's vote rules, the leave rules and the base
salary. A table that holds a number or a date there (a threshold, a share, a coefficient, a salary, an
effective date) must name its citation beside it; a rule set must have council vote rules.
"""
import datetime
import tomllib
from pathlib import Path

import pytest

CRITERIA = Path(__file__).resolve().parents[1] / "criteria"
LEGAL_FILES = sorted([*CRITERIA.glob("rules/*.toml"), CRITERIA / "council.toml", CRITERIA / "leave.toml",
                      CRITERIA / "base-salary.toml"])


def _uncited(node, path: str = "$"):
    """Yield the path of every table that holds a figure or a date but no citation."""
    if isinstance(node, dict):
        figures = [key for key, value in node.items() if isinstance(value, (int, float, datetime.date))
                   and not isinstance(value, bool)]
        if figures and not str(node.get("citation", "")).strip():
            yield f"{path} ({', '.join(figures)})"
        for key, value in node.items():
            yield from _uncited(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _uncited(value, f"{path}[{index}]")


@pytest.mark.parametrize("path", LEGAL_FILES, ids=lambda p: p.relative_to(CRITERIA).as_posix())
def test_every_legal_figure_names_its_citation(path):
    assert list(_uncited(tomllib.loads(path.read_text(encoding="utf-8")))) == []


def test_a_table_without_its_citation_is_found():
    document = {"rewards": {"titles": {"LDTT": {"coefficient": 0.3}}}}
    assert list(_uncited(document)) == ["$.rewards.titles.LDTT (coefficient)"]


def test_every_rule_set_has_council_vote_rules():
    codes = {tomllib.loads(path.read_text(encoding="utf-8"))["rule_set"]["code"]
             for path in CRITERIA.glob("rules/*.toml")}
    council = tomllib.loads((CRITERIA / "council.toml").read_text(encoding="utf-8"))["rule_sets"]
    assert codes <= {code for code, table in council.items() if "default" in table}
