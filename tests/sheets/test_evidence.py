"""Evidence files on the score lines: upload, list, download, remove; who may; what is refused; the audit trail."""
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import EvidenceFile
from emulation.storage.audit import history, line_key
from emulation.storage.blobs import sha256_hex

from .conftest import BLOC, YEAR, set_sheet_state, sheet_form_data, sheet_url, sheet_values
from .evidence_samples import PDF, PROGRAM, TEXT, docx, png

UNIT, CODE = "TTTK", "A.3"


@pytest.fixture(autouse=True)
def draft(web_app):
    """TTTK's sheet is a draft: its head may change it."""
    set_sheet_state(web_app, UNIT, "draft")


def upload_url(code: str = CODE, unit: str = UNIT) -> str:
    return sheet_url(unit, f"lines/{code}/evidence")


def post_files(client, files: list[tuple[bytes, str]], code: str = CODE, query: str = ""):
    """Post `files` (content, name) to the line's upload form, as the browser's multiple file input does."""
    return client.post(upload_url(code) + query, data={"files": [(io.BytesIO(content), name) for content, name in files]},
                       content_type="multipart/form-data")


def stored_files(app) -> list[EvidenceFile]:
    with app.app_context():
        files = list(db.session.execute(select(EvidenceFile).order_by(EvidenceFile.name)).scalars())
        db.session.expunge_all()
        return files


def file_links(html: str) -> dict[str, str]:
    """Return the file name -> download link of every evidence file the page lists."""
    return {name: href.replace("&amp;", "&")
            for href, name in re.findall(r'<a href="([^"]+/evidence/\d+)" download>([^<]+)</a>', html)}


def line_events(app, action: str) -> list:
    with app.app_context():
        return [e for e in history("line", line_key(BLOC, YEAR, UNIT, CODE)) if e.action == action]


def test_a_unit_head_uploads_a_pdf_an_image_and_a_word_file_and_each_downloads_as_it_was(web_app, sign_in):
    head = sign_in("tttk.truong")
    word = docx()
    response = post_files(head, [(PDF, "Kế hoạch số 12.pdf"), (png(), "../../ảnh chụp.png"), (word, "bien-ban.DOCX")])
    assert response.status_code == 302 and response.location.endswith(f"#line-{CODE}")
    page = head.get(sheet_url(UNIT)).text
    assert "Đã tải lên 3 tệp minh chứng." in page
    links = file_links(page)
    assert set(links) == {"bien-ban.docx", "Kế hoạch số 12.pdf", "ảnh chụp.png"}
    for name, content, media_type in (("Kế hoạch số 12.pdf", PDF, "application/pdf"), ("ảnh chụp.png", png(), "image/png"),
                                      ("bien-ban.docx", word, "application/vnd.openxmlformats-officedocument."
                                                              "wordprocessingml.document")):
        download = head.get(links[name])
        assert download.status_code == 200 and download.data == content
        assert download.mimetype == media_type
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert download.headers["X-Content-Type-Options"] == "nosniff"
    # The blob is kept outside the web root, named by its hash, once.
    folder = Path(web_app.config["EMULATION_EVIDENCE_DIR"])
    sha = sha256_hex(PDF)
    assert (folder / sha[:2] / sha[2:]).read_bytes() == PDF
    uploads = line_events(web_app, "upload")
    assert [e.actor for e in uploads] == ["tttk.truong"] * 3
    assert {e.after["file"] for e in uploads} == set(links) and all(e.before is None for e in uploads)
    history_page = head.get(sheet_url(UNIT, f"lines/{CODE}/history")).text
    assert "Tải lên minh chứng" in history_page and "Kế hoạch số 12.pdf" in history_page


def test_the_same_file_twice_on_a_line_is_refused(web_app, sign_in):
    head = sign_in("tttk.truong")
    assert post_files(head, [(PDF, "a.pdf")]).status_code == 302
    again = post_files(head, [(PDF, "b.pdf")])
    assert again.status_code == 400 and "Tệp &#39;b.pdf&#39; đã có trong minh chứng của dòng này." in again.text
    assert [f.name for f in stored_files(web_app)] == ["a.pdf"]


def test_files_that_are_not_what_their_name_says_are_refused_in_the_users_language(web_app, sign_in):
    head = sign_in("tttk.truong")
    for content, name in ((PROGRAM, "bao-cao.pdf"), (TEXT, "ke-hoach.pdf"), (PROGRAM, "setup.docx")):
        response = post_files(head, [(PDF, "that.pdf"), (content, name)])
        assert response.status_code == 400
        assert f'id="error-{CODE}">Tệp &#39;{name}&#39; không phải PDF, ảnh' in response.text
    english = post_files(head, [(PROGRAM, "report.pdf")], query="?lang=en")
    assert english.status_code == 400 and "is not a PDF, an image" in english.text
    # Nothing of a refused upload is kept: not even the good file sent with the bad one.
    assert stored_files(web_app) == [] and line_events(web_app, "upload") == []
    assert not any(Path(web_app.config["EMULATION_EVIDENCE_DIR"]).glob("*/*"))


def test_a_file_over_the_size_limit_is_refused_and_a_huge_request_gets_the_413_page(web_app, sign_in):
    head = sign_in("tttk.truong")
    # Larger than any other form may post (EMULATION_MAX_REQUEST_MB), within the evidence limit: accepted.
    scan = PDF + b"%" * (3 * 1024 * 1024)
    assert len(scan) > web_app.config["MAX_CONTENT_LENGTH"]
    assert post_files(head, [(scan, "ban-scan.pdf")]).status_code == 302
    web_app.config["EMULATION_EVIDENCE_MAX_BYTES"] = 2000
    big = PDF + b"%" * 2000
    response = post_files(head, [(big, "lon.pdf")])
    assert response.status_code == 400 and "lớn hơn giới hạn" in response.text
    huge = post_files(head, [(PDF + b"%" * 400_000, "rat-lon.pdf")])
    assert huge.status_code == 413 and "<html" in huge.text
    assert [f.name for f in stored_files(web_app)] == ["ban-scan.pdf"]


def test_an_upload_without_the_forms_csrf_token_is_refused(web_app, sign_in):
    head = sign_in("tttk.truong")
    web_app.config["WTF_CSRF_ENABLED"] = True
    token = re.search(rf'<form id="upload-{re.escape(CODE)}"[^>]*>\s*<input type="hidden" name="csrf_token" '
                      r'value="([^"]+)"', head.get(sheet_url(UNIT)).text).group(1)
    forged = post_files(head, [(PDF, "a.pdf")])
    assert forged.status_code == 400 and stored_files(web_app) == []
    sent = head.post(upload_url(), data={"csrf_token": token, "files": [(io.BytesIO(PDF), "a.pdf")]},
                     content_type="multipart/form-data")
    assert sent.status_code == 302 and [f.name for f in stored_files(web_app)] == ["a.pdf"]


def test_only_who_may_see_the_sheet_downloads_and_only_its_head_uploads(web_app, sign_in):
    assert post_files(sign_in("tttk.truong"), [(PDF, "a.pdf")]).status_code == 302
    link = file_links(sign_in("tttk.truong").get(sheet_url(UNIT)).text)["a.pdf"]
    set_sheet_state(web_app, UNIT, "submitted")
    for reader in ("danhgia", "thuky"):
        client = sign_in(reader)
        assert file_links(client.get(sheet_url(UNIT, "review")).text) == {"a.pdf": link}
        assert client.get(link).data == PDF
    for stranger in ("cctdc.truong", "xem"):
        assert sign_in(stranger).get(link).status_code == 404
    assert web_app.test_client().get(link).status_code == 302          # to the sign-in page
    set_sheet_state(web_app, UNIT, "draft")
    assert post_files(sign_in("cctdc.truong"), [(png(), "x.png")]).status_code == 403
    assert post_files(sign_in("danhgia"), [(png(), "x.png")]).status_code == 403
    # A file of another line, or another unit's sheet, is not found under this line.
    other_line = link.replace(f"/lines/{CODE}/", "/lines/A.1/")
    assert sign_in("tttk.truong").get(other_line).status_code == 404
    assert [f.name for f in stored_files(web_app)] == ["a.pdf"]


def test_a_submitted_sheet_or_a_locked_year_refuses_uploads_and_removals(web_app, sign_in):
    head = sign_in("tttk.truong")
    assert post_files(head, [(PDF, "a.pdf")]).status_code == 302
    page = head.get(sheet_url(UNIT)).text
    remove_url = re.search(r'formaction="([^"]+/remove)"', page).group(1)
    set_sheet_state(web_app, UNIT, "submitted")
    refused = post_files(head, [(png(), "b.png")])
    assert refused.status_code == 400 and "Bảng điểm đã gửi đi, đang chờ đánh giá; không sửa được." in refused.text
    sha = sha256_hex(png())
    assert not (Path(web_app.config["EMULATION_EVIDENCE_DIR"]) / sha[:2] / sha[2:]).exists()
    assert head.post(remove_url).status_code == 400
    page = head.get(sheet_url(UNIT)).text
    assert 'type="file"' not in page and "/remove" not in page and "a.pdf" in page
    assert [f.name for f in stored_files(web_app)] == ["a.pdf"]


def test_the_head_removes_a_file_with_an_audit_row(web_app, sign_in):
    head = sign_in("tttk.truong")
    assert post_files(head, [(PDF, "a.pdf"), (png(), "b.png")]).status_code == 302
    page = head.get(sheet_url(UNIT)).text
    assert 'data-confirm="confirm-remove-evidence"' in page and 'id="confirm-remove-evidence"' in page
    remove_url = re.search(r'formaction="([^"]+/remove)"', page).group(1)      # the first file by name: a.pdf
    link = file_links(page)["a.pdf"]
    response = head.post(remove_url)
    assert response.status_code == 302
    assert "Đã xoá tệp minh chứng &#39;a.pdf&#39;." in head.get(sheet_url(UNIT)).text
    assert [f.name for f in stored_files(web_app)] == ["b.png"]
    assert head.get(link).status_code == 404
    [removal] = line_events(web_app, "remove")
    assert removal.before == {"file": "a.pdf", "sha256": sha256_hex(PDF), "media_type": "application/pdf",
                              "size": len(PDF)} and removal.after is None
    assert head.post(remove_url).status_code == 400          # already gone: said, nothing else changes


def test_the_evidence_note_keeps_its_lines(web_app, sign_in):
    head = sign_in("tttk.truong")
    form = {**sheet_form_data(web_app, UNIT), f"text-{CODE}": "Quyết định số 12/QĐ\r\nBiên bản họp ngày 3/4", "save": "1"}
    assert head.post(sheet_url(UNIT), data=form).status_code == 302
    assert sheet_values(web_app, UNIT)[CODE][3] == "Quyết định số 12/QĐ\nBiên bản họp ngày 3/4"
    page = head.get(sheet_url(UNIT)).text
    assert re.search(rf'<textarea[^>]*name="text-{re.escape(CODE)}"[^>]*rows="3"', page)
    set_sheet_state(web_app, UNIT, "submitted")
    review = sign_in("danhgia").get(sheet_url(UNIT, "review")).text
    assert ('<div class="evidence-note" style="white-space: pre-line; overflow-wrap: anywhere">'
            "Quyết định số 12/QĐ\nBiên bản họp ngày 3/4</div>") in review
