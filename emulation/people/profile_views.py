"""Pages to find people and to read the profile of a person, a collective or a unit; titles of earlier years.

Every signed-in role may search and open profiles within the bloc it may see. Ratings, discipline,
initiatives and leave (personal data) are shown only to the person's unit head and to the bloc's
reviewers and secretariat; the others see identity and titles. A viewer sees published years only.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from emulation.accounts.permissions import roles_required
from emulation.extensions import db
from emulation.models import ROLES, Bloc, Collective, Person, Title, Unit
from emulation.people.earlier_titles import (EarlierTitle, EarlierTitleError, holder_kind, holder_unit,
                                             record_earlier_title, titles_for)
from emulation.people.profile_forms import EarlierTitleForm
from emulation.people.profiles import collective_profile, person_profile, unit_profile
from emulation.people.search import SearchQuery, search_people
from emulation.storage.audit import Actor
from emulation.i18n import localized
from emulation.web.forms import SelectChoice, form_problem, parse_day, place_errors
from emulation.web.paging import Filter, Page, read_listing

bp = Blueprint("profiles", __name__)
EVERY_ROLE = ROLES


def may_see_personal(user, unit: Unit) -> bool:
    """Return whether `user` may see the personal data of people of `unit`: its head, the bloc's reviewers
    and secretariat."""
    if user.role == "unit_head":
        return user.unit_id == unit.id
    return user.role in ("secretariat", "reviewer") and user.bloc_code in (None, unit.bloc.code)


def may_enter_titles(user, unit: Unit) -> bool:
    """Return whether `user` may enter earlier titles of `unit`'s holders: the bloc's secretariat, the unit's head."""
    if user.role == "unit_head":
        return user.unit_id == unit.id
    return user.role == "secretariat" and user.bloc_code in (None, unit.bloc.code)


def _holder_or_404(model, code: str):
    if len(code) > 40 or not code.isprintable():
        abort(404)
    found = db.session.execute(select(model).where(model.code == code)).scalar_one_or_none()
    if found is None:
        abort(404)
    if current_user.bloc_code not in (None, holder_unit(found).bloc.code):
        abort(403)
    return found


def _edit_links(person: Person) -> dict[str, str]:
    """The edit pages of the HR record (another area builds them), for those who may change the person."""
    if not may_enter_titles(current_user, person.unit):
        return {}
    base = f"/people/{person.code}"
    return {"edit": f"{base}/edit", "transfer": f"{base}/transfer", "position": f"{base}/position",
            "leave": f"{base}/leave", "departure": f"{base}/departure"}


def _new_person_link(unit_code: str | None) -> str | None:
    """The page adding a person to a unit (another area builds it): the unit head's own, the chosen one for the
    secretariat."""
    if current_user.role == "unit_head":
        return f"/units/{current_user.unit.code}/people/new"
    unit = db.session.execute(select(Unit).where(Unit.code == unit_code)).scalar_one_or_none() if unit_code else None
    return f"/units/{unit.code}/people/new" if unit is not None and may_enter_titles(current_user, unit) else None


@bp.route("/people")
@roles_required(*EVERY_ROLE)
def search():
    """Find people by name (diacritics and case ignored) within the user's bloc, filtered and paged."""
    listing = read_listing(request.args, ("bloc", "unit", "collective", "title", "status"))
    bloc = current_user.bloc_code or listing.get("bloc")
    query = SearchQuery(text=listing.q, bloc=bloc, unit=listing.get("unit"), collective=listing.get("collective"),
                        title=listing.get("title"), status=listing.get("status"), page=listing.page,
                        per_page=listing.per_page)
    found = search_people(query)
    return render_template("people/search.html", query=query, listing=listing,
                           found=Page(found.rows, found.total, found.page, found.page_size),
                           filters=_people_filters(query), new_person=_new_person_link(query.unit))


def _people_filters(query: SearchQuery) -> list[Filter]:
    """The filters of the people list: unit, its collectives once a unit is chosen, title held, still working."""
    units = db.session.execute((select(Unit).join(Bloc).where(Bloc.code == query.bloc) if query.bloc
                                else select(Unit)).order_by(Unit.code)).scalars().all()
    titles = db.session.execute(select(Title).where(Title.level == "individual").order_by(Title.code)).scalars().all()
    filters = [Filter("unit", _("Đơn vị"), [(u.code, u.name) for u in units], _("Mọi đơn vị"), data=True)]
    if query.unit:
        collectives = db.session.execute(select(Collective).join(Unit).where(Unit.code == query.unit)
                                         .order_by(Collective.code)).scalars().all()
        filters.append(Filter("collective", _("Tập thể"), [(c.code, c.name) for c in collectives], _("Mọi tập thể"),
                              data=True))
    return [*filters, Filter("title", _("Danh hiệu"), [(t.code, localized(t)) for t in titles], _("Mọi danh hiệu")),
            Filter("status", _("Tình trạng"), [("active", _("Đang công tác")), ("left", _("Đã nghỉ"))])]


@bp.route("/people/<code>")
@roles_required(*EVERY_ROLE)
def person(code: str):
    """A person's profile; personal data only for their unit head, the bloc's reviewers and secretariat."""
    found = _holder_or_404(Person, code)
    personal = may_see_personal(current_user, found.unit)
    profile = person_profile(code, personal=personal, published_only=current_user.role == "viewer")
    return render_template("people/person.html", profile=profile, edit_links=_edit_links(found),
                           may_enter=may_enter_titles(current_user, found.unit))


@bp.route("/collectives/<code>")
@roles_required(*EVERY_ROLE)
def collective(code: str):
    """A collective's profile: members, facts and titles over the years."""
    found = _holder_or_404(Collective, code)
    profile = collective_profile(code, personal=may_see_personal(current_user, found.unit),
                                 published_only=current_user.role == "viewer")
    return render_template("people/collective.html", profile=profile,
                           may_enter=may_enter_titles(current_user, found.unit))


@bp.route("/units/<code>")
@roles_required(*EVERY_ROLE)
def unit(code: str):
    """A unit's profile: collectives, ranks and titles over the years."""
    found = _holder_or_404(Unit, code)
    profile = unit_profile(code, published_only=current_user.role == "viewer")
    return render_template("people/unit.html", profile=profile, may_enter=may_enter_titles(current_user, found))


@bp.route("/people/<code>/earlier-titles", methods=["GET", "POST"])
@roles_required("secretariat", "unit_head")
def person_titles(code: str):
    """Enter a title of an earlier year for a person."""
    return _earlier_title(_holder_or_404(Person, code), "profiles.person")


@bp.route("/collectives/<code>/earlier-titles", methods=["GET", "POST"])
@roles_required("secretariat", "unit_head")
def collective_titles(code: str):
    """Enter a title of an earlier year for a collective."""
    return _earlier_title(_holder_or_404(Collective, code), "profiles.collective")


@bp.route("/units/<code>/earlier-titles", methods=["GET", "POST"])
@roles_required("secretariat", "unit_head")
def unit_titles(code: str):
    """Enter a title of an earlier year for a unit."""
    return _earlier_title(_holder_or_404(Unit, code), "profiles.unit")


def _earlier_title(holder, profile_endpoint: str):
    if not may_enter_titles(current_user, holder_unit(holder)):
        abort(403)
    kind = holder_kind(holder)
    form = EarlierTitleForm()
    form.title.choices = [SelectChoice(t.code, f"{localized(t)} ({t.code})") for t in titles_for(kind)]
    message, status = None, 200
    if request.method == "POST":
        if form.validate_on_submit():
            entry = EarlierTitle(form.title.data, int(form.year.data), form.number.data,
                                 parse_day(form.signed_on.data), form.level.data, form.signer.data or "")
            try:
                record_earlier_title(holder, entry, actor=Actor.of(current_user))
                flash(_("Đã ghi danh hiệu %(title)s năm %(year)s.", title=entry.title, year=entry.year), "success")
                return redirect(url_for(profile_endpoint, code=holder.code))
            except EarlierTitleError as exc:
                place_errors(form, exc.fields)
        refused = [field for field in form if field.errors]
        message = (form_problem(form) if "csrf_token" in form.errors
                   else _("Chưa lưu: %(count)s giá trị cần sửa.", count=len(refused)))
        status = 422
    name = holder.full_name if kind == "person" else holder.name
    return render_template("people/earlier_title.html", form=form, holder=holder, holder_name=name, kind=kind,
                           profile_url=url_for(profile_endpoint, code=holder.code), message=message), status
