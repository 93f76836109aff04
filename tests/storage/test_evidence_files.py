"""Evidence files in storage: their kind read from the content, blobs by hash, and the year file with its zip."""
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import EmulationYear, EvidenceFile, ScoreSheet, Unit
from emulation.sheets.evidence import Upload, attach_files
from emulation.storage import file_types
from emulation.storage.audit import Actor
from emulation.storage.blobs import blob_path, sha256_hex, store_blob
from emulation.storage.database import find_year
from sheets.evidence_samples import PDF, PROGRAM, TEXT, docx, png, zipped

BLOC, YEAR = "KTD-II", 2017


def workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize("content, kind", [
    (PDF, file_types.PDF), (png(), file_types.PNG), (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", file_types.JPEG),
    (b"GIF89a\x01\x00\x01\x00", file_types.GIF), (b"RIFF\x24\x00\x00\x00WEBPVP8 ", file_types.WEBP),
    (docx(), file_types.DOCX), (workbook(), file_types.XLSX),
    (zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), file_types.ODT),
    (OLE2 + "WordDocument".encode("utf-16-le"), file_types.DOC),
    (OLE2 + "Workbook".encode("utf-16-le"), file_types.XLS),
], ids=["pdf", "png", "jpeg", "gif", "webp", "docx", "xlsx", "odt", "doc", "xls"])
def test_a_file_is_known_by_its_content(content, kind):
    assert file_types.detect(content) == kind


@pytest.mark.parametrize("content", [
    PROGRAM, TEXT, b"", b"%PD", zipped({"readme.txt": b"hi"}),
    zipped({"[Content_Types].xml": b"<Types>application/vnd.ms-word.document.macroEnabled.main+xml</Types>",
            "word/document.xml": b"<w/>"}),
    zipped({"mimetype": b"application/x-something-else"}), b"PK\x03\x04 not really a zip",
    OLE2 + "an installer".encode("utf-16-le"),
], ids=["program", "text", "empty", "truncated-pdf", "plain-zip", "word-with-macros", "other-odf", "broken-zip",
        "msi"])
def test_anything_else_is_no_known_kind(content):
    assert file_types.detect(content) is None


def test_a_blob_is_stored_once_by_its_hash_and_nothing_else_is_left(tmp_path):
    sha = store_blob(tmp_path, PDF)
    assert sha == sha256_hex(PDF) and blob_path(tmp_path, sha) == tmp_path / sha[:2] / sha[2:]
    assert store_blob(tmp_path, PDF) == sha
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [sha[2:]]      # no temporary file left behind
    with pytest.raises(ValueError):
        blob_path(tmp_path, "../../etc/passwd")


def _attach(app, unit: str, code: str, files: list[tuple[bytes, str]]) -> None:
    with app.test_request_context():
        year = find_year(BLOC, YEAR)
        found = db.session.execute(select(Unit).where(Unit.code == unit)).scalar_one()
        db.session.execute(select(ScoreSheet).where(ScoreSheet.unit_id == found.id)).scalar_one().state = "draft"
        db.session.commit()
        attach_files(year, found, code, [Upload(name, content) for content, name in files],
                     folder=app.config["EMULATION_EVIDENCE_DIR"], largest=10_000_000, actor=Actor("tttk.truong", 1))


def _files(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(select(Unit.code, EvidenceFile.name, EvidenceFile.sha256, EvidenceFile.media_type,
                                         EvidenceFile.size, EvidenceFile.uploaded_by)
                                  .join(EvidenceFile.line).join(ScoreSheet).join(Unit)).all()
        return sorted(tuple(row) for row in rows)


def test_dump_with_files_then_load_with_the_zip_restores_them_on_a_fresh_database(demo_app, make_app, tmp_path):
    _attach(demo_app, "TTTK", "A.3", [(PDF, "ke-hoach.pdf"), (png(), "anh.png")])
    _attach(demo_app, "CCTDC", "A.1", [(PDF, "cung-noi-dung.pdf")])
    year_file = tmp_path / "ktd-ii-2017.json"
    dumped = demo_app.test_cli_runner().invoke(args=["dump", "--bloc", BLOC, "--year", str(YEAR), "-o", str(year_file),
                                                     "--with-files"])
    assert dumped.exit_code == 0, dumped.output
    document = json.loads(year_file.read_text(encoding="utf-8"))
    assert document["version"] == 3
    [line] = [line for line in document["lines"] if (line["unit"], line["criterion"]) == ("TTTK", "A.3")]
    assert [(f["name"], f["media_type"], f["size"]) for f in line["files"]] == [
        ("anh.png", "image/png", len(png())), ("ke-hoach.pdf", "application/pdf", len(PDF))]
    assert "files" not in next(line for line in document["lines"] if line["unit"] == "TTTK" and line["criterion"] == "A.1")
    with zipfile.ZipFile(tmp_path / "ktd-ii-2017.files.zip") as archive:
        assert sorted(archive.namelist()) == sorted([sha256_hex(PDF), sha256_hex(png())])   # the shared PDF once

    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}",
                     EMULATION_EVIDENCE_DIR=str(tmp_path / "other-evidence"))
    runner = other.test_cli_runner()
    without_zip = runner.invoke(args=["load", str(year_file)])
    assert without_zip.exit_code != 0 and "--files" in without_zip.output
    with other.app_context():
        assert db.session.execute(select(EmulationYear)).first() is None
    loaded = runner.invoke(args=["load", str(year_file), "--files", str(tmp_path / "ktd-ii-2017.files.zip")])
    assert loaded.exit_code == 0, loaded.output
    assert _files(other) == _files(demo_app) and len(_files(other)) == 3
    assert Path(blob_path(tmp_path / "other-evidence", sha256_hex(png()))).read_bytes() == png()
    again = tmp_path / "again.json"
    assert runner.invoke(args=["dump", "--bloc", BLOC, "--year", str(YEAR), "-o", str(again)]).exit_code == 0
    assert json.loads(again.read_text(encoding="utf-8"))["lines"] == document["lines"]


def test_a_zip_whose_content_does_not_match_its_hash_is_refused(demo_app, tmp_path):
    _attach(demo_app, "TTTK", "A.3", [(PDF, "ke-hoach.pdf")])
    year_file = tmp_path / "nam.json"
    assert demo_app.test_cli_runner().invoke(args=["dump", "--bloc", BLOC, "--year", str(YEAR),
                                                   "-o", str(year_file)]).exit_code == 0
    forged = tmp_path / "forged.zip"
    forged.write_bytes(zipped({sha256_hex(PDF): png()}))
    result = demo_app.test_cli_runner().invoke(args=["load", str(year_file), "--replace", "--files", str(forged)])
    assert result.exit_code != 0 and "không khớp" in result.output
    assert not blob_path(demo_app.config["EMULATION_EVIDENCE_DIR"], sha256_hex(png())).exists()


def test_dump_with_files_needs_an_output_file(demo_app):
    result = demo_app.test_cli_runner().invoke(args=["dump", "--bloc", BLOC, "--year", str(YEAR), "--with-files"])
    assert result.exit_code != 0 and "-o" in result.output
