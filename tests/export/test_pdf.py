"""The workbook opens in LibreOffice and prints: converted headless to PDF, it has pages."""
import re
import shutil
import subprocess

import pytest

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def count_pages(path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice (libreoffice-calc) is not installed")
def test_libreoffice_converts_the_workbook_to_pdf(export_file, tmp_path, workbook):
    source = export_file("in-an.xlsx")
    out = tmp_path / "pdf"
    command = [LIBREOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), str(source)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("LibreOffice did not convert the workbook within 120 s")
    pdf = out / "in-an.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    # every sheet prints, each on at least one page
    assert count_pages(pdf) >= len(workbook.sheetnames)
