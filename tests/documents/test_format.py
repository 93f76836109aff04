"""Each document is laid out as Decree 30/2020/NĐ-CP, Annex I sets it (docs/documents.md cites each element)."""
from __future__ import annotations

import re

from docx.shared import Pt

from .conftest import BLOC, YEAR, open_docx

FONT = "Times New Roman"


def sizes(paragraph) -> set[float]:
    return {run.font.size.pt for run in paragraph.runs if run.text.strip() and run.font.size is not None}


def only_run(paragraph):
    runs = [run for run in paragraph.runs if run.text.strip()]
    assert len(runs) == 1, paragraph.text
    return runs[0]


def between(value, low, high) -> bool:
    return low - 0.5 <= value <= high + 0.5


def check_decree_30(document, *, issued: bool, recipients: bool) -> None:
    """Assert the elements of Annex I that every document of this kind carries."""
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)            # I.1 A4
    assert between(section.top_margin.mm, 20, 25) and between(section.bottom_margin.mm, 20, 25)   # I.3
    assert between(section.left_margin.mm, 30, 35) and between(section.right_margin.mm, 15, 20)
    normal = document.styles["Normal"].font
    assert normal.name == FONT and between(normal.size.pt, 13, 14)                                 # I.4, II.6.e
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    runs += [run for table in document.tables for row in table.rows for cell in row.cells
             for paragraph in cell.paragraphs for run in paragraph.runs]
    assert {run.font.name for run in runs if run.text.strip()} <= {FONT, None}

    heading = document.tables[0]
    left, right = heading.rows[0].cells
    national, motto = right.paragraphs[0], right.paragraphs[1]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"                                  # II.1.a
    assert only_run(national).bold and between(only_run(national).font.size.pt, 12, 13)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"                                             # II.1.b
    assert only_run(motto).bold and only_run(motto).underline and between(only_run(motto).font.size.pt, 13, 14)
    place = heading.rows[1].cells[1].paragraphs[0]                                                 # II.4
    assert re.fullmatch(r".+, ngày .+ tháng .+ năm .+", place.text), place.text
    assert only_run(place).italic and between(only_run(place).font.size.pt, 13, 14)
    if issued:
        issuer = left.paragraphs[1]                                                                # II.2.b
        assert issuer.text and issuer.text == issuer.text.upper()
        assert only_run(issuer).bold and between(only_run(issuer).font.size.pt, 12, 13)
        number = heading.rows[1].cells[0].paragraphs[0]                                            # II.3.c
        assert number.text.startswith("Số: ") and "/" in number.text and sizes(number) == {13}

    body = [p for p in document.paragraphs if p.text.strip() and "{%" not in p.text]
    kind = next(p for p in body if p.text.isupper() and p.alignment is not None)                   # II.5.b
    assert only_run(kind).bold and between(only_run(kind).font.size.pt, 13, 14)
    for paragraph in body:                                                                         # II.6.e
        low, high = (12, 12) if paragraph.text.startswith("Mẫu số") else (13, 14)
        assert all(between(size, low, high) for size in sizes(paragraph)), paragraph.text

    signature = next(t for t in document.tables if "(Ký, ghi rõ họ tên" in t.rows[0].cells[-1].text).rows[0].cells
    if recipients:                                                                                 # II.9.d (9b)
        label = signature[0].paragraphs[0]
        assert label.text == "Nơi nhận:"
        assert only_run(label).bold and only_run(label).italic and only_run(label).font.size == Pt(12)
        listed = [p for p in signature[0].paragraphs[1:] if p.text.strip()]
        assert listed and all(p.text.startswith("- ") and sizes(p) == {11} for p in listed)
        assert listed[-1].text.startswith("- Lưu: VT")
    authority = signature[1].paragraphs[0]                                                         # II.7.đ
    assert authority.text and only_run(authority).bold and between(only_run(authority).font.size.pt, 13, 14)
    name = [p for p in signature[1].paragraphs if p.text.strip()][-1]
    assert only_run(name).bold and between(only_run(name).font.size.pt, 13, 14)


def test_every_document_carries_the_elements_of_the_annex(write, results):
    """One writing of the bloc's and units' documents and one unit's reports (the demo year takes seconds)."""
    write("--kind", "submission", "--kind", "decision", "--kind", "summary", "--kind", "registrations")
    written = write("--unit", "TTTK", "--kind", "achievement-individual", "--kind", "achievement-collective")
    for kind in ("submission", "decision", "summary", "registrations"):
        issued = sorted(written.glob(f"{kind}-{BLOC}-{YEAR}*.docx"))
        assert len(issued) == (1 if kind == "summary" else 1 + len(results["units"])), kind
        for path in issued:
            check_decree_30(open_docx(path), issued=True, recipients=True)
    reports = sorted(written.glob("achievement-*.docx"))
    assert len(reports) > 2
    for path in reports:
        check_decree_30(open_docx(path), issued=False, recipients=False)
    place = open_docx(written / f"decision-{BLOC}-{YEAR}.docx").tables[0].rows[1].cells[1].text
    assert place == "…………, ngày …… tháng …… năm ……"
