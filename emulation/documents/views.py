"""The documents page of a year and the downloads: each document as .docx, and as PDF where LibreOffice is."""
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from emulation.accounts.permissions import find_unit_or_404, find_year_or_404, roles_required
from emulation.documents.pdf import PdfUnavailable, pdf_available
from emulation.documents.service import (DOCX_TYPE, document_docx, document_pdf, find_decision_document,
                                        find_document, year_documents)
from emulation.models import ROLES

bp = Blueprint("documents", __name__)
YEAR_URL = "/blocs/<bloc>/years/<int:year>"
FORMAT = "<any(docx, pdf):fmt>"


@bp.get(YEAR_URL + "/documents")
@roles_required(*ROLES)
def index(bloc: str, year: int):
    """List the year's documents the user may read: the bloc's, then each unit's with its achievement reports."""
    found = find_year_or_404(bloc, year)
    own_unit = current_user.unit.code if current_user.role == "unit_head" else None
    documents = year_documents(found, own_unit)
    if current_user.role == "viewer":
        documents.bloc = [d for d in documents.bloc if not d.kind.personal]
        documents.units, documents.reports = {}, {}
    names = {unit.code: unit.name for unit in documents.sources.units}
    return render_template("documents/index.html", year=found, documents=documents, names=names,
                           pdf=pdf_available())


@bp.get(YEAR_URL + "/documents/<kind>." + FORMAT)
@roles_required("secretariat", "reviewer", "viewer")
def bloc_document(bloc: str, year: int, kind: str, fmt: str):
    """Download one of the bloc's documents (a viewer only those naming no one)."""
    found = find_year_or_404(bloc, year)
    document, sources = find_document(found, kind)
    if current_user.role == "viewer" and document.kind.personal:
        abort(403)
    return _send(found, sources, document, fmt)


@bp.get(YEAR_URL + "/units/<unit>/documents/<kind>." + FORMAT)
@roles_required("secretariat", "reviewer", "unit_head")
def unit_document(bloc: str, year: int, unit: str, kind: str, fmt: str):
    """Download one of a unit's documents."""
    found = find_year_or_404(bloc, year)
    find_unit_or_404(found, unit)
    document, sources = find_document(found, kind, unit)
    return _send(found, sources, document, fmt)


@bp.get(YEAR_URL + "/units/<unit>/documents/<kind>/<subject>." + FORMAT)
@roles_required("secretariat", "reviewer", "unit_head")
def report(bloc: str, year: int, unit: str, kind: str, subject: str, fmt: str):
    """Download the achievement report of one of the unit's proposed collectives or people."""
    found = find_year_or_404(bloc, year)
    find_unit_or_404(found, unit)
    document, sources = find_document(found, kind, unit, subject)
    return _send(found, sources, document, fmt)


@bp.get(YEAR_URL + "/decisions/document." + FORMAT)
@roles_required("secretariat", "reviewer")
def decision_document(bloc: str, year: int, fmt: str):
    """Download the decision document of one recorded decision (its number in ``?number=``)."""
    found = find_year_or_404(bloc, year)
    document, sources = find_decision_document(found, request.args.get("number", ""))
    return _send(found, sources, document, fmt)


def _send(found, sources, document, fmt: str):
    if fmt == "docx":
        return send_file(io.BytesIO(document_docx(sources, document)), as_attachment=True,
                         download_name=f"{document.stem}.docx", mimetype=DOCX_TYPE)
    try:
        content = document_pdf(sources, document)
    except PdfUnavailable as exc:
        flash(exc.message, "error")
        return redirect(url_for("documents.index", bloc=found.bloc.code, year=found.year))
    return send_file(io.BytesIO(content), as_attachment=True, download_name=f"{document.stem}.pdf",
                     mimetype="application/pdf")
