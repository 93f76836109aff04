"""Long lists a page at a time: bad page values fall back, counts and positions are right, links keep the query."""
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import request
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from emulation.extensions import db
from emulation.models import Person
from emulation.web.paging import MAX_PER_PAGE, PER_PAGE, Listing, matches_words, page_list, page_select, read_listing


@pytest.mark.parametrize("raw, page", [("2", 2), ("abc", 1), ("0", 1), ("-3", 1), ("", 1), ("9" * 30, 1),
                                       ("²", 1), ("7", 7)])
def test_a_page_that_is_not_a_whole_number_is_the_first(raw, page):
    assert read_listing(MultiDict({"page": raw})).page == page


def test_the_page_size_is_bounded_and_defaults_to_fifty():
    assert read_listing(MultiDict()).per_page == PER_PAGE == 50
    assert read_listing(MultiDict({"per_page": "100000"})).per_page == MAX_PER_PAGE
    assert read_listing(MultiDict({"per_page": "0"})).per_page == 1
    assert read_listing(MultiDict({"per_page": "x"})).per_page == PER_PAGE


def test_search_and_filters_are_read_and_odd_text_ignored():
    listing = read_listing(MultiDict({"q": "  nguyễn ", "unit": "TTTK", "other": "x", "title": "A\x00"}),
                           ("unit", "title"))
    assert listing.q == "nguyễn" and listing.get("unit") == "TTTK" and listing.get("title") is None
    assert listing.get("other") is None and listing.kept == {"other": "x"}
    assert len(read_listing(MultiDict({"q": "a" * 5000})).q) == 200


def test_a_computed_list_is_cut_into_pages_and_past_the_end_is_the_last():
    items = list(range(1, 341))
    second = page_list(items, Listing(page=2))
    assert second.rows == list(range(51, 101)) and (second.first, second.last, second.total) == (51, 100, 340)
    assert second.pages == 7
    last = page_list(items, Listing(page=999))
    assert last.number == 7 and last.rows == list(range(301, 341)) and (last.first, last.last) == (301, 340)
    empty = page_list([], Listing(page=5))
    assert (empty.number, empty.pages, empty.first, empty.last, empty.rows) == (1, 1, 0, 0, [])


def test_a_select_is_counted_and_paged_in_the_database(web_app):
    with web_app.app_context():
        everyone = db.session.execute(select(Person.code).order_by(Person.code)).scalars().all()
        statement = select(Person.code).order_by(Person.code)
        page = page_select(statement, Listing(page=2, per_page=25))
        assert page.total == len(everyone) == 62 and page.pages == 3
        assert [row.code for row in page.rows] == everyone[25:50]
        assert [row.code for row in page_select(statement, Listing(page=40, per_page=25)).rows] == everyone[50:]


def test_page_links_keep_the_search_filters_and_other_pages(web_app):
    with web_app.test_request_context("/people?q=nong&unit=CCTDC&page=2&cpage=3&empty="):
        page = page_list(list(range(200)), read_listing(request.args, ("unit",)))
        link = urlsplit(page.url(3))
        assert link.path == "/people"
        assert parse_qs(link.query) == {"q": ["nong"], "unit": ["CCTDC"], "page": ["3"], "cpage": ["3"]}


def test_words_match_the_beginning_of_words_whatever_the_diacritics():
    assert matches_words("ng thang", "Nguyễn Văn Thắng")
    assert matches_words("45 qd", "45/QĐ-TTTK", "Nguyễn Văn Giám")
    assert matches_words("giam", "45/QĐ-TTTK", "Nguyễn Văn Giám")
    assert not matches_words("hang", "Nguyễn Văn Thắng")
    assert matches_words("", None)
