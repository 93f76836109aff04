"""The documents the app writes: what each is, which template fills it, what it covers and who may read it.

A document covers the bloc, a unit, or one collective or person of a unit (an achievement report).
``personal`` documents name people and their ratings: only the secretariat, the reviewers and the unit's
own head read them (viewers never do). ``council`` documents (the council's minutes and ballot count) exist
only for a council (the bloc's or a unit's) whose session is recorded.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

BLOC, UNIT, COLLECTIVE, INDIVIDUAL = "bloc", "unit", "collective", "individual"


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: its code (in URLs and file names), its name, its template and where it applies."""

    code: str
    name: object                 # str, or a lazy string of the app's catalogue
    template: str                # file name in the templates folder, or a plugin's absolute path
    scopes: tuple[str, ...]
    personal: bool = True
    plugin: str = ""             # the plugin that added it; "" for the core's
    council: bool = False        # written from the council's session: only where one is recorded


KINDS = (
    DocumentKind("registrations", _l("Danh sách đăng ký thi đua"), "registrations.docx", (BLOC, UNIT)),
    DocumentKind("submission", _l("Tờ trình đề nghị khen thưởng"), "submission.docx", (BLOC, UNIT)),
    DocumentKind("decision", _l("Quyết định khen thưởng và danh sách kèm theo"), "decision.docx", (BLOC, UNIT)),
    DocumentKind("council-minutes", _l("Biên bản họp Hội đồng Thi đua - Khen thưởng"), "council_minutes.docx",
                 (BLOC, UNIT), council=True),
    DocumentKind("ballot-count", _l("Biên bản kiểm phiếu"), "ballot_count.docx", (BLOC, UNIT), council=True),
    DocumentKind("summary", _l("Báo cáo tổng kết thi đua của khối"), "summary.docx", (BLOC,), personal=False),
    DocumentKind("achievement-collective", _l("Báo cáo thành tích của tập thể"), "achievement_collective.docx",
                 (COLLECTIVE,)),
    DocumentKind("achievement-individual", _l("Báo cáo thành tích của cá nhân"), "achievement_individual.docx",
                 (INDIVIDUAL,)),
)
CORE_CODES = tuple(kind.code for kind in KINDS)


def core_kind(code: str) -> DocumentKind:
    """Return the core's kind of document with `code`."""
    return next(kind for kind in KINDS if kind.code == code)


@dataclass(frozen=True)
class Document:
    """One document to write: its kind, and the unit and collective or person it covers (None for the bloc's)."""

    kind: DocumentKind
    bloc: str
    year: int
    unit: str | None = None
    subject: str | None = None       # a collective's or a person's code (achievement reports)
    subject_name: str = ""
    decision: str | None = None      # a recorded decision's number (the decision document of that decision)

    @property
    def scope(self) -> str:
        """Return what the document covers: bloc, unit, collective or individual."""
        if self.subject is not None:
            return COLLECTIVE if COLLECTIVE in self.kind.scopes else INDIVIDUAL
        return UNIT if self.unit is not None else BLOC

    @property
    def stem(self) -> str:
        """Return the file name without its extension: kind, bloc, year, then the unit or subject."""
        parts = [self.kind.code, self.bloc, str(self.year)]
        if self.subject is not None:
            parts.append(self.subject)
        elif self.unit is not None:
            parts.append(self.unit)
        if self.decision is not None:
            parts.append("".join(c if c.isalnum() else "_" for c in self.decision))
        return "-".join(parts)
