"""Every name, title, count and amount in the demo year's documents is the one `emulation results` gives."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Bloc, Decision

from .conftest import BLOC, YEAR, cli, grouped_rows, open_docx, paragraphs, title_names

BLANK = "…………"


def awarded(entity: dict) -> set[str]:
    return {d["title"] for d in entity["decisions"] if d["decision"] == "awarded"}


def expected_groups(results: dict, key: str, unit: str | None = None) -> dict[str, list[str]]:
    """Return title name -> names of the entities (`key`) holding it, in the results' order."""
    names = title_names()
    groups: dict[str, list[str]] = {}
    for entity in results[key]:
        if unit is None or entity.get("unit", entity.get("code")) == unit:
            for title in sorted(awarded(entity)):
                groups.setdefault(names[title], []).append(entity["name"])
    return groups


def shown_groups(document) -> dict[str, list[str]]:
    """Return title name -> names in the document's group tables, checking each heading's count."""
    shown = {}
    for heading, rows in grouped_rows(document).items():
        title, count = re.match(r"Danh hiệu “(.+)”: (\d+)", heading).groups()
        assert int(count) == len(rows), heading
        assert [row[0] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
        shown[title] = [row[1] for row in rows]
    return shown


def test_the_cli_writes_one_file_per_document_and_prints_each(demo_app, results, tmp_path):
    documents_dir = tmp_path / "all"
    output = cli(demo_app, "documents", "--bloc", BLOC, "--year", str(YEAR), "-o", str(documents_dir))
    proposed = [(level, e["code"]) for level, key in (("collective", "collectives"), ("individual", "individuals"))
                for e in results[key] if awarded(e)]
    expected = {f"{kind}-{BLOC}-{YEAR}.docx" for kind in ("registrations", "submission", "decision", "summary")}
    expected |= {f"{kind}-{BLOC}-{YEAR}-{unit['code']}.docx" for unit in results["units"]
                 for kind in ("registrations", "submission", "decision")}
    expected |= {f"achievement-{level}-{BLOC}-{YEAR}-{code}.docx" for level, code in proposed}
    assert {path.name for path in documents_dir.iterdir()} == expected
    assert all(str(documents_dir / name) in output for name in expected)
    assert f"Đã ghi {len(expected)} tệp" in output


def test_the_submission_lists_each_title_s_holders_as_the_results_do(results, write):
    documents_dir = write("--kind", "submission")
    document = open_docx(documents_dir / f"submission-{BLOC}-{YEAR}.docx")
    expected = {**expected_groups(results, "units"), **expected_groups(results, "collectives"),
                **expected_groups(results, "individuals")}
    assert shown_groups(document) == expected
    collectives = sum(1 for e in results["collectives"] if awarded(e))
    individuals = sum(1 for e in results["individuals"] if awarded(e))
    assert any(f"cho {collectives} tập thể và {individuals} cá nhân" in text for text in paragraphs(document))


def test_a_unit_s_submission_lists_only_its_own(results, write):
    documents_dir = write("--unit", "TTTK", "--kind", "submission")
    document = open_docx(documents_dir / f"submission-{BLOC}-{YEAR}-TTTK.docx")
    expected = {**expected_groups(results, "units", "TTTK"), **expected_groups(results, "collectives", "TTTK"),
                **expected_groups(results, "individuals", "TTTK")}
    assert shown_groups(document) == expected and expected


def test_the_decision_s_list_carries_the_awarded_titles_and_the_results_reward_money(results, write):
    documents_dir = write("--kind", "decision")
    document = open_docx(documents_dir / f"decision-{BLOC}-{YEAR}.docx")
    expected = {**expected_groups(results, "collectives"), **expected_groups(results, "individuals")}
    assert shown_groups(document) == expected
    lines = [line for line in results["rewards"]["lines"] if line["level"] != "unit"]
    shown = sorted((row[1], row[3]) for rows in grouped_rows(document).values() for row in rows)
    assert shown == sorted((line["name"], f"{line['amount']:,}".replace(",", ".")) for line in lines)
    text = paragraphs(document)
    assert f"Số: {BLANK}/QĐ-{BLOC}" in text
    total = f"{sum(line['amount'] for line in lines):,}".replace(",", ".")
    assert f"Tổng cộng: {len(lines)} danh hiệu; tổng số tiền thưởng: {total} đồng." in text


def test_the_decision_shows_its_number_date_signer_and_blanks_for_money_not_known(demo_app, results, tmp_path,
                                                                                 monkeypatch):
    with demo_app.app_context():
        bloc = db.session.execute(select(Bloc).where(Bloc.code == BLOC)).scalar_one()
        db.session.add(Decision(bloc_id=bloc.id, year=YEAR, number="15/QĐ-SKHCN", signed_on=date(2018, 1, 5),
                                level="bloc", signer="Hoàng Văn Minh", signer_title="Giám đốc Sở"))
        db.session.commit()
    without_money = dict(results, rewards=None)             # a criteria folder without base salaries
    monkeypatch.setattr("emulation.documents.sources.year_results", lambda bloc, year, data=None: without_money)
    cli(demo_app, "documents", "--bloc", BLOC, "--year", str(YEAR), "--kind", "decision", "-o", str(tmp_path))
    document = open_docx(tmp_path / f"decision-{BLOC}-{YEAR}.docx")
    text = paragraphs(document)
    assert "Số: 15/QĐ-SKHCN" in text and "Hoàng Văn Minh" in text and "GIÁM ĐỐC SỞ" in text
    assert any("ngày 05 tháng 01 năm 2018" in line for line in text)
    rows = [row for rows in grouped_rows(document).values() for row in rows]
    assert rows and {row[3] for row in rows} == {BLANK}
    assert f"Tổng cộng: {len(rows)} danh hiệu; tổng số tiền thưởng: {BLANK} đồng." in text


def test_the_summary_holds_the_ranking_and_the_registration_statistics(results, write):
    documents_dir = write("--kind", "summary")
    document = open_docx(documents_dir / f"summary-{BLOC}-{YEAR}.docx")
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "Hạng")
    shown = [[cell.text for cell in row.cells] for row in ranking.rows[1:]]
    assert [(row[0], row[1], row[5], row[6]) for row in shown] == \
        [(str(u["rank"]), u["name"], f"{u['total']:g}".replace(".", ","), u["band"]) for u in results["units"]]
    stats = results["registration_stats"]
    text = paragraphs(document)
    assert (f"Tập thể đăng ký: {stats['collectives']['registered']}/{stats['collectives']['total']}; cá nhân đăng "
            f"ký: {stats['individuals']['registered']}/{stats['individuals']['total']}.") in text
    assert "Tập thể đăng ký: 14/14; cá nhân đăng ký: 61/62." in text          # the bloc's published report
    names = title_names()
    for code, count in stats["by_title"].items():
        assert f"- {names[code]}: {count}" in text


def test_a_unit_s_registration_list_shows_what_each_registered(results, write):
    documents_dir = write("--unit", "CCTDC", "--kind", "registrations")
    document = open_docx(documents_dir / f"registrations-{BLOC}-{YEAR}-CCTDC.docx")
    people = next(t for t in document.tables if t.rows[0].cells[1].text == "Họ và tên")
    shown = {row.cells[1].text: row.cells[3].text for row in people.rows[1:]}
    names = title_names()
    expected = {e["name"]: names[e["registered"]] if e["registered"] else "—"
                for e in results["individuals"] if e["unit"] == "CCTDC"}
    assert shown == expected
    own = {key: [e for e in results[key] if e["unit"] == "CCTDC"] for key in ("collectives", "individuals")}
    counts = {key: f"{sum(1 for e in own[key] if e['registered'])}/{len(own[key])}" for key in own}
    assert any(f"như sau: {counts['collectives']} tập thể và {counts['individuals']} cá nhân đăng ký." in line
               for line in paragraphs(document))


def test_achievement_reports_are_prefilled_and_leave_marked_blanks(results, write):
    person = next(e for e in results["individuals"] if "CSTDCS" in awarded(e))
    collective = next(e for e in results["collectives"] if "TTLDXS" in awarded(e))
    documents_dir = write("--unit", person["unit"], "--kind", "achievement-individual")
    write("--unit", collective["unit"], "--kind", "achievement-collective")
    document = open_docx(documents_dir / f"achievement-individual-{BLOC}-{YEAR}-{person['code']}.docx")
    text = paragraphs(document)
    assert "Đề nghị tặng danh hiệu “Chiến sĩ thi đua cơ sở” năm 2017" in text
    assert f"- Họ và tên: {person['name']}" in text
    assert any(line.startswith("Mẫu số 02") and "91/2017/NĐ-CP" in line for line in text)
    assert f"- Quê quán: {BLANK}" in text
    assert any("[Phần do đơn vị, cá nhân tự viết]" in line for line in text)
    condition = next(d for d in person["decisions"] if d["title"] == "CSTDCS")["reasons"][0]
    assert f"- {condition['condition']}: {condition['text']} ({condition['citation']})." in text
    document = open_docx(documents_dir / f"achievement-collective-{BLOC}-{YEAR}-{collective['code']}.docx")
    text = paragraphs(document)
    assert "Đề nghị tặng danh hiệu “Tập thể lao động xuất sắc” năm 2017" in text
    assert any(line.startswith("Mẫu số 01") for line in text)
    assert f"Tên tập thể đề nghị: {collective['name']}" in text
