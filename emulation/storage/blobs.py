"""Evidence blobs: file contents kept in a folder by their SHA-256, `ab/cdef…`, written once and never changed.

The folder is the configured ``EMULATION_EVIDENCE_DIR`` (outside the web root; the app serves a blob only
through a route that checks who asks). The same content is stored once however many lines name it.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

SHA256 = re.compile(r"[0-9a-f]{64}")


def sha256_hex(content: bytes) -> str:
    """Return the SHA-256 of `content` in hex, the name of its blob."""
    return hashlib.sha256(content).hexdigest()


def blob_path(folder: str | Path, sha256: str) -> Path:
    """Return where the blob `sha256` lives in `folder`; refuse anything but a hex SHA-256 (no path tricks)."""
    if not SHA256.fullmatch(sha256):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return Path(folder) / sha256[:2] / sha256[2:]


def has_blob(folder: str | Path, sha256: str) -> bool:
    """Return whether the blob `sha256` is in `folder`."""
    return blob_path(folder, sha256).is_file()


def stored_blobs(folder: str | Path):
    """Yield the path of every blob in `folder` (names that are not a blob's, like an upload in flight, are skipped)."""
    root = Path(folder)
    if not root.is_dir():
        return
    for prefix in sorted(root.iterdir()):
        if prefix.is_dir() and len(prefix.name) == 2:
            for path in sorted(prefix.iterdir()):
                if path.is_file() and SHA256.fullmatch(prefix.name + path.name):
                    yield path


def store_blob(folder: str | Path, content: bytes) -> str:
    """Store `content` in `folder` unless it is there already; return its SHA-256.

    The blob appears whole or not at all: it is written to a temporary file beside it, flushed to disk,
    then renamed into place.
    """
    sha256 = sha256_hex(content)
    path = blob_path(folder, sha256)
    if path.is_file():
        os.utime(path)      # a blob used again is young again: pruning (storage.evidence) leaves young blobs
        return sha256
    write_whole(path, content, ".upload-")
    return sha256


def write_whole(path: Path, content: bytes, prefix: str) -> None:
    """Write `content` to `path` whole or not at all: to a temporary file beside it (named with `prefix`), flushed
    to disk, then renamed into place (never an empty or partial file under its name after a crash)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
