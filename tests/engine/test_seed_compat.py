"""Issue 17 keeps the seed bloc as it was: its 2017 agreement signs, scores, ranks and titles exactly as before.

``data/seed-2017-golden.json`` was computed by main before banded criteria, amounts, named scorers,
grading with floors and conferral existed, from the seed year file the storage tests read.
"""
import json
from pathlib import Path

from emulation.engine.criteria import load_agreement
from emulation.engine.results import compute_results
from emulation.storage.snapshots import inputs_hash
from emulation.storage.yearfile import from_json

from .conftest import CRITERIA

HERE = Path(__file__).resolve().parent
GOLDEN = json.loads((HERE / "data" / "seed-2017-golden.json").read_text(encoding="utf-8"))
YEAR_FILE = HERE.parent / "storage" / "data" / "ktd-ii-2017-v1.json"


def _decisions(entity: dict) -> list[list[str]]:
    return [[d["title"], d["decision"]] for d in entity["decisions"]]


def test_seed_year_scores_ranks_and_titles_as_before(rule_set_a, ranking_config, catalogue):
    year = from_json(json.loads(YEAR_FILE.read_text(encoding="utf-8")))
    results = compute_results(year, rule_set_a, ranking_config, catalogue)
    units = [{**{key: unit[key] for key in ("code", "rank", "total", "self_total", "bonus", "deductions", "max",
                                           "content", "band")}, "decisions": _decisions(unit)}
             for unit in results["units"]]
    assert units == GOLDEN["units"]
    assert {e["code"]: _decisions(e) for e in results["collectives"]} == GOLDEN["collectives"]
    assert {e["code"]: _decisions(e) for e in results["individuals"]} == GOLDEN["individuals"]


def test_seed_year_inputs_hash_is_unchanged_so_published_snapshots_stay_current():
    year = from_json(json.loads(YEAR_FILE.read_text(encoding="utf-8")))
    assert inputs_hash(year) == GOLDEN["inputs_hash"]


def test_seed_agreement_keeps_the_earlier_defaults():
    agreement = load_agreement(CRITERIA / "agreements" / "ktd-ii-2017.toml")
    assert agreement.grading == () and agreement.conferral is None and agreement.unit_group == "B"
    assert {(s.scored_by, s.panel, s.amount, s.bands) for s in agreement.criteria} == {("unit", "", False, ())}
    stored = [s.to_dict() for s in agreement.criteria]
    assert all("bands" not in d and "scored_by" not in d for d in stored)
