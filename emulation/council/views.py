"""The council's pages: a unit's council (its head or the secretariat) or the bloc's (the secretariat) enters a
session; the secretariat records the signed decisions."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from emulation.accounts.permissions import (
    find_unit_or_404,
    find_year_or_404,
    roles_required,
)
from emulation.council.corrections import UnknownDecision, correct_decision, find_recorded, withdraw_decision
from emulation.council.decisions import proposed_titles, record_decision
from emulation.council.forms import COUNTS, member_rows, read_decision, read_session
from emulation.council.service import load_council, save_council
from emulation.documents.pdf import pdf_available
from emulation.engine.yeardata import DECISION_LEVELS
from emulation.sheets.service import SheetError
from emulation.storage.audit import Actor
from emulation.storage.database import read_decisions, year_units
from emulation.web.forms import ActionForm
from emulation.web.paging import Page, matches_words, page_list, read_listing

bp = Blueprint("council", __name__)
YEAR_URL = "/blocs/<bloc>/years/<int:year>"


@bp.route(YEAR_URL + "/units/<unit>/council", methods=["GET", "POST"])
@roles_required("unit_head", "reviewer", "secretariat")
def unit(bloc: str, year: int, unit: str):
    """Show the unit council's session; on POST (the unit head or the secretariat) store it."""
    if request.method == "POST" and current_user.role not in ("unit_head", "secretariat"):
        abort(403)
    found = find_year_or_404(bloc, year)
    return _page(found, find_unit_or_404(found, unit), current_user.role in ("unit_head", "secretariat"))


@bp.route(YEAR_URL + "/council", methods=["GET", "POST"])
@roles_required("reviewer", "secretariat")
def bloc(bloc: str, year: int):
    """Show the bloc council's session (the units' titles); on POST (the secretariat) store it."""
    if request.method == "POST" and current_user.role != "secretariat":
        abort(403)
    return _page(find_year_or_404(bloc, year), None, current_user.role == "secretariat")


def _page(year, unit, may_edit: bool):
    view = load_council(year, unit)
    form, errors, message, status = ActionForm(), {}, None, 200
    if request.method == "POST":
        entry, errors = read_session(request.form, view)
        try:
            if not form.validate_on_submit():
                raise SheetError(_("Phiên làm việc đã hết hạn; vui lòng gửi lại."))
            save_council(year, unit, entry, errors, actor=Actor.of(current_user))
            flash(_("Đã lưu phiên họp và kết quả bỏ phiếu của Hội đồng."), "success")
            args = {"bloc": year.bloc.code, "year": year.year}
            return redirect(url_for("council.unit", unit=unit.code, **args) if unit else url_for("council.bloc", **args))
        except SheetError as exc:
            errors, message, status = exc.fields, exc.message, exc.status
            view = load_council(year, unit)
    return render_template("council/session.html", view=view, year=year, unit=unit, form=form, errors=errors,
                           message=message, editable=may_edit and view.editable_state, counts=COUNTS,
                           rows=member_rows(view), values=request.form if request.method == "POST" else None,
                           pdf=pdf_available()), status


@bp.route(YEAR_URL + "/decisions", methods=["GET", "POST"])
@roles_required("reviewer", "secretariat")
def decisions(bloc: str, year: int):
    """List the year's signed decisions and the titles still proposed; on POST (the secretariat) record one."""
    if request.method == "POST" and current_user.role != "secretariat":
        abort(403)
    found = find_year_or_404(bloc, year)
    form, errors, message, status = ActionForm(), {}, None, 200
    if request.method == "POST":
        entry, errors = read_decision(request.form)
        try:
            if not form.validate_on_submit():
                raise SheetError(_("Phiên làm việc đã hết hạn; vui lòng gửi lại."))
            record_decision(found, entry, errors, actor=Actor.of(current_user))
            flash(_("Đã ghi quyết định số %(number)s.", number=entry.number), "success")
            return redirect(url_for("council.decisions", bloc=bloc, year=year))
        except SheetError as exc:
            errors, message, status = exc.fields, exc.message, exc.status
    listing = read_listing(request.args, ("level", "signed_year"))
    signed, signed_years = _signed_decisions(read_decisions(found), listing)
    return render_template("council/decisions.html", year=found, form=form, errors=errors, message=message,
                           signed=signed, listing=listing, signed_years=signed_years,
                           proposed=proposed_titles(found), units=year_units(found),
                           levels=DECISION_LEVELS, editable=current_user.role == "secretariat",
                           values=request.form if request.method == "POST" else None, pdf=pdf_available()), status


@bp.route(YEAR_URL + "/decisions/correct", methods=["GET", "POST"])
@roles_required("secretariat")
def correct(bloc: str, year: int):
    """Correct the recorded decision numbered ``?number=``, or withdraw it with a reason (the secretariat)."""
    found = find_year_or_404(bloc, year)
    number = request.args.get("number", "")
    try:
        recorded = find_recorded(found, number)
    except UnknownDecision:
        abort(404)
    form, errors, message, status = ActionForm(), {}, None, 200
    if request.method == "POST":
        withdrawing = request.form.get("action") == "withdraw"
        entry, errors = (None, {}) if withdrawing else read_decision(request.form, recorded.entry())
        try:
            if not form.validate_on_submit():
                raise SheetError(_("Phiên làm việc đã hết hạn; vui lòng gửi lại."))
            if withdrawing:
                withdraw_decision(found, number, request.form.get("reason", ""), actor=Actor.of(current_user))
                flash(_("Đã thu hồi quyết định số %(number)s; các danh hiệu của nó trở lại danh sách đề xuất.",
                        number=number), "success")
            else:
                correct_decision(found, number, entry, errors, actor=Actor.of(current_user))
                flash(_("Đã đính chính quyết định số %(number)s.", number=entry.number), "success")
            return redirect(url_for("council.decisions", bloc=bloc, year=year))
        except SheetError as exc:
            errors, message, status = exc.fields, exc.message, exc.status
    return render_template("council/decision.html", year=found, recorded=recorded, form=form, errors=errors,
                           message=message, units=year_units(found), levels=DECISION_LEVELS,
                           values=request.form if request.method == "POST" else None), status


def _signed_decisions(decisions: list, listing) -> tuple[Page, list[str]]:
    """The page of signed decisions whose number or signer has the words searched, of the level and year chosen;
    and the years they were signed in (the year filter's choices)."""
    years = sorted({str(d.signed_on.year) for d in decisions if d.signed_on}, reverse=True)
    chosen = [d for d in decisions
              if matches_words(listing.q, d.number, d.signer)
              and listing.get("level") in (None, d.level)
              and listing.get("signed_year") in (None, str(d.signed_on.year) if d.signed_on else None)]
    return page_list(chosen, listing), [(year, year) for year in years]
