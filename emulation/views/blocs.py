"""The home page and a bloc year's overview: registration statistics and the completion board."""
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..models import Bloc, EmulationYear, ScoreSheet, Title, Unit
from ..reports import year_registration_stats
from ..security import ALL_ROLES, find_year_or_404, roles_required
from ..sheets import unit_head_year

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
    return render_template("home.html", years=db.session.execute(query).scalars().all())


@bp.get("/blocs/<bloc>/years/<int:year>/")
@roles_required(*ALL_ROLES)
def overview(bloc: str, year: int):
    """Show the year's registration statistics and which units have submitted, been reviewed, are locked."""
    found = find_year_or_404(bloc, year)
    units = db.session.execute(select(Unit).where(Unit.bloc_id == found.bloc_id).order_by(Unit.code)).scalars().all()
    states = dict(db.session.execute(select(ScoreSheet.unit_id, ScoreSheet.state)
                                     .where(ScoreSheet.year_id == found.id)).all())
    board = [(unit, states.get(unit.id, "draft")) for unit in units]
    stats = year_registration_stats(bloc, year)
    titles = {title.code: title for title in db.session.execute(select(Title)).scalars()}
    return render_template("overview.html", year=found, board=board, stats=stats, titles=titles)
