"""A sheet's points, read from the unit's lines and the bloc's plan lines only, are those of the whole bloc's scoring."""
import pytest

from emulation.devdata.synth import SynthPlan, synthesize, template_agreement
from emulation.engine.scoring import bloc_bests, score_bloc
from emulation.engine.yeardata import YearData
from emulation.extensions import db
from emulation.models import ScoreLine, ScoreSheet, SignedCriterion, Unit
from emulation.sheets.service import load_sheet, load_sheet_page
from emulation.storage.database import find_year, read_scores

BLOCS = ("SB01", "SB02")


@pytest.fixture
def synthetic(app):
    """Two synthetic blocs of 8 units, with plan, count and bonus lines, some adjusted or returned."""
    with app.app_context():
        synthesize(SynthPlan(16, 200, blocs=2), template_agreement(app.config["EMULATION_CRITERIA_DIR"]))
    return app


@pytest.mark.parametrize("bloc", BLOCS)
def test_every_sheet_shows_the_points_and_bests_of_the_whole_blocs_scoring(synthetic, bloc):
    _check_every_sheet(synthetic, bloc)


def test_a_plan_criterion_common_to_the_bloc_counts_every_units_line(synthetic):
    """A plan criterion signed for the whole bloc (the synthetic year's are each unit's own): its best is the bloc's."""
    with synthetic.app_context():
        year = find_year("SB01", 2025)
        owned = db.session.execute(db.select(SignedCriterion).filter_by(year_id=year.id, kind="plan")
                                   .order_by(SignedCriterion.id)).scalars().first()
        spec = {**owned.spec, "code": "KH.CHUNG", "name": "Chỉ tiêu chung của khối", "parent": None}
        common = SignedCriterion(year_id=year.id, unit_id=None, code="KH.CHUNG", parent_code=None, kind="plan",
                                 name=spec["name"], max_points=owned.max_points, target=owned.target,
                                 position=owned.position, spec=spec)
        db.session.add(common)
        sheets = db.session.execute(db.select(ScoreSheet).filter_by(year_id=year.id)).scalars().all()
        for index, sheet in enumerate(sheets):
            db.session.add(ScoreLine(sheet=sheet, criterion=common, self_value=float(owned.target or 10) * (1 + index % 7 / 10),
                                     reviewed_value=None, review_state="pending", reason="", comment=""))
        db.session.commit()
    _check_every_sheet(synthetic, "SB01", common="KH.CHUNG")


def _check_every_sheet(synthetic, bloc: str, common: str | None = None) -> None:
    with synthetic.app_context():
        data, year = read_scores(bloc, 2025), find_year(bloc, 2025)
        reviewed, self_scored = score_bloc(data, "reviewed"), score_bloc(data, "self")
        assert any(spec.kind == "plan" for spec in data.criteria_for(data.units[0].code))
        for unit in data.units:
            view = load_sheet(year, db.session.execute(db.select(Unit).filter_by(code=unit.code)).scalar_one())
            others = YearData(**{**data.__dict__, "lines": [line for line in data.lines if line.unit != unit.code]})
            assert view.score == reviewed[unit.code]
            assert view.self_score == self_scored[unit.code]
            # The bests the page compares with (data-best): those of the unit's own criteria, common or its own.
            mine = {spec.code for spec in data.criteria_for(unit.code)}
            assert view.best_excess == {code: best for code, best in bloc_bests(others, "self")[0].items()
                                        if code in mine}
            assert [row.points for row in view.leaves] == [reviewed[unit.code].lines.get(row.spec.code)
                                                           for row in view.leaves]
            # A view's read (plain rows, one query) gives the same sheet.
            page, _files = load_sheet_page(bloc, 2025, unit.code)
            assert (page.score, page.self_score, page.best_excess, page.state) == (
                view.score, view.self_score, view.best_excess, view.state)
            assert [(row.depth, row.spec, row.points) for row in page.rows] == [
                (row.depth, row.spec, row.points) for row in view.rows]
            assert [_line(row.line) for row in page.rows] == [_line(row.line) for row in view.rows]
            if common:
                assert common in view.best_excess and view.best_excess[common] > 0


def _line(line) -> tuple | None:
    return None if line is None else (line.id, line.self_value, line.reviewed_value, line.review_state, line.reason,
                                      line.comment, line.evidence, line.entered_by, line.version)


def test_a_sheet_read_for_a_save_has_its_lines_and_no_points(synthetic):
    with synthetic.app_context():
        year = find_year("SB01", 2025)
        unit = db.session.execute(db.select(Unit).filter_by(code=read_scores("SB01", 2025).units[0].code)).scalar_one()
        scored, bare = load_sheet(year, unit), load_sheet(year, unit, scored=False)
        assert [(row.spec, row.line) for row in bare.rows] == [(row.spec, row.line) for row in scored.rows]
        assert bare.score is None and all(row.points is None for row in bare.rows)
