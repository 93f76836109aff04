"""compute_results: the JSON shape the CLI, web and exports rely on, and the terminal table."""
import json
import re

import pytest

from emulation.cli.tables import format_table
from emulation.engine.results import compute_results
from emulation.engine.scoring import ScoringError
from emulation.engine.yeardata import RegistrationData

from .factories import People, group, line, spec

CRITERIA = [group("A", 60), spec("A.1", max_points=30, parent="A"), spec("A.2", max_points=30, parent="A"),
            group("B", 40, core=True), spec("B.1", "plan", 40, parent="B", target=100),
            spec("TR", "deduction", 8, per_item=8)]


@pytest.fixture
def compute(rule_set_a, ranking_config, catalogue):
    """``compute_results`` with the shipped rule set A, ranking and catalogue unless told otherwise."""
    def compute(year, rule_set=rule_set_a, config=ranking_config):
        return compute_results(year, rule_set, config, catalogue)
    return compute


@pytest.fixture
def year():
    people = People()
    people.team("U1-P1", 4, 3, unit="U1", register=("TTLDTT", "TTLDXS"))
    people.team("U2-P1", 3, 3, unit="U2")
    people.person("U1-X", unit="U1", register=None)
    people.person("U3-Y", unit="U3", register="CSTDCS", initiatives=1)
    lines = [line("U1", "A.1", 30, 28), line("U1", "A.2", 30), line("U1", "B.1", 110),
             line("U2", "A.1", 25), line("U2", "A.2", 25), line("U2", "B.1", 130), line("U2", "TR", 1),
             line("U3", "A.1", 10), line("U3", "A.2", 10.555), line("U3", "B.1", 60)]
    return people.build(units=("U1", "U2", "U3"), lines=lines, criteria=CRITERIA)


def test_units_come_in_rank_order_with_scores_bands_and_the_flag(compute, year):
    units = compute(year)["units"]
    assert [(u["rank"], u["code"]) for u in units] == [(1, "U1"), (2, "U2"), (3, "U3")]
    first = units[0]
    assert set(first) == {"rank", "code", "name", "self_total", "total", "bonus", "deductions", "max", "content",
                          "band", "band_en", "decisions"}
    # U1: 28 + 30 + plan 20 + 20 × (0.1/0.3) = 84.67 reviewed; 30 + 30 + 26.67 = 86.67 self
    assert (first["self_total"], first["total"], first["max"], first["band"]) == (86.67, 84.67, 100, "Tốt")
    assert units[1]["deductions"] == 8 and units[1]["total"] == 82
    assert units[2]["total"] == 32.56 and units[2]["band"] == "Trung bình"
    assert [(d["title"], d["decision"]) for d in first["decisions"]] == [("CO_THI_DUA_TINH", "awarded")]
    assert units[1]["decisions"][0]["decision"] == "not_awarded"


def test_top_level_shape_and_rule_set(compute, year):
    results = compute(year)
    assert set(results) == {"bloc", "year", "rule_set", "review_date", "units", "collectives", "individuals",
                            "registration_stats"}
    assert (results["bloc"], results["year"]) == ("KTD", 2017)
    assert results["rule_set"]["code"] == "A" and "91/2017" in results["rule_set"]["name"]


def test_collectives_and_individuals_carry_registration_and_decisions(compute, year):
    results = compute(year)
    collective = next(c for c in results["collectives"] if c["code"] == "U1-P1")
    assert (collective["unit"], collective["registered"]) == ("U1", "TTLDXS")
    assert [d["title"] for d in collective["decisions"]] == ["TTLDTT", "TTLDXS"]
    reason = collective["decisions"][0]["reasons"][0]
    assert set(reason) == {"code", "condition", "condition_en", "met", "message", "params", "citation"}
    assert reason["message"] == "task_rating" and reason["params"]["year"] == 2017
    people = {p["code"]: p for p in results["individuals"]}
    assert [p["code"] for p in results["individuals"]] == sorted(people)
    assert people["U1-X"]["registered"] is None
    assert people["U1-X"]["decisions"][0]["decision"] == "not_considered"
    assert people["U3-Y"]["registered"] == "CSTDCS"
    assert [d["title"] for d in people["U3-Y"]["decisions"]] == ["LDTT", "CSTDCS"]


def test_people_are_ranked_by_the_title_they_won(compute, year):
    people = {p["code"]: p for p in compute(year)["individuals"]}
    assert people["U1-P1-01"]["rank_in_unit"] == 1
    assert people["U1-P1-04"]["rank_in_unit"] == 4          # HT: no title, after the 3 LĐTT holders
    assert people["U1-X"]["rank_in_unit"] == 4


def test_registration_statistics_count_entities_once_and_titles_each(compute, year):
    stats = compute(year)["registration_stats"]
    assert stats["collectives"] == {"registered": 2, "total": 2}
    assert stats["individuals"] == {"registered": 8, "total": 9}
    assert stats["by_title"] == {"CSTDCS": 1, "CSTD_TINH": 0, "LDTT": 7, "TTLDTT": 2, "TTLDXS": 1}


def test_results_are_json_and_deterministic(compute, year):
    first, second = compute(year), compute(year)
    assert json.dumps(first, ensure_ascii=False, sort_keys=True) == json.dumps(second, ensure_ascii=False,
                                                                               sort_keys=True)
    year.registrations.reverse()
    year.people.reverse()
    assert compute(year) == first


def test_a_ranking_config_without_code_shares_ranks(compute, year, ranking_config):
    from dataclasses import replace
    year.lines = [line(u, "A.1", 30) for u in ("U1", "U2", "U3")]
    units = compute(year, config=replace(ranking_config, tie_breaks=()))["units"]
    assert [u["rank"] for u in units] == [1, 1, 1]
    assert all(u["decisions"][0]["decision"] == "not_awarded" for u in units)   # 30 < 100% of plan


def test_an_explicit_rule_set_is_used(compute, year, rule_set_b):
    results = compute(year, rule_set_b)
    assert results["rule_set"]["code"] == "B"
    people = {p["code"]: p for p in results["individuals"]}
    assert people["U1-X"]["decisions"][0]["decision"] == "awarded"      # no registration needed in B


def test_scoring_errors_reach_the_caller(compute, year):
    year.lines.append(line("U3", "B.1", -1))
    year.lines = [ln for ln in year.lines if not (ln.unit == "U3" and ln.criterion == "B.1" and ln.self_value == 60)]
    with pytest.raises(ScoringError, match="U3"):
        compute(year)


def test_format_table_has_vietnamese_headings_and_aligned_columns(compute, year):
    year.registrations.append(RegistrationData("LDTT", person="U2-P1-01"))
    text = format_table(compute(year))
    lines = text.splitlines()
    header = next(i for i, ln in enumerate(lines) if ln.startswith("Hạng"))
    for heading in ("Hạng", "Mã", "Đơn vị", "Tự chấm", "Điểm", "Thưởng", "Trừ", "Tối đa", "Xếp loại", "Danh hiệu"):
        assert heading in lines[header]
    rule, rows = lines[header + 1], lines[header + 2:header + 5]
    assert "Đơn vị U1" in rows[0] and "84,67" in rows[0] and "CO_THI_DUA_TINH" in rows[0]
    column_ends = [m.end() for m in re.finditer(r"-+", rule)]
    for row in rows:                              # numbers are right-aligned under their dashes
        assert row[column_ends[4] - 1] != " "     # the total
        assert row[column_ends[7] - 1] != " "     # the maximum
    assert "cá nhân 8/9" in text
    assert "Danh hiệu đạt:" in text
