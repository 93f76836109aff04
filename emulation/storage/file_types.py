"""What a file is, read from its first bytes (and, for office documents, from its zip or OLE2 directory).

The name a browser sends says nothing: a renamed program or a text file called ``.pdf`` is recognised as
neither and refused. Only the kinds evidence files may be are known here: PDF, PNG, JPEG, GIF, WebP, Word,
Excel and PowerPoint (OOXML and the legacy binary formats) and OpenDocument. A document with macros is not
one of them.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    """A kind of file: its media type and the extensions a file of it is named with (the first one preferred)."""

    media_type: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", (".pdf",))
PNG = FileType("image/png", (".png",))
JPEG = FileType("image/jpeg", (".jpg", ".jpeg"))
GIF = FileType("image/gif", (".gif",))
WEBP = FileType("image/webp", (".webp",))
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",))
ODT = FileType("application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", (".ods",))
ODP = FileType("application/vnd.oasis.opendocument.presentation", (".odp",))
DOC = FileType("application/msword", (".doc",))
XLS = FileType("application/vnd.ms-excel", (".xls",))
PPT = FileType("application/vnd.ms-powerpoint", (".ppt",))
KNOWN = {t.media_type: t for t in (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT)}

_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG), (b"GIF87a", GIF),
               (b"GIF89a", GIF))
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream that makes an OLE2 compound file a Word, Excel or PowerPoint file (an installer is OLE2 too).
_OLE2_STREAMS = (("WordDocument", DOC), ("Workbook", XLS), ("Book", XLS), ("PowerPoint Document", PPT))


def detect(content: bytes) -> FileType | None:
    """Return the kind of file `content` is, or None when it is none of the kinds evidence may be."""
    for signature, kind in _SIGNATURES:
        if content.startswith(signature):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content.startswith(b"PK\x03\x04"):
        return _zip_document(content)
    if content.startswith(_OLE2):
        return next((kind for stream, kind in _OLE2_STREAMS if stream.encode("utf-16-le") in content), None)
    return None


def _zip_document(content: bytes) -> FileType | None:
    """Return the office document a zip is (OOXML without macros, or OpenDocument), or None for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                if b"macroEnabled" in archive.read("[Content_Types].xml"):
                    return None
                return next((kind for part, kind in _OOXML_PARTS if any(n.startswith(part) for n in names)), None)
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return next((kind for kind in (ODT, ODS, ODP) if kind.media_type == declared), None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, NotImplementedError, EOFError):
        return None
    return None
