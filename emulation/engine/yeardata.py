"""One emulation year of a bloc as plain data.

This is the single hand-off between storage and everything else: the database layer builds a
``YearData``; the engines compute results from it; ``emulation dump`` writes it as JSON and
``emulation load`` reads it back. Codes, not database ids, link the records, so a year moves
between databases unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from emulation.contract import CriterionSpec
from emulation.engine.ranking import Band, Conferral

TASK_RATINGS = ("HTXS", "HTT", "HT", "KHT")
DISCIPLINE_LEVELS = ("khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec")
SHEET_STATES = ("draft", "submitted", "returned", "reviewed", "locked")
LINE_REVIEW_STATES = ("pending", "accepted", "adjusted", "returned")
YEAR_STATES = ("open", "locked", "published")
GENDERS = ("female", "male")
EMPLOYMENTS = ("civil_servant", "public_employee", "employee")      # công chức, viên chức, người lao động
DEPARTURES = ("retired", "transferred_out", "resigned", "dismissed", "deceased")
LEAVE_KINDS = ("maternity", "sick", "study", "unpaid", "secondment")
PLACEMENT_KINDS = ("recruited", "transfer", "position", "imported")
DECISION_LEVELS = ("unit", "bloc", "ministry", "province", "government", "state")


@dataclass(frozen=True)
class UnitData:
    code: str
    name: str
    short_name: str = ""
    plugin: str = ""


@dataclass(frozen=True)
class CollectiveData:
    code: str
    name: str
    unit: str
    closed_on: date | None = None           # closed, or merged, on this date
    merged_into: str | None = None          # the collective it was merged into


@dataclass(frozen=True)
class PersonData:
    code: str
    full_name: str
    unit: str
    position: str = ""
    collective: str | None = None
    recruited_on: date | None = None
    birth_date: date | None = None
    gender: str | None = None               # female, male; None when not recorded
    employment: str | None = None           # civil_servant, public_employee, employee
    left_on: date | None = None             # the date of the departure
    departure: str | None = None            # retired, transferred_out, resigned, dismissed, deceased


@dataclass(frozen=True)
class PlacementData:
    """Where a person worked from a date (the HR record's history of units, collectives and positions)."""

    person: str
    starts_on: date
    unit: str                               # a unit code (of this bloc or, for a transfer in, of another)
    kind: str = "transfer"                  # recruited, transfer, position, imported
    collective: str | None = None
    position: str = ""
    note: str = ""


@dataclass(frozen=True)
class LeaveData:
    """A period of leave of a person, both days included."""

    person: str
    kind: str                               # maternity, sick, study, unpaid, secondment
    starts_on: date
    ends_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class PersonFacts:
    """What the year says of one person: the inputs of the individual titles."""

    person: str
    task_rating: str | None = None          # one of TASK_RATINGS
    discipline: str | None = None           # one of DISCIPLINE_LEVELS, None when not disciplined
    initiatives: int = 0                    # initiatives recognised at unit level or above
    research_accepted: bool = False         # an accepted and applied research topic
    provincial_initiative: bool = False     # an initiative effective at provincial scope
    months_not_counted: int = 0             # months of the year that do not count as work


@dataclass(frozen=True)
class CollectiveFacts:
    collective: str
    task_rating: str | None = None          # the collective's own rating, one of TASK_RATINGS
    plan_completed: bool = True


@dataclass(frozen=True)
class RegistrationData:
    title: str
    person: str | None = None
    collective: str | None = None


@dataclass(frozen=True)
class SignedCriterion:
    """A criterion as signed for the year; `unit` is None for the bloc's common criteria."""

    spec: CriterionSpec
    unit: str | None = None
    position: int = 0


@dataclass(frozen=True)
class ScoreLineData:
    unit: str
    criterion: str
    self_value: float | None = None
    reviewed_value: float | None = None
    review_state: str = "pending"           # one of LINE_REVIEW_STATES
    reason: str = ""                        # why the reviewer adjusted the line
    comment: str = ""                       # why the reviewer returned the line
    evidence: str = ""                      # the unit head's evidence note

    @property
    def value(self) -> float | None:
        """The value that counts: the reviewed one where there is one."""
        return self.reviewed_value if self.reviewed_value is not None else self.self_value


@dataclass(frozen=True)
class PanelValueData:
    """One scorer's value of a panel line (cross-scoring): a member unit's code or a scorer's username."""

    unit: str                               # the unit whose line it is
    criterion: str
    scorer: str
    value: float


@dataclass(frozen=True)
class SheetData:
    unit: str
    state: str = "draft"                    # one of SHEET_STATES


@dataclass(frozen=True)
class AwardData:
    """A title held in an earlier year: the history multi-year titles depend on."""

    year: int
    title: str
    person: str | None = None
    collective: str | None = None
    unit: str | None = None
    decision: str | None = None             # the number of the decision that awarded it (see `decisions`)


@dataclass(frozen=True)
class AuditData:
    """One recorded change of the year (see emulation.audit): who, when (UTC), what, from what, to what, why."""

    at: datetime
    actor: str                              # the username then, or 'cli'
    kind: str                               # line, sheet, year, registration, person_facts, collective_facts
    key: str                                # the thing's stable key: bloc/year/unit/criterion for a line
    action: str
    before: dict | None = None
    after: dict | None = None
    reason: str = ""


@dataclass(frozen=True)
class SnapshotData:
    """One published version of the year's results (see emulation.snapshots), exactly as announced."""

    version: int                            # 1, 2, … in the order of publishing
    rule_set: str                           # the code of the title rules the results were decided with
    inputs_hash: str                        # SHA-256 (hex) of the year's canonical inputs then
    created_at: datetime                    # UTC
    created_by: str                         # the username then, or 'cli'
    results: dict                           # the results document: units, collectives, individuals, stats…


@dataclass(frozen=True)
class CouncilMemberData:
    """A member of a council session: name, role in the council (chủ tịch, thư ký, ủy viên...), present or not."""

    name: str
    role: str = ""
    present: bool = True


@dataclass(frozen=True)
class BallotData:
    """The ballot counts of one candidate (exactly one of person, collective, unit) for one title."""

    title: str
    person: str | None = None
    collective: str | None = None
    unit: str | None = None
    votes_for: int = 0
    votes_against: int = 0
    votes_blank: int = 0

    @property
    def candidate(self) -> str:
        """The candidate's code, whichever kind it is."""
        return self.person or self.collective or self.unit or ""


@dataclass(frozen=True)
class CouncilSessionData:
    """A session of the emulation council of a unit (`unit`) or of the bloc (`unit` None) that voted on titles."""

    held_on: date
    unit: str | None = None
    place: str = ""
    members: tuple[CouncilMemberData, ...] = ()
    ballots: tuple[BallotData, ...] = ()

    @property
    def present(self) -> int:
        """How many members were present."""
        return sum(m.present for m in self.members)


@dataclass(frozen=True)
class AwardedData:
    """One title a signed decision awards (exactly one of person, collective, unit)."""

    title: str
    person: str | None = None
    collective: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class DecisionData:
    """A signed decision (quyết định khen thưởng) of the year and the titles it awards."""

    number: str
    level: str                              # one of DECISION_LEVELS
    signed_on: date | None = None
    unit: str | None = None                 # the unit that decided; None: the bloc's
    signer: str = ""
    signer_title: str = ""
    awards: tuple[AwardedData, ...] = ()   # the titles of the file's year it awards
    year: int | None = None                 # the emulation year it decides on; None: the file's year
    note: str = ""


@dataclass
class YearData:
    bloc: str
    bloc_name: str
    year: int
    state: str = "open"                     # one of YEAR_STATES
    review_on: date | None = None           # the date of the year-end review
    agreement_name: str = ""
    total_max: float = 0.0
    unit_group: str = ""
    units: list[UnitData] = field(default_factory=list)
    collectives: list[CollectiveData] = field(default_factory=list)
    people: list[PersonData] = field(default_factory=list)
    person_facts: list[PersonFacts] = field(default_factory=list)
    collective_facts: list[CollectiveFacts] = field(default_factory=list)
    registrations: list[RegistrationData] = field(default_factory=list)
    criteria: list[SignedCriterion] = field(default_factory=list)
    lines: list[ScoreLineData] = field(default_factory=list)
    sheets: list[SheetData] = field(default_factory=list)
    history: list[AwardData] = field(default_factory=list)
    placements: list[PlacementData] = field(default_factory=list)
    leave: list[LeaveData] = field(default_factory=list)
    # Not in the file: false for data read from a version 1 file, which has no HR record (identity, departures,
    # closings, placements, leave, decisions); writing such data keeps the record the database holds.
    record: bool = True
    audit: list[AuditData] = field(default_factory=list)   # oldest first; only `emulation dump` reads it
    snapshots: list[SnapshotData] = field(default_factory=list)    # oldest first; only `emulation dump` reads it
    council: list[CouncilSessionData] = field(default_factory=list)  # sessions of the units' and the bloc's councils
    # the year's signed decisions, and the earlier ones that awarded titles of `history` (their `year` set)
    decisions: list[DecisionData] = field(default_factory=list)
    # several scorers' values of the panel lines (criteria with ``panel``); a line's own value stays in `lines`
    panel_values: list[PanelValueData] = field(default_factory=list)
    # the agreement's grading bands (on the base maximum, with floors) and conferral; empty: ranking.toml and the rules
    grading: tuple[Band, ...] = ()
    conferral: Conferral | None = None

    def criteria_for(self, unit: str) -> list[CriterionSpec]:
        """Return the criteria that score `unit`: the common ones, then the unit's own, in signed order."""
        signed = [c for c in self.criteria if c.unit is None or c.unit == unit]
        return [c.spec for c in sorted(signed, key=lambda c: (c.position, c.spec.code))]

    def by_unit(self) -> dict[str, "YearData"]:
        """Return unit code -> the part of the year that belongs to it: its people, collectives and registrations.

        Every unit of ``units`` has a part, in order; facts, lines and history are not split.
        """
        parts: dict[str, tuple[list, list, list]] = {u.code: ([], [], []) for u in self.units}
        owners: tuple[dict[str, str], dict[str, str]] = ({}, {})      # person, collective code -> unit
        for index, records in ((0, self.people), (1, self.collectives)):
            for record in records:
                if record.unit in parts:
                    parts[record.unit][index].append(record)
                    owners[index][record.code] = record.unit
        for registration in self.registrations:
            unit = owners[0].get(registration.person) or owners[1].get(registration.collective)
            if unit is not None:
                parts[unit][2].append(registration)
        return {code: replace(self, people=people, collectives=collectives, registrations=registrations)
                for code, (people, collectives, registrations) in parts.items()}
