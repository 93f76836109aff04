"""Commands for a bloc's year: sign it, move it as a file, compute its results, export it, read its history."""
import json

import click
from flask import current_app
from flask.cli import with_appcontext

from emulation.cli.base import command, registry
from emulation.cli.tables import format_table
from emulation.export.workbook import export_year
from emulation.i18n import LANGUAGES
from emulation.i18n_reasons import localized_results
from emulation.storage.audit import CLI, format_event, matches
from emulation.storage.database import find_year, read_audit, read_year, write_year, year_exists
from emulation.storage.evidence import (EvidenceFilesError, add_year_files, check_blobs, files_zip_path, named_blobs,
                                        read_files_zip, write_files_zip)
from emulation.storage.snapshots import year_snapshots
from emulation.storage.rule_files import app_catalogue
from emulation.storage.yearfile import from_json, to_json
from emulation.years.results import year_results
from emulation.years.signing import sign_year

LANG_OPTION = click.option("--lang", type=click.Choice(LANGUAGES), default="vi", show_default=True,
                           help="Ngôn ngữ của lý do, danh hiệu và tiêu đề (language of reasons, titles and headings)")


@command("sign")
@with_appcontext
@click.option("--bloc", required=True, help="Mã khối thi đua (bloc code)")
@click.option("--year", required=True, type=int)
@click.option("--bloc-name", default="", help="Tên khối khi tạo mới (bloc name for a new bloc)")
def sign(bloc, year, bloc_name):
    """Ký giao ước: đóng băng tiêu chí của năm (sign the agreement and freeze the year's criteria)."""
    data = sign_year(registry(), current_app.config["EMULATION_CRITERIA_DIR"], bloc, year, bloc_name, actor=CLI)
    click.echo(f"Đã ký giao ước khối {bloc} năm {year}: {len(data.units)} đơn vị, {len(data.criteria)} tiêu chí.")


@command("dump")
@with_appcontext
@click.option("--bloc", required=True)
@click.option("--year", required=True, type=int)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
@click.option("--with-files", is_flag=True,
              help="Ghi kèm <tên>.files.zip chứa các tệp minh chứng (write the evidence files' zip beside the file)")
def dump(bloc, year, output, with_files):
    """In cả năm thi đua dạng JSON (print the whole year as JSON)."""
    if with_files and output.name == "<stdout>":
        raise click.UsageError("--with-files cần -o TỆP: tệp zip được ghi bên cạnh (needs -o FILE)")
    data = read_year(bloc, year)
    data.audit = read_audit(bloc, year)
    data.snapshots = year_snapshots(bloc, year)
    add_year_files(data, find_year(bloc, year).id)
    if with_files:
        zip_path = files_zip_path(output.name)
        blobs = named_blobs(data)
        try:
            write_files_zip(zip_path, blobs, current_app.config["EMULATION_EVIDENCE_DIR"])
        except EvidenceFilesError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Đã ghi {len(blobs)} tệp minh chứng vào {zip_path}.", err=True)
    document = to_json(data)
    output.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


@command("load")
@with_appcontext
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--replace", is_flag=True, help="Thay năm đã có (replace an existing open year)")
@click.option("--files", "files_zip", type=click.Path(exists=True, dir_okay=False),
              help="Tệp zip các tệp minh chứng do dump --with-files ghi (the evidence files' zip)")
def load(file, replace, files_zip):
    """Nạp một năm thi đua từ tệp JSON (load a year from a dump file); all or nothing."""
    try:
        document = json.load(file)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"Tệp không phải JSON hợp lệ, dòng {exc.lineno} cột {exc.colno}: {exc.msg}")
    data = from_json(document)
    folder = current_app.config["EMULATION_EVIDENCE_DIR"]
    try:
        if files_zip:
            # Blobs are named by their content: storing them before the year is harmless if the load fails.
            read_files_zip(files_zip, folder, current_app.config["EMULATION_EVIDENCE_MAX_BYTES"])
        check_blobs(data, folder)
    except EvidenceFilesError as exc:
        raise click.ClickException(str(exc)) from exc
    write_year(data, replace=replace, actor=CLI, action="replace" if replace else "load",
               reason=f"tệp {file.name}")
    click.echo(f"Đã nạp khối {data.bloc} năm {data.year}: {len(data.units)} đơn vị, {len(data.people)} cá nhân.")


@command("results")
@with_appcontext
@click.option("--bloc", required=True)
@click.option("--year", required=True, type=int)
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table")
@LANG_OPTION
def results(bloc, year, output, lang):
    """Kết quả: tổng điểm, xếp hạng, danh hiệu kèm lý do (totals, ranks and title decisions with reasons)."""
    computed, titles = year_results(bloc, year), app_catalogue()
    if output == "json":
        click.echo(json.dumps(localized_results(computed, lang, titles), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(computed, lang, titles))


@command("export")
@with_appcontext
@click.option("--bloc", required=True, help="Mã khối thi đua (bloc code)")
@click.option("--year", required=True, type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Tệp .xlsx cần ghi (the workbook to write)")
@LANG_OPTION
def export(bloc, year, output, lang):
    """Xuất sổ tổng kết năm ra tệp XLSX (write the year-end workbook)."""
    try:
        export_year(bloc, year, output, lang=lang)
    except OSError as exc:
        raise click.ClickException(f"Không ghi được tệp '{output}': {exc}") from exc
    click.echo(f"Đã xuất sổ tổng kết khối {bloc} năm {year} ra {output}.")


@command("history")
@with_appcontext
@click.option("--bloc", required=True, help="Mã khối thi đua (bloc code)")
@click.option("--year", required=True, type=int)
@click.option("--unit", default=None, help="Chỉ đơn vị này (only this unit)")
@click.option("--criterion", default=None, help="Chỉ dòng điểm của tiêu chí này (only this criterion's lines)")
def history(bloc, year, unit, criterion):
    """In lịch sử thay đổi của năm thi đua, cũ trước (print the year's audit trail, or a unit's or a line's)."""
    if not year_exists(bloc, year):
        raise click.ClickException(f"Khối {bloc} chưa có năm thi đua {year} (no such bloc year)")
    events = [event for event in read_audit(bloc, year) if matches(event, unit, criterion)]
    for event in events:
        click.echo(format_event(event))
    if not events:
        click.echo("Chưa có thay đổi nào được ghi lại (no recorded changes).")
