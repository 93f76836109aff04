"""PDFs kept by the content of their Word document, so a document asked for again is not converted again.

LibreOffice takes seconds per conversion and holds a web worker meanwhile; the documents of a year change only
when its data does, and most downloads repeat (the same submission opened by several readers). The key is a
SHA-256 of the .docx's parts (names and contents, not the zip's timestamps, which differ on every render). The
folder is capped: the least recently used PDFs go first.
"""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path
from typing import Callable

from emulation.storage.blobs import write_whole


def docx_key(docx: bytes) -> str:
    """Return the SHA-256 of the document's parts: equal for two renders of the same content."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in sorted(archive.namelist()):
            part = archive.read(name)
            digest.update(f"{name}\0{len(part)}\0".encode())
            digest.update(part)
    return digest.hexdigest()


def pdf_key(docx: bytes, maker: str = "") -> str:
    """Return the name the PDF of `docx` made by `maker` is kept under."""
    return hashlib.sha256(f"{maker}\0{docx_key(docx)}".encode()).hexdigest()


def cached_pdf(docx: bytes, folder: str | Path, convert: Callable[[bytes], bytes], limit_bytes: int,
               maker: str = "") -> bytes:
    """Return the PDF of `docx`: from `folder` when one was made for the same content by the same `maker` (the
    converter's identity: an upgraded LibreOffice makes new PDFs), else `convert(docx)`, kept there (written whole
    or not at all) within `limit_bytes` for the folder."""
    path = Path(folder) / f"{pdf_key(docx, maker)}.pdf"
    try:
        content = path.read_bytes()
        os.utime(path)                      # recently used: pruned last
        return content
    except FileNotFoundError:
        pass
    content = convert(docx)
    write_whole(path, content, ".pdf-")
    _keep_within(path.parent, limit_bytes)
    return content


def _keep_within(folder: Path, limit_bytes: int) -> None:
    """Delete the least recently used PDFs until the folder holds at most `limit_bytes`."""
    found = []
    for path in folder.glob("*.pdf"):
        try:
            stat = path.stat()
        except FileNotFoundError:           # pruned by another worker meanwhile
            continue
        found.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _mtime, size, _path in found)
    for _mtime, size, path in sorted(found):
        if total <= limit_bytes:
            break
        path.unlink(missing_ok=True)
        total -= size
