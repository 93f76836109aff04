"""Registrations: a unit's collectives and people, their registered titles and yearly facts."""
from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from emulation.accounts.permissions import find_unit_or_404, find_year_or_404, roles_required
from emulation.registrations.forms import read_registrations
from emulation.registrations.service import load_registrations, save_registrations
from emulation.registrations.worktime import unit_record_months
from emulation.sheets.service import SheetError
from emulation.storage.audit import Actor
from emulation.web.forms import ActionForm
from emulation.web.paging import listing_url, matches_words, page_list, read_listing

bp = Blueprint("registrations", __name__)


@bp.route("/blocs/<bloc>/years/<int:year>/units/<unit>/registrations", methods=["GET", "POST"])
@roles_required("unit_head", "reviewer", "secretariat")
def edit(bloc: str, year: int, unit: str):
    """Show the unit's registrations; on POST (the unit head, while the year is open) store them."""
    if request.method == "POST" and current_user.role != "unit_head":
        abort(403)
    found = find_year_or_404(bloc, year)
    the_unit = find_unit_or_404(found, unit)
    current = load_registrations(found, the_unit)
    form, errors, message, status = ActionForm(), {}, None, 200
    if request.method == "POST":
        collectives, people, errors = read_registrations(request.form, current)
        try:
            if not form.validate_on_submit():
                raise SheetError(_("Phiên làm việc đã hết hạn; vui lòng gửi lại."))
            if errors:
                raise SheetError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=len(errors)), errors)
            save_registrations(found, the_unit, collectives, people, actor=Actor.of(current_user))
            flash(_("Đã lưu đăng ký thi đua."), "success")
            return redirect(listing_url())        # back to the same search and page
        except SheetError as exc:
            errors, message, status = exc.fields, exc.message, exc.status
            current = load_registrations(found, the_unit)     # the stored facts and versions
    editable = current_user.role == "unit_head" and found.state == "open"
    listing = read_listing(request.args, ("title", "collective"))
    return render_template("registrations/registrations.html", year=found, unit=the_unit, current=current, form=form, editable=editable,
                           listing=listing, people=_people_page(current, listing),
                           record_months=unit_record_months(found, the_unit),
                           values=request.form if request.method == "POST" else None, errors=errors,
                           message=message), status


def _people_page(current, listing):
    """The page of the unit's people whose name has the words searched, registered for the title chosen ("none":
    for none), in the collective chosen."""
    title = listing.get("title")
    collective = next((c.id for c, _titles, _fact in current.collectives if c.code == listing.get("collective")),
                      -1 if listing.get("collective") else None)
    chosen = [(person, registered, fact) for person, registered, fact in current.people
              if matches_words(listing.q, person.full_name)
              and title in (None, registered or "none")
              and collective in (None, person.collective_id)]
    return page_list(chosen, listing)
