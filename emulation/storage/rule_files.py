"""The rule data the app applies, read from its configured criteria folder (EMULATION_CRITERIA_DIR).

The engines take rule sets, rankings and catalogues as arguments; these are the only functions that
read them for the app, from the folder and the override its configuration names. What a file gives
is kept per process while the file stays as it is (its path, size and modification time): a
ministry's results read the same rules for each of its dozens of blocs.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable, TypeVar

from flask import current_app

from emulation.engine.ranking import RankingConfig, load_ranking_config
from emulation.engine.rewards import SalaryStep, load_base_salaries
from emulation.engine.rules import RuleSet, TitleInfo, load_title_catalogue, select_rule_set


T = TypeVar("T")
_KEPT: dict[tuple, object] = {}


def kept(paths: list[Path | None], build: Callable[[], T], *key) -> T:
    """Return `build()` as kept for the current state of `paths` (and `key`), building it when they changed.

    Callers must not change what they get: it is shared by every later call with the same files.
    """
    state = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) if p is not None and p.exists() else str(p)
                  for p in paths)
    found = _KEPT.get((state, *key))
    if found is None:
        if len(_KEPT) > 256:     # files edited many times in one process (tests): start afresh
            _KEPT.clear()
        found = _KEPT[(state, *key)] = build()
    return found


def app_catalogue() -> dict[str, TitleInfo]:
    """Return the title catalogue of the app's criteria folder (shared: do not change it)."""
    path = current_app.config["EMULATION_CRITERIA_DIR"] / "titles.toml"
    return kept([path], lambda: load_title_catalogue(path), "catalogue")


def app_ranking_config() -> RankingConfig:
    """Return the tie-break chain and bands of the app's criteria folder."""
    path = current_app.config["EMULATION_CRITERIA_DIR"] / "ranking.toml"
    return kept([path], lambda: load_ranking_config(path), "ranking")


def app_rule_set(when: date | int, catalogue: dict[str, TitleInfo]) -> RuleSet:
    """Return the title rules in force on `when` (a review date; a bare year means its 31 December).

    The rule set comes from the app's criteria folder, with the configured override applied.
    """
    folder = current_app.config["EMULATION_CRITERIA_DIR"] / "rules"
    override = current_app.config["EMULATION_RULES_OVERRIDE"]
    paths = [*sorted(folder.glob("*.toml")), Path(override) if override is not None else None]
    return kept(paths, lambda: select_rule_set(when, folder, override, catalogue), "rule set", when,
                repr(sorted(catalogue.items())))


def app_base_salaries() -> tuple[SalaryStep, ...]:
    """Return the base-salary timeline of the app's criteria folder (``base-salary.toml``); () without the file."""
    path = current_app.config["EMULATION_CRITERIA_DIR"] / "base-salary.toml"
    return kept([path], lambda: load_base_salaries(path) if path.exists() else (), "base salaries")
