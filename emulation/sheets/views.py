"""Score entry: a unit head fills the unit's sheet, saves a draft and submits it."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from emulation.accounts.permissions import roles_required
from emulation.sheets.forms import pass_fail_choices, read_entries, sheet_form, shown_lines
from emulation.sheets.posting import posted_data, save_posted, sheet_or_404, sheet_page_or_404
from emulation.sheets.evidence import ACCEPTED, line_files
from emulation.sheets.page_cache import cached_parts, keep_parts, page_key, render_parts
from emulation.sheets.rows import sheet_rows, upload_forms
from emulation.sheets.service import SheetView, save_lines
from emulation.storage.audit import Actor, history, line_key

bp = Blueprint("sheets", __name__)
SHEET_URL = "/blocs/<bloc>/years/<int:year>/units/<unit>/sheet"


@bp.route(SHEET_URL, methods=["GET", "POST"])
@roles_required("unit_head", "reviewer", "secretariat")
def edit(bloc: str, year: int, unit: str):
    """Show the unit's sheet; on POST store the values as a draft or submit them."""
    if request.method == "POST" and current_user.role != "unit_head":
        abort(403)    # only the unit's head enters its values; the bloc reviews them
    if request.method != "POST":
        return _first_view(bloc, year, unit)
    view = sheet_or_404(bloc, year, unit, scored=False)
    form = sheet_form(view, posted_data())
    posted = save_posted(view, form, read_entries, lambda entries, errors: save_lines(
        view.year, view.unit, entries, submit=bool(form["submit"].data), errors=errors, actor=Actor.of(current_user)))
    if posted.saved is not None:
        flash(_("Đã gửi bảng điểm.") if form["submit"].data else _("Đã lưu nháp."), "success")
        return redirect(url_for("sheets.edit", bloc=bloc, year=year, unit=unit))
    return show_sheet(posted.view, form, posted.errors, posted.message, posted.status)


def _first_view(bloc: str, year: int, unit: str):
    """The sheet as stored, from the page cache when nothing was written since it was rendered for this role."""
    key = page_key(bloc, year, unit, current_user.role)
    parts = cached_parts(key)
    if parts is None:
        view, files = sheet_page_or_404(bloc, year, unit)
        parts = sheet_parts(view, files=files)
        keep_parts(key, parts)
    return render_template("sheets/sheet_page.html", parts=parts)


def show_sheet(view: SheetView, form=None, errors: dict | None = None, message: str | None = None, status: int = 200):
    """Render the unit's sheet with its evidence files; the inputs show `form` (a refused post) or the stored values."""
    return render_template("sheets/sheet_page.html", parts=sheet_parts(view, form, errors, message)), status


def sheet_parts(view: SheetView, form=None, errors: dict | None = None, message: str | None = None,
                files: dict | None = None) -> dict:
    """Render the parts of the sheet's page (``page_cache.PARTS``); a first view builds no form object.

    :param files: the lines' evidence files by criterion code, when read already (else read here).
    """
    files = line_files(view) if files is None else files
    return render_parts("sheets/sheet.html", view=view,
                        shown_inputs=None if form is None else shown_lines(view, form),
                        pass_fail=pass_fail_choices(), errors=errors or {}, message=message, files=files,
                        accepted=ACCEPTED, history_url=line_url("sheets.line_history", view),
                        upload_url=line_url("evidence.upload", view), sheet_rows=sheet_rows,
                        upload_forms=upload_forms)


_CODE = "~"     # stands for a criterion code in a URL built once: no code, bloc or unit code holds it


def line_url(endpoint: str, view: SheetView):
    """Return a function of a criterion code giving the URL of `endpoint` for that line of the sheet.

    The URL is built once and the code put in its place: criterion codes need no quoting in a URL
    (``engine.criteria.CODE_PATTERN``), and one ``url_for`` per line is a large part of the page's time.
    """
    url = url_for(endpoint, bloc=view.year.bloc.code, year=view.year.year, unit=view.unit.code, criterion=_CODE)
    head, _found, tail = url.rpartition(_CODE)
    return lambda code: f"{head}{code}{tail}"


@bp.get("/blocs/<bloc>/years/<int:year>/units/<unit>/lines/<criterion>/history")
@roles_required("unit_head", "reviewer", "secretariat")
def line_history(bloc: str, year: int, unit: str, criterion: str):
    """Show every recorded change of one score line, oldest first."""
    view = sheet_or_404(bloc, year, unit, scored=False)     # the history shows no points
    row = next((row for row in view.leaves if row.spec.code == criterion), None)
    if row is None:
        abort(404)
    return render_template("sheets/line_history.html", view=view, row=row,
                           events=history("line", line_key(bloc, year, unit, criterion)))
