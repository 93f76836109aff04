"""The lean read behind totals and ranks gives the whole year's totals and ranks, in a fixed number of queries."""
import pytest
from sqlalchemy import select

from emulation.devdata.synth import SynthPlan, synthesize, template_agreement
from emulation.engine.ranking import entries_from_scores, rank_entries
from emulation.engine.scoring import score_bloc
from emulation.engine.yeardata import ScoreLineData
from emulation.extensions import db
from emulation.models import Bloc, EmulationYear, ScoreLine, ScoreSheet
from emulation.storage.database import StoreError, read_scores, read_year
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


def test_lean_lines_equal_lines_built_the_ordinary_way(synthetic):
    with synthetic.app_context():
        lean, whole = read_scores("SB02", 2025), read_year("SB02", 2025)
        ordinary = [ScoreLineData(line.unit, line.criterion, line.self_value, line.reviewed_value, line.review_state)
                    for line in whole.lines]
        assert lean.lines == ordinary and {hash(line) for line in lean.lines} == {hash(line) for line in ordinary}
        assert (lean.bloc, lean.bloc_name, lean.state, lean.total_max, lean.grading, lean.conferral) == \
            (whole.bloc, whole.bloc_name, whole.state, whole.total_max, whole.grading, whole.conferral)
        assert lean.units == whole.units and lean.sheets == whole.sheets


def test_lean_read_sees_a_change_not_yet_flushed(synthetic):
    with synthetic.app_context():
        stored = db.session.execute(select(ScoreLine).join(ScoreSheet).join(EmulationYear).join(Bloc)
                                    .where(Bloc.code == "SB01", ScoreLine.reviewed_value.is_(None))
                                    .order_by(ScoreLine.id).limit(1)).scalar_one()
        stored.reviewed_value = 0.0
        assert any(line.reviewed_value == 0.0 and line.value == 0.0 for line in read_scores("SB01", 2025).lines)


def test_a_year_without_units_reads_empty_and_a_missing_year_is_an_error(synthetic):
    with synthetic.app_context():
        bloc = Bloc(code="EMPTY", name="Khối chưa có đơn vị")
        db.session.add_all([bloc, EmulationYear(bloc=bloc, year=2025, state="open")])
        db.session.commit()
        empty = read_scores("EMPTY", 2025)
        assert (empty.bloc, empty.bloc_name, empty.units, empty.lines) == ("EMPTY", "Khối chưa có đơn vị", [], [])
        with pytest.raises(StoreError):
            read_scores("EMPTY", 2024)
