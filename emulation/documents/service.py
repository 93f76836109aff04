"""A year's documents: which exist for the bloc, a unit and those proposed, and each one's .docx and PDF.

The page, the CLI and a plugin's documents all go through here; nothing needs a request.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from emulation.documents.catalogue import BLOC, CORE_CODES, KINDS, UNIT, Document, DocumentKind, core_kind
from emulation.documents.context import document_context, proposed
from emulation.documents.pdf import convert_to_pdf, converter_identity
from emulation.documents.pdf_cache import cached_pdf
from emulation.documents.render import find_template, render_docx
from emulation.documents.sources import YearSources, load_sources
from emulation.errors import EmulationError
from emulation.models import EmulationYear
from emulation.plugin_host.host import PluginError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class UnknownDocument(EmulationError):
    """No such document for this year (a kind, unit or person it does not have)."""

    status = 404


@dataclass
class YearDocuments:
    """The documents of a bloc year: the bloc's, and per unit its own and the reports of those proposed."""

    sources: YearSources
    bloc: list[Document]
    units: dict[str, list[Document]]
    reports: dict[str, list[Document]]


def plugin_kinds(bloc: str, year: int) -> list[tuple[DocumentKind, tuple[str, ...]]]:
    """Return the documents the plugins add, as kinds with the units each covers; refuse one that is wrong."""
    kinds, seen = [], set(CORE_CODES)
    for plugin, spec in current_app.extensions["emulation.plugins"].documents(bloc, year):
        if spec.code in seen or not spec.code.replace("-", "").isalnum():
            raise PluginError(f"Plugin '{plugin}': register_documents: mã văn bản '{spec.code}' trùng hoặc không "
                              f"hợp lệ (duplicate or invalid document code)")
        if spec.scope not in (BLOC, UNIT):
            raise PluginError(f"Plugin '{plugin}': register_documents: phạm vi '{spec.scope}' phải là bloc hoặc "
                              f"unit (scope must be bloc or unit)")
        if not Path(spec.template).is_absolute() or not Path(spec.template).is_file():
            raise PluginError(f"Plugin '{plugin}': register_documents: không có tệp mẫu '{spec.template}' "
                              f"(template must be an existing absolute path)")
        seen.add(spec.code)
        kinds.append((DocumentKind(spec.code, spec.name, spec.template, (spec.scope,), plugin=plugin),
                      tuple(spec.units)))
    return kinds


def year_documents(found: EmulationYear, unit: str | None = None) -> YearDocuments:
    """Return every document of the year, or only those of `unit` (its own and its reports) when given."""
    sources = load_sources(found)
    bloc, year = found.bloc.code, found.year
    extra = plugin_kinds(bloc, year)
    kinds = [(kind, ()) for kind in KINDS] + extra
    codes = [u.code for u in sources.units if unit is None or u.code == unit]     # a unit of another year: none
    documents = YearDocuments(sources, [], {}, {})
    if unit is None:
        documents.bloc = [Document(kind, bloc, year) for kind, _units in kinds if BLOC in kind.scopes
                          and (not kind.council or sources.council_session(None))]
    for code in codes:
        documents.units[code] = [Document(kind, bloc, year, unit=code) for kind, units in kinds
                                 if UNIT in kind.scopes and (not units or code in units)
                                 and (not kind.council or sources.council_session(code))]
        documents.reports[code] = (
            [Document(core_kind("achievement-collective"), bloc, year, code, e["code"], e["name"]) for e in proposed(sources, "collectives", code)]
            + [Document(core_kind("achievement-individual"), bloc, year, code, e["code"], e["name"])
               for e in proposed(sources, "individuals", code)])
    return documents


def find_document(found: EmulationYear, kind: str, unit: str | None = None, subject: str | None = None
                  ) -> tuple[Document, YearSources]:
    """Return the document of `kind` for the bloc, a unit, or one of the unit's proposed; UnknownDocument if none."""
    documents = year_documents(found, unit)
    if unit is None:
        candidates = documents.bloc
    elif subject is None:
        candidates = documents.units.get(unit, [])
    else:
        candidates = documents.reports.get(unit, [])
    for document in candidates:
        if document.kind.code == kind and document.subject == subject:
            return document, documents.sources
    raise UnknownDocument(_("Không có văn bản này cho năm thi đua đã chọn."))


def find_decision_document(found: EmulationYear, number: str) -> tuple[Document, YearSources]:
    """Return the decision document of the recorded decision `number` (of the bloc or one of its units)."""
    sources = load_sources(found)
    for unit in [None, *sources.units]:
        decision = sources.decision(unit, number)
        if decision is not None:
            return (Document(core_kind("decision"), found.bloc.code, found.year,
                             unit=unit.code if unit else None, decision=number), sources)
    raise UnknownDocument(_("Không có văn bản này cho năm thi đua đã chọn."))


def document_docx(sources: YearSources, document: Document) -> bytes:
    """Return the .docx of `document`, filled from the year's sources."""
    return render_docx(find_template(document.kind.template), document_context(sources, document))


def write_documents(sources: YearSources, documents: list[Document], target: Path, pdf: bool = False) -> list[Path]:
    """Write each document as .docx into `target` (and, with `pdf`, its PDF, all in one LibreOffice run)."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for document in documents:
        path = target / f"{document.stem}.docx"
        path.write_bytes(document_docx(sources, document))
        written.append(path)
    if pdf and written:
        written += convert_to_pdf(written, target)
    return written


def document_pdf(sources: YearSources, document: Document) -> bytes:
    """Return the PDF of `document` (PdfUnavailable when LibreOffice is missing or fails), from the PDF cache
    when the same document was converted before."""
    def convert(docx: bytes) -> bytes:
        with tempfile.TemporaryDirectory(prefix="emulation-documents-") as folder:
            source = Path(folder) / f"{document.stem}.docx"
            source.write_bytes(docx)
            return convert_to_pdf([source], Path(folder))[0].read_bytes()

    config = current_app.config
    return cached_pdf(document_docx(sources, document), config["EMULATION_PDF_CACHE_DIR"], convert,
                      config["EMULATION_PDF_CACHE_BYTES"], maker=converter_identity())


def every_document(documents: YearDocuments) -> list[Document]:
    """Return the bloc's documents, then each unit's and its reports, in order."""
    found = list(documents.bloc)
    for code in documents.units:
        found += documents.units[code] + documents.reports.get(code, [])
    return found

