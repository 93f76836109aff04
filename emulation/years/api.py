"""The read-only JSON API: the same results as `emulation results`, with the web's permissions.

Every reason carries its message key and parameters (for clients that write their own words), its
``text`` in the request's language (?lang=en, or the session's) and its citation.
"""
from flask import Blueprint, jsonify

from emulation.accounts.permissions import find_year_or_404, roles_required
from emulation.i18n import current_language
from emulation.i18n_reasons import localized_results
from emulation.models import ROLES
from emulation.storage.rule_files import app_catalogue
from emulation.years.results import year_results

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/blocs/<bloc>/years/<int:year>/results")
@roles_required(*ROLES)
def results(bloc: str, year: int):
    """Return the year's results as JSON."""
    find_year_or_404(bloc, year)
    return jsonify(localized_results(year_results(bloc, year), current_language(), app_catalogue()))
