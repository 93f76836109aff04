"""Signing in and out."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..extensions import db
from ..forms import ActionForm, LoginForm
from ..models import User

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign the user in when the name and password match an active login."""
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.execute(select(User).where(User.username == form.username.data)).scalar_one_or_none()
        if user is not None and user.active and user.check_password(form.password.data):
            login_user(user)
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("blocs.home"))
        form.password.errors.append(_("Sai tên đăng nhập hoặc mật khẩu."))
    return render_template("login.html", form=form), 200 if request.method == "GET" or not form.errors else 400


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
