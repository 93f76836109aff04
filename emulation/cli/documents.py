"""`emulation documents`: write a year's documents (Word, and PDF where LibreOffice is installed) into a folder."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from emulation.cli.base import command
from emulation.documents.catalogue import CORE_CODES
from emulation.documents.pdf import pdf_available
from emulation.documents.service import every_document, write_documents, year_documents
from emulation.storage.database import find_year, year_units


@command("documents")
@with_appcontext
@click.option("--bloc", required=True, help="Mã khối thi đua (bloc code)")
@click.option("--year", required=True, type=int)
@click.option("--unit", default=None, help="Chỉ văn bản của đơn vị này (only this unit's documents)")
@click.option("--kind", "kinds", multiple=True,
              help=f"Chỉ loại văn bản này, lặp lại được (only this kind, repeatable): {', '.join(CORE_CODES)}")
@click.option("--pdf", is_flag=True, help="Tạo thêm PDF bằng LibreOffice (also write PDFs through LibreOffice)")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi văn bản (the folder to write into)")
def documents(bloc, year, unit, kinds, pdf, output):
    """Xuất văn bản thi đua khen thưởng ra .docx/.pdf (write the year's documents, one file each)."""
    found = find_year(bloc, year)
    if unit is not None and unit not in {u.code for u in year_units(found)}:
        raise click.ClickException(f"Năm {year} của khối {bloc} không có đơn vị {unit} (no such unit in the bloc's year)")
    chosen = year_documents(found, unit)
    wanted = [d for d in every_document(chosen) if not kinds or d.kind.code in kinds]
    unknown = sorted(set(kinds) - {d.kind.code for d in every_document(chosen)})
    if unknown:
        raise click.ClickException(f"Không có loại văn bản {', '.join(unknown)} (unknown kind); có: "
                                   f"{', '.join(sorted({d.kind.code for d in every_document(chosen)}))}")
    if pdf and not pdf_available():
        click.echo("Không tạo PDF: máy chủ chưa cài LibreOffice; chỉ ghi tệp .docx "
                   "(LibreOffice is not installed: writing .docx only).", err=True)
        pdf = False
    try:
        written = write_documents(chosen.sources, wanted, output, pdf=pdf)
    except OSError as exc:
        raise click.ClickException(f"Không ghi được vào '{output}': {exc}") from exc
    for path in written:
        click.echo(str(path))
    click.echo(f"Đã ghi {len(written)} tệp vào {output} (wrote {len(written)} files).")
