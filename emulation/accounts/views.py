"""Signing in and out."""
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from emulation.accounts.forms import LoginForm
from emulation.accounts.permissions import (
    clear_sign_in_failures,
    record_sign_in_failure,
    sign_in_throttled,
)
from emulation.extensions import db
from emulation.models import User
from emulation.web.forms import ActionForm

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign the user in when the name and password match an active login.

    Too many failures for one name from one address within the window answer 429 until it passes.
    """
    form = LoginForm()
    if form.validate_on_submit():
        username, address = form.username.data, request.remote_addr or ""
        if sign_in_throttled(username, address):
            minutes = int(current_app.config["EMULATION_SIGN_IN_WINDOW"].total_seconds() // 60) or 1
            message = _("Đăng nhập sai quá nhiều lần; vui lòng thử lại sau %(minutes)s phút.", minutes=minutes)
            return render_template("accounts/login.html", form=form, message=message), 429
        user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is not None and user.active and user.check_password(form.password.data):
            clear_sign_in_failures(username, address)
            session.permanent = True      # expires after PERMANENT_SESSION_LIFETIME without a request
            login_user(user)
            return redirect(_local_target(request.args.get("next", "")) or url_for("blocs.home"))
        record_sign_in_failure(username, address)
        form.password.errors.append(_("Sai tên đăng nhập hoặc mật khẩu."))
    return render_template("accounts/login.html", form=form), 200 if request.method == "GET" or not form.errors else 400


def _local_target(target: str) -> str | None:
    """Return `target` when it is a path of this site; browsers read "/\\host" and "//host" as another site."""
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith(("//", "/\\")) or parts.scheme or parts.netloc:
        return None
    return target if target.isprintable() else None


@bp.post("/logout")
@login_required
def logout():
    """Sign the user out."""
    if ActionForm().validate_on_submit():
        logout_user()
    return redirect(url_for("auth.login"))


@bp.app_context_processor
def inject_action_form():
    """Give every page a CSRF-only form for its buttons (sign out, lock, publish)."""
    return {"action_form": ActionForm, "current_user": current_user}
