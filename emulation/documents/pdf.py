"""PDF through LibreOffice headless, when it is installed: several documents in one run, a throwaway profile."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from flask_babel import gettext as _

from emulation.errors import EmulationError

TIMEOUT_SECONDS = 180


class PdfUnavailable(EmulationError):
    """No PDF can be made here: LibreOffice is not installed, or it failed; the .docx is still offered."""

    status = 503


def soffice() -> str | None:
    """Return LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def converter_identity() -> str:
    """Return what identifies the PDFs this server's LibreOffice makes: its program and when it was installed."""
    command = soffice()
    if command is None:
        return ""
    program = Path(command).resolve()
    try:
        return f"{program}:{program.stat().st_mtime_ns}"
    except OSError:
        return str(program)


def pdf_available() -> bool:
    """Return whether PDFs can be made on this server."""
    return soffice() is not None


def convert_to_pdf(sources: list[Path], target: Path, timeout: float = TIMEOUT_SECONDS) -> list[Path]:
    """Convert the .docx files `sources` into PDFs in `target` with one LibreOffice run; return the PDFs.

    A fresh user profile per run lets conversions run side by side and leaves no state behind.
    """
    command = soffice()
    if command is None:
        raise PdfUnavailable(_("Không tạo được PDF: máy chủ chưa cài LibreOffice. Hãy tải tệp .docx."))
    with tempfile.TemporaryDirectory(prefix="emulation-soffice-") as profile:
        try:
            subprocess.run([command, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", str(target), *map(str, sources)],
                           check=True, capture_output=True, timeout=timeout)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise PdfUnavailable(_("Không tạo được PDF (LibreOffice lỗi hoặc quá thời gian). Hãy tải tệp .docx.")) \
                from exc
    made = [target / (source.stem + ".pdf") for source in sources]
    missing = [path.name for path in made if not path.is_file()]
    if missing:
        raise PdfUnavailable(_("Không tạo được PDF cho %(files)s. Hãy tải tệp .docx.", files=", ".join(missing)))
    return made
