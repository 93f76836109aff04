"""PDF through LibreOffice: the pages come out, with the text of the Word documents (deselect with -m "not pdf").

LibreOffice takes seconds to start on this machine: the tests convert several documents in one run.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import BASE, BLOC, YEAR

pytestmark = [pytest.mark.pdf,
              pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")]


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_the_cli_writes_each_document_s_pdf_with_its_text(write, results):
    folder = write("--kind", "submission", "--kind", "decision", "--kind", "summary", "--pdf")
    documents = sorted(folder.glob("*.docx"))
    assert len(documents) == 3 + 2 * len(results["units"])
    for document in documents:
        pdf = document.with_suffix(".pdf")
        assert pdf.is_file() and pages(pdf) >= 1, pdf.name
        text = " ".join(pdf_text(pdf).split())
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text, pdf.name
    submission = " ".join(pdf_text(folder / f"submission-{BLOC}-{YEAR}.pdf").split())
    assert "TỜ TRÌNH" in submission and "Nơi nhận:" in submission
    for person in results["individuals"]:
        if any(d["decision"] == "awarded" for d in person["decisions"]):
            assert person["name"] in submission, person["name"]
    summary = " ".join(pdf_text(folder / f"summary-{BLOC}-{YEAR}.pdf").split())
    for unit in results["units"]:           # names wrap inside their cells; the totals and bands do not
        assert f"{unit['total']:g}".replace(".", ",") in summary and unit["band"] in summary
    assert pages(folder / f"decision-{BLOC}-{YEAR}.pdf") >= 2        # the decision, then its attached list


def test_the_page_gives_a_pdf(web_app, sign_in, tmp_path):
    response = sign_in("thuky").get(f"{BASE}/units/TTTK/documents/achievement-collective/TTTK-TT.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (tmp_path / "report.pdf").write_bytes(response.data)
    text = " ".join(pdf_text(tmp_path / "report.pdf").split())
    assert "BÁO CÁO THÀNH TÍCH" in text and "Phòng Thông tin – Tư liệu" in text
