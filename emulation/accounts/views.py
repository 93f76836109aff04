"""Signing in and out, and changing one's own password."""
import math
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from emulation.accounts.forms import LoginForm
from emulation.accounts.permissions import SignInThrottled, begin_sign_in, end_session, sign_in_succeeded, start_session
from emulation.accounts.service import AccountError, authenticate, password_problem, set_new_password
from emulation.storage.audit import Actor
from emulation.web.forms import ActionForm, BaseForm

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign the user in when the name and password match an active login.

    Too many failures answer 429 (see ``security.begin_sign_in``); the session opened is kept in the
    database, so signing out ends it everywhere.
    """
    form = LoginForm()
    if form.validate_on_submit():
        try:
            attempt = begin_sign_in(form.username.data, request.remote_addr or "")
        except SignInThrottled as refusal:
            return render_template("accounts/login.html", form=form, message=throttled_message(refusal)), 429
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            sign_in_succeeded(attempt)
            _sign_in(user)
            if user.must_change_password:
                return redirect(url_for("auth.password"))
            return redirect(_local_target(request.args.get("next", "")) or url_for("blocs.home"))
        form.password.errors.append(_("Sai tên đăng nhập hoặc mật khẩu."))
    return render_template("accounts/login.html", form=form), 200 if request.method == "GET" or not form.errors else 400


def throttled_message(refusal: SignInThrottled) -> str:
    """Return the 429 message: minutes for the per-address lockout, seconds for the short back-off."""
    if not refusal.per_login:
        minutes = int(current_app.config["EMULATION_SIGN_IN_WINDOW"].total_seconds() // 60) or 1
        return _("Đăng nhập sai quá nhiều lần; vui lòng thử lại sau %(minutes)s phút.", minutes=minutes)
    seconds = max(1, math.ceil(refusal.wait.total_seconds()))
    return _("Tài khoản này bị đăng nhập sai nhiều lần; vui lòng thử lại sau %(seconds)s giây.", seconds=seconds)


def _sign_in(user) -> None:
    session.permanent = True      # expires after PERMANENT_SESSION_LIFETIME without a request
    start_session(user)
    login_user(user)


def _local_target(target: str) -> str | None:
    """Return `target` when it is a path of this site; browsers read "/\\host" and "//host" as another site."""
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith(("//", "/\\")) or parts.scheme or parts.netloc:
        return None
    return target if target.isprintable() else None


@bp.post("/logout")
@login_required
def logout():
    """Sign the user out: the session ends on the server, so a copy of its cookie opens nothing any more."""
    if ActionForm().validate_on_submit():
        end_session(current_user._get_current_object())
        logout_user()
    return redirect(url_for("auth.login"))


def _usable_password(form, field) -> None:
    problem = password_problem(field.data, current_user.username)
    if problem is not None:
        raise ValidationError(str(problem))
    if current_user.must_change_password and field.data == form.current.data:
        raise ValidationError(_("Hãy chọn một mật khẩu khác mật khẩu được cấp."))


# What a user who must choose a new password may still open.
_WHILE_CHANGING_PASSWORD = {"auth.password", "auth.logout", "auth.login", "static", "health.healthz", None}


@bp.before_app_request
def require_new_password():
    """Send a user whose password the secretariat reset to /password, from every page, until they choose one."""
    if request.endpoint in _WHILE_CHANGING_PASSWORD or not current_user.is_authenticated:
        return None
    if not current_user.must_change_password:
        return None
    if request.path.startswith("/api/"):
        return jsonify(error="password change required"), 403
    return redirect(url_for("auth.password"))


class PasswordChangeForm(BaseForm):
    """One's own new password, confirmed by the current one."""

    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(_l("Nhập mật khẩu."))])
    new = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(_l("Nhập mật khẩu.")), _usable_password])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        DataRequired(_l("Nhập mật khẩu.")), EqualTo("new", _l("Hai lần nhập mật khẩu mới không khớp."))])


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; every session of the login ends, this browser gets a new one.

    The current password is checked like a sign-in, so it is throttled the same way.
    """
    form, status = PasswordChangeForm(), 200
    if form.validate_on_submit():
        try:
            attempt = begin_sign_in(current_user.username, request.remote_addr or "")
        except SignInThrottled as refusal:
            return render_template("accounts/password.html", form=form, message=throttled_message(refusal)), 429
        user = authenticate(current_user.username, form.current.data)
        if user is None:
            form.current.errors.append(_("Mật khẩu hiện tại không đúng."))
        else:
            sign_in_succeeded(attempt)
            try:
                set_new_password(user, form.new.data, actor=Actor.of(user))
            except AccountError as error:
                form.new.errors.append(str(error))
            else:
                _sign_in(user)
                flash(_("Đã đổi mật khẩu; mọi phiên đăng nhập khác đã kết thúc."), "success")
                return redirect(url_for("blocs.home"))
    if form.errors:
        status = 400
    return render_template("accounts/password.html", form=form), status
