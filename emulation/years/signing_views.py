"""The secretariat's page that opens a year by signing its agreement."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from emulation.accounts.permissions import roles_required
from emulation.engine.criteria import CriteriaError
from emulation.extensions import db
from emulation.models import Bloc, EmulationYear
from emulation.storage.audit import Actor
from emulation.storage.database import StoreError
from emulation.years.forms import SignYearForm
from emulation.years.signing import available_agreements, sign_year

bp = Blueprint("signing", __name__, url_prefix="/admin")


@bp.route("/years", methods=["GET", "POST"])
@roles_required("secretariat")
def years():
    """List the agreement files and the signed years; sign one to open its year."""
    agreements = [a for a in available_agreements(current_app.config["EMULATION_CRITERIA_DIR"])
                  if current_user.bloc_code in (None, a.bloc)]
    signed = set(db.session.execute(select(Bloc.code, EmulationYear.year).join(EmulationYear.bloc)).all())
    form = SignYearForm()
    form.agreement.choices = [(f"{a.bloc}/{a.year}", f"{a.bloc} — {a.year}") for a in agreements
                              if (a.bloc, a.year) not in signed]
    if form.validate_on_submit():
        bloc, year = form.agreement.data.split("/")
        try:
            sign_year(current_app.extensions["emulation.registry"], current_app.config["EMULATION_CRITERIA_DIR"],
                      bloc, int(year), actor=Actor.of(current_user))
        except (CriteriaError, StoreError) as error:
            form.agreement.errors.append(str(error))
        else:
            flash(_("Đã ký giao ước khối %(bloc)s năm %(year)s.", bloc=bloc, year=year), "success")
            return redirect(url_for("blocs.overview", bloc=bloc, year=int(year)))
    status = 400 if form.errors else 200
    return render_template("years/sign.html", form=form, agreements=agreements, signed=signed), status
