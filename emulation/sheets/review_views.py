"""Review: the bloc's reviewer accepts, adjusts or returns each line of a submitted sheet."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from emulation.accounts.permissions import find_unit_or_404, find_year_or_404, roles_required
from emulation.sheets.forms import read_reviews, review_form
from emulation.sheets.service import SheetError, load_sheet, review_sheet
from emulation.storage.audit import Actor
from emulation.web.forms import form_problem

bp = Blueprint("review", __name__)


@bp.route("/blocs/<bloc>/years/<int:year>/units/<unit>/review", methods=["GET", "POST"])
@roles_required("reviewer", "secretariat")
def edit(bloc: str, year: int, unit: str):
    """Show self scores beside the review column; on POST store the decisions."""
    found = find_year_or_404(bloc, year)
    view = load_sheet(found, find_unit_or_404(found, unit))
    form = review_form(view, request.form if request.method == "POST" else None)
    errors, message, status = {}, None, 200
    if request.method == "POST" and form.validate_on_submit():
        reviews, errors = read_reviews(form, view, request.form)
        try:
            sheet = review_sheet(found, view.unit, reviews, errors=errors, actor=Actor.of(current_user))
        except SheetError as exc:
            errors, message, status = exc.fields, exc.message, exc.status
            view = load_sheet(found, view.unit)      # the stored lines and versions, beside what was typed
        else:
            flash(_("Đã trả lại bảng điểm cho đơn vị.") if sheet.state == "returned" else _("Đã lưu đánh giá."),
                  "success")
            return redirect(url_for("review.edit", bloc=bloc, year=year, unit=unit))
    elif request.method == "POST":
        message, status = form_problem(form), 400
    return render_template("sheets/review.html", view=view, form=form, errors=errors, message=message), status
