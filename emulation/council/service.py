"""A council's session for the year: its date and place, its members and who was present, the ballots per candidate.

A unit's council votes on its collectives' and people's registered titles; the bloc's council on the
units' titles. Like the sheets, a save is checked in full and stored in one transaction with its
audit row, or refused with a ``SheetError`` (messages keyed by field name) and nothing stored. Votes
may be entered while the year is open or locked (the council meets after the review), not once the
results are published.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from emulation.extensions import db
from emulation.models import (
    Collective,
    CouncilBallot,
    CouncilMember,
    CouncilSession,
    EmulationYear,
    Person,
    Registration,
    Title,
    Unit,
)
from emulation.sheets.service import (
    SheetConflict,
    SheetError,
    lock_unit,
    refuse_unversioned,
    transaction,
)
from emulation.storage.audit import Actor, record, year_key
from emulation.storage.database import hold_year, year_units

EDITABLE_STATES = ("open", "locked")
MAX_VOTES = 9999


@dataclass(frozen=True)
class Candidate:
    """A candidate the council may vote on for one title; ``key`` names its fields on the page."""

    kind: str                       # "person", "collective" or "unit"
    code: str
    name: str
    title: Title

    @property
    def key(self) -> str:
        return f"{self.kind[0]}-{self.code}-{self.title.code}"


@dataclass(frozen=True)
class MemberEntry:
    name: str
    role: str
    present: bool


@dataclass(frozen=True)
class BallotEntry:
    votes_for: int
    votes_against: int
    votes_blank: int


@dataclass(frozen=True)
class SessionEntry:
    """What the secretary typed: the session, its members (None: as stored) and ballots by candidate key.

    A ballot of None removes the candidate's vote; a candidate the post does not mention keeps its own.
    """

    held_on: date | None
    place: str
    members: list[MemberEntry] | None
    ballots: dict[str, BallotEntry | None]
    version: int | None = None      # the session's version the form was built from (0: none stored yet)


@dataclass
class CouncilView:
    """What the council page shows."""

    year: EmulationYear
    unit: Unit | None
    session: CouncilSession | None
    candidates: list[Candidate]
    ballots: dict[str, CouncilBallot]          # candidate key -> stored ballot

    @property
    def editable_state(self) -> bool:
        return self.year.state in EDITABLE_STATES


def find_session(year: EmulationYear, unit: Unit | None) -> CouncilSession | None:
    """Return the session of the unit's council (the bloc's when `unit` is None) for the year, if there is one."""
    owner = CouncilSession.unit_id.is_(None) if unit is None else CouncilSession.unit_id == unit.id
    ballots = selectinload(CouncilSession.ballots)
    return db.session.execute(select(CouncilSession).where(CouncilSession.year_id == year.id, owner).options(
        selectinload(CouncilSession.members), ballots.selectinload(CouncilBallot.person),
        ballots.selectinload(CouncilBallot.collective), ballots.selectinload(CouncilBallot.unit))
    ).scalar_one_or_none()


def load_council(year: EmulationYear, unit: Unit | None) -> CouncilView:
    """Return the council's session, its candidates (registered titles; units' titles for the bloc) and ballots."""
    session = find_session(year, unit)
    candidates = _unit_candidates(year, unit) if unit is not None else _bloc_candidates(year)
    ballots = {_ballot_key(b): b for b in (session.ballots if session else [])}
    known = {c.key for c in candidates}
    for key, ballot in ballots.items():
        if key not in known:            # a ballot for a title no longer registered stays visible
            candidates.append(_candidate_of(ballot))
    return CouncilView(year, unit, session, candidates, ballots)


def _unit_candidates(year: EmulationYear, unit: Unit) -> list[Candidate]:
    rows = db.session.execute(
        select(Title, Person, Collective).select_from(Registration).join(Title)
        .outerjoin(Person, Registration.person_id == Person.id)
        .outerjoin(Collective, Registration.collective_id == Collective.id)
        .where(Registration.year_id == year.id, (Person.unit_id == unit.id) | (Collective.unit_id == unit.id))).all()
    found = []
    for title, person, collective in rows:
        if collective is not None:
            found.append(Candidate("collective", collective.code, collective.name, title))
        elif title.level == "individual":
            found.append(Candidate("person", person.code, person.full_name, title))
    return sorted(found, key=lambda c: (c.kind != "collective", c.code, c.title.code))


def _bloc_candidates(year: EmulationYear) -> list[Candidate]:
    titles = db.session.execute(select(Title).where(Title.level == "unit").order_by(Title.code)).scalars().all()
    return [Candidate("unit", u.code, u.name, t) for u in year_units(year) for t in titles]


def _ballot_key(ballot: CouncilBallot) -> str:
    return _candidate_of(ballot).key


def _candidate_of(ballot: CouncilBallot) -> Candidate:
    title = db.session.get(Title, ballot.title_code)
    if ballot.person is not None:
        return Candidate("person", ballot.person.code, ballot.person.full_name, title)
    if ballot.collective is not None:
        return Candidate("collective", ballot.collective.code, ballot.collective.name, title)
    return Candidate("unit", ballot.unit.code, ballot.unit.name, title)


def save_council(year: EmulationYear, unit: Unit | None, entry: SessionEntry, errors: dict[str, str] | None = None,
                 *, actor: Actor) -> CouncilSession:
    """Store the council's session, members and ballots, all or nothing, with one audit row by `actor`.

    :param errors: problems already found while reading the form, reported with the ones found here.
    """
    with transaction():
        if hold_year(year) not in EDITABLE_STATES:
            raise SheetError(_("Năm thi đua %(year)s đã công bố kết quả; không thể sửa phiếu bầu.", year=year.year))
        if unit is not None:
            lock_unit(unit)
        view = load_council(year, unit)
        refuse_unversioned({"version": entry.version})
        stored_version = view.session.version if view.session else 0
        if entry.version != stored_version:
            raise SheetConflict(_("Chưa lưu: phiên họp vừa được người khác thay đổi; hãy tải lại trang."),
                                {"version": _("Người khác vừa lưu phiên họp này; xem lại rồi lưu lần nữa.")})
        errors = {**_check(view, entry), **(errors or {})}      # a reading error says more
        if errors:
            raise SheetError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=len(errors)), errors)
        before = _state(view.session)
        session = view.session or CouncilSession(year=year, unit=unit)
        db.session.add(session)
        session.held_on, session.place = entry.held_on, entry.place
        if entry.members is not None:
            session.members = [CouncilMember(position=i, name=m.name, role=m.role, present=m.present)
                               for i, m in enumerate(entry.members)]
        by_key = {c.key: c for c in view.candidates}
        kept = {k: b for k, b in view.ballots.items() if k not in entry.ballots}
        new = [_new_ballot(by_key[k], b) for k, b in entry.ballots.items() if b is not None and k in by_key]
        session.ballots = list(kept.values()) + new
        flag_modified(session, "place")             # members and ballots are part of the session's version
        db.session.flush()
        record(actor, "council", year_key(year.bloc.code, year.year, unit.code if unit else "bloc", "council"),
               "session", before, _state(session), bloc=year.bloc.code, year=year.year)
    return session


def _new_ballot(candidate: Candidate, entry: BallotEntry) -> CouncilBallot:
    holder = {"person": Person, "collective": Collective, "unit": Unit}[candidate.kind]
    found = db.session.execute(select(holder).where(holder.code == candidate.code)).scalar_one()
    return CouncilBallot(title_code=candidate.title.code, votes_for=entry.votes_for,
                         votes_against=entry.votes_against, votes_blank=entry.votes_blank, **{candidate.kind: found})


def _check(view: CouncilView, entry: SessionEntry) -> dict[str, str]:
    errors = {}
    first, last = date(view.year.year, 1, 1), date(view.year.year + 1, 12, 31)
    if entry.held_on is None:
        errors["held_on"] = _("Nhập ngày họp của Hội đồng.")
    elif not first <= entry.held_on <= last:
        errors["held_on"] = _("Ngày họp phải trong năm %(year)s hoặc năm sau.", year=view.year.year)
    members = entry.members if entry.members is not None else [
        MemberEntry(m.name, m.role, m.present) for m in (view.session.members if view.session else [])]
    if not members:
        errors["member-name-0"] = _("Hội đồng cần ít nhất một thành viên.")
    present = sum(m.present for m in members)
    for key, ballot in entry.ballots.items():
        if ballot is None:
            continue
        total = ballot.votes_for + ballot.votes_against + ballot.votes_blank
        if total > present:
            errors[f"for-{key}"] = _("Tổng số phiếu (%(total)s) vượt quá số thành viên có mặt (%(present)s).",
                                     total=total, present=present)
    return errors


def _state(session: CouncilSession | None) -> dict | None:
    """What the audit keeps of a session: date, place, members and the ballots by candidate key."""
    if session is None:
        return None
    return {"held_on": session.held_on.isoformat() if session.held_on else None, "place": session.place,
            "members": [[m.name, m.role, m.present] for m in session.members],
            "ballots": {_ballot_key(b): [b.votes_for, b.votes_against, b.votes_blank] for b in session.ballots}}
