"""Review: the bloc's reviewer accepts, adjusts or returns each line of a submitted sheet."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from emulation.accounts.permissions import find_unit_or_404, find_year_or_404, roles_required
from emulation.sheets.forms import read_reviews, review_form
from emulation.sheets.posting import Posted, save_posted
from emulation.sheets.service import load_sheet, review_sheet
from emulation.storage.audit import Actor

bp = Blueprint("review", __name__)


@bp.route("/blocs/<bloc>/years/<int:year>/units/<unit>/review", methods=["GET", "POST"])
@roles_required("reviewer", "secretariat")
def edit(bloc: str, year: int, unit: str):
    """Show self scores beside the review column; on POST store the decisions."""
    found = find_year_or_404(bloc, year)
    view = load_sheet(found, find_unit_or_404(found, unit))
    form = review_form(view, request.form if request.method == "POST" else None)
    posted = Posted(view)
    if request.method == "POST":
        posted = save_posted(view, form, read_reviews, lambda reviews, errors: review_sheet(
            found, view.unit, reviews, errors=errors, actor=Actor.of(current_user)))
        if posted.saved is not None:
            flash(_("Đã trả lại bảng điểm cho đơn vị.") if posted.saved.state == "returned" else _("Đã lưu đánh giá."),
                  "success")
            return redirect(url_for("review.edit", bloc=bloc, year=year, unit=unit))
    return render_template("sheets/review.html", view=posted.view, form=form, errors=posted.errors,
                           message=posted.message), posted.status
