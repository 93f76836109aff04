"""Commands for the HR record: people and collectives, their import and export."""
import json

import click
from flask.cli import with_appcontext

from emulation.cli.base import group
from emulation.people.importing import ImportRefused, Preview, Scope, apply_import, preview_import
from emulation.people.profiles import person_profile, to_json_ready
from emulation.people.spreadsheet import build_workbook, export_rows, individual_titles
from emulation.storage.audit import CLI
from emulation.storage.database import find_year


@group("people")
def people():
    """Hồ sơ thi đua của cá nhân, tập thể (the HR record of people and collectives)."""


@people.command("show")
@click.argument("code")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
def show(code, output):
    """In hồ sơ của một cá nhân (print a person's profile): identity, placements, leave, titles, every year."""
    profile = person_profile(code)
    if output == "json":
        click.echo(json.dumps(to_json_ready(profile), ensure_ascii=False, indent=2))
        return
    click.echo(format_profile(profile))


def format_profile(profile: dict) -> str:
    """Return a person's profile as terminal text."""
    who = profile["identity"]
    lines = [f"{who['full_name']} ({profile['code']})",
             f"  {who['position']} · {who['unit']['name']}" + (f" · {who['collective']['name']}"
                                                                 if who["collective"] else "")]
    if who["departure"]:
        lines.append(f"  Thôi công tác ({who['departure']}) từ {who['left_on'].isoformat()}")
    lines.append("Quá trình công tác:")
    lines += [f"  {p['starts_on'].isoformat()}  {p['unit']['code']}  "
              f"{p['collective']['code'] if p['collective'] else '-'}  {p['position']}" for p in profile["placements"]]
    lines.append("Thời gian nghỉ:")
    lines += [f"  {l['kind']}  {l['starts_on'].isoformat()} – {l['ends_on'].isoformat() if l['ends_on'] else '…'}"
              for l in profile.get("leave", [])]
    lines.append("Danh hiệu đã đạt:")
    for t in profile["titles"]:
        decision = t["decision"]
        shown = (f"  QĐ {decision['number']} ngày {decision['signed_on'].strftime('%d/%m/%Y')} ({decision['level']})"
                 if decision and decision["signed_on"] else "")
        lines.append(f"  {t['year']}  {t['title']}{shown}")
    for p in profile["progress"]:
        lines.append(f"  {p['held_title']}: {p['count']} trong {p['needed']} năm liên tục cần cho {p['title']}"
                     f" ({', '.join(map(str, p['years'])) or 'chưa có'})")
    for y in profile.get("years", []):
        facts = y["facts"] or {}
        lines.append(f"Năm {y['year']}: xếp loại {facts.get('task_rating') or '-'}, kỷ luật "
                     f"{facts.get('discipline') or 'không'}, sáng kiến {facts.get('initiatives', 0)}, đăng ký "
                     f"{', '.join(y['registered']) or 'không'}")
        lines += [f"  {d['title']}: {d['decision']}" for d in y["decisions"]]
    return "\n".join(lines)
# --- import and export of the staff workbook ------------------------------------------------------------------

@people.command("import")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--bloc", required=True, help="Mã khối thi đua (bloc code)")
@click.option("--year", required=True, type=int)
@click.option("--dry-run", is_flag=True, help="Chỉ xem trước, không ghi (preview only, write nothing)")
def import_staff(file, bloc, year, dry_run):
    """Nhập danh sách người lao động, đăng ký, kết quả năm từ tệp .xlsx (import a staff workbook); all or nothing."""
    with open(file, "rb") as handle:
        content = handle.read()
    scope = Scope(find_year(bloc, year))
    if dry_run:
        preview = preview_import(content, scope)
        click.echo(format_preview(preview))
        if preview.problems:
            raise SystemExit(1)
        return
    try:
        preview = apply_import(content, scope, actor=CLI, filename=click.format_filename(file))
    except ImportRefused as exc:
        if exc.preview is not None:
            click.echo(format_preview(exc.preview))
        raise click.ClickException(exc.message) from exc
    click.echo(format_preview(preview))
    click.echo(f"Đã nhập: thêm {len(preview.of('add'))}, sửa {len(preview.of('change'))} dòng.")


def format_preview(preview: Preview) -> str:
    """The preview as the terminal shows it: each row that changes, counts, then every problem where it is."""
    lines = []
    for row in preview.rows:
        if row.action == "same":
            continue
        mark = "+" if row.action == "add" else "~"
        lines.append(f"{mark} {row.sheet}, dòng {row.row}: {row.code} {row.name}")
        lines.extend(f"    {change.column}: {change.before or '—'} → {change.after or '—'}" for change in row.changes)
    lines.append(f"Thêm {len(preview.of('add'))}, sửa {len(preview.of('change'))}, "
                 f"không đổi {len(preview.of('same'))} dòng; {len(preview.problems)} lỗi.")
    lines.extend(f"! {problem.where()}: {problem.message}" for problem in preview.problems)
    return "\n".join(lines)


@people.command("template")
@with_appcontext
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Tệp .xlsx cần ghi (the workbook to write)")
def template(output):
    """Ghi tệp mẫu nhập danh sách người lao động (write the blank import template)."""
    build_workbook(individual_titles()).save(output)
    click.echo(f"Đã ghi tệp mẫu {output}.")


@people.command("export")
@with_appcontext
@click.option("--bloc", required=True, help="Mã khối thi đua (bloc code)")
@click.option("--year", required=True, type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Tệp .xlsx cần ghi (the workbook to write)")
def export_staff(bloc, year, output):
    """Xuất người lao động của khối, đăng ký và kết quả năm theo mẫu nhập (export the staff in the import layout)."""
    stored = find_year(bloc, year)
    rows = export_rows(stored)
    build_workbook(individual_titles(), rows, f"{bloc} {year}").save(output)
    click.echo(f"Đã xuất {len(rows.staff)} người của khối {bloc} năm {year} vào {output}.")
