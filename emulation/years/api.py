"""The read-only JSON API: the same results as `emulation results`, with the web's permissions."""
from flask import Blueprint, jsonify

from emulation.accounts.permissions import find_year_or_404, roles_required
from emulation.models import ROLES
from emulation.years.results import year_results

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/blocs/<bloc>/years/<int:year>/results")
@roles_required(*ROLES)
def results(bloc: str, year: int):
    """Return the year's results as JSON."""
    find_year_or_404(bloc, year)
    return jsonify(year_results(bloc, year))
