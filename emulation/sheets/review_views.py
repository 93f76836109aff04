"""Review: the bloc's reviewer accepts, adjusts or returns each line of a submitted sheet."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from emulation.accounts.permissions import roles_required
from emulation.sheets.evidence import line_files
from emulation.sheets.forms import read_reviews, review_form
from emulation.sheets.posting import posted_data, save_posted, sheet_or_404
from emulation.sheets.service import review_sheet
from emulation.storage.audit import Actor

bp = Blueprint("review", __name__)


@bp.route("/blocs/<bloc>/years/<int:year>/units/<unit>/review", methods=["GET", "POST"])
@roles_required("reviewer", "secretariat")
def edit(bloc: str, year: int, unit: str):
    """Show self scores beside the review column; on POST store the decisions."""
    view = sheet_or_404(bloc, year, unit, scored=request.method != "POST")
    form = review_form(view, posted_data())
    posted = save_posted(view, form, read_reviews, lambda reviews, errors: review_sheet(
        view.year, view.unit, reviews, errors=errors, actor=Actor.of(current_user)))
    if posted.saved is not None:
        flash(_("Đã trả lại bảng điểm cho đơn vị.") if posted.saved.state == "returned" else _("Đã lưu đánh giá."),
              "success")
        return redirect(url_for("review.edit", bloc=bloc, year=year, unit=unit))
    return render_template("sheets/review.html", view=posted.view, form=form, errors=posted.errors,
                           message=posted.message, files=line_files(posted.view)), posted.status
