"""`emulation prune-evidence`: blobs no line names any more are listed, and deleted only when asked and old."""
import os
import re
import time
from pathlib import Path

from emulation.storage.blobs import blob_path, sha256_hex, store_blob

from .conftest import sheet_url
from .evidence_samples import PDF, TEXT, png
from .test_evidence import UNIT, draft, file_links, post_files  # noqa: F401  (the fixture keeps the sheet a draft)

DAY = 24 * 3600


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def prune(app, *options: str) -> str:
    result = app.test_cli_runner().invoke(args=["prune-evidence", *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_removed_file_s_blob_is_listed_then_deleted_and_named_ones_stay(web_app, sign_in):
    folder = web_app.config["EMULATION_EVIDENCE_DIR"]
    head = sign_in("tttk.truong")
    image = png()
    assert post_files(head, [(PDF, "a.pdf"), (image, "b.png")]).status_code == 302
    page = head.get(sheet_url(UNIT)).text
    assert head.post(re.search(r'formaction="([^"]+/remove)"', page).group(1)).status_code == 302   # a.pdf
    removed, kept = blob_path(folder, sha256_hex(PDF)), blob_path(folder, sha256_hex(image))
    young = blob_path(folder, store_blob(folder, TEXT))          # an upload whose row is not committed yet
    Path(folder, "ab").mkdir(exist_ok=True)
    Path(folder, "ab", ".upload-in-flight").write_bytes(b"x")
    for path in (removed, kept):
        age(path, 2 * DAY)

    listed = prune(web_app)
    assert str(removed) in listed and str(kept) not in listed and str(young) not in listed
    assert "Có thể xóa (thêm --delete để xóa): 1 tệp" in listed and removed.exists()

    deleted = prune(web_app, "--delete")
    assert f"Đã xóa: 1 tệp, {len(PDF):,} byte" in deleted
    assert not removed.exists() and kept.exists() and young.exists()
    link = file_links(head.get(sheet_url(UNIT)).text)["b.png"]
    assert head.get(link).data == image                          # a file still on a line downloads as before
    assert prune(web_app, "--delete", "--older-than-hours", "1").count(str(young)) == 0


def test_a_blob_being_uploaded_again_is_young_again_and_kept(web_app):
    """An upload of content already in the folder reuses the old blob before its row commits: not pruned."""
    folder = web_app.config["EMULATION_EVIDENCE_DIR"]
    old = blob_path(folder, store_blob(folder, PDF))
    age(old, 2 * DAY)
    assert str(old) in prune(web_app)
    store_blob(folder, PDF)                                      # the upload in flight, its row not yet stored
    assert str(old) not in prune(web_app, "--delete") and old.exists()


def test_blobs_a_load_has_checked_are_not_pruned_before_it_commits(web_app):
    """`emulation load` without --files relies on blobs already in the folder, unnamed until its rows commit."""
    from emulation.engine.yeardata import EvidenceData, ScoreLineData, YearData
    from emulation.storage.evidence import check_blobs, unnamed_blobs
    folder = web_app.config["EMULATION_EVIDENCE_DIR"]
    old = blob_path(folder, store_blob(folder, PDF))
    age(old, 2 * DAY)
    data = YearData(bloc="KTD-II", bloc_name="", year=2030, lines=[ScoreLineData(
        "TTTK", "A.1", files=(EvidenceData(old.parent.name + old.name, "a.pdf", "application/pdf", len(PDF)),))])
    check_blobs(data, folder)
    with web_app.app_context():
        assert old not in unnamed_blobs(folder, DAY)
