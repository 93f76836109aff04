"""PDFs are kept by the content of their Word document: asked again, a document is not converted again."""
from __future__ import annotations

import io
import os
import time
import zipfile

from emulation.documents.pdf_cache import cached_pdf, docx_key, pdf_key
from emulation.documents.service import document_docx, find_document
from emulation.storage.database import find_year

from .conftest import BASE, BLOC, YEAR


def fake_converter(calls: list):
    def convert(sources, target, timeout=None):
        calls.append([source.name for source in sources])
        made = []
        for source in sources:
            path = target / (source.stem + ".pdf")
            path.write_bytes(b"%PDF-1.4 made " + str(len(calls)).encode())
            made.append(path)
        return made
    return convert


def test_two_renders_of_one_document_share_a_key_and_another_document_has_its_own(demo_app):
    with demo_app.app_context():
        year = find_year(BLOC, YEAR)
        summary, sources = find_document(year, "summary")
        first, second = document_docx(sources, summary), document_docx(sources, summary)
        submission, _sources = find_document(year, "submission")
        other = document_docx(sources, submission)
    assert docx_key(first) == docx_key(second) and docx_key(other) != docx_key(first)


def test_a_pdf_asked_for_twice_is_converted_once(web_app, sign_in, monkeypatch):
    calls = []
    monkeypatch.setattr("emulation.documents.service.convert_to_pdf", fake_converter(calls))
    client = sign_in("thuky")
    first = client.get(f"{BASE}/documents/summary.pdf")
    again = sign_in("danhgia").get(f"{BASE}/documents/summary.pdf")
    assert first.status_code == again.status_code == 200 and first.mimetype == "application/pdf"
    assert first.data == again.data == b"%PDF-1.4 made 1" and len(calls) == 1
    assert client.get(f"{BASE}/documents/submission.pdf").data == b"%PDF-1.4 made 2" and len(calls) == 2


def _docx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", text)
    return buffer.getvalue()


def test_new_content_is_converted_and_the_least_recently_used_pdf_goes_first(tmp_path):
    made = []

    def convert(docx: bytes) -> bytes:
        made.append(docx)
        return b"x" * 100

    for text in ("một", "hai"):
        cached_pdf(_docx(text), tmp_path, convert, limit_bytes=250)
    old = tmp_path / f"{pdf_key(_docx('một'))}.pdf"
    then = time.time() - 3600
    os.utime(old, (then, then))
    cached_pdf(_docx("hai"), tmp_path, convert, limit_bytes=250)          # used again: the newest
    cached_pdf(_docx("ba"), tmp_path, convert, limit_bytes=250)           # 300 bytes: the oldest goes
    assert len(made) == 3 and not old.exists()
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted(
        f"{pdf_key(_docx(text))}.pdf" for text in ("hai", "ba"))


def test_another_libreoffice_makes_the_pdf_again(tmp_path):
    made = []
    for maker, pdf in (("/usr/lib/libreoffice/program/soffice.bin:1", b"old"), ("…:2", b"new"), ("…:2", b"x")):
        found = cached_pdf(_docx("một"), tmp_path, lambda docx, pdf=pdf: made.append(pdf) or pdf, 10_000, maker)
    assert made == [b"old", b"new"] and found == b"new"
