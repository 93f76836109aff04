"""The scorers' pages: the secretariat, a reviewer or the board enter the lines they score for every unit;
a member unit's head cross-scores the other units' panel lines."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from emulation.accounts.permissions import find_year_or_404, roles_required
from emulation.i18n import input_number, parse_number
from emulation.sheets.scorers import SCORER_ROLES, ScorerEntry, save_scores, scoring_cells
from emulation.sheets.service import SheetError
from emulation.storage.audit import Actor
from emulation.web.forms import ActionForm, form_problem, read_version

bp = Blueprint("scoring", __name__, url_prefix="/blocs/<bloc>/years/<int:year>")


@bp.route("/scoring", methods=["GET", "POST"])
@roles_required(*SCORER_ROLES)
def enter(bloc: str, year: int):
    """The lines the signed-in role scores (a board's deduction, a reviewer's panel value), for every unit."""
    return _page(bloc, year, "scoring.enter")


@bp.route("/cross-scoring", methods=["GET", "POST"])
@roles_required("unit_head")
def cross(bloc: str, year: int):
    """The panel lines the unit head's unit scores for the bloc's other members (chấm chéo)."""
    return _page(bloc, year, "scoring.cross")


def _page(bloc: str, year: int, endpoint: str):
    found = find_year_or_404(bloc, year)
    form, errors, message, status = ActionForm(), {}, None, 200
    if request.method == "POST":
        if not form.validate_on_submit():
            message, status = form_problem(form), 400
        else:
            entries, errors = _read(found)
            try:
                changed = save_scores(found, current_user, entries, errors, actor=Actor.of(current_user))
            except SheetError as error:
                errors, message, status = error.fields, error.message, error.status
            else:
                flash(_("Đã lưu %(count)s giá trị.", count=changed), "success")
                return redirect(request.path)
    cells = scoring_cells(found, current_user)
    shown = {c.name: request.form.get(f"value-{c.name}", "") if status != 200 else input_number(c.value)
             for c in cells}
    return render_template("sheets/scoring.html", year=found, cells=cells, shown=shown, errors=errors,
                           message=message, form=form, cross=endpoint == "scoring.cross"), status


def _read(year) -> tuple[dict[str, ScorerEntry], dict[str, str]]:
    """The posted cells (only those the post names: an absent field changes nothing) and the values not numbers."""
    entries, errors = {}, {}
    for key in request.form:
        if not key.startswith("value-"):
            continue
        name = key.removeprefix("value-")
        try:
            value = parse_number(request.form[key])
        except ValueError:
            errors[name] = _("'%(text)s' không phải là số.", text=request.form[key])
            continue
        entries[name] = ScorerEntry(value, read_version(request.form, f"version-{name}"))
    return entries, errors
