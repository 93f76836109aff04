"""Pages that change the HR record: add a person, correct identity, transfer, position, leave, departure; collectives.

A unit head manages its own unit, the secretariat any unit of its bloc; nobody else opens these pages.
After a save the person's page (``/people/<code>``, the profiles area) is shown.
"""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from emulation.accounts.permissions import roles_required
from emulation.extensions import db
from emulation.models import Collective, LeavePeriod, Person, Unit
from emulation.people import collectives as collective_changes
from emulation.people import service
from emulation.people.changes import RecordError
from emulation.people.forms import (DEPARTURE_NAMES, EMPLOYMENT_NAMES, GENDER_NAMES, LEAVE_NAMES,
                                    CollectiveChangeForm, CollectiveForm, DepartureForm, IdentityForm, LeaveForm,
                                    PersonForm, PositionForm, TransferForm, choices)
from emulation.storage.audit import Actor
from emulation.web.forms import form_problem, read_version, show_refusal

bp = Blueprint("people", __name__)
MANAGERS = ("unit_head", "secretariat")
NAMES = {"gender": GENDER_NAMES, "employment": EMPLOYMENT_NAMES, "leave": LEAVE_NAMES, "departure": DEPARTURE_NAMES}


def person_url(code: str) -> str:
    """The person's page (the profiles area's), built without its blueprint."""
    return f"/people/{code}"


def may_manage(user, unit: Unit) -> bool:
    """Return whether `user` manages the record of `unit`: its unit head, or the secretariat of its bloc."""
    if user.role == "unit_head":
        return user.unit_id == unit.id
    return user.role == "secretariat" and user.bloc_code in (None, unit.bloc.code)


def _managed_unit(code: str) -> Unit:
    unit = db.session.execute(select(Unit).where(Unit.code == code)).scalar_one_or_none()
    if unit is None:
        abort(404)
    if not may_manage(current_user, unit):
        abort(403)
    return unit


def _plausible(code: str) -> str:
    """Answer 404 for a code that could name nothing stored (too long, control characters) before any query."""
    if len(code) > 40 or not code.isprintable():
        abort(404)
    return code


def _managed_person(code: str) -> Person:
    _plausible(code)
    person = db.session.execute(select(Person).where(Person.code == code)).scalar_one_or_none()
    if person is None:
        abort(404)
    if not may_manage(current_user, person.unit):
        abort(403)
    return person


def _collective_choices(units: list[Unit], blank: str) -> list:
    rows = db.session.execute(select(Collective).where(Collective.unit_id.in_([u.id for u in units]),
                                                       Collective.closed_on.is_(None))
                              .order_by(Collective.unit_id, Collective.code)).scalars()
    label = (lambda c: f"{c.unit.code} · {c.name}") if len(units) > 1 else (lambda c: c.name)
    return choices(((c.code, label(c)) for c in rows), blank)


def _save(form, save: Callable[[], tuple[str, str]]) -> tuple[str | None, str | None, int]:
    """On a valid POST run `save`, which returns (where to go, what to say); return (that place, message, status).

    A GET, an invalid form or a refusal give no place to go: the page is shown again, with the message.
    """
    if request.method != "POST":
        return None, None, 200
    if not form.validate_on_submit():
        return None, form_problem(form), 400
    try:
        to, done = save()
    except RecordError as error:
        return None, *show_refusal(form, error)
    flash(done, "success")
    return to, None, 200


def _page(template: str, form, save: Callable[[], tuple[str, str]], **context):
    """Answer a record page: save a valid post and go on, or show `template` with what was refused."""
    to, message, status = _save(form, save)
    if to is not None:
        return redirect(to)
    return render_template(f"people/{template}", form=form, message=message, names=NAMES, person_url=person_url,
                           **context), status


def _choice(value: str | None) -> str | None:
    return value or None


@bp.route("/units/<unit>/people/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def add(unit: str):
    """Add a person to the unit: identity, position, collective, recruitment date."""
    the_unit = _managed_unit(unit)
    form = PersonForm()
    form.collective.choices = _collective_choices([the_unit], _("Không thuộc tập thể"))

    def save():
        new = service.NewPerson(full_name=form.full_name.data, recruited_on=form.recruited_on.data,
                                position=form.position.data or "", collective=_choice(form.collective.data),
                                birth_date=form.birth_date.data, gender=_choice(form.gender.data),
                                employment=_choice(form.employment.data), code=form.code.data or "")
        person = service.add_person(the_unit, new, actor=Actor.of(current_user))
        return person_url(person.code), _("Đã thêm %(name)s (%(code)s).", name=person.full_name, code=person.code)
    return _page("person_new.html", form, save, unit=the_unit)


@bp.route("/people/<code>/edit", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit(code: str):
    """Correct the person's identity; a field the post leaves out keeps its stored value."""
    person = _managed_person(code)
    form = IdentityForm(obj=person) if request.method == "GET" else IdentityForm()

    def save():
        changes = {name: form[name].data for name in service.IDENTITY_FIELDS if name in request.form}
        changes.update((name, _choice(changes[name])) for name in ("gender", "employment") if name in changes)
        service.edit_identity(person, changes, form.version_number(request.form), actor=Actor.of(current_user))
        return person_url(person.code), _("Đã lưu hồ sơ của %(name)s.", name=person.full_name)
    return _page("person_form.html", form, save, person=person, heading=_("Sửa thông tin"), form_id="identity-form")


@bp.route("/people/<code>/transfer", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def transfer(code: str):
    """Move the person to another collective, or (the secretariat) to another unit of the bloc, from a date."""
    person = _managed_person(code)
    units = _transfer_units(person)
    form = TransferForm()
    form.unit.choices = choices((u.code, f"{u.code} — {u.name}") for u in units)
    form.collective.choices = _collective_choices(units, _("Không thuộc tập thể"))
    if request.method == "GET":
        form.unit.data = person.unit.code
        form.collective.data = person.collective.code if person.collective else ""

    def save():
        target = next((u for u in units if u.code == (form.unit.data or person.unit.code)), None)
        if target is None:
            raise RecordError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=1),
                              {"unit": _("Bạn không được chuyển người sang đơn vị này.")})
        if "collective" not in request.form:
            raise RecordError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=1),
                              {"collective": _("Cần chọn tập thể (hoặc không thuộc tập thể).")})
        service.transfer(person, target, _choice(form.collective.data), form.starts_on.data,
                         form.version_number(request.form), actor=Actor.of(current_user))
        return person_url(person.code), _("Đã chuyển %(name)s.", name=person.full_name)
    return _page("transfer.html", form, save, person=person, heading=_("Điều chuyển"), form_id="transfer-form",
                 button=_("Điều chuyển"))


def _transfer_units(person: Person) -> list[Unit]:
    """The units the signed-in user may move the person to: a unit head's own, the secretariat's bloc's."""
    if current_user.role == "unit_head":
        return [person.unit]
    return list(db.session.execute(select(Unit).where(Unit.bloc_id == person.unit.bloc_id)
                                   .order_by(Unit.code)).scalars())


@bp.route("/people/<code>/position", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def position(code: str):
    """Give the person a new position from a date."""
    person = _managed_person(code)
    form = PositionForm()

    def save():
        service.change_position(person, form.position.data or "", form.starts_on.data,
                                form.version_number(request.form), actor=Actor.of(current_user))
        return person_url(person.code), _("Đã ghi chức vụ mới của %(name)s.", name=person.full_name)
    return _page("person_form.html", form, save, person=person, heading=_("Chức vụ"), form_id="position-form")


@bp.route("/people/<code>/leave", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def leave(code: str):
    """List the person's leave periods and record a new one."""
    return _leave_page(_managed_person(code), None)


@bp.route("/people/<code>/leave/<int:leave_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit_leave(code: str, leave_id: int):
    """Correct one of the person's leave periods; a field the post leaves out keeps its stored value."""
    person = _managed_person(code)
    period = db.session.get(LeavePeriod, leave_id)
    if period is None or period.person_id != person.id:
        abort(404)
    return _leave_page(person, period)


def _leave_page(person: Person, period: LeavePeriod | None):
    form = LeaveForm(obj=period) if request.method == "GET" else LeaveForm()

    def save():
        values = {name: form[name].data if name in request.form else getattr(period, name, None)
                  for name in ("kind", "starts_on", "ends_on", "note")}
        service.record_leave(person, values["kind"] or "", values["starts_on"], values["ends_on"], values["note"] or "",
                             actor=Actor.of(current_user), leave=period, version=form.version_number(request.form))
        return person_url(person.code), _("Đã ghi kỳ nghỉ của %(name)s.", name=person.full_name)
    periods = db.session.execute(select(LeavePeriod).where(LeavePeriod.person_id == person.id)
                                 .order_by(LeavePeriod.starts_on)).scalars().all()
    return _page("leave.html", form, save, person=person, period=period, periods=periods)


@bp.route("/people/<code>/departure", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def departure(code: str):
    """Record the person's departure (retirement, transfer out, …) and its date."""
    person = _managed_person(code)
    form = DepartureForm(obj=person) if request.method == "GET" else DepartureForm()

    def save():
        service.record_departure(person, form.departure.data or "", form.left_on.data,
                                 form.version_number(request.form), actor=Actor.of(current_user))
        return person_url(person.code), _("Đã ghi việc nghỉ của %(name)s.", name=person.full_name)
    return _page("person_form.html", form, save, person=person, heading=_("Nghỉ việc"), form_id="departure-form")


@bp.route("/units/<unit>/collectives", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def collectives(unit: str):
    """List the unit's collectives with their people; on POST create one."""
    the_unit = _managed_unit(unit)
    form = CollectiveForm()

    def save():
        made = collective_changes.create_collective(the_unit, form.code.data or "", form.name.data or "",
                                                    actor=Actor.of(current_user))
        return request.path, _("Đã tạo tập thể %(name)s.", name=made.name)
    to, message, status = _save(form, save)
    return redirect(to) if to else _collectives_page(the_unit, form, status, message)


@bp.post("/units/<unit>/collectives/<code>")
@roles_required(*MANAGERS)
def change_collective(unit: str, code: str):
    """Rename, merge or close one of the unit's collectives."""
    the_unit = _managed_unit(unit)
    collective = db.session.execute(select(Collective).where(Collective.code == _plausible(code),
                                                             Collective.unit_id == the_unit.id)).scalar_one_or_none()
    if collective is None:
        abort(404)
    form = CollectiveChangeForm(prefix=f"c-{collective.code}")
    page = f"/units/{the_unit.code}/collectives"

    def save():
        actor, version = Actor.of(current_user), read_version(request.form, form.version.name)
        if form.action.data == "rename":
            collective_changes.rename_collective(collective, form.name.data or "", version, actor=actor)
            return page, _("Đã đổi tên tập thể thành %(name)s.", name=collective.name)
        if form.action.data == "merge":
            moved = collective_changes.merge_collective(collective, form.into.data, form.on.data, version,
                                                        actor=actor)
            return page, _("Đã hợp nhất tập thể; %(count)s người được chuyển.", count=moved)
        if form.action.data == "close":
            collective_changes.close_collective(collective, form.on.data, version, actor=actor)
            return page, _("Đã giải thể tập thể %(name)s.", name=collective.name)
        abort(400)
    to, message, status = _save(form, save)
    if to is not None:
        return redirect(to)
    return _collectives_page(the_unit, CollectiveForm(formdata=None), status, message, failed=(collective.code, form))


def _collectives_page(unit: Unit, form: CollectiveForm, status: int, message: str | None, failed=None):
    """The collectives page; `failed` is (code, form) of a change refused, shown again with its errors."""
    rows = collective_changes.collectives_of(unit)
    forms = {}
    for collective, _people in rows:
        if failed is not None and failed[0] == collective.code:
            forms[collective.code] = failed[1]
            failed[1].version.data = collective.version         # the stored version, to try again from
            continue
        change = CollectiveChangeForm(formdata=None, prefix=f"c-{collective.code}")
        change.version.data, change.name.data = collective.version, collective.name
        forms[collective.code] = change
    for collective, _people in rows:
        forms[collective.code].into.choices = choices((c.code, c.name) for c, _p in rows
                                                      if c.closed_on is None and c.id != collective.id)
    return render_template("people/collectives.html", form=form, message=message, unit=unit, rows=rows, forms=forms,
                           person_url=person_url), status
