"""The documents page and the downloads, for each role; without LibreOffice the page says so and offers .docx."""
from __future__ import annotations

import io
import re

from docx import Document as WordDocument
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import EmulationYear

from .conftest import BASE, BLOC, YEAR, paragraphs

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+\.(?:docx|pdf))"', html))


def test_the_secretariat_gets_every_document_with_docx_and_pdf_links(web_app, sign_in, results):
    page = sign_in("thuky").get(f"{BASE}/documents")
    assert page.status_code == 200
    found = links(page.text)
    for kind in ("registrations", "submission", "decision", "summary"):
        assert {f"{BASE}/documents/{kind}.docx", f"{BASE}/documents/{kind}.pdf"} <= found
    for unit in results["units"]:
        assert f"{BASE}/units/{unit['code']}/documents/submission.docx" in found
    reports = {link for link in found if "/achievement-" in link and link.endswith(".docx")}
    proposed = [e for key in ("collectives", "individuals") for e in results[key]
                if any(d["decision"] == "awarded" for d in e["decisions"])]
    assert len(reports) == len(proposed)
    assert 'id="no-pdf"' not in page.text


def test_a_download_is_the_filled_word_document(web_app, sign_in):
    response = sign_in("danhgia").get(f"{BASE}/units/TTTK/documents/submission.docx")
    assert response.status_code == 200 and response.mimetype == DOCX
    assert f"submission-{BLOC}-{YEAR}-TTTK.docx" in response.headers["Content-Disposition"]
    text = paragraphs(WordDocument(io.BytesIO(response.data)))
    assert "TỜ TRÌNH" in text and "TRUNG TÂM THÔNG TIN VÀ THỐNG KÊ KHOA HỌC VÀ CÔNG NGHỆ" in text


def test_a_unit_head_sees_and_gets_only_their_own_unit_s_documents(web_app, sign_in):
    client = sign_in("tttk.truong")
    page = client.get(f"{BASE}/documents")
    found = links(page.text)
    assert found and all(f"{BASE}/units/TTTK/" in link for link in found)
    assert client.get(f"{BASE}/units/TTTK/documents/decision.docx").status_code == 200
    assert client.get(f"{BASE}/units/CCTDC/documents/decision.docx").status_code == 403
    assert client.get(f"{BASE}/units/CCTDC/documents/achievement-individual/CCTDC-01.docx").status_code == 403
    assert client.get(f"{BASE}/documents/summary.docx").status_code == 403


def test_a_viewer_gets_the_published_summary_and_nothing_naming_people(web_app, sign_in):
    with web_app.app_context():
        db.session.execute(select(EmulationYear)).scalar_one().state = "published"
        db.session.commit()
    client = sign_in("xem")
    page = client.get(f"{BASE}/documents")
    assert links(page.text) == {f"{BASE}/documents/summary.docx", f"{BASE}/documents/summary.pdf"}
    assert client.get(f"{BASE}/documents/summary.docx").status_code == 200
    for kind in ("submission", "decision", "registrations"):
        assert client.get(f"{BASE}/documents/{kind}.docx").status_code == 403, kind
    assert client.get(f"{BASE}/units/TTTK/documents/submission.docx").status_code == 403


def test_a_document_the_year_does_not_have_is_not_found(web_app, sign_in):
    client = sign_in("thuky")
    assert client.get(f"{BASE}/documents/nothing.docx").status_code == 404
    assert client.get(f"{BASE}/units/TTTK/documents/summary.docx").status_code == 404       # the bloc's only
    assert client.get(f"{BASE}/units/TTTK/documents/achievement-individual/CCTDC-01.docx").status_code == 404


def test_without_libreoffice_the_page_and_the_cli_say_so_and_still_give_docx(web_app, sign_in, monkeypatch,
                                                                             tmp_path):
    monkeypatch.setattr("emulation.documents.pdf.shutil.which", lambda name: None)
    client = sign_in("thuky")
    page = client.get(f"{BASE}/documents")
    assert 'id="no-pdf"' in page.text and not any(link.endswith(".pdf") for link in links(page.text))
    assert {link for link in links(page.text) if link.endswith(".docx")}
    response = client.get(f"{BASE}/documents/summary.pdf", follow_redirects=True)
    assert "Không tạo được PDF: máy chủ chưa cài LibreOffice. Hãy tải tệp .docx." in response.text
    result = web_app.test_cli_runner().invoke(args=["documents", "--bloc", BLOC, "--year", str(YEAR), "--kind",
                                                    "summary", "--pdf", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "LibreOffice is not installed: writing .docx only" in result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [f"summary-{BLOC}-{YEAR}.docx"]


def test_the_cli_refuses_an_unknown_kind_or_unit(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    target = tmp_path / "out"
    result = runner.invoke(args=["documents", "--bloc", BLOC, "--year", str(YEAR), "--kind", "minutes",
                                 "-o", str(target)])
    assert result.exit_code == 1 and "Không có loại văn bản minutes" in result.output
    result = runner.invoke(args=["documents", "--bloc", BLOC, "--year", str(YEAR), "--unit", "NOPE",
                                 "-o", str(target)])
    assert result.exit_code == 1 and "không có đơn vị NOPE" in result.output
    assert not target.exists()


def test_a_unit_added_after_the_year_has_no_documents_of_that_year(web_app, sign_in):
    from emulation.models import Bloc
    from emulation.storage.audit import CLI
    from emulation.years.units import add_unit
    with web_app.app_context():
        add_unit(db.session.execute(select(Bloc).where(Bloc.code == BLOC)).scalar_one(),
                 "DV-MOI", "Đơn vị thành lập sau", "Mới", {}, actor=CLI)
    client = sign_in("thuky")
    page = client.get(f"{BASE}/documents").text
    assert f"{BASE}/units/TTTK/documents/submission.docx" in page and "DV-MOI" not in page
    assert client.get(f"{BASE}/units/DV-MOI/documents/submission.docx").status_code == 404
    result = web_app.test_cli_runner().invoke(args=["documents", "--bloc", BLOC, "--year", str(YEAR),
                                                    "--unit", "DV-MOI", "-o", "/tmp/unused-documents"])
    assert result.exit_code != 0 and f"Năm {YEAR} của khối {BLOC} không có đơn vị DV-MOI" in result.output
