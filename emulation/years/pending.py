"""What is waiting for each user: the work of their role in the years they may reach, with counts, links and deadlines.

Unit heads: their sheet to fill or to fix, registrations still open. Reviewers: sheets to review.
The secretariat: sheets to review, years ready to lock (or what keeps them from it), years to publish.
Viewers: the published years. Each item names its year, a count, a link and the nearest deadline.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select

from emulation.engine.deadlines import days_left
from emulation.engine.yeardata import DeadlinesData
from emulation.extensions import db
from emulation.models import Bloc, Collective, EmulationYear, Person, Registration, ScoreLine, ScoreSheet, User
from emulation.storage.database import read_deadlines
from emulation.years.lifecycle import lock_blockers


@dataclass(frozen=True)
class WorkItem:
    """One kind of pending work in one year: fill, fix, register, review, lock, blocked, publish or published."""

    kind: str
    year: EmulationYear
    count: int
    url: str
    deadline: date | None = None
    days: int | None = None                 # days left to the deadline: 0 on the day, negative once it passed
    units: tuple[tuple[str, str], ...] = ()     # for "blocked": (unit code, sheet state) keeping the year open

    @property
    def overdue(self) -> bool:
        """Whether the deadline has passed."""
        return self.days is not None and self.days < 0

    @property
    def when(self) -> str:
        """The days left to the deadline, in words ("còn 3 ngày", "quá hạn 2 ngày"); empty without a deadline."""
        if self.days is None:
            return ""
        if self.days < 0:
            return ngettext("quá hạn %(num)s ngày", "quá hạn %(num)s ngày", -self.days)
        if self.days == 0:
            return _("hết hạn hôm nay")
        return ngettext("còn %(num)s ngày", "còn %(num)s ngày", self.days)


def reachable_years(user: User) -> list[EmulationYear]:
    """Return the years `user` may open, newest first by bloc: a viewer's published ones, a confined login's bloc's."""
    query = select(EmulationYear).join(Bloc).order_by(Bloc.code, EmulationYear.year.desc())
    if user.role == "viewer":
        query = query.where(EmulationYear.state == "published")
    if user.bloc_code is not None:
        query = query.where(Bloc.code == user.bloc_code)
    return list(db.session.execute(query).scalars())


def pending_work(user: User, today: date, years: list[EmulationYear]) -> list[WorkItem]:
    """Return the work waiting for `user` on `today` in `years` (``reachable_years(user)``), year by year."""
    deadlines = read_deadlines([y.id for y in years])
    items: list[WorkItem] = []
    for year in years:
        due = deadlines.get(year.id, DeadlinesData())
        if user.role == "unit_head":
            items += _unit_head_work(user, year, due, today)
        elif user.role in ("reviewer", "secretariat"):
            items += _bloc_work(user.role, year, due, today)
        elif year.state == "published":
            items.append(WorkItem("published", year, 1, url_for("results.show", bloc=year.bloc.code, year=year.year)))
    return items


def _item(kind: str, year: EmulationYear, count: int, url: str, deadline: date | None, today: date) -> WorkItem:
    return WorkItem(kind, year, count, url, deadline, days_left(deadline, today) if deadline else None)


def _unit_head_work(user: User, year: EmulationYear, due: DeadlinesData, today: date) -> list[WorkItem]:
    """The unit head's sheet to fill or fix, and registrations while they are open, in an open year."""
    if year.state != "open":
        return []
    unit, bloc = user.unit, year.bloc.code
    sheet_url = url_for("sheets.edit", bloc=bloc, year=year.year, unit=unit.code)
    sheet = db.session.execute(select(ScoreSheet).where(ScoreSheet.year_id == year.id,
                                                        ScoreSheet.unit_id == unit.id)).scalar_one_or_none()
    state = sheet.state if sheet else "draft"
    items = []
    if state == "draft":
        items.append(_item("fill", year, 1, sheet_url, due.submission, today))
    elif state == "returned":
        returned = db.session.execute(select(func.count()).where(ScoreLine.sheet_id == sheet.id,
                                                                 ScoreLine.review_state == "returned")).scalar_one()
        items.append(_item("fix", year, returned, sheet_url, due.submission, today))
    if due.registration is None or due.registration >= today:
        items.append(_item("register", year, _unregistered(year, unit.id),
                           url_for("registrations.edit", bloc=bloc, year=year.year, unit=unit.code),
                           due.registration, today))
    return items


def _unregistered(year: EmulationYear, unit_id: int) -> int:
    """How many of the unit's people and collectives, still there at the start of the year, registered no title."""
    start = date(year.year, 1, 1)
    registered = select(Registration.id).where(Registration.year_id == year.id)
    people = select(func.count()).select_from(Person).where(
        Person.unit_id == unit_id, or_(Person.left_on.is_(None), Person.left_on >= start),
        ~registered.where(Registration.person_id == Person.id).exists())
    collectives = select(func.count()).select_from(Collective).where(
        Collective.unit_id == unit_id, or_(Collective.closed_on.is_(None), Collective.closed_on >= start),
        ~registered.where(Registration.collective_id == Collective.id).exists())
    return db.session.execute(people).scalar_one() + db.session.execute(collectives).scalar_one()


def _bloc_work(role: str, year: EmulationYear, due: DeadlinesData, today: date) -> list[WorkItem]:
    """Sheets to review (reviewer and secretariat); for the secretariat, the year to lock or to publish."""
    bloc = year.bloc.code
    overview = url_for("blocs.overview", bloc=bloc, year=year.year)
    if year.state == "locked":
        return [_item("publish", year, 1, url_for("results.show", bloc=bloc, year=year.year), due.publication,
                      today)] if role == "secretariat" else []
    if year.state != "open":
        return []
    blockers = lock_blockers(year)
    items = []
    submitted = sum(1 for _unit, state in blockers if state == "submitted")
    if submitted:
        items.append(_item("review", year, submitted, overview, due.review, today))
    if role == "secretariat":
        if blockers:
            items.append(WorkItem("blocked", year, len(blockers), overview,
                                  units=tuple((unit.code, state) for unit, state in blockers)))
        else:
            items.append(_item("lock", year, 1, overview, due.review, today))
    return items

