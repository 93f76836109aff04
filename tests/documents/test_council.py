"""The council's minutes and ballot count, and a recorded decision's document, downloaded from the council pages.

Names, counts, shares and outcomes are compared with `emulation results --format json` (the engine's check of
each vote) and with the session entered on the council page; the layout with Decree 30's elements.
"""
from __future__ import annotations

import io
import json
import re

from docx import Document as WordDocument

from .conftest import BASE, BLOC, YEAR, cli, paragraphs
from .test_format import check_decree_30

COUNCIL = f"{BASE}/units/CCTDC/council"
DECISIONS = f"{BASE}/decisions"
VOTE = "Hội đồng Thi đua - Khen thưởng bỏ phiếu kín"
# The vice-chair first: the minutes are still signed by the chair.
MEMBERS = [("Trần Thị Phó", "Phó Chủ tịch", True), ("Nguyễn Văn Chủ", "Chủ tịch Hội đồng", True),
           ("Lê Văn Ủy", "Ủy viên", True), ("Phạm Thị Thư", "Thư ký", True), ("Hoàng Văn Vắng", "Ủy viên", False)]
VOTES = {"CCTDC-01": (4, 0, 0), "CCTDC-02": (3, 1, 0), "CCTDC-03": (2, 1, 1)}     # of 5 members, 4 present


def enter_session(client) -> None:
    """Enter the CCTDC council's session on its page, as its head does in the browser."""
    form = {name: value for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                                                       client.get(COUNCIL).text)}
    form.update({"held_on": "20/12/2017", "place": "Phòng họp Chi cục"})
    for i, (name, role, present) in enumerate(MEMBERS):
        form.update({f"member-name-{i}": name, f"member-role-{i}": role})
        if present:
            form[f"member-present-{i}"] = "1"
    for person, counts in VOTES.items():
        for count, value in zip(("for", "against", "blank"), counts):
            form[f"{count}-p-{person}-CSTDCS"] = str(value)
    response = client.post(COUNCIL, data=form)
    assert response.status_code == 302, response.text[:500]


def download(client, page: str, label: str, fmt: str = "docx"):
    """Follow the button `label (.fmt)` of `page` and return the Word document it downloads."""
    html = client.get(page).text
    href = re.search(r'<a class="btn" href="([^"]+)">' + re.escape(f"{label} (.{fmt})") + "</a>", html)
    assert href, f"no {label} button on {page}"
    response = client.get(href.group(1).replace("&amp;", "&"))
    assert response.status_code == 200, response.text[:300]
    return WordDocument(io.BytesIO(response.data))


def table_after(document, first_heading: str) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[1].text == first_heading)
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def votes_of(results: dict) -> dict[str, dict]:
    """Candidate code -> the results' council_vote reason on CSTĐCS (the engine's check)."""
    return {p["code"]: next(r for r in d["reasons"] if r["condition"] == VOTE)
            for p in results["individuals"] for d in p["decisions"]
            if d["title"] == "CSTDCS" and any(r["condition"] == VOTE for r in d["reasons"])}


def test_the_ballot_count_shows_each_vote_as_the_results_check_it(web_app, sign_in):
    head = sign_in("cctdc.truong")
    enter_session(head)
    results = json.loads(cli(web_app, "results", "--bloc", BLOC, "--year", str(YEAR), "--format", "json"))
    checked = votes_of(results)
    assert set(checked) == set(VOTES)
    names = {p["code"]: p["name"] for p in results["individuals"]}

    document = download(head, COUNCIL, "Biên bản kiểm phiếu")
    check_decree_30(document, issued=True, recipients=True)
    rows = table_after(document, "Tập thể, cá nhân")
    assert [row[1] for row in rows] == [names[code] for code in VOTES]
    text = paragraphs(document)
    for row, (code, counts) in zip(rows, VOTES.items()):
        assert row[2] == "Chiến sĩ thi đua cơ sở"
        assert tuple(int(cell) for cell in row[3:6]) == counts
        detail = checked[code]["text"]
        share = re.search(r"(\d+/\d+) phiếu đồng ý \(([\d,]+%)\)", detail).groups()
        assert row[6] == f"{share[0]} ({share[1]})"
        assert re.search(r"cần (từ|trên) ([\d,]+%)", detail).group(0).removeprefix("cần ") in row[7]
        assert row[8] == ("Đạt" if checked[code]["met"] else "Không đạt")
        assert f"- {names[code]} (Chiến sĩ thi đua cơ sở): {detail} ({checked[code]['citation']})." in text
    assert [checked[c]["met"] for c in VOTES] == [True, False, False]    # 4/5 = 80%, 3/5 = 60% < 2/3, 2/5
    assert "Kết quả: 1/3 trường hợp đạt./." in text
    assert "Tổng số thành viên Hội đồng: 5; có mặt: 4; số phiếu phát ra: 4." in text


def test_the_minutes_name_the_members_present_and_the_outcomes(web_app, sign_in):
    head = sign_in("cctdc.truong")
    enter_session(head)
    results = json.loads(cli(web_app, "results", "--bloc", BLOC, "--year", str(YEAR), "--format", "json"))
    checked = votes_of(results)
    document = download(head, COUNCIL, "Biên bản họp")
    check_decree_30(document, issued=True, recipients=True)
    text = paragraphs(document)
    assert "Số: …………/BB-CCTDC" in text
    assert "…………, ngày 20 tháng 12 năm 2017" in text
    assert "Thời gian: ngày 20 tháng 12 năm 2017. Địa điểm: Phòng họp Chi cục." in text
    assert "Tổng số thành viên Hội đồng: 5; có mặt: 4; vắng mặt: 1." in text
    assert table_after(document, "Họ và tên") == [
        [str(n), name, role, "Có mặt" if present else "Vắng mặt"]
        for n, (name, role, present) in enumerate(MEMBERS, start=1)]
    outcomes = table_after(document, "Tập thể, cá nhân")
    assert [row[4] for row in outcomes] == ["Đạt" if checked[c]["met"] else "Không đạt" for c in VOTES]
    # the chair signs: named in the members' table and under the signature; the vice-chair only in the table
    assert (text.count("Nguyễn Văn Chủ"), text.count("Trần Thị Phó")) == (2, 1)
    # The unit's head, the reviewers and the secretariat download it; another unit's head does not.
    url = re.search(r'href="([^"]+council-minutes\.docx)"', head.get(COUNCIL).text).group(1)
    assert sign_in("danhgia").get(url).status_code == 200
    assert sign_in("tttk.truong").get(url).status_code == 403


def test_council_documents_exist_only_where_a_session_is_recorded(web_app, sign_in, tmp_path):
    secretary = sign_in("thuky")
    assert "council-documents" not in secretary.get(COUNCIL).text
    assert 'data-kind="ballot-count"' not in secretary.get(f"{BASE}/documents").text
    enter_session(sign_in("cctdc.truong"))
    page = secretary.get(f"{BASE}/documents").text
    assert re.findall(r'data-unit="(\w+)">(?:(?!</table>).)*data-kind="ballot-count"', page, re.S) == ["CCTDC"]
    output = cli(web_app, "documents", "--bloc", BLOC, "--year", str(YEAR), "--kind", "council-minutes",
                 "--kind", "ballot-count", "-o", str(tmp_path / "out"))
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        f"ballot-count-{BLOC}-{YEAR}-CCTDC.docx", f"council-minutes-{BLOC}-{YEAR}-CCTDC.docx"]
    assert "Đã ghi 2 tệp" in output


def test_a_recorded_decision_s_document_shows_its_number_date_signer_and_rewards(web_app, sign_in):
    secretary = sign_in("thuky")
    response = secretary.post(DECISIONS, data={
        "number": "45/QĐ-TTTK", "signed_on": "05/01/2018", "level": "unit", "unit": "TTTK",
        "signer": "Nguyễn Văn Giám", "signer_title": "Giám đốc", "award-i-TTTK-01-CSTDCS": "1"})
    assert response.status_code == 302, response.text[:400]
    results = json.loads(cli(web_app, "results", "--bloc", BLOC, "--year", str(YEAR), "--format", "json"))
    document = download(secretary, DECISIONS, "Quyết định")
    check_decree_30(document, issued=True, recipients=True)
    text = paragraphs(document)
    assert "Số: 45/QĐ-TTTK" in text and "Nguyễn Văn Giám" in text and "GIÁM ĐỐC" in text
    assert "…………, ngày 05 tháng 01 năm 2018" in text
    assert any("Kèm theo Quyết định số 45/QĐ-TTTK ngày 05 tháng 01 năm 2018" in line for line in text)
    lines = [line for line in results["rewards"]["lines"] if line["unit"] == "TTTK" and line["level"] != "unit"]
    amount = {(line["name"], line["title"]): line["amount"] for line in lines}
    shown = []
    for table in document.tables:
        if table.rows[0].cells[-1].text == "Số tiền (đồng)":
            shown += [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert sorted(row[1] for row in shown) == sorted(line["name"] for line in lines)
    expected = sorted(f"{value:,}".replace(",", ".") for value in amount.values())
    assert sorted(row[3] for row in shown) == expected
    total = f"{sum(amount.values()):,}".replace(",", ".")
    assert f"Tổng cộng: {len(lines)} danh hiệu; tổng số tiền thưởng: {total} đồng." in text
    assert sign_in("danhgia").get(DECISIONS).status_code == 200
