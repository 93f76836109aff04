"""The secretariat's accounts pages: the logins, a new login, and one login's role, unit, bloc, access and password.

A secretariat confined to a bloc sees and manages the logins of that bloc only; another login's
pages answer 403. Every change is one transaction with its audit row (``accounts.service``).
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from emulation.accounts.forms import AccountForm, PasswordResetForm, UserForm
from emulation.accounts.permissions import roles_required
from emulation.accounts.service import (AccountError, create_user, find_user, lift_throttle, set_active,
                                        set_new_password, sign_in_failures, temporary_password, update_user)
from emulation.extensions import db
from emulation.models import ROLES, Bloc, Unit, User
from emulation.storage.audit import Actor
from emulation.web.forms import ActionForm, form_problem

bp = Blueprint("admin", __name__, url_prefix="/admin")

ROLE_NAMES = {"secretariat": _l("Thư ký khối"), "reviewer": _l("Người đánh giá"),
              "unit_head": _l("Trưởng đơn vị"), "viewer": _l("Người xem"), "board": _l("Ban Thi đua - Khen thưởng")}


def _offer_placements(form: UserForm | AccountForm) -> None:
    """Fill the role, unit and bloc choices; a secretariat confined to a bloc is offered that bloc and its units."""
    form.role.choices = [(role, ROLE_NAMES[role]) for role in ROLES]
    own = current_user.bloc_code
    units = select(Unit).join(Bloc).order_by(Unit.code)
    blocs = select(Bloc).order_by(Bloc.code)
    if own is not None:
        units, blocs = units.where(Bloc.code == own), blocs.where(Bloc.code == own)
    form.unit.choices = [("", "—")] + [(u.code, f"{u.code} — {u.name}") for u in db.session.execute(units).scalars()]
    form.bloc.choices = [] if own is not None else [("", _("Mọi khối"))]
    form.bloc.choices += [(b.code, f"{b.code} — {b.name}") for b in db.session.execute(blocs).scalars()]


def _accounts() -> list[User]:
    """The logins the signed-in secretariat manages: all, or those of its bloc."""
    query = select(User).outerjoin(Unit, User.unit_id == Unit.id).order_by(User.username)
    own = current_user.bloc_code
    if own is not None:
        bloc_id = select(Bloc.id).where(Bloc.code == own).scalar_subquery()
        query = query.where((User.bloc_id == bloc_id) | (Unit.bloc_id == bloc_id))
    return list(db.session.execute(query).scalars())


def _managed(username: str) -> User:
    """Return the login `username` if the signed-in secretariat manages it: 404 when there is none, 403 otherwise."""
    try:
        account = find_user(username)
    except AccountError:
        abort(404)
    own = current_user.bloc_code
    if own is not None and account.bloc_code != own:
        abort(403)
    return account


def _bloc_of(form: UserForm | AccountForm) -> str | None:
    # A unit head's bloc is their unit's (offered units are already the secretariat's bloc's).
    return None if form.role.data == "unit_head" else form.bloc.data or None


def _show(error: AccountError, form) -> str | None:
    """Put the error beside its field of `form`; return it as the page's message when no field of the form fits."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        return error.message
    field.errors.append(error.message)
    return None


@bp.route("/users", methods=["GET", "POST"])
@roles_required("secretariat")
def users():
    """List the logins and create one; a bad entry is shown beside its field and nothing is stored."""
    form = UserForm()
    _offer_placements(form)
    if form.validate_on_submit():
        try:
            create_user(form.username.data, form.role.data, form.password.data, form.unit.data or None,
                        bloc_code=_bloc_of(form), actor=Actor.of(current_user))
        except AccountError as error:
            _show(error, form)
        else:
            flash(_("Đã tạo tài khoản %(name)s.", name=form.username.data), "success")
            return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    return render_template("accounts/users.html", form=form, accounts=_accounts(), role_names=ROLE_NAMES), status


def _account_form(account: User, posted: bool) -> AccountForm:
    """The form of a login's role, unit and bloc: as posted, or filled with the stored ones to show.

    A posted form never takes the stored version: a post without one is refused, not applied blind.
    """
    stored = {"role": account.role, "unit": account.unit.code if account.unit else "",
              "bloc": account.bloc.code if account.bloc else ""}
    if posted:
        form = AccountForm(data=stored)
    else:
        form = AccountForm(formdata=None, data={**stored, "version": account.version})
    _offer_placements(form)
    return form


def _account_page(account: User, form: AccountForm | None = None, reset: PasswordResetForm | None = None,
                  message: str | None = None, temporary: str | None = None):
    """Render one login's page; a page with any refusal on it answers 400."""
    if form is None:
        form = _account_form(account, posted=False)
    if reset is None:
        reset = PasswordResetForm(formdata=None)
    status = 400 if message or form.errors or reset.errors else 200
    return render_template("accounts/user.html", account=account, form=form, reset=reset, message=message,
                           temporary=temporary, failures=sign_in_failures(account), role_names=ROLE_NAMES), status


@bp.route("/users/<username>", methods=["GET", "POST"])
@roles_required("secretariat")
def account(username: str):
    """Show a login; change its role, unit and bloc (refused beside the field at fault, nothing stored)."""
    found = _managed(username)
    form, message = _account_form(found, posted=request.method == "POST"), None
    if form.validate_on_submit():
        try:
            update_user(found, form.role.data, form.unit.data or None, _bloc_of(form),
                        version=int(form.version.data), actor=Actor.of(current_user))
        except AccountError as error:
            message = _show(error, form)
        else:
            flash(_("Đã lưu tài khoản %(name)s.", name=username), "success")
            return redirect(url_for("admin.account", username=username))
    elif form.errors:
        message = form_problem(form)
    return _account_page(found, form, message=message)


def _act(username: str, change, done) -> object:
    """Apply a button's `change` to the login (CSRF checked); flash `done`, or show the refusal on its page."""
    found = _managed(username)
    form = ActionForm()
    if not form.validate_on_submit():
        return _account_page(found, message=form_problem(form))
    try:
        outcome = change(found, actor=Actor.of(current_user))
    except AccountError as error:
        return _account_page(found, message=error.message)
    flash(str(done) % {"name": username, "count": outcome}, "success")
    return redirect(url_for("admin.account", username=username))


@bp.post("/users/<username>/disable")
@roles_required("secretariat")
def disable(username: str):
    """Disable a login: it cannot sign in, and its open sessions end at once."""
    return _act(username, lambda user, actor: set_active(user, False, actor=actor),
                _l("Đã khoá tài khoản %(name)s; %(count)s phiên đăng nhập đã kết thúc."))


@bp.post("/users/<username>/enable")
@roles_required("secretariat")
def enable(username: str):
    """Enable a disabled login again."""
    return _act(username, lambda user, actor: set_active(user, True, actor=actor),
                _l("Đã mở khoá tài khoản %(name)s."))


@bp.post("/users/<username>/throttle")
@roles_required("secretariat")
def lift(username: str):
    """Lift the sign-in throttle of a login: its failed sign-ins are forgotten, from every address."""
    return _act(username, lift_throttle, _l("Đã gỡ giới hạn đăng nhập của %(name)s (%(count)s lần sai được xoá)."))


@bp.post("/users/<username>/password")
@roles_required("secretariat")
def reset_password(username: str):
    """Reset a login's password to the one typed, or to a temporary one shown once on the page that answers.

    Either way every session of the login ends and the user must choose a new password at the next sign-in.
    """
    found = _managed(username)
    reset = PasswordResetForm()
    if not reset.validate_on_submit():
        return _account_page(found, reset=reset, message=form_problem(reset))
    typed = reset.password.data
    password = typed or temporary_password(username)
    try:
        ended = set_new_password(found, password, actor=Actor.of(current_user), must_change=True)
    except AccountError as error:
        return _account_page(found, reset=reset, message=_show(error, reset))
    if typed:
        flash(_("Đã đặt lại mật khẩu của %(name)s; %(count)s phiên đăng nhập đã kết thúc.", name=username,
                count=ended), "success")
        return redirect(url_for("admin.account", username=username))
    # Shown in this answer only: never in a redirect, the flash cookie or a log.
    return _account_page(found, temporary=password)
