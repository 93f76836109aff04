"""The secretariat's pages: logins, and opening a year by signing its agreement."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from emulation.accounts.forms import UserForm
from emulation.accounts.permissions import roles_required
from emulation.accounts.service import AccountError, create_user
from emulation.extensions import db
from emulation.models import ROLES, Bloc, Unit, User
from emulation.storage.audit import Actor

bp = Blueprint("admin", __name__, url_prefix="/admin")

ROLE_NAMES = {"secretariat": _l("Thư ký khối"), "reviewer": _l("Người đánh giá"),
              "unit_head": _l("Trưởng đơn vị"), "viewer": _l("Người xem")}


def _user_form() -> UserForm:
    """The new-login form; a secretariat confined to a bloc offers only that bloc and its units."""
    form = UserForm()
    form.role.choices = [(role, ROLE_NAMES[role]) for role in ROLES]
    own = current_user.bloc_code
    units = select(Unit).join(Bloc).order_by(Unit.code)
    blocs = select(Bloc).order_by(Bloc.code)
    if own is not None:
        units, blocs = units.where(Bloc.code == own), blocs.where(Bloc.code == own)
    form.unit.choices = [("", "—")] + [(u.code, f"{u.code} — {u.name}") for u in db.session.execute(units).scalars()]
    form.bloc.choices = [] if own is not None else [("", _("Mọi khối"))]
    form.bloc.choices += [(b.code, f"{b.code} — {b.name}") for b in db.session.execute(blocs).scalars()]
    return form


def _accounts() -> list[User]:
    """The logins the signed-in secretariat manages: all, or those of its bloc."""
    query = select(User).outerjoin(Unit, User.unit_id == Unit.id).order_by(User.username)
    own = current_user.bloc_code
    if own is not None:
        bloc_id = select(Bloc.id).where(Bloc.code == own).scalar_subquery()
        query = query.where((User.bloc_id == bloc_id) | (Unit.bloc_id == bloc_id))
    return list(db.session.execute(query).scalars())


@bp.route("/users", methods=["GET", "POST"])
@roles_required("secretariat")
def users():
    """List the logins and create one; a bad entry is shown beside its field and nothing is stored."""
    form = _user_form()
    if form.validate_on_submit():
        try:
            # A unit head's bloc is their unit's (offered units are already the secretariat's bloc's).
            bloc_code = None if form.role.data == "unit_head" else form.bloc.data or None
            create_user(form.username.data, form.role.data, form.password.data, form.unit.data or None,
                        bloc_code=bloc_code, actor=Actor.of(current_user))
        except AccountError as error:
            form.username.errors.append(str(error))
        else:
            flash(_("Đã tạo tài khoản %(name)s.", name=form.username.data), "success")
            return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    accounts = _accounts()
    return render_template("accounts/users.html", form=form, accounts=accounts, role_names=ROLE_NAMES), status


