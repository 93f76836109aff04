"""The workbook's reward sheet: the same totals as `emulation results --format json`, with their citations."""
from .conftest import table


def test_the_rewards_sheet_totals_per_title_per_unit_and_for_the_bloc(workbook, results):
    rewards = results["rewards"]
    header, rows = table(workbook["Tiền thưởng"], "STT")
    assert header == ["STT", "Danh hiệu / đơn vị", "Hệ số", "Số lượng", "Thành tiền (đồng)", "Trong đó đề nghị",
                      "Căn cứ"]
    sections = [i for i, row in enumerate(rows) if row[0] in ("I. Theo danh hiệu", "II. Theo đơn vị")]
    assert len(sections) == 2
    by_title = {row[1]: row for row in rows[sections[0] + 1:sections[1]]}
    assert {name: (row[3], row[4]) for name, row in by_title.items()} == {
        r["name"]: (r["count"], r["amount"]) for r in rewards["by_title"]}
    ldtt = by_title["Lao động tiên tiến"]
    assert ldtt[2] == 0.3 and "Nghị định 91/2017/NĐ-CP" in ldtt[6]
    units = {row[1]: (row[3], row[4]) for row in rows[sections[1] + 1:] if row[1] != "Toàn khối"}
    assert units == {r["name"]: (r["count"], r["amount"]) for r in rewards["by_unit"]}
    total = next(row for row in rows if row[1] == "Toàn khối")
    assert (total[3], total[4], total[5]) == (rewards["total"]["count"], rewards["total"]["amount"],
                                             rewards["total"]["proposed"])
    notes = [c.value for row in workbook["Tiền thưởng"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Mức lương cơ sở 1.300.000 đồng: Nghị định 47/2017/NĐ-CP" in n for n in notes)
    assert any("Làm tròn lên bội số của 10.000 đồng" in n for n in notes)


def test_the_ranking_sheet_names_the_rule_set_its_period_and_the_review_date(workbook):
    texts = [c.value for row in workbook["Xếp hạng"].iter_rows() for c in row if isinstance(c.value, str)]
    sentence = next(t for t in texts if "Xét danh hiệu theo bộ quy tắc A" in t)
    assert "hiệu lực từ 01/10/2017 đến 31/12/2023, áp dụng theo ngày xét 15/12/2017" in sentence
    assert "Nghị định 91/2017/NĐ-CP" in sentence
