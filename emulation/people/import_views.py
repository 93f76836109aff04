"""Pages of the staff import: upload a workbook, read the preview, confirm; download the template or the staff.

The uploaded file is kept on the server under its SHA-256, named with the uploader's id, until it is
confirmed: the confirmation names that hash and the preview's digest, so what is imported is exactly
the file and the changes that were shown.
"""
from __future__ import annotations

import io
import os
import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from emulation.accounts.permissions import find_unit_or_404, find_year_or_404, roles_required
from emulation.people.importing import Preview, Scope, apply_import, file_hash, preview_import
from emulation.people.spreadsheet import build_workbook, export_rows, individual_titles
from emulation.sheets.service import SheetError
from emulation.storage.audit import Actor
from emulation.text import has_control_characters
from emulation.web.forms import ActionForm

bp = Blueprint("people_import", __name__)

UNIT_URL = "/blocs/<bloc>/years/<int:year>/units/<unit>"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEEP_UPLOADS_SECONDS = 24 * 3600


def _scope(found, unit) -> Scope:
    """A unit head imports for the own unit; the secretariat for any unit of the bloc (a blank cell: this unit)."""
    units = frozenset({unit.code}) if current_user.role == "unit_head" else None
    return Scope(found, units, unit.code)


def _upload_dir() -> str:
    return current_app.config.get("EMULATION_IMPORT_DIR") or os.path.join(current_app.instance_path, "imports")


def _upload_path(digest: str) -> str:
    if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
        abort(404)
    return os.path.join(_upload_dir(), f"{current_user.id}-{digest}.xlsx")


def _keep_upload(content: bytes) -> str:
    """Store the upload for its confirmation (and forget uploads older than a day); return its hash."""
    folder = _upload_dir()
    os.makedirs(folder, exist_ok=True)
    now = time.time()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if now - os.path.getmtime(path) > KEEP_UPLOADS_SECONDS:
            os.remove(path)
    digest = file_hash(content)
    with open(_upload_path(digest), "wb") as handle:
        handle.write(content)
    return digest


def _render(found, unit, preview: Preview | None = None, message: str | None = None, status: int = 200):
    return render_template("people/import.html", year=found, unit=unit, form=ActionForm(), preview=preview,
                           message=message, filename=request.form.get("filename", "")), status


@bp.route(f"{UNIT_URL}/import", methods=["GET", "POST"])
@roles_required("unit_head", "secretariat")
def upload(bloc: str, year: int, unit: str):
    """Show the upload form; on POST read the workbook and show what importing it would do."""
    found = find_year_or_404(bloc, year)
    the_unit = find_unit_or_404(found, unit)
    if request.method == "GET":
        return _render(found, the_unit)
    form = ActionForm()
    if not form.validate_on_submit():
        return _render(found, the_unit, message=_("Phiên làm việc đã hết hạn; vui lòng gửi lại."), status=400)
    uploaded = request.files.get("file")
    content = uploaded.read() if uploaded else b""
    if not content:
        return _render(found, the_unit, message=_("Chọn tệp .xlsx cần nhập."), status=400)
    preview = preview_import(content, _scope(found, the_unit))
    if not preview.problems and (preview.of("add") or preview.of("change")):
        _keep_upload(content)
    return render_template("people/import.html", year=found, unit=the_unit, form=form, preview=preview,
                           message=None, filename=os.path.basename(uploaded.filename or "")), \
        400 if preview.problems else 200


@bp.route(f"{UNIT_URL}/import/confirm", methods=["POST"])
@roles_required("unit_head", "secretariat")
def confirm(bloc: str, year: int, unit: str):
    """Import the previewed file, if it and what it does are still what was shown."""
    found = find_year_or_404(bloc, year)
    the_unit = find_unit_or_404(found, unit)
    if not ActionForm().validate_on_submit():
        return _render(found, the_unit, message=_("Phiên làm việc đã hết hạn; vui lòng gửi lại."), status=400)
    path = _upload_path(request.form.get("file_hash", ""))
    if not os.path.exists(path):
        return _render(found, the_unit, message=_("Không còn tệp đã xem trước; hãy tải tệp lên lại."), status=400)
    with open(path, "rb") as handle:
        content = handle.read()
    filename = request.form.get("filename", "")[:200]
    try:
        preview = apply_import(content, _scope(found, the_unit), actor=Actor.of(current_user),
                               expected_digest=request.form.get("digest", ""),
                               filename="" if has_control_characters(filename) else filename)
    except SheetError as exc:       # ImportRefused with its preview, or the year closed, or a concurrent change
        return _render(found, the_unit, getattr(exc, "preview", None), exc.message, exc.status)
    os.remove(path)
    flash(_("Đã nhập: thêm %(added)s, sửa %(changed)s dòng.", added=len(preview.of("add")),
            changed=len(preview.of("change"))), "success")
    return redirect(url_for("people_import.upload", bloc=bloc, year=year, unit=unit))


@bp.route(f"{UNIT_URL}/import/template.xlsx")
@roles_required("unit_head", "reviewer", "secretariat")
def template(bloc: str, year: int, unit: str):
    """The blank import template: headers with comments, drop-down lists."""
    find_unit_or_404(find_year_or_404(bloc, year), unit)
    return _send(build_workbook(individual_titles()), "mau-nhap-nguoi-lao-dong.xlsx")


@bp.route(f"{UNIT_URL}/import/export.xlsx")
@roles_required("unit_head", "reviewer", "secretariat")
def export(bloc: str, year: int, unit: str):
    """The unit's staff with their registrations and facts of the year, in the template's layout."""
    found = find_year_or_404(bloc, year)
    the_unit = find_unit_or_404(found, unit)
    rows = export_rows(found, {the_unit.code})
    return _send(build_workbook(individual_titles(), rows, f"{the_unit.code} {year}"),
                 f"nguoi-lao-dong-{the_unit.code}-{year}.xlsx")


def _send(book, filename: str):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=filename)
