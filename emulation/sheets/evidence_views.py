"""Evidence files' pages: a unit head uploads files to a line and removes them; whoever may see the sheet
downloads them (anyone else gets 404: not even the file's existence is told)."""
from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from emulation.accounts.permissions import find_unit_or_404, find_year_or_404, roles_required
from emulation.extensions import csrf
from emulation.sheets.evidence import MAX_FILES_PER_UPLOAD, Upload, attach_files, find_file, remove_file
from emulation.sheets.posting import sheet_or_404
from emulation.sheets.service import SheetError, find_sheet
from emulation.sheets.views import show_sheet
from emulation.storage.audit import Actor
from emulation.storage.blobs import blob_path, has_blob

bp = Blueprint("evidence", __name__)
LINE_URL = "/blocs/<bloc>/years/<int:year>/units/<unit>/lines/<criterion>/evidence"
# Room in a request for the form's other fields and the multipart framing around the files.
_FORM_ROOM = 256 * 1024


def _not_found_when_forbidden(view):
    """Answer 404 where the sheet's check answers 403, so a file's existence is not told to who may not see it."""
    @wraps(view)
    def hidden(**kwargs):
        try:
            return view(**kwargs)
        except Forbidden:
            abort(404)
    return hidden


def _back_to_line(bloc: str, year: int, unit: str, criterion: str):
    return redirect(url_for("sheets.edit", bloc=bloc, year=year, unit=unit, _anchor=f"line-{criterion}"))


@bp.post(LINE_URL)
@csrf.exempt        # checked below, once the request may be as large as its files
@roles_required("unit_head")
def upload(bloc: str, year: int, unit: str, criterion: str):
    """Attach the posted files to the line; a refusal shows the sheet with the reason beside the line."""
    largest = current_app.config["EMULATION_EVIDENCE_MAX_BYTES"]
    # A bigger request is answered 413 before its body is read; a file over the limit within it is named.
    request.max_content_length = largest * MAX_FILES_PER_UPLOAD + _FORM_ROOM
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    found = find_year_or_404(bloc, year)          # the year and unit only: attaching loads the sheet itself
    the_unit = find_unit_or_404(found, unit)
    uploads = [Upload(posted.filename or "", posted.stream.read(largest + 1))
               for posted in request.files.getlist("files") if posted.filename]
    try:
        added = attach_files(found, the_unit, criterion, uploads, folder=current_app.config["EMULATION_EVIDENCE_DIR"],
                             largest=largest, actor=Actor.of(current_user))
    except SheetError as exc:
        return show_sheet(sheet_or_404(bloc, year, unit), errors=exc.fields, message=exc.message, status=exc.status)
    flash(_("Đã tải lên %(count)s tệp minh chứng.", count=len(added)), "success")
    return _back_to_line(bloc, year, unit, criterion)


@bp.post(LINE_URL + "/<int:file_id>/remove")
@roles_required("unit_head")
def remove(bloc: str, year: int, unit: str, criterion: str, file_id: int):
    """Remove one file from the line."""
    found = find_year_or_404(bloc, year)
    try:
        removed = remove_file(found, find_unit_or_404(found, unit), criterion, file_id, actor=Actor.of(current_user))
    except SheetError as exc:
        return show_sheet(sheet_or_404(bloc, year, unit), message=exc.message, status=exc.status)
    flash(_("Đã xoá tệp minh chứng '%(name)s'.", name=removed.name), "success")
    return _back_to_line(bloc, year, unit, criterion)


@bp.get(LINE_URL + "/<int:file_id>")
@_not_found_when_forbidden
@roles_required("unit_head", "reviewer", "secretariat")
def download(bloc: str, year: int, unit: str, criterion: str, file_id: int):
    """Send one file as an attachment, with the type found in its content and its sanitised name."""
    found = find_year_or_404(bloc, year)          # the sheet's row only: a download scores nothing
    file = find_file(find_sheet(found, find_unit_or_404(found, unit)), criterion, file_id)
    if file is None:
        abort(404)
    folder = current_app.config["EMULATION_EVIDENCE_DIR"]
    if not has_blob(folder, file.sha256):
        current_app.logger.error("evidence blob %s missing from %s", file.sha256, folder)
        abort(404)
    response = send_file(blob_path(folder, file.sha256),
                         mimetype=file.media_type, as_attachment=True, download_name=file.name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
