"""The results page a page at a time: the ranking (with its units' titles) and the collectives' and people's
titles, each searched by name or code and filtered by decision, each list with its own page number; the reward
money by unit paged too.

Ranks, totals and decisions stay as the results service computed them: a list is only cut down and paged. The
lists come whole (a published version) or from a cache entry (``storage.results_cache.Entry``), whose
collectives, people and reward lines are decoded only for the rows shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from emulation.engine.decisions import attach_decisions
from emulation.storage.results_cache import Entry
from emulation.web.paging import Listing, Page, page_list, read_listing, words_matcher
from emulation.years.results import entity_summary

DECISION_FILTER = ("awarded", "not_awarded", "undecided")
# The query argument of each list's page number.
PAGE_ARGUMENTS = {"units": "page", "collectives": "cpage", "individuals": "ipage"}
# Fewer rows than other lists: every title shown carries its reasons, and a page stays under 150 KB.
PER_PAGE = 20


@dataclass(frozen=True)
class ResultPages:
    """What the results page shows: the listing asked for, the results of the rows shown, and each list's page."""

    listing: Listing
    results: dict
    pages: dict[str, Page]


class ResultLists:
    """The lists of a results dict, whole or kept apart in a cache entry: what the page searches every element
    by, and the elements of a page."""

    def __init__(self, results: dict, entry: Entry | None = None):
        self.results = results
        self._entry = entry

    @classmethod
    def of_entry(cls, entry: Entry) -> ResultLists:
        """Return the lists of the results of a cache entry {"results", "explained"} read by ``live_entry``."""
        return cls(entry.head["results"], entry)

    def _apart(self, key: str) -> bool:
        return self._entry is not None and self._entry.apart("results." + key)

    def summaries(self, key: str, summarize=entity_summary) -> list:
        """Return the summary of every element of list `key` (``years.results.PARTS``)."""
        if self._apart(key):
            return self._entry.summaries("results." + key)
        return [summarize(element) for element in _at(self.results, key) or ()]

    def rows(self, wanted: dict[str, list[int]]) -> dict[str, list]:
        """Return, for each list key of `wanted`, its elements at the positions given (one read of the entry)."""
        apart = {"results." + key: positions for key, positions in wanted.items() if self._apart(key)}
        found = self._entry.rows(apart) if apart else {}
        return {key: found["results." + key] if "results." + key in found else
                [_at(self.results, key)[position] for position in positions] for key, positions in wanted.items()}


def _at(results: dict, key: str):
    """Return the value at the dotted `key` of `results` (None when a step is missing)."""
    for step in key.split("."):
        results = results.get(step) if isinstance(results, dict) else None
    return results


def _chosen(summaries: list, listing: Listing) -> list[int]:
    """Return the positions of the entities that have every word searched beginning a word of their name or code
    (``web.paging.matches_words``) and a title with the decision chosen."""
    decision = listing.get("decision")
    decision = decision if decision in DECISION_FILTER else None
    matches = words_matcher(listing.q)
    if matches is None and decision is None:
        return list(range(len(summaries)))
    return [position for position, (name, code, decisions) in enumerate(summaries)
            if (decision is None or f" {decision} " in decisions) and (matches is None or matches(name, code))]


def _first_of_each_salary(lists: ResultLists) -> list[int]:
    """Return the position of the first reward line of each base salary: all the page shows of the lines (the
    salaries and their citations)."""
    firsts, seen = [], set()
    for position, salary in enumerate(lists.summaries("rewards.lines", lambda line: line.get("base_salary"))):
        # Jinja's `unique` filter, which the template used on every line, ignores case.
        key = salary.lower() if isinstance(salary, str) else salary
        if key not in seen:
            seen.add(key)
            firsts.append(position)
    return firsts


def results_pages(lists: ResultLists | dict, decisions, args) -> ResultPages:
    """Return the page of each list of the results the query `args` asks for; only the rows shown are decoded
    and get their signed `decisions` attached. `lists` is a results dict or its ``ResultLists``."""
    lists = lists if isinstance(lists, ResultLists) else ResultLists(lists)
    results = lists.results
    listing = read_listing(args, ("decision",), per_page=PER_PAGE)
    chosen = {}
    for key, param in PAGE_ARGUMENTS.items():
        asked = read_listing(args, ("decision",), param, PER_PAGE)
        chosen[key] = page_list(_chosen(lists.summaries(key), asked), asked, param)
    rewards = results.get("rewards") or {}
    wanted = {key: page.rows for key, page in chosen.items()}
    if rewards:
        wanted["rewards.lines"] = _first_of_each_salary(lists)
    rows = lists.rows(wanted)
    shown = attach_decisions({**results, **{key: rows[key] for key in chosen}}, decisions)
    pages = {key: Page(shown[key], page.total, page.number, page.per_page, page.param) for key, page in chosen.items()}
    if rewards:
        shown["rewards"] = {**rewards, "lines": rows["rewards.lines"]}
    pages["rewards"] = page_list(rewards.get("by_unit", []), read_listing(args, (), "rpage", PER_PAGE), "rpage")
    return ResultPages(listing, shown, pages)
