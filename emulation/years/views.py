"""The home page (each role's pending work), a bloc year's overview and its deadlines."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from emulation import clock
from emulation.accounts.permissions import find_year_or_404, roles_required
from emulation.extensions import db
from emulation.models import ROLES, ScoreSheet, Title
from emulation.sheets.service import SheetError
from emulation.storage.audit import Actor
from emulation.storage.database import year_deadlines, year_units
from emulation.web.forms import form_problem, show_refusal
from emulation.years.deadlines import save_deadlines, stored_version
from emulation.years.forms import DeadlinesForm
from emulation.years.lifecycle import lock_blockers
from emulation.years.pending import pending_work, reachable_years
from emulation.years.results import year_registration_stats

bp = Blueprint("blocs", __name__)


@bp.get("/")
@login_required
def home():
    """Show what waits for the signed-in user, with counts, links and deadlines, and the years they may open."""
    years = reachable_years(current_user)
    return render_template("years/home.html", items=pending_work(current_user, clock.now().date(), years),
                           years=years)


@bp.get("/blocs/<bloc>/years/<int:year>/")
@roles_required(*ROLES)
def overview(bloc: str, year: int):
    """Show the year's registration statistics and which units have submitted, been reviewed, are locked.

    The secretariat is offered only the lifecycle actions that can succeed; lock waits for every sheet.
    """
    found = find_year_or_404(bloc, year)
    units = year_units(found)
    states = dict(db.session.execute(select(ScoreSheet.unit_id, ScoreSheet.state)
                                     .where(ScoreSheet.year_id == found.id)).all())
    board = [(unit, states.get(unit.id, "draft")) for unit in units]
    stats = year_registration_stats(bloc, year)
    titles = {title.code: title for title in db.session.execute(select(Title)).scalars()}
    blockers = lock_blockers(found) if found.state == "open" and current_user.role == "secretariat" else []
    return render_template("years/overview.html", year=found, board=board, stats=stats, titles=titles,
                           lock_blockers=blockers)


@bp.route("/blocs/<bloc>/years/<int:year>/deadlines", methods=["GET", "POST"])
@roles_required("secretariat")
def deadlines(bloc: str, year: int):
    """Show and change the year's deadlines; a refused save shows its errors beside the fields, nothing stored."""
    found = find_year_or_404(bloc, year)
    stored = year_deadlines(found)
    if request.method == "GET":
        form = DeadlinesForm(formdata=None, data={**stored.__dict__, "version": stored_version(found)})
        return render_template("years/deadlines.html", year=found, form=form)
    form, message, status = DeadlinesForm(), None, 400
    if form.validate_on_submit():
        try:
            save_deadlines(found, form.deadlines(request.form, stored), form.version_number(request.form),
                           actor=Actor.of(current_user))
        except SheetError as error:
            message, status = show_refusal(form, error)
        else:
            flash(_("Đã lưu các hạn của năm %(year)s.", year=year), "success")
            return redirect(url_for("blocs.deadlines", bloc=bloc, year=year))
    else:
        message = form_problem(form)
    return render_template("years/deadlines.html", year=found, form=form, message=message), status
