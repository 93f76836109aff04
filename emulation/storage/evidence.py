"""Evidence files as the year file carries them, and the zip of their blobs that travels beside it.

`emulation dump --with-files` writes the year file with each line's files and ``<name>.files.zip`` holding
the blobs by hash; `emulation load --files ZIP` checks every blob of the zip against its name, stores them
in the evidence folder, and loads the year only if every file it names has its blob.
"""
from __future__ import annotations

import os
import time
import zipfile
from dataclasses import replace
from pathlib import Path

from sqlalchemy import delete, select

from emulation import clock
from emulation.engine.yeardata import EvidenceData, YearData
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.models import EvidenceFile, ScoreLine, ScoreSheet, SignedCriterion, Unit
from emulation.storage.blobs import SHA256, blob_path, has_blob, sha256_hex, store_blob, stored_blobs


class EvidenceFilesError(EmulationError):
    """The blobs of a year's evidence files are missing or damaged; the message says which."""


def add_year_files(data: YearData, year_id: int) -> None:
    """Fill in the files of each score line of `data`, the stored year `year_id` (in a stable order)."""
    rows = db.session.connection().execute(
        select(Unit.code, SignedCriterion.code, EvidenceFile.sha256, EvidenceFile.name, EvidenceFile.media_type,
               EvidenceFile.size, EvidenceFile.uploaded_by, EvidenceFile.uploaded_at)
        .join(ScoreLine, EvidenceFile.line_id == ScoreLine.id).join(ScoreSheet, ScoreLine.sheet_id == ScoreSheet.id)
        .join(Unit, ScoreSheet.unit_id == Unit.id).join(SignedCriterion, ScoreLine.criterion_id == SignedCriterion.id)
        .where(ScoreSheet.year_id == year_id)).all()
    files: dict[tuple[str, str], list[EvidenceData]] = {}
    for unit, criterion, *fields in rows:
        files.setdefault((unit, criterion), []).append(EvidenceData(*fields))
    data.lines = [replace(line, files=tuple(sorted(files.get((line.unit, line.criterion), ()),
                                                   key=lambda f: (f.name, f.sha256))))
                  for line in data.lines]


def file_rows(line: ScoreLine, files: tuple[EvidenceData, ...]) -> list[EvidenceFile]:
    """Return the rows that restore `files` on the new score line `line`."""
    return [EvidenceFile(line=line, sha256=f.sha256, name=f.name, media_type=f.media_type, size=f.size,
                         uploaded_by=f.uploaded_by, uploaded_at=f.uploaded_at or clock.now()) for f in files]


def delete_files(line_ids) -> None:
    """Delete the evidence rows of the score lines `line_ids` (a subquery), before the lines themselves go."""
    db.session.execute(delete(EvidenceFile).where(EvidenceFile.line_id.in_(line_ids)))


def named_blobs(data: YearData) -> list[str]:
    """Return the hashes of every file the year's lines name, each once, sorted."""
    return sorted({f.sha256 for line in data.lines for f in line.files})


def files_zip_path(year_file: str | Path) -> Path:
    """Return where the zip of blobs beside the year file `year_file` goes: ``<name>.files.zip``."""
    return Path(year_file).with_suffix(".files.zip")


def write_files_zip(path: str | Path, hashes: list[str], folder: str | Path) -> None:
    """Write the blobs `hashes` from `folder` into the zip `path`, each named by its hash; all of them or none."""
    missing = [sha for sha in hashes if not has_blob(folder, sha)]
    if missing:
        raise EvidenceFilesError(f"Thiếu {len(missing)} tệp minh chứng trong thư mục {folder}: {', '.join(missing[:3])} "
                                 "(evidence blobs missing)")
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for sha in hashes:
            archive.write(blob_path(folder, sha), sha)
    partial.replace(path)


def read_files_zip(path: str | Path, folder: str | Path, largest: int) -> int:
    """Store in `folder` every blob of the zip `path` after checking its content against its name; return how many.

    :param largest: the size above which an entry is refused (the evidence size limit).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            for entry in entries:
                if not SHA256.fullmatch(entry.filename) or entry.file_size > largest:
                    raise EvidenceFilesError(f"{path}: mục '{entry.filename}' không phải một tệp minh chứng "
                                             "(not an evidence blob)")
                content = archive.read(entry)
                if sha256_hex(content) != entry.filename:
                    raise EvidenceFilesError(f"{path}: nội dung của '{entry.filename}' không khớp mã băm của nó "
                                             "(hash mismatch)")
                store_blob(folder, content)
    except (zipfile.BadZipFile, OSError) as exc:
        raise EvidenceFilesError(f"{path}: không đọc được tệp zip ({exc})") from exc
    return len(entries)


def check_blobs(data: YearData, folder: str | Path) -> None:
    """Refuse a year whose lines name a file that has no blob in `folder`; the blobs it names are made young, so
    pruning (``unnamed_blobs``) leaves them until the load has committed the rows naming them."""
    missing = []
    for sha in named_blobs(data):
        try:
            os.utime(blob_path(folder, sha))
        except FileNotFoundError:
            missing.append(sha)
    if missing:
        raise EvidenceFilesError(f"Thiếu {len(missing)} tệp minh chứng: {', '.join(missing[:3])}; nạp kèm tệp zip "
                                 "bằng --files (evidence blobs missing: give the zip with --files)")


def unnamed_blobs(folder: str | Path, older_than_seconds: float) -> list[Path]:
    """Return the blobs of `folder` that no evidence file names and that were written more than
    `older_than_seconds` ago.

    A blob is written before the row naming it commits, so a blob younger than the grace period may be an upload
    still in its transaction; older ones were left by a refused save or a removed file.
    """
    named = set(db.session.execute(select(EvidenceFile.sha256).distinct()).scalars())
    cutoff = time.time() - older_than_seconds      # file times are seconds since the epoch, not app time
    return [path for path in stored_blobs(folder)
            if path.parent.name + path.name not in named and path.stat().st_mtime < cutoff]


def delete_unnamed_blob(path: Path, older_than_seconds: float) -> bool:
    """Delete the blob `path` found by `unnamed_blobs` unless it was used again since (its time moved); return
    whether it was deleted."""
    try:
        if path.stat().st_mtime >= time.time() - older_than_seconds:
            return False
        path.unlink()
    except FileNotFoundError:
        return False
    return True
