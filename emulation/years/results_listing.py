"""The results page a page at a time: the ranking (with its units' titles) and the collectives' and people's
titles, each searched by name or code and filtered by decision, each list with its own page number; the reward
money by unit paged too.

Ranks, totals and decisions stay as the results service computed them: a list is only cut down and paged.
"""
from __future__ import annotations

from dataclasses import dataclass

from emulation.engine.decisions import attach_decisions
from emulation.web.paging import Listing, Page, matches_words, page_list, read_listing

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


def _shown(entity: dict, listing: Listing) -> bool:
    """Whether `entity` has the words searched in its name or code and a title with the decision chosen."""
    decision = listing.get("decision")
    return (matches_words(listing.q, entity.get("name"), entity.get("code"))
            and (decision not in DECISION_FILTER or any(d["decision"] == decision for d in entity["decisions"])))


def results_pages(results: dict, decisions, args) -> ResultPages:
    """Return the page of each list of `results` the query `args` asks for; only the rows shown get their signed
    `decisions` attached."""
    listing = read_listing(args, ("decision",), per_page=PER_PAGE)
    pages = {}
    for key, param in PAGE_ARGUMENTS.items():
        asked = read_listing(args, ("decision",), param, PER_PAGE)
        pages[key] = page_list([e for e in results.get(key, []) if _shown(e, asked)], asked, param)
    shown = attach_decisions({**results, **{key: page.rows for key, page in pages.items()}}, decisions)
    pages = {key: Page(shown[key], page.total, page.number, page.per_page, page.param) for key, page in pages.items()}
    rewards = (results.get("rewards") or {}).get("by_unit", [])
    pages["rewards"] = page_list(rewards, read_listing(args, (), "rpage", PER_PAGE), "rpage")
    return ResultPages(listing, shown, pages)
