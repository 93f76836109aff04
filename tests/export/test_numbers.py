"""Every number of the year-end workbook equals what `emulation results --format json` prints."""
from collections import Counter

import pytest

from .conftest import as_dicts, table

CORE = ["Đăng ký thi đua", "Danh hiệu tập thể", "Danh hiệu cá nhân", "Đề nghị khen thưởng", "Tiền thưởng"]
PLUGIN_SHEETS = ["TTTK - Kế hoạch 2017", "CCTDC - Kế hoạch 2017", "TTUD - Kế hoạch 2017"]


def test_sheets_come_in_the_official_order(workbook, results):
    units = [u["code"] for u in results["units"]]
    assert workbook.sheetnames == ["Xếp hạng", *units, *CORE, *PLUGIN_SHEETS]


def test_ranking_sheet_is_the_results_ranking(workbook, results):
    rows = as_dicts(workbook["Xếp hạng"], "Hạng")
    assert [r["Mã đơn vị"] for r in rows] == [u["code"] for u in results["units"]]
    for row, unit in zip(rows, results["units"]):
        assert (row["Hạng"], row["Tên đơn vị"], row["Xếp loại"]) == (unit["rank"], unit["name"], unit["band"])
        assert row["Điểm tự chấm"] == pytest.approx(unit["self_total"], abs=1e-9)
        assert row["Điểm thưởng"] == pytest.approx(unit["bonus"], abs=1e-9)
        assert row["Điểm trừ"] == pytest.approx(unit["deductions"], abs=1e-9)
        assert row["Tổng điểm"] == pytest.approx(unit["total"], abs=1e-9)
        assert row["Điểm tối đa"] == unit["max"]
        content = row["Điểm khối chấm (nội dung)"]
        assert min(max(content + unit["bonus"] - unit["deductions"], 0), unit["max"]) == pytest.approx(unit["total"])
    flag = [r for r in rows if r["Danh hiệu đề nghị"] != "—"]
    assert [r["Mã đơn vị"] for r in flag] == [u["code"] for u in results["units"]
                                             if any(d["decision"] == "awarded" for d in u["decisions"])]


def _check_groups(rows, column):
    """Each group's points are the sum of its lines capped at its maximum; return the top-level sum."""
    by_parent = {}
    for row in rows:
        by_parent.setdefault(row["Nhóm"], []).append(row)
    for row in rows:
        children = by_parent.get(row["Mã"])
        if not children:
            continue
        total = sum(child[column] for child in children)
        capped = min(abs(total), row["Điểm tối đa"])
        assert abs(row[column]) == pytest.approx(capped, abs=0.011), (row["Mã"], column)
    return sum(row[column] for row in by_parent[None])


@pytest.mark.parametrize("column,key", [("Điểm khối chấm", "total"), ("Điểm tự chấm", "self_total")])
def test_unit_sheets_add_their_lines_up_to_the_results_total(workbook, results, column, key):
    for unit in results["units"]:
        rows = as_dicts(workbook[unit["code"]], "Mã")
        lines = [r for r in rows if r["Mã"] is not None]
        summary = {r["Tiêu chí"]: r for r in rows if r["Mã"] is None}
        assert len(lines) > 30
        top = _check_groups(lines, column)
        assert min(max(top, 0), unit["max"]) == pytest.approx(unit[key], abs=0.011)
        assert summary["TỔNG ĐIỂM"][column] == pytest.approx(unit[key], abs=1e-9)
        assert summary["TỔNG ĐIỂM"]["Điểm tối đa"] == unit["max"]
        if key == "total":
            assert summary["Cộng điểm thưởng"][column] == pytest.approx(unit["bonus"], abs=1e-9)
            assert summary["Cộng điểm trừ"][column] == pytest.approx(-unit["deductions"], abs=1e-9)


def test_unit_sheet_shows_the_reviewers_reason(workbook):
    rows = {r["Mã"]: r for r in as_dicts(workbook["CCTDC"], "Mã")}
    adjusted = rows["A.4"]
    assert (adjusted["Đơn vị báo cáo"], adjusted["Khối xác nhận"]) == (27, 25)
    assert (adjusted["Điểm tự chấm"], adjusted["Điểm khối chấm"]) == (27, 25)
    assert adjusted["Ý kiến của khối"].startswith("Điều chỉnh: ")
    assert rows["A.2"]["Đơn vị báo cáo"] == "Đạt"


def test_registration_sheet_reports_seed_004s_figures(workbook, results):
    ws = workbook["Đăng ký thi đua"]
    stats = results["registration_stats"]
    sentence = next(row[0] for row in ws.iter_rows(values_only=True)
                    if isinstance(row[0], str) and row[0].startswith("Kết quả đã có"))
    assert "14/14 tập thể và 61/62 cá nhân tham gia đăng ký thi đua năm 2017" in sentence
    assert "03 tập thể đăng ký danh hiệu Tập thể lao động xuất sắc" in sentence
    assert "42 cá nhân đăng ký danh hiệu Lao động tiên tiến" in sentence
    assert "19 cá nhân đăng ký danh hiệu Chiến sĩ thi đua cơ sở" in sentence
    rows = as_dicts(ws, "STT")
    bloc = next(r for r in rows if r["Đơn vị"] == "Toàn khối")
    assert (bloc["Tập thể đăng ký"], bloc["Tổng số tập thể"]) == (stats["collectives"]["registered"],
                                                                   stats["collectives"]["total"])
    assert (bloc["Cá nhân đăng ký"], bloc["Tổng số cá nhân"]) == (stats["individuals"]["registered"],
                                                                   stats["individuals"]["total"])
    names = {"TTLDTT": "Tập thể lao động tiên tiến", "TTLDXS": "Tập thể lao động xuất sắc",
             "LDTT": "Lao động tiên tiến", "CSTDCS": "Chiến sĩ thi đua cơ sở",
             "CSTD_TINH": "Chiến sĩ thi đua cấp bộ, ngành, tỉnh"}
    assert {code: bloc[f"Đăng ký {name}"] for code, name in names.items()} == stats["by_title"]
    units = [r for r in rows if isinstance(r["STT"], int)]
    assert len(units) == 3
    for column in [c for c in bloc if c not in ("STT", "Đơn vị")]:
        assert sum(r[column] for r in units) == bloc[column], column
    share = next(r for r in rows if r["Đơn vị"] == "Tỷ lệ đăng ký")
    assert share["Cá nhân đăng ký"] == pytest.approx(61 / 62)


def _decision_counts(entities):
    return Counter((d["title"], d["decision"]) for e in entities for d in e["decisions"])


TITLE_NAMES = {"Lao động tiên tiến": "LDTT", "Chiến sĩ thi đua cơ sở": "CSTDCS",
               "Chiến sĩ thi đua cấp bộ, ngành, tỉnh": "CSTD_TINH", "Tập thể lao động tiên tiến": "TTLDTT",
               "Tập thể lao động xuất sắc": "TTLDXS", "Cờ thi đua cấp bộ, ngành, tỉnh": "CO_THI_DUA_TINH"}
DECISIONS = {"Đạt": "awarded", "Không đạt": "not_awarded", "Không xét": "not_considered",
             "Chưa quyết định: Hội đồng phải chọn": "undecided"}


@pytest.mark.parametrize("sheet,keys", [("Danh hiệu cá nhân", ["individuals"]),
                                        ("Danh hiệu tập thể", ["units", "collectives"])])
def test_decision_sheets_hold_every_decision_with_its_reasons(workbook, results, sheet, keys):
    rows = as_dicts(workbook[sheet], "STT")
    entities = [e for key in keys for e in results[key]]
    got = Counter((TITLE_NAMES[r["Danh hiệu xét"]], DECISIONS[r["Kết quả"]]) for r in rows)
    assert got == _decision_counts(entities)
    assert len({r["Mã"] for r in rows}) == len(entities)
    by_code = {e["code"]: e for e in entities}
    for row in rows:
        decision = next(d for d in by_code[row["Mã"]]["decisions"]
                        if d["title"] == TITLE_NAMES[row["Danh hiệu xét"]])
        for reason in decision["reasons"]:
            assert f"{reason['condition']}: {reason['text']}" in row["Điều kiện và lý do"]
            assert reason["citation"] in row["Căn cứ"]
    registered = {r["Mã"]: r["Danh hiệu đăng ký"] for r in rows}
    for entity in entities:
        expected = entity.get("registered")
        assert registered[entity["code"]] == ("—" if expected is None else
                                              next(n for n, c in TITLE_NAMES.items() if c == expected))


def test_proposal_list_is_every_awarded_title(workbook, results):
    header, rows = table(workbook["Đề nghị khen thưởng"], "STT")
    awarded = _decision_counts(results["units"] + results["collectives"] + results["individuals"])
    sections, current = {}, None
    for row in rows:
        if isinstance(row[0], str):
            name, count = row[0].split(". ", 1)[1].rsplit(" (", 1)
            current = TITLE_NAMES[name]
            sections[current] = {"count": int(count.rstrip(")")), "codes": []}
        else:
            sections[current]["codes"].append(row[1])
    expected = {title: n for (title, decision), n in awarded.items() if decision == "awarded"}
    assert {t: len(s["codes"]) for t, s in sections.items()} == expected
    assert all(s["count"] == len(s["codes"]) for s in sections.values())
    assert list(sections) == ["CO_THI_DUA_TINH", "TTLDXS", "TTLDTT", "CSTDCS", "LDTT"]
    for title, section in sections.items():
        holders = {e["code"] for e in results["units"] + results["collectives"] + results["individuals"]
                   if any(d["title"] == title and d["decision"] == "awarded" for d in e["decisions"])}
        assert set(section["codes"]) == holders


def test_plugin_sheets_carry_the_plugins_rows(workbook, demo_app):
    host = demo_app.extensions["emulation.plugins"]
    for _plugin, sheet in host.export_sheets("KTD-II", 2017):
        header, rows = table(workbook[sheet.title], sheet.columns[0])
        assert tuple(header) == sheet.columns
        assert [tuple(r) for r in rows] == [tuple(r) for r in sheet.rows]
