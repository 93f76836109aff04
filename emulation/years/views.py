"""The home page and a bloc year's overview: registration statistics and the completion board."""
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from emulation.accounts.permissions import find_year_or_404, roles_required
from emulation.extensions import db
from emulation.models import ROLES, Bloc, EmulationYear, ScoreSheet, Title, User
from emulation.storage.database import year_units
from emulation.years.lifecycle import lock_blockers
from emulation.years.results import year_registration_stats

bp = Blueprint("blocs", __name__)


@bp.get("/")
@login_required
def home():
    """Send a unit head to their sheet; list the bloc years for everyone else."""
    if current_user.role == "unit_head":
        year = unit_head_year(current_user)
        if year is None:
            abort(404)
        return redirect(url_for("sheets.edit", bloc=year.bloc.code, year=year.year, unit=current_user.unit.code))
    query = select(EmulationYear).join(Bloc).order_by(Bloc.code, EmulationYear.year.desc())
    if current_user.role == "viewer":
        query = query.where(EmulationYear.state == "published")
    if current_user.bloc_code is not None:
        query = query.where(Bloc.code == current_user.bloc_code)
    return render_template("years/home.html", years=db.session.execute(query).scalars().all())


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


def unit_head_year(user: User) -> EmulationYear | None:
    """Return the newest year of the unit head's bloc: the one their sheet is entered in."""
    return db.session.execute(select(EmulationYear).where(EmulationYear.bloc_id == user.unit.bloc_id)
                              .order_by(EmulationYear.year.desc()).limit(1)).scalar_one_or_none()
