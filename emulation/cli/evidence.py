"""Housekeeping of the evidence folder: the blobs no score line names any more."""
import click
from flask import current_app
from flask.cli import with_appcontext

from emulation.cli.base import command
from emulation.storage.evidence import delete_unnamed_blob, unnamed_blobs


@command("prune-evidence")
@with_appcontext
@click.option("--older-than-hours", type=click.FloatRange(min=1), default=24.0, show_default=True,
              help="Chỉ các tệp ghi quá số giờ này (only blobs written longer ago; an upload in progress is younger)")
@click.option("--delete", "remove", is_flag=True,
              help="Xóa thật; không có cờ này chỉ liệt kê (delete them; without it, only list them)")
def prune_evidence(older_than_hours, remove):
    """Liệt kê hoặc xóa tệp minh chứng không còn dòng điểm nào dùng (list or delete evidence blobs no line names).

    A save refused after its upload, or a file removed from a line, leaves its blob in the folder.
    """
    grace = older_than_hours * 3600
    found = unnamed_blobs(current_app.config["EMULATION_EVIDENCE_DIR"], grace)
    sizes = {path: path.stat().st_size for path in found}
    if remove:
        found = [path for path in found if delete_unnamed_blob(path, grace)]
    size = sum(sizes[path] for path in found)
    for path in found:
        click.echo(path)
    verb = "Đã xóa" if remove else "Có thể xóa (thêm --delete để xóa)"
    english = "deleted" if remove else "could be deleted (add --delete)"
    click.echo(f"{verb}: {len(found)} tệp, {size:,} byte ({len(found)} blobs, {size:,} bytes {english}).")
