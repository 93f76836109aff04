"""Who may do what: the user loader and the one permission check every route goes through.

A route declares the roles it admits; the check also confines a unit head to their own unit and
bloc, a login given a bloc to that bloc, and a viewer to published years, using the route's
``bloc``, ``year`` and ``unit`` arguments.
"""
from __future__ import annotations

from datetime import datetime, timezone
from functools import wraps

from flask import abort, current_app, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import delete, func, select

from emulation.extensions import db, login_manager
from emulation.models import Bloc, EmulationYear, Unit, User
from emulation.models.sign_in import SignInFailure

ALL_ROLES = ("secretariat", "reviewer", "unit_head", "viewer")

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the signed-in user kept in the session, or None when it no longer exists."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@login_manager.unauthorized_handler
def unauthorized():
    """Answer 401 to the JSON API; send a browser to the sign-in page."""
    if request.path.startswith("/api/"):
        return jsonify(error="authentication required"), 401
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def find_year_or_404(bloc: str, year: int) -> EmulationYear:
    """Return the bloc's year, or answer 404."""
    found = db.session.execute(select(EmulationYear).join(Bloc).where(
        Bloc.code == bloc, EmulationYear.year == year)).scalar_one_or_none()
    if found is None:
        abort(404)
    return found


def find_unit_or_404(year: EmulationYear, unit: str) -> Unit:
    """Return the unit of the year's bloc with code `unit`, or answer 404."""
    found = db.session.execute(select(Unit).where(Unit.code == unit, Unit.bloc_id == year.bloc_id)
                               ).scalar_one_or_none()
    if found is None:
        abort(404)
    return found


def may_see(user, bloc: str | None, year: int | None, unit: str | None) -> bool:
    """Return whether `user` may open a page about `bloc`, `year` and `unit` (each may be None)."""
    own = user.bloc_code
    if own is not None and bloc is not None and bloc != own:
        return False
    if user.role == "unit_head":
        return unit is None or unit == user.unit.code
    if user.role == "viewer" and bloc is not None and year is not None:
        state = db.session.execute(select(EmulationYear.state).join(Bloc).where(
            Bloc.code == bloc, EmulationYear.year == year)).scalar_one_or_none()
        return state in (None, "published")
    return True


def plausible_arguments(kwargs: dict) -> bool:
    """Return whether a route's codes and year could name something stored (short, no control characters).

    Anything else is answered 404 before it reaches the database, which would refuse a NUL or a
    year beyond its integers with an error of its own.
    """
    for name in ("bloc", "unit", "criterion"):
        value = kwargs.get(name)
        if value is not None and (len(value) > 40 or not value.isprintable()):
            return False
    year = kwargs.get("year")
    return year is None or 1945 <= year <= 2200


def roles_required(*roles: str):
    """Admit signed-in users with one of `roles` who may see the route's bloc, year and unit; 403 otherwise."""
    unknown = set(roles) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        @login_required
        def guarded(**kwargs):
            if not plausible_arguments(kwargs):
                abort(404)
            if current_user.role not in roles or not may_see(
                    current_user, kwargs.get("bloc"), kwargs.get("year"), kwargs.get("unit")):
                abort(403)
            return view(**kwargs)
        return guarded
    return decorator


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def sign_in_throttled(username: str, address: str) -> bool:
    """Return whether `username` has failed to sign in from `address` too often within the window."""
    since = _now() - current_app.config["EMULATION_SIGN_IN_WINDOW"]
    failures = db.session.execute(select(func.count()).select_from(SignInFailure).where(
        SignInFailure.username == username, SignInFailure.address == address, SignInFailure.at >= since)).scalar_one()
    return failures >= current_app.config["EMULATION_SIGN_IN_MAX_FAILURES"]


def record_sign_in_failure(username: str, address: str) -> None:
    """Remember one failed sign-in (and forget those older than the window) in the database."""
    now = _now()
    db.session.execute(delete(SignInFailure).where(
        SignInFailure.at < now - current_app.config["EMULATION_SIGN_IN_WINDOW"]))
    db.session.add(SignInFailure(username=username[:80], address=address[:64], at=now))
    db.session.commit()


def clear_sign_in_failures(username: str, address: str) -> None:
    """Forget the failed sign-ins of `username` from `address` once they sign in."""
    db.session.execute(delete(SignInFailure).where(SignInFailure.username == username,
                                                   SignInFailure.address == address))
    db.session.commit()
