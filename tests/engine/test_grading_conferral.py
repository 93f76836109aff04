"""Grading bands of an agreement (on the base maximum, with per-criterion floors) and the conferral of its title."""
from dataclasses import replace

import pytest

from emulation.engine.ranking import Band, Conferral, band_for, confer
from emulation.engine.results import compute_results
from emulation.i18n_reasons import condition_label, reason_text

from .factories import group, line, make_year, spec

GRADING = (Band("xuat_sac", "Xuất sắc", 0.9, 0.85), Band("tot", "Tốt", 0.8), Band("kha", "Khá", 0.7),
           Band("trung_binh", "Trung bình", 0.0))
# 100 content points in two criteria, up to 25 bonus points
CRITERIA = [group("A", 100), spec("A.1", max_points=60, parent="A"), spec("A.2", max_points=40, parent="A"),
            group("TH", 25), spec("TH.1", "bonus", 25, parent="TH", amount=True)]
FLAG = Conferral("CO_CUM", "Cờ thi đua của cụm", "cluster", count=2, citation="Giao ước cụm, Điều 5")


@pytest.fixture
def results(rule_set_a, ranking_config, catalogue):
    def compute(lines, **agreement):
        year = make_year(units=("U1", "U2", "U3"), criteria=CRITERIA, lines=lines, **agreement)
        return {u["code"]: u for u in compute_results(year, rule_set_a, ranking_config, catalogue)["units"]}
    return compute


def test_grading_is_on_the_base_maximum_not_one_inflated_by_the_bonus(results):
    # 107 on a 100-point base plus a 25-point bonus group (90 + 17): 107 of 100, not 85.6% of 125
    units = results([line("U1", "A.1", 54), line("U1", "A.2", 36), line("U1", "TH.1", 17)], grading=GRADING)
    assert (units["U1"]["total"], units["U1"]["max"], units["U1"]["band"]) == (107, 125, "Xuất sắc")


def test_an_empty_group_counts_in_the_base_a_unit_is_graded_on(rule_set_a, ranking_config, catalogue):
    # A (60) fully scored and an empty group U (40, a unit group with no criteria of its own): 60 of 100, not 60 of 60
    criteria = [group("A", 60), spec("A.1", max_points=60, parent="A"), group("U", 40)]
    year = make_year(units=("U1",), criteria=criteria, lines=[line("U1", "A.1", 60)], grading=GRADING)
    [unit] = compute_results(year, rule_set_a, ranking_config, catalogue)["units"]
    assert (unit["total"], unit["max"], unit["band"]) == (60, 100, "Trung bình")


def test_without_agreement_bands_the_configured_bands_apply_on_the_whole_maximum(results):
    units = results([line("U1", "A.1", 54), line("U1", "A.2", 36), line("U1", "TH.1", 17)])
    assert units["U1"]["band"] == "Tốt"             # 107 / 125 = 85.6% of ranking.toml's bands, as before


def test_a_criterion_under_its_floor_keeps_the_unit_out_of_the_band(results):
    # 95 of 100, but A.2 at 33 of 40 = 82.5% < 85%: Tốt, not Xuất sắc
    units = results([line("U1", "A.1", 60), line("U1", "A.2", 33), line("U1", "TH.1", 2),
                     line("U2", "A.1", 56), line("U2", "A.2", 34)], grading=GRADING)
    assert (units["U1"]["total"], units["U1"]["band"]) == (95, "Tốt")
    assert (units["U2"]["total"], units["U2"]["band"]) == (90, "Xuất sắc")     # 56/60 and 34/40 = 85% exactly


@pytest.mark.parametrize("total, lines, expected", [
    (90, [(51, 60), (39, 40)], "Xuất sắc"), (90, [(50.99, 60), (39.01, 40)], "Tốt"), (89.99, [(60, 60)], "Tốt")])
def test_band_edges_are_inclusive(ranking_config, total, lines, expected):
    assert band_for(total, 100, replace(ranking_config, bands=GRADING), lines).name == expected


def test_the_conferral_goes_to_the_agreed_number_of_leading_units(results):
    units = results([line("U1", "A.1", 50), line("U2", "A.1", 40), line("U3", "A.1", 30)], conferral=FLAG)
    flags = {code: [d for d in unit["decisions"] if d["title"] == "CO_CUM"] for code, unit in units.items()}
    assert [flags[c][0]["decision"] for c in ("U1", "U2", "U3")] == ["awarded", "awarded", "not_awarded"]
    assert flags["U3"][0]["reasons"][0]["citation"] == "Giao ước cụm, Điều 5"
    reason = flags["U3"][0]["reasons"][0]
    assert (reason["message"], reason["params"]) == ("bloc_rank", {"rank": 3, "size": 3, "top": 2})
    assert reason_text(reason, "vi") == "Xếp hạng 3/3 trong khối, không thuộc nhóm dẫn đầu (hạng ≤ 2)"
    assert (condition_label(reason, "en"), reason_text(reason, "en")) == (
        "Leading the bloc: Cờ thi đua của cụm", "Ranked 3/3 in the bloc, not among the leaders (rank ≤ 2)")


def test_a_shared_leading_rank_confers_on_every_unit_holding_it():
    decided = confer({"U1": 1, "U2": 1, "U3": 3}, replace(FLAG, count=1))
    assert {code: d["decision"] for code, d in decided.items()} == {"U1": "awarded", "U2": "awarded",
                                                                     "U3": "not_awarded"}


def test_results_name_the_conferral_only_when_the_agreement_has_one(rule_set_a, ranking_config, catalogue):
    year = make_year(units=("U1",), criteria=CRITERIA)
    assert "conferral" not in compute_results(year, rule_set_a, ranking_config, catalogue)
    conferred = compute_results(replace(year, conferral=FLAG), rule_set_a, ranking_config, catalogue)
    assert conferred["conferral"]["name"] == "Cờ thi đua của cụm" and conferred["conferral"]["count"] == 2


def test_the_example_cluster_scores_grades_and_confers_from_its_file(rule_set_a, ranking_config, catalogue):
    from emulation.engine.criteria import load_agreement
    from emulation.engine.yeardata import PanelValueData

    from .conftest import CRITERIA

    cluster = load_agreement(CRITERIA / "agreements" / "ctd-lmhtx-2024.toml")
    full = {"A.1": 0.85, "A.2": 40, "A.3": 14, "B.2": 1, "TH.1": 12.5}
    lines = [line(unit, code, value) for unit in ("U1", "U2") for code, value in full.items()]
    lines += [line("U3", "A.1", 0.5), line("U3", "A.2", 30), line("U3", "A.3", 10), line("U3", "TR.2", 1.5)]
    cross = {("U1", "U2"): 29, ("U1", "U3"): 27, ("U2", "U1"): 30, ("U2", "U3"): 24, ("U3", "U1"): 20, ("U3", "U2"): 22}
    panel = [PanelValueData(unit, "B.1", scorer, value) for (unit, scorer), value in cross.items()]
    year = make_year(2024, ("U1", "U2", "U3"), cluster.criteria, lines=lines, panel_values=panel,
                     grading=cluster.grading, conferral=cluster.conferral)
    units = {u["code"]: u for u in compute_results(year, rule_set_a, ranking_config, catalogue)["units"]}
    # U1: 20 + 15 + 14 + B.1 mean(29, 27) = 28 + 20 = 97 content, + 12.5 bonus; every line ≥ 85% of its max
    assert (units["U1"]["total"], units["U1"]["band"], units["U1"]["rank"]) == (109.5, "Xuất sắc", 1)
    # U2: as U1 but B.1 mean(30, 24) = 27, still 90% of its maximum: 96 + 12.5
    assert (units["U2"]["total"], units["U2"]["band"]) == (108.5, "Xuất sắc")
    # U3: 10 (50%) + 5 (30 of 40 = 75% of the plan) + 10 + mean(20, 22) = 21, B.2 not passed: 46 - 1.5
    assert (units["U3"]["total"], units["U3"]["band"], units["U3"]["deductions"]) == (44.5, "Trung bình", 1.5)
    flag = {code: [d["decision"] for d in unit["decisions"] if d["title"] == "CO_THI_DUA_LMHTX"]
            for code, unit in units.items()}
    assert flag == {"U1": ["awarded"], "U2": ["not_awarded"], "U3": ["not_awarded"]}
