"""Long lists a page at a time: the search words, filters and page read from the query string, a page of a
SELECT (LIMIT/OFFSET and a count) or of a computed list, and the links that keep the other arguments.

Bad values never fail a page: a page that is not a number is the first, one past the end is the last, and
the page size stays between 1 and MAX_PER_PAGE. `templates/_paging.html` draws the form and the pager.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flask import request, url_for
from sqlalchemy import Select, func, select

from emulation.extensions import db
from emulation.text import name_words

PER_PAGE, MAX_PER_PAGE = 50, 100
MAX_VALUE = 200             # characters kept of a search or filter value
MAX_WORDS = 8


@dataclass(frozen=True)
class Listing:
    """What a list is asked for: the search words, the filters chosen (name -> value), the page and its size."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    per_page: int = PER_PAGE
    kept: dict[str, str] = field(default_factory=dict)     # the other query arguments, carried by the form

    def get(self, name: str) -> str | None:
        """Return the value chosen for filter `name`, or None when it is not used."""
        return self.filters.get(name) or None


@dataclass(frozen=True)
class Filter:
    """A select of the listing form: its query-string name, its label and its (value, label) options."""

    name: str
    label: str
    options: Sequence[tuple[str, str]]
    everything: str = ""        # the label of the empty option; "" shows "Tất cả"
    data: bool = False          # the labels are names from Vietnamese data (marked lang="vi" on other pages)


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, the total, its number (from 1) and size, and the query argument it uses."""

    rows: list
    total: int
    number: int
    per_page: int
    param: str = "page"

    @property
    def pages(self) -> int:
        """The number of pages (1 for an empty list)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        """The position of the first row shown (0 when there is none)."""
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """The position of the last row shown."""
        return (self.number - 1) * self.per_page + len(self.rows)

    def url(self, number: int) -> str:
        """Return the current page's URL with this list at page `number`, every other argument kept."""
        return listing_url(**{self.param: number})


def _clean(value: str) -> str | None:
    """Return `value` cut to MAX_VALUE characters, or None when it holds control characters."""
    return value[:MAX_VALUE].strip() if value.isprintable() else None


def read_number(args, name: str, default: int, upper: int) -> int:
    """Return the whole number `name` of `args` between 1 and `upper`; `default` when absent or not a number."""
    raw = args.get(name, "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        return default
    return min(max(int(raw), 1), upper)


def read_listing(args, filters: Iterable[str] = (), param: str = "page", per_page: int = PER_PAGE) -> Listing:
    """Return the listing the query string `args` asks for: `q`, the named `filters`, `param` and `per_page`
    (`per_page` when absent)."""
    chosen = {}
    for name in filters:
        value = _clean(args.get(name, ""))
        if value:
            chosen[name] = value
    return Listing(_clean(args.get("q", "")) or "", chosen, read_number(args, param, 1, 10**6),
                   read_number(args, "per_page", per_page, MAX_PER_PAGE), kept_arguments(args, "q", *filters))


def _number(listing: Listing, total: int) -> int:
    """The page `listing` asks for, clamped to the pages `total` rows make."""
    return min(listing.page, max(1, math.ceil(total / listing.per_page)))


def page_select(statement: Select, listing: Listing, param: str = "page") -> Page:
    """Return the page of `statement` (ordered by the caller) that `listing` asks for, with the total it counts."""
    total = db.session.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
    number = _number(listing, total)
    rows = db.session.execute(statement.limit(listing.per_page).offset((number - 1) * listing.per_page)).all()
    return Page(list(rows), total, number, listing.per_page, param)


def page_list(items: Sequence, listing: Listing, param: str = "page") -> Page:
    """Return the page of the computed list `items` that `listing` asks for."""
    number = _number(listing, len(items))
    start = (number - 1) * listing.per_page
    return Page(list(items[start:start + listing.per_page]), len(items), number, listing.per_page, param)


def matches_words(q: str, *texts: str | None) -> bool:
    """Return whether every word of `q` begins a word of one of `texts`, diacritics and case ignored.

    The rule of the people search (emulation.people.search), for lists computed in Python.
    """
    matches = words_matcher(q)
    return matches is None or matches(*texts)


def words_matcher(q: str):
    """Return the test of ``matches_words`` for the search `q`, its words read once (for a long list), or None
    when `q` has no word (everything matches)."""
    wanted = name_words(q)[:MAX_WORDS]
    if not wanted:
        return None

    def matches(*texts: str | None) -> bool:
        words = [word for text in texts if text for word in name_words(text)]
        return all(any(word.startswith(w) for word in words) for w in wanted)
    return matches


def listing_url(**changes) -> str:
    """Return the current page's URL with its query arguments, `changes` applied (a None or "" drops one)."""
    args = {name: value for name, value in request.args.items() if value}
    args.update(changes)
    args = {name: value for name, value in args.items() if value not in (None, "")}
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def kept_arguments(args, *names: str) -> dict[str, str]:
    """Return the query arguments `args` other than `names` and the page numbers (hidden fields of a listing form: a new
    search starts every list at its first page)."""
    return {name: value for name, value in args.items()
            if value and name not in names and (name == "per_page" or not name.endswith("page"))}


__all__ = ["Filter", "Listing", "Page", "kept_arguments", "listing_url", "matches_words", "words_matcher", "page_list",
           "page_select", "read_listing", "read_number"]
