"""Evidence files of a sheet's lines: a unit head attaches files to a line or removes one; the bloc reads them.

Files are checked by their content (``storage.file_types``), never by their name, and by size; a refused
upload stores nothing. The rows and their audit rows are one transaction, taken like a save of values: only
while the sheet is the head's to change.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from emulation import clock
from emulation.extensions import db
from emulation.i18n import format_number
from emulation.models import EmulationYear, EvidenceFile, ScoreLine, ScoreSheet, SignedCriterion, Unit
from emulation.storage.audit import Actor
from emulation.storage.blobs import sha256_hex, store_blob
from emulation.storage.file_types import FileType, detect
from emulation.sheets.service import (SheetError, SheetView, new_line, open_for_entry, record_line_change, sheet_of,
                                      transaction)

MAX_FILES_PER_UPLOAD = 5
ACCEPTED = (".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,"
            "application/pdf,image/*")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]')


@dataclass(frozen=True)
class Upload:
    """A file as posted: the name the browser gave and its content (read up to one byte past the limit)."""

    filename: str
    content: bytes


def safe_name(filename: str, kind: FileType) -> str:
    """Return `filename` fit to show and to name a download: no folders, no control or reserved characters,
    at most 200 characters, and ending with an extension of what the content is."""
    base = unicodedata.normalize("NFC", re.split(r"[\\/]", filename or "")[-1])
    base = " ".join(_UNSAFE.sub("_", base).split()).strip(" .")
    stem, extension = os.path.splitext(base)
    if extension.lower() not in kind.extensions:
        stem, extension = base, kind.extensions[0]
    return (stem[:200 - len(extension)] or "minh-chung") + extension.lower()


def file_state(file: EvidenceFile) -> dict:
    """Return what the audit keeps of an evidence file."""
    return {"file": file.name, "sha256": file.sha256, "media_type": file.media_type, "size": file.size}


def _checked(uploads: list[Upload], largest: int) -> list[tuple[Upload, FileType]]:
    """Return each upload with its kind, or refuse them all naming the first that is too large or of no known kind."""
    if not uploads:
        raise SheetError(_("Chọn ít nhất một tệp để tải lên."))
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        raise SheetError(_("Mỗi lần tải lên tối đa %(count)s tệp.", count=MAX_FILES_PER_UPLOAD))
    checked = []
    for upload in uploads:
        if len(upload.content) > largest:
            raise SheetError(_("Tệp '%(name)s' lớn hơn giới hạn %(limit)s MB; không tải lên.", name=upload.filename,
                               limit=format_number(largest / 1024 / 1024)))
        kind = detect(upload.content)
        if kind is None:
            raise SheetError(_("Tệp '%(name)s' không phải PDF, ảnh (PNG, JPEG, GIF, WebP) hay tài liệu Word, Excel, "
                               "PowerPoint, OpenDocument (đã kiểm tra nội dung tệp, không theo tên); không tải lên.",
                               name=upload.filename))
        checked.append((upload, kind))
    return checked


def attach_files(year: EmulationYear, unit: Unit, code: str, uploads: list[Upload], *, folder: str, largest: int,
                 actor: Actor) -> list[EvidenceFile]:
    """Attach `uploads` to the line `code` of the unit's sheet (the line is added if it has no value yet), all or
    none; each file leaves one audit row by `actor`.

    :param folder: the evidence folder the contents go to, by hash.
    :param largest: the largest file accepted, in bytes.
    """
    try:
        checked = _checked(uploads, largest)
    except SheetError as exc:
        raise SheetError(exc.message, {code: exc.message}) from None
    with transaction():
        view = open_for_entry(year, unit)
        line = _line(view, code)
        held = {file.sha256 for file in line_files(view).get(code, ())}
        for upload, _kind in checked:
            if sha256_hex(upload.content) in held:
                message = _("Tệp '%(name)s' đã có trong minh chứng của dòng này.", name=upload.filename)
                raise SheetError(message, {code: message})
            held.add(sha256_hex(upload.content))
        added = []
        for upload, kind in checked:
            # Stored once the upload is accepted; if the commit then fails, a blob no row names is harmless.
            sha256 = store_blob(folder, upload.content)
            file = EvidenceFile(line=line, sha256=sha256, name=safe_name(upload.filename, kind),
                                media_type=kind.media_type, size=len(upload.content), uploaded_by=actor.name,
                                uploaded_at=clock.now())
            db.session.add(file)
            record_line_change(view, code, "upload", None, file_state(file), actor)
            added.append(file)
    return added


def remove_file(year: EmulationYear, unit: Unit, code: str, file_id: int, *, actor: Actor) -> EvidenceFile:
    """Remove the file `file_id` from the line `code` of the unit's sheet, with its audit row by `actor`.

    The row is deleted; the audit row keeps its hash, name, type and size.
    """
    with transaction():
        view = open_for_entry(year, unit)
        file = find_file(view.sheet, code, file_id)
        if file is None:
            raise SheetError(_("Tệp minh chứng này không còn; hãy tải lại trang."))
        record_line_change(view, code, "remove", file_state(file), None, actor)
        db.session.delete(file)
    return file


def _line(view: SheetView, code: str) -> ScoreLine:
    row = next((row for row in view.leaves if row.spec.code == code), None)
    if row is None:
        raise SheetError(_("Không có tiêu chí %(code)s trong bảng điểm này.", code=code))
    if row.line is not None:
        return row.line
    criterion = db.session.execute(select(SignedCriterion).where(SignedCriterion.year_id == view.year.id,
                                                                 SignedCriterion.code == code)).scalar_one()
    return new_line(sheet_of(view), criterion)


def line_files(view: SheetView) -> dict[str, list[EvidenceFile]]:
    """Return criterion code -> the evidence files of that line of the sheet, by name."""
    if view.sheet is None:
        return {}
    rows = db.session.execute(select(SignedCriterion.code, EvidenceFile).join(ScoreLine, EvidenceFile.line)
                              .join(SignedCriterion, ScoreLine.criterion)
                              .where(ScoreLine.sheet_id == view.sheet.id)
                              .order_by(EvidenceFile.name, EvidenceFile.id)).all()
    found: dict[str, list[EvidenceFile]] = {}
    for code, file in rows:
        found.setdefault(code, []).append(file)
    return found


def find_file(sheet: ScoreSheet | None, code: str, file_id: int) -> EvidenceFile | None:
    """Return the file `file_id` if it belongs to the line `code` of `sheet`, else None (one query)."""
    if sheet is None:
        return None
    return db.session.execute(select(EvidenceFile).join(ScoreLine, EvidenceFile.line)
                              .join(SignedCriterion, ScoreLine.criterion)
                              .where(EvidenceFile.id == file_id, ScoreLine.sheet_id == sheet.id,
                                     SignedCriterion.code == code)).scalar_one_or_none()
