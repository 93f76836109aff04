"""Who may do what: the user loader and the one permission check every route goes through.

A route declares the roles it admits; the check also confines a unit head to their own unit and
bloc, a login given a bloc to that bloc, and a viewer to published years, using the route's
``bloc``, ``year`` and ``unit`` arguments.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps

from flask import abort, current_app, jsonify, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import delete, func, select

from emulation import clock
from emulation.accounts.signed_in import SignedInUser, read_signed_in, touch_session
from emulation.errors import EmulationError
from emulation.extensions import db, login_manager
from emulation.models import ROLES, Bloc, EmulationYear, Unit, User
from emulation.models.sign_in import SignInFailure, UserSession

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(token: str) -> SignedInUser | None:
    """Return the login whose open session the cookie names, or None when it was ended (sign-out, new password).

    The session's last use is written at most every few minutes (see ``_touch_interval``), so a
    request rarely writes; the cookie's own signature still ends it after its idle lifetime. The cookie
    is signed again only then (SESSION_REFRESH_EACH_REQUEST is off: signing it on every answer cost a
    request a tenth of a millisecond), so an idle session ends at most one interval early, never late.
    """
    key = session_key(token)
    found = read_signed_in(key, token)
    if found is None:
        return None
    last_seen, user = found
    if not user.active:     # disabling a login ends its sessions too; this holds whatever was missed
        return None
    now, lifetime = clock.now(), current_app.config["PERMANENT_SESSION_LIFETIME"]
    interval = _touch_interval(lifetime)
    if last_seen < now - lifetime - interval:
        return None
    if now - last_seen > interval:
        touch_session(key, now)
        db.session.commit()
        session.modified = True         # a new signature (and expiry) for the cookie with this answer
    return user


def _touch_interval(lifetime: timedelta) -> timedelta:
    return min(lifetime / 4, timedelta(minutes=15))


def session_key(token: str) -> str:
    """Return what is stored of a session token: its SHA-256, so a copy of the table opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> None:
    """Open a server-side session for `user` (one transaction) and give the user its token for the cookie."""
    token, now = secrets.token_urlsafe(32), clock.now()
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id, UserSession.last_seen_at < now - lifetime - _touch_interval(lifetime)))
    db.session.add(UserSession(id=session_key(token), user_id=user.id, created_at=now, last_seen_at=now))
    db.session.commit()
    user.session_token = token


def end_session(user: User) -> None:
    """End the session `user` signed in with (one transaction): its cookie opens nothing any more, anywhere."""
    token = getattr(user, "session_token", None)
    if token:
        db.session.execute(delete(UserSession).where(UserSession.id == session_key(token)))
        db.session.commit()


def end_all_sessions(user_id: int) -> int:
    """Delete every session of a login in the current transaction (the caller commits); return how many."""
    return db.session.execute(delete(UserSession).where(UserSession.user_id == user_id)).rowcount


def load_signed_in_user() -> None:
    """Load the signed-in user at the start of a request, before the view adds anything to the transaction.

    The loader may write the session's last use; doing it first keeps that commit apart from the view's work.
    """
    if request.endpoint not in _NO_USER_ENDPOINTS:
        current_user._get_current_object()


_NO_USER_ENDPOINTS = {"static", "health.healthz", None}


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
    unknown = set(roles) - set(ROLES)
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


@dataclass(frozen=True)
class SignInAttempt:
    """A sign-in attempt let through the throttle: its row in ``sign_in_failures`` until it succeeds."""

    id: int
    username: str
    address: str


class SignInThrottled(EmulationError):
    """Too many failures: for this login from this address (`per_login` False), or for the login or the address."""

    status = 429

    def __init__(self, per_login: bool, wait: timedelta):
        super().__init__(str(wait))
        self.per_login, self.wait = per_login, wait


def begin_sign_in(username: str, address: str) -> SignInAttempt:
    """Count this attempt as a failure until it succeeds, then decide whether it may check a password.

    Insert, commit, then count: every attempt counts the committed attempts of the others, so
    parallel attempts can never check more passwords than the limits allow (at worst they refuse
    one too many). A refused attempt is forgotten again and raises SignInThrottled. The limits:
    EMULATION_SIGN_IN_MAX_FAILURES per login from one address within the window (then 429 until
    the window passes), and, with a short back-off that doubles with each further failure (never
    longer than EMULATION_SIGN_IN_MAX_BACKOFF), EMULATION_SIGN_IN_MAX_FAILURES_PER_LOGIN per login
    from every address and EMULATION_SIGN_IN_MAX_FAILURES_PER_ADDRESS per address for every login.
    """
    username, address, now = username[:80], address[:64], clock.now()
    config = current_app.config
    db.session.execute(delete(SignInFailure).where(SignInFailure.at < now - config["EMULATION_SIGN_IN_WINDOW"]))
    row = SignInFailure(username=username, address=address, at=now)
    db.session.add(row)
    db.session.flush()
    # Read before committing: a parallel successful sign-in may delete the row right after the commit.
    attempt = SignInAttempt(row.id, username, address)
    db.session.commit()
    refusal = _refusal(attempt, now)
    if refusal is not None:
        db.session.execute(delete(SignInFailure).where(SignInFailure.id == attempt.id))
        db.session.commit()
        raise refusal
    return attempt


def _refusal(attempt: SignInAttempt, now: datetime) -> SignInThrottled | None:
    """Return why `attempt` may not check a password, from the attempts committed so far, or None."""
    config, failure = current_app.config, SignInFailure
    same_login, same_address = failure.username == attempt.username, failure.address == attempt.address
    other = failure.id != attempt.id
    counts = db.session.execute(select(
        func.count().filter(same_login & same_address),
        func.count().filter(same_login & other), func.max(failure.at).filter(same_login & other),
        func.count().filter(same_address & other), func.max(failure.at).filter(same_address & other),
    ).where(failure.at >= now - config["EMULATION_SIGN_IN_WINDOW"], same_login | same_address)).one()
    pair, login_others, login_latest, address_others, address_latest = counts
    if pair > config["EMULATION_SIGN_IN_MAX_FAILURES"]:
        return SignInThrottled(False, config["EMULATION_SIGN_IN_WINDOW"])
    for others, latest, limit in ((login_others, login_latest, config["EMULATION_SIGN_IN_MAX_FAILURES_PER_LOGIN"]),
                                  (address_others, address_latest,
                                   config["EMULATION_SIGN_IN_MAX_FAILURES_PER_ADDRESS"])):
        if others >= limit:
            wait = backoff(others - limit) - (now - latest)
            if wait > timedelta(0):
                return SignInThrottled(True, wait)
    return None


def backoff(beyond: int) -> timedelta:
    """Return how long to wait after the latest failure once `beyond` failures passed the limit: 1 s, 2 s, 4 s, …

    Never longer than EMULATION_SIGN_IN_MAX_BACKOFF, so a stranger failing on purpose delays the
    login's owner by that much at most, while their own guesses stay a few dozen per window.
    """
    cap = current_app.config["EMULATION_SIGN_IN_MAX_BACKOFF"]
    return min(timedelta(seconds=2 ** min(beyond, 30)), cap)


def sign_in_succeeded(attempt: SignInAttempt) -> None:
    """Forget the failures of this login from this address, the attempt itself included (one transaction)."""
    db.session.execute(delete(SignInFailure).where(SignInFailure.username == attempt.username,
                                                   SignInFailure.address == attempt.address))
    db.session.commit()
