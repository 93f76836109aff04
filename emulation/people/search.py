"""Finding people by name whatever the diacritics and case, filtered by unit, collective and title held.

Every word typed must begin a word of the person's name ("ng thang" finds "Nguyễn Văn Thắng"). Each
word is a range of the index on ``person_name_words.word`` (the folded words of every name), so the
database reads the matching entries of that index and never every name; results come a page at a time.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select

from emulation.extensions import db
from emulation.models import Award, Bloc, Collective, Person, PersonNameWord, Unit
from emulation.text import fold, name_words

__all__ = ["fold", "PAGE_SIZE", "SearchQuery", "SearchPage", "search_people", "search_statement"]

PAGE_SIZE = 50
MAX_WORDS = 8           # the words of a query that are looked up; a name has fewer


@dataclass(frozen=True)
class SearchQuery:
    """What to look for: words of a name and the filters, each empty when not used; `page` counts from 1."""

    text: str = ""
    bloc: str | None = None
    unit: str | None = None
    collective: str | None = None
    title: str | None = None
    status: str | None = None       # "active": still working, "left": departed
    page: int = 1
    per_page: int = PAGE_SIZE


@dataclass(frozen=True)
class SearchPage:
    """One page of people found: plain rows, the total found and the number of pages."""

    rows: list[dict] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    page_size: int = PAGE_SIZE


def _prefix_range(word: str):
    """Return the index range of the words that begin with `word`: word <= w < word with its last letter + 1."""
    upper = word[:-1] + chr(ord(word[-1]) + 1)
    return (PersonNameWord.word >= word) & (PersonNameWord.word < upper)


def search_statement(query: SearchQuery) -> Select:
    """Return the SELECT of the people `query` finds (ids, unordered); counted and paged by ``search_people``."""
    statement = select(Person.id)
    for word in name_words(query.text)[:MAX_WORDS]:
        statement = statement.where(Person.id.in_(select(PersonNameWord.person_id).where(_prefix_range(word))))
    if query.bloc:
        statement = statement.where(Person.unit_id.in_(select(Unit.id).join(Bloc).where(Bloc.code == query.bloc)))
    if query.unit:
        statement = statement.where(Person.unit_id.in_(select(Unit.id).where(Unit.code == query.unit)))
    if query.collective:
        statement = statement.where(Person.collective_id.in_(
            select(Collective.id).where(Collective.code == query.collective)))
    if query.status in ("active", "left"):
        left = Person.left_on.is_not(None)
        statement = statement.where(left if query.status == "left" else ~left)
    if query.title:
        statement = statement.where(Person.id.in_(
            select(Award.person_id).where(Award.title_code == query.title, Award.person_id.is_not(None))))
    return statement


def search_people(query: SearchQuery) -> SearchPage:
    """Return the page of people `query` finds, by folded name then code, with their unit and collective."""
    statement = search_statement(query)
    total = db.session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    size = query.per_page
    pages = max(1, math.ceil(total / size))
    page = min(max(query.page, 1), pages)
    # Found first, then sorted: left to itself, the planner walks the index of every name in order and
    # checks each against the words, which reads most of the people when few are found.
    found = statement.add_columns(Person.name_key, Person.code).cte("found").prefix_with("MATERIALIZED")
    ids = db.session.execute(select(found.c.id).order_by(found.c.name_key, found.c.code)
                             .limit(size).offset((page - 1) * size)).scalars().all()
    rows = db.session.execute(
        select(Person.id, Person.code, Person.full_name, Person.position, Person.left_on, Unit.code, Unit.name,
               Collective.code, Collective.name)
        .join(Unit, Unit.id == Person.unit_id).outerjoin(Collective, Collective.id == Person.collective_id)
        .where(Person.id.in_(ids))).all()
    by_id = {row[0]: row[1:] for row in rows}
    return SearchPage([{"code": code, "full_name": name, "position": position, "left_on": left_on,
                        "unit": unit, "unit_name": unit_name, "collective": collective,
                        "collective_name": collective_name}
                       for code, name, position, left_on, unit, unit_name, collective, collective_name
                       in (by_id[i] for i in ids)],
                      total, page, pages, size)
