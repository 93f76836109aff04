"""Results: ranking with a bar chart, title decisions, lock and publish, the workbook download."""
import tempfile

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from emulation.accounts.permissions import find_year_or_404, roles_required
from emulation.export.workbook import ExportError, export_year
from emulation.i18n import current_language
from emulation.models import ROLES
from emulation.sheets.service import SheetError
from emulation.storage.audit import Actor
from emulation.storage.database import read_decisions, read_year
from emulation.storage.snapshots import find_snapshot, snapshot_results, snapshots
from emulation.web.forms import ActionForm, form_problem
from emulation.years.charts import bar_chart
from emulation.years.forms import ReopenForm
from emulation.years.lifecycle import lock_year, publish_year, reopen_year
from emulation.years.publishing import drift
from emulation.storage.results_cache import EntryGone
from emulation.years.results import live_entry, live_page
from emulation.years.results_listing import ResultLists, results_pages

bp = Blueprint("results", __name__)
YEAR_URL = "/blocs/<bloc>/years/<int:year>"


@bp.get(YEAR_URL + "/results")
@roles_required(*ROLES)
def show(bloc: str, year: int):
    """Show the bloc ranking, its bar chart and the title decisions, searched, filtered and paged; say when the data
    moved since publishing."""
    found = find_year_or_404(bloc, year)
    version = request.args.get("version", type=int)
    snapshot = find_snapshot(found, version)
    if snapshot is None and "version" in request.args:
        abort(404)
    shown = snapshot if snapshot and (found.state == "published" or "version" in request.args) else None
    if snapshot is None:
        # The live results alone: read from the cache a page at a time (only the rows shown are decoded).
        paged, explained = _live_pages(bloc, year, read_decisions(found))
        changed = None
    else:
        results, explained = (snapshot_results(shown), None) if shown else live_page(bloc, year)
        # The year is read only to compare it with a snapshot.
        data = read_year(bloc, year)
        changed = drift(found, snapshot, data, live=None if shown else results,
                        published=results if shown is snapshot else None)
        paged = results_pages(results, data.decisions, request.args)
    export_url = url_for("results.export", bloc=bloc, year=year)
    shown_units = {unit["code"] for unit in paged.pages["units"].rows}
    return render_template("years/results.html", year=found, results=paged.results, listing=paged.listing,
                           pages=paged.pages, chart=bar_chart(paged.pages["units"].rows),
                           export_url=export_url, snapshot=snapshot, shown=shown, drift=changed,
                           explained=None if shown else {
                               code: lines for code, lines in explained.items() if code in shown_units})


def _live_pages(bloc: str, year: int, decisions):
    """Return the pages of the live results the query asks for and the explanations of the units' lines."""
    entry = live_entry(bloc, year)
    try:
        return results_pages(ResultLists.of_entry(entry), decisions, request.args), entry.head["explained"]
    except EntryGone:       # replaced by newer results since its head was read: read them whole, from the start
        entry = live_entry(bloc, year, reuse=False)
        return results_pages(ResultLists.of_entry(entry), decisions, request.args), entry.head["explained"]


@bp.get(YEAR_URL + "/results/versions")
@roles_required(*ROLES)
def versions(bloc: str, year: int):
    """List every published version of the year's results, newest first."""
    found = find_year_or_404(bloc, year)
    return render_template("years/result_versions.html", year=found, snapshots=snapshots(found))


@bp.get(YEAR_URL + "/export.xlsx")
@roles_required(*ROLES)
def export(bloc: str, year: int):
    """Download the year-end workbook, built by emulation.export from the same results, in the user's language."""
    find_year_or_404(bloc, year)
    # On disk, not in memory: a ministry's workbook is tens of megabytes; the response closes the file.
    stream = tempfile.TemporaryFile()
    try:
        export_year(bloc, year, stream, lang=current_language())
    except ExportError as exc:
        stream.close()
        flash(str(exc), "error")
        return redirect(url_for("results.show", bloc=bloc, year=year))
    except Exception:
        stream.close()
        raise
    stream.seek(0)
    return send_file(stream, as_attachment=True, download_name=f"thi-dua-{bloc}-{year}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.post(YEAR_URL + "/lock")
@roles_required("secretariat")
def lock(bloc: str, year: int):
    """Lock the year: no sheet can change afterwards."""
    return _change(bloc, year, lock_year, _l("Đã khoá năm thi đua."))


@bp.post(YEAR_URL + "/publish")
@roles_required("secretariat")
def publish(bloc: str, year: int):
    """Publish the locked year's results."""
    return _change(bloc, year, publish_year, _l("Đã công bố kết quả."))


@bp.post(YEAR_URL + "/reopen")
@roles_required("secretariat")
def reopen(bloc: str, year: int):
    """Reopen a locked or published year for corrections; its published versions stay."""
    form = ReopenForm()
    return _change(bloc, year, lambda found, actor: reopen_year(found, form.reason.data, actor=actor),
                   _l("Đã mở lại năm thi đua."), form)


def _change(bloc: str, year: int, action, done, form=None) -> object:
    found = find_year_or_404(bloc, year)
    form = form or ActionForm()
    if not form.validate_on_submit():
        flash(form_problem(form) if "csrf_token" in form.errors else
              " ".join(str(message) for messages in form.errors.values() for message in messages), "error")
    else:
        try:
            action(found, actor=Actor.of(current_user))
            flash(str(done), "success")
        except SheetError as exc:
            flash(exc.message, "error")
    return redirect(url_for("blocs.overview", bloc=bloc, year=year))
