"""The secretariat's page of a bloc's units: declare a unit as data, rename it, close it."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import Length

from emulation.accounts.permissions import roles_required
from emulation.extensions import db
from emulation.models import Bloc, Unit
from emulation.people.changes import RecordError
from emulation.people.forms import DayField, _Versioned
from emulation.storage.audit import Actor
from emulation.web.forms import BaseForm, SelectChoice, form_problem, read_version, show_refusal
from emulation.years import units as service

bp = Blueprint("units", __name__, url_prefix="/admin/blocs/<bloc>/units")


class UnitForm(BaseForm):
    """A unit declared as data."""

    code = StringField(_l("Mã đơn vị"), validators=[Length(max=40)])
    name = StringField(_l("Tên đơn vị"), validators=[Length(max=300)])
    short_name = StringField(_l("Tên viết tắt"), validators=[Length(max=120)])


class UnitChangeForm(_Versioned):
    """A change of one unit: rename or close."""

    action = SelectField(choices=[SelectChoice(a, a) for a in ("rename", "close")], validate_choice=False)
    name = StringField(_l("Tên mới"), validators=[Length(max=300)])
    short_name = StringField(_l("Tên viết tắt"), validators=[Length(max=120)])
    on = DayField(_l("Ngày giải thể"))


def _bloc_or_404(code: str) -> Bloc:
    found = db.session.execute(select(Bloc).where(Bloc.code == code)).scalar_one_or_none()
    if found is None:
        abort(404)
    return found


def _plugin_units() -> dict[str, str]:
    return {code: unit.plugin for code, unit in current_app.extensions["emulation.registry"].units.items()}


def _attempt(form, change) -> tuple[str | None, int]:
    """Run `change` on a valid post; return (the message shown again, status): (None, 200) once it is saved."""
    if not form.validate_on_submit():
        return form_problem(form), 400
    try:
        done = change()
    except RecordError as error:
        return show_refusal(form, error)
    flash(done, "success")
    return None, 200


@bp.route("", methods=["GET", "POST"])
@roles_required("secretariat")
def index(bloc: str):
    """List the bloc's units (with who provides each); on POST declare a unit with no plugin."""
    the_bloc = _bloc_or_404(bloc)
    form = UnitForm()
    message, status = None, 200
    if request.method == "POST":
        message, status = _attempt(form, lambda: _("Đã thêm đơn vị %(name)s.", name=service.add_unit(
            the_bloc, form.code.data or "", form.name.data or "", form.short_name.data or "", _plugin_units(),
            actor=Actor.of(current_user)).name))
        if message is None:
            return redirect(url_for("units.index", bloc=bloc))
    return _page(the_bloc, form, message, status)


@bp.post("/<unit>")
@roles_required("secretariat")
def change(bloc: str, unit: str):
    """Rename or close one of the bloc's units."""
    the_bloc = _bloc_or_404(bloc)
    found = db.session.execute(select(Unit).where(Unit.code == unit, Unit.bloc_id == the_bloc.id)).scalar_one_or_none()
    if found is None:
        abort(404)
    form = UnitChangeForm(prefix=f"u-{found.code}")
    version, actor = read_version(request.form, form.version.name), Actor.of(current_user)
    if form.action.data == "rename":
        message, status = _attempt(form, lambda: service.rename_unit(
            found, form.name.data or "", form.short_name.data or "", version, actor=actor)
            or _("Đã đổi tên đơn vị thành %(name)s.", name=found.name))
    elif form.action.data == "close":
        message, status = _attempt(form, lambda: service.close_unit(found, form.on.data, version, actor=actor)
                                   or _("Đã giải thể đơn vị %(name)s.", name=found.name))
    else:
        abort(400)
    if message is None:
        return redirect(url_for("units.index", bloc=bloc))
    return _page(the_bloc, UnitForm(formdata=None), message, status, failed=(found.code, form))


def _page(bloc: Bloc, form: UnitForm, message: str | None, status: int, failed=None):
    """The units page; `failed` is (code, form) of a change refused, shown again with its errors."""
    units = service.units_of(bloc)
    forms = {}
    for unit in units:
        if failed is not None and failed[0] == unit.code:
            forms[unit.code] = failed[1]
        else:
            forms[unit.code] = UnitChangeForm(formdata=None, prefix=f"u-{unit.code}")
            forms[unit.code].name.data, forms[unit.code].short_name.data = unit.name, unit.short_name
        forms[unit.code].version.data = unit.version        # the stored version, to try again from
    return render_template("years/units.html", bloc=bloc, units=units, form=form, forms=forms,
                           message=message), status
