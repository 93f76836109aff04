"""The lean read behind totals and ranks gives the whole year's totals and ranks, in a fixed number of queries."""
import pytest

from emulation.devdata.synth import SynthPlan, synthesize, template_agreement
from emulation.engine.ranking import entries_from_scores, rank_entries
from emulation.engine.scoring import score_bloc
from emulation.storage.database import read_scores, read_year
from emulation.storage.rule_files import app_ranking_config

from .test_query_counts import counted

BLOCS = ("SB01", "SB02", "SB03")


@pytest.fixture
def synthetic(app):
    """Three synthetic blocs of 8 units, with plan, count and bonus lines, some adjusted or returned."""
    with app.app_context():
        synthesize(SynthPlan(24, 400, blocs=3), template_agreement(app.config["EMULATION_CRITERIA_DIR"]))
    return app


def _standings(data) -> list[tuple]:
    config = app_ranking_config()
    return [(item.rank, item.entry.code, item.entry.total, item.entry.deductions)
            for use in ("reviewed", "self")
            for item in rank_entries(entries_from_scores(score_bloc(data, use)), config)]


@pytest.mark.parametrize("bloc", BLOCS)
def test_lean_read_gives_the_whole_years_totals_and_ranks(synthetic, bloc):
    with synthetic.app_context():
        lean, whole = read_scores(bloc, 2025), read_year(bloc, 2025)
        assert _standings(lean) == _standings(whole)
        assert len({total for _, _, total, _ in _standings(lean)}) > 1        # scores that differ, not all zero
        assert [c.spec for c in lean.criteria] == [c.spec for c in whole.criteria]
        values = [(line.unit, line.criterion, line.self_value, line.reviewed_value, line.review_state)
                  for line in whole.lines]
        assert [(line.unit, line.criterion, line.self_value, line.reviewed_value, line.review_state)
                for line in lean.lines] == values
        assert any(line.evidence for line in whole.lines) and not any(line.evidence for line in lean.lines)


def test_lean_read_costs_the_same_five_queries_for_every_bloc(synthetic):
    with synthetic.app_context():
        read_scores("SB01", 2025)
        counts = []
        for bloc in BLOCS:
            with counted(synthetic) as statements:
                read_scores(bloc, 2025)
            counts.append(len(statements))
        assert len(set(counts)) == 1 and counts[0] <= 5, counts
