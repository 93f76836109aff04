"""write_workbook on hand-built years: no database, the edge cases a real year rarely shows."""
import io

import openpyxl
import pytest
from engine.conftest import CRITERIA
from engine.factories import group, line, make_year, spec

from emulation.contract import ExportSheet
from emulation.engine.ranking import load_ranking_config
from emulation.engine.results import compute_results
from emulation.engine.rules import load_title_catalogue, select_rule_set
from emulation.export.workbook import ExportError, registration_sentence, write_workbook, year_source

CATALOGUE = load_title_catalogue(CRITERIA / "titles.toml")
RANKING = load_ranking_config(CRITERIA / "ranking.toml")


def inputs(year):
    """The engines' inputs for `year`, from the repository's criteria folder."""
    return select_rule_set(year.year, CRITERIA / "rules", None, CATALOGUE), RANKING, CATALOGUE


def build(year):
    stream = io.BytesIO()
    results = compute_results(year, *inputs(year))
    write_workbook(stream, year_source(year, *inputs(year)), [ExportSheet("Phụ lục", ("A",), ())],
                   catalogue=CATALOGUE)
    return results, openpyxl.load_workbook(io.BytesIO(stream.getvalue()))


def test_a_year_without_people_or_scores_still_makes_every_sheet():
    results, workbook = build(make_year(units=("U1", "U2"), criteria=[group("A", 10), spec("A.1", parent="A")]))
    assert workbook.sheetnames[:3] == ["Xếp hạng", "U1", "U2"] and workbook.sheetnames[-1] == "Phụ lục"
    stats = workbook["Đăng ký thi đua"]
    total = next(row for row in stats.iter_rows(values_only=True) if row[1] == "Toàn khối")
    assert total[2:6] == (0, 0, 0, 0)
    assert [u["total"] for u in results["units"]] == [0, 0]


def test_deductions_and_the_cap_show_as_results_has_them():
    criteria = [group("A", 10), spec("A.1", parent="A"), spec("A.2", parent="A"),
                spec("TR.1", "deduction", 5, per_item=5)]
    year = make_year(criteria=criteria, lines=[line("U1", "A.1", 10, 8), line("U1", "A.2", 10, 10),
                                              line("U1", "TR.1", 1)])
    results, workbook = build(year)
    rows = {r[0]: r for r in workbook["U1"].iter_rows(values_only=True) if r[0] in ("A", "A.1", "TR.1")}
    # A.1 + A.2 = 18 capped by the group's 10; the deduction takes 5 off
    assert rows["A"][8:10] == (10, 10) and rows["A.1"][9] == 8 and rows["TR.1"][9] == -5
    assert results["units"][0]["total"] == 5
    total = next(r for r in workbook["U1"].iter_rows(values_only=True) if r[2] == "TỔNG ĐIỂM")
    assert total[9] == 5


def test_the_workbook_refuses_results_that_are_not_the_years():
    year = make_year(criteria=[spec("A.1")], lines=[line("U1", "A.1", 5, 5)])
    source = year_source(year, *inputs(year))
    source.head["units"][0]["total"] = 9
    with pytest.raises(ExportError, match="disagree"):
        write_workbook(io.BytesIO(), source, [], catalogue=CATALOGUE)


def test_the_sentence_uses_the_reports_wording():
    stats = {"collectives": {"registered": 14, "total": 14}, "individuals": {"registered": 61, "total": 62},
             "by_title": {"TTLDTT": 14, "TTLDXS": 3, "LDTT": 42, "CSTDCS": 19, "CSTD_TINH": 0}}
    assert registration_sentence(stats, 2017, CATALOGUE) == (
        "Kết quả đã có 14/14 tập thể và 61/62 cá nhân tham gia đăng ký thi đua năm 2017 (trong đó: 14/14 tập thể "
        "đăng ký danh hiệu Tập thể lao động tiên tiến, 03 tập thể đăng ký danh hiệu Tập thể lao động xuất sắc, "
        "42 cá nhân đăng ký danh hiệu Lao động tiên tiến, 19 cá nhân đăng ký danh hiệu Chiến sĩ thi đua cơ sở).")
