"""The emulation council's vote: a candidate's ballots against the quorum and the approval share.

``CouncilRules`` is the rule data of ``criteria/council.toml`` (per rule set and title: quorum,
share, strict or not, denominator, citation); ``evaluate_ballot`` checks one candidate's ballots and
says why as a message key and its plain parameters (votes, base, shares, the session), which
``emulation.i18n_reasons`` words in the reader's language.
Pure: plain data in, plain data out.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from emulation.engine.numbers import vn_percent
from emulation.engine.rules import RulesError
from emulation.engine.yeardata import BallotData, CouncilSessionData

DENOMINATORS = ("members", "present")
_KEYS = ("quorum", "share", "strict", "denominator", "setting", "citation")


@dataclass(frozen=True)
class VoteRule:
    """What a council vote on one title must reach."""

    quorum: Fraction                # share of members present for the session to vote
    share: Fraction                 # approval share
    strict: bool                    # True: more than `share`; False: at least `share`
    denominator: str                # "members" or "present"
    citation: str
    setting: bool = True            # the organisation's own figure, not fixed by a legal text

    def to_dict(self) -> dict:
        """Return the JSON form (shares as percentages of the results' style)."""
        return {"quorum": vn_percent(self.quorum), "share": vn_percent(self.share), "strict": self.strict,
                "denominator": self.denominator, "setting": self.setting, "citation": self.citation}


@dataclass(frozen=True)
class CouncilRules:
    """The vote rules of every rule set, and the law's priority for equal candidates."""

    rules: Mapping[str, Mapping[str, VoteRule]]      # rule set code -> title code or "default" -> rule
    women_collective_share: Fraction = Fraction(7, 10)
    priority_citation: str = ""

    def rule_for(self, rule_set: str, title: str) -> VoteRule | None:
        """Return the vote rule of `title` under `rule_set` (its own, else the rule set's default), or None."""
        of_set = self.rules.get(rule_set, {})
        return of_set.get(title) or of_set.get("default")


@dataclass(frozen=True)
class VoteOutcome:
    """A candidate's ballots checked: whether they pass, and why (a message key and its parameters).

    ``base`` and ``share`` are the count the share is taken of and the share of votes for (None when the
    session lacked its quorum and no share was taken).
    """

    met: bool
    message: str
    params: dict
    base: int = 0
    share: Fraction | None = None


def load_council_rules(path: Path) -> CouncilRules:
    """Read ``council.toml``; raise RulesError naming the file and the field of the first mistake."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path.name}: {exc}") from exc
    return council_rules_from_dict(document, path.name)


def council_rules_from_dict(document: Mapping[str, Any], source: str = "council.toml") -> CouncilRules:
    """Build the council rules from the TOML document's tables."""
    rules: dict[str, dict[str, VoteRule]] = {}
    for set_code, table in (document.get("rule_sets") or {}).items():
        rules[set_code] = {}
        if "default" in table:
            rules[set_code]["default"] = _vote_rule(table["default"], f"{source}: rule_sets.{set_code}.default")
        for title, rule in (table.get("titles") or {}).items():
            rules[set_code][title] = _vote_rule(rule, f"{source}: rule_sets.{set_code}.titles.{title}")
    priority = document.get("priority") or {}
    women = _fraction(priority.get("women_collective_share", "7/10"), f"{source}: priority.women_collective_share")
    return CouncilRules(rules, women, str(priority.get("citation", "")))


def _vote_rule(table: Mapping[str, Any], where: str) -> VoteRule:
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise RulesError(f"{where}, trường '{unknown[0]}': không được hỗ trợ (unknown field)")
    for key in ("quorum", "share", "denominator", "citation"):
        if key not in table:
            raise RulesError(f"{where}, trường '{key}': bắt buộc (required)")
    if table["denominator"] not in DENOMINATORS:
        raise RulesError(f"{where}, trường 'denominator': phải là 'members' hoặc 'present'")
    return VoteRule(_fraction(table["quorum"], f"{where}, trường 'quorum'"),
                    _fraction(table["share"], f"{where}, trường 'share'"), bool(table.get("strict", False)),
                    table["denominator"], str(table["citation"]), bool(table.get("setting", True)))


def _fraction(value: Any, where: str) -> Fraction:
    try:
        found = Fraction(str(value)) if not isinstance(value, bool) else None
    except (ValueError, ZeroDivisionError):
        found = None
    if found is None or not 0 <= found <= 1:
        raise RulesError(f"{where}: phải là một tỷ lệ từ 0 đến 1, như \"2/3\" hoặc 0.5 (a share from 0 to 1)")
    return found


def evaluate_ballot(rule: VoteRule, session: CouncilSessionData, ballot: BallotData) -> VoteOutcome:
    """Check one candidate's ballots against the session's quorum and the approval share of `rule`."""
    members, present = len(session.members), session.present
    if members == 0:
        return VoteOutcome(False, "council.no_members", {})
    attendance = Fraction(present, members)
    held = {"held_on": session.held_on.isoformat(), "present": present, "members": members}
    if attendance < rule.quorum:
        return VoteOutcome(False, "council.no_quorum", {**held, "attendance": float(attendance),
                                                        "quorum": float(rule.quorum)})
    base = members if rule.denominator == "members" else present
    share = Fraction(ballot.votes_for, base)
    met = share > rule.share if rule.strict else share >= rule.share
    return VoteOutcome(met, "council.vote", {**held, "votes_for": ballot.votes_for, "base": base, "share": float(share),
                                             "wanted": float(rule.share), "strict": rule.strict,
                                             "denominator": rule.denominator, "met": met}, base, share)


def ballots_by_candidate(sessions: list[CouncilSessionData]) -> dict[tuple[str, str], tuple[CouncilSessionData,
                                                                                                   BallotData]]:
    """Return (candidate code, title) -> (session, ballot); a later session's vote replaces an earlier one."""
    found: dict[tuple[str, str], tuple[CouncilSessionData, BallotData]] = {}
    for session in sorted(sessions, key=lambda s: s.held_on):
        for ballot in session.ballots:
            found[(ballot.candidate, ballot.title)] = (session, ballot)
    return found
