"""What the sheet and the review pages do with a post: read it, save it, or show the refusal beside the fields."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask import abort, request
from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from emulation.extensions import db
from emulation.models import Bloc, EmulationYear, Unit
from emulation.sheets.reading import StoredFile
from emulation.sheets.service import SheetError, SheetView, load_sheet, load_sheet_page
from emulation.web.forms import BaseForm, form_problem


@dataclass
class Posted:
    """The outcome of a post: what the save returned, or the refusal and the sheet to show beside it."""

    view: SheetView
    saved: object = None
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    status: int = 200


# The year, its bloc and the unit in one query, built once (building it per view cost as much as running it).
_YEAR_AND_UNIT = (
    select(EmulationYear, Unit).join(Bloc, Bloc.id == EmulationYear.bloc_id).join(Unit, Unit.bloc_id == Bloc.id)
    .where(Bloc.code == bindparam("bloc"), EmulationYear.year == bindparam("year"), Unit.code == bindparam("unit"))
    .options(contains_eager(EmulationYear.bloc))
    # The signed-in user's unit and bloc were loaded before the page cache read the data version: refreshed here, a
    # rename committed in between is not rendered old and kept under the newer version.
    .execution_options(populate_existing=True))


def sheet_or_404(bloc: str, year: int, unit: str, scored: bool = True) -> SheetView:
    """Return the sheet of the unit `unit` in the bloc's year, or answer 404; `scored` False leaves the points out
    (a post reads the form against the lines; the page it shows on a refusal is read again, scored)."""
    found = db.session.execute(_YEAR_AND_UNIT, {"bloc": bloc, "year": year, "unit": unit}).first()
    if found is None:
        abort(404)
    return load_sheet(*found, scored)


def sheet_page_or_404(bloc: str, year: int, unit: str) -> tuple[SheetView, dict[str, list[StoredFile]]]:
    """Return the scored sheet of the unit `unit` in the bloc's year as a view of it reads it (plain read-only data in
    one query, ``service.load_sheet_page``: read afresh, so a rename committed since sign-in shows) with its lines'
    evidence files by criterion code, or answer 404."""
    found = load_sheet_page(bloc, year, unit)
    if found is None:
        abort(404)
    return found


def posted_data():
    """Return what the request posted for a form to read, or None on a GET (the form shows the stored values)."""
    return request.form if request.method == "POST" else None


def save_posted(view: SheetView, form: BaseForm, read: Callable, save: Callable) -> Posted:
    """Read the posted `form` with `read`, store it with `save(values, errors)`; nothing is stored on a refusal.

    A GET stores nothing and shows `view`. A refused save comes back with the sheet read again, so the
    page shows the stored lines and their versions beside what was typed.
    """
    if request.method != "POST":
        return Posted(view)
    if not form.validate_on_submit():
        return Posted(load_sheet(view.year, view.unit), message=form_problem(form), status=400)
    values, errors = read(form, view, request.form)
    try:
        return Posted(view, saved=save(values, errors))
    except SheetError as exc:
        return Posted(load_sheet(view.year, view.unit), errors=exc.fields, message=exc.message, status=exc.status)
