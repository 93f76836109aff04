"""Which titles of the results a signed decision awards: the rest of the awarded titles are only proposed.

``attach_decisions`` marks every awarded title of a results dict with the decision that signed it
(``signed``: number, date, level, signer) or ``None`` (proposed, "đề xuất"). Pure: it copies the
results, published or computed now, and changes nothing of them but that mark; ``mark_signed`` marks
results the caller owns in place. The reward money of a
signed title (issue 14, point 5: coefficient × base salary on ``signed_on``) belongs beside ``signed``.
"""
from __future__ import annotations

from typing import Iterable

from emulation.engine.titles import AWARDED
from emulation.engine.yeardata import DecisionData

_KINDS = (("units", "unit"), ("collectives", "collective"), ("individuals", "person"))


def signed_titles(decisions: Iterable[DecisionData]) -> dict[tuple[str, str, str], dict]:
    """Return (holder kind, code, title) -> the decision that awards it, as JSON."""
    found = {}
    for decision in decisions:
        shown = {"number": decision.number, "signed_on": decision.signed_on.isoformat() if decision.signed_on else None,
                 "level": decision.level, "signer": decision.signer, "signer_title": decision.signer_title}
        for award in decision.awards:
            kind = "person" if award.person else "collective" if award.collective else "unit"
            found[(kind, award.person or award.collective or award.unit, award.title)] = shown
    return found


def attach_decisions(results: dict, decisions: Iterable[DecisionData]) -> dict:
    """Return a copy of `results` whose awarded titles carry ``signed``: their decision, or None (proposed)."""
    copied = dict(results)
    for key, _kind in _KINDS:
        if key in results:
            copied[key] = [dict(entity, decisions=[dict(d) for d in entity["decisions"]]) for entity in results[key]]
    return mark_signed(copied, decisions)


def mark_signed(results: dict, decisions: Iterable[DecisionData]) -> dict:
    """Mark each awarded title of `results` with ``signed`` in place, and return `results`.

    For results the caller owns (just decoded from the cache or a snapshot): a whole ministry's
    results are 138,000 decisions, which ``attach_decisions`` would copy for nothing.
    """
    signed = signed_titles(decisions)
    for key, kind in _KINDS:
        for entity in results.get(key, ()):
            code = entity["code"]
            for decision in entity["decisions"]:
                if decision["decision"] == AWARDED:
                    decision["signed"] = signed.get((kind, code, decision["title"]))
    return results
