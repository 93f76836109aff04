"""A year read in batches of units gives exactly the year, and exactly its results.

The export reads a ministry's year this way (store.iter_slices); these tests hold it to the one
computation: the results assembled from batches equal ``compute_results`` on the whole year.
"""
import pytest

from emulation.devdata.synth import SynthPlan, synthesize, template_agreement
from emulation.engine.results import (add_stats, assemble_results, bloc_standings, compute_results, registration_stats,
                                      results_head, unit_parts)
from emulation.engine.scoring import bloc_bests
from emulation.storage.database import iter_slices, read_year
from emulation.storage.rule_files import app_catalogue, app_ranking_config, app_rule_set

PLAN = SynthPlan(units=9, people=360, blocs=1, prefix="T", year=2025, seed=7)
BLOC = PLAN.bloc_codes()[0]


@pytest.fixture
def synth_app(app):
    """An app holding one synthetic bloc of 9 units, 360 people, with plan criteria and three years of history."""
    with app.app_context():
        synthesize(PLAN, template_agreement(app.config["EMULATION_CRITERIA_DIR"]))
    return app


def _rows(data):
    return {"units": data.units, "people": data.people, "collectives": data.collectives,
            "lines": data.lines, "sheets": data.sheets, "registrations": data.registrations,
            "person_facts": data.person_facts, "collective_facts": data.collective_facts, "history": data.history}


@pytest.mark.parametrize("batch", [1, 4, 100])
def test_the_batches_hold_every_row_of_the_year_once(synth_app, batch):
    with synth_app.app_context():
        whole = read_year(BLOC, PLAN.year)
        slices = list(iter_slices(BLOC, PLAN.year, batch))
    assert len(slices) == -(-len(whole.units) // batch)
    for kind, rows in _rows(whole).items():
        joined = [row for part in slices for row in _rows(part)[kind]]
        assert sorted(map(repr, joined)) == sorted(map(repr, rows)), kind
    for part in slices:
        assert {c.spec.code for c in part.criteria} == {
            c.spec.code for c in whole.criteria if c.unit is None or c.unit in {u.code for u in part.units}}


def test_without_people_a_batch_holds_only_the_scores(synth_app):
    with synth_app.app_context():
        part = next(iter_slices(BLOC, PLAN.year, 3, people=False))
    assert len(part.units) == 3 and part.lines
    assert (part.people, part.collectives, part.registrations, part.history) == ([], [], [], [])


@pytest.mark.parametrize("batch", [1, 4])
def test_a_listing_batch_lists_and_counts_the_people_as_the_full_read_does(synth_app, batch):
    # The workbook of a year whose titles are decided already reads its batches so (titles=False).
    with synth_app.app_context():
        full = list(iter_slices(BLOC, PLAN.year, batch))
        listed = list(iter_slices(BLOC, PLAN.year, batch, titles=False))
        catalogue = app_catalogue()
        full_stats = [registration_stats(part, catalogue) for part in full]
        listed_stats = [registration_stats(part, catalogue) for part in listed]
    assert len(listed) == len(full)
    for mine, theirs in zip(listed, full):
        assert mine.units == theirs.units and mine.lines == theirs.lines and mine.decisions == theirs.decisions
        assert [(p.code, p.full_name, p.unit, p.position, p.collective) for p in mine.people] == \
            [(p.code, p.full_name, p.unit, p.position, p.collective) for p in theirs.people]
        assert [(c.code, c.name, c.unit) for c in mine.collectives] == [(c.code, c.name, c.unit) for c in theirs.collectives]
        assert mine.registrations == theirs.registrations
        assert (mine.person_facts, mine.history) == ([], [])     # nothing that only deciding titles needs
    assert listed_stats == full_stats and any(s["individuals"]["registered"] for s in listed_stats)


@pytest.mark.parametrize("batch", [1, 2, 4, 9])
def test_results_assembled_from_batches_equal_the_whole_years(synth_app, batch):
    with synth_app.app_context():
        whole = read_year(BLOC, PLAN.year)
        catalogue = app_catalogue()
        rule_set, config = app_rule_set(PLAN.year, catalogue), app_ranking_config()
        expected = compute_results(whole, rule_set, config, catalogue)
        standings = bloc_standings(lambda: iter_slices(BLOC, PLAN.year, batch, people=False), rule_set, config,
                                   catalogue)
        parts, stats = [], []
        for data in iter_slices(BLOC, PLAN.year, batch):
            parts += unit_parts(data, rule_set, standings.ranks, catalogue).values()
            stats.append(registration_stats(data, catalogue))
        first = next(iter_slices(BLOC, PLAN.year, batch, people=False))
    assembled = assemble_results(results_head(whole, rule_set, standings), parts, add_stats(stats, catalogue),
                                 catalogue)
    assert assembled == expected
    awarded = {d["title"] for e in expected["individuals"] + expected["collectives"] + expected["units"]
               for d in e["decisions"] if d["decision"] == "awarded"}
    assert {"LDTT", "CSTDCS", "TTLDTT"} <= awarded                          # the quotas were at stake
    # the flag was decided for the leading unit (rule set C also asks it to exceed every target, Law Art. 26)
    assert any(d["title"] == "CO_THI_DUA_TINH" for d in expected["units"][0]["decisions"])
    if batch < len(whole.units):
        # the first batch alone sees other plan bests than the bloc: batches must be scored with the bloc's
        assert bloc_bests(first) != standings.bests["reviewed"]
