"""The results page of a large bloc reads its cached results in parts: later pages and searches show the same
people as the whole results, and a page view on a cache hit decodes the head of the entry and its own rows only."""
import re

import pytest
from sqlalchemy import func, select
from web.conftest import new_login_client

from emulation.extensions import db
from emulation.models import ResultCacheEntry
from emulation.storage import results_cache
from emulation.years import results as results_service
from emulation.years.results import live_results
from emulation.years.results_listing import PER_PAGE

BLOC, YEAR = "SB01", 2025
LARGE = f"/blocs/{BLOC}/years/{YEAR}/results"


@pytest.fixture
def large(web_app):
    """A signed-in client of a bloc of 120 units and 2,400 people, and the whole results as every other reader
    gets them."""
    made = web_app.test_cli_runner().invoke(args=["synth", "--units", "120", "--people", "2400", "--blocs", "1",
                                                  "--criteria-per-unit", "2", "--year", str(YEAR)])
    assert made.exit_code == 0, made.output
    client = new_login_client(web_app, "bo.thuky", "secretariat")
    assert client.get(LARGE).status_code == 200         # computes the results and keeps them
    with web_app.app_context():
        whole = live_results(BLOC, YEAR)
    return client, whole


def _rows(html: str, table_id: str) -> dict[str, str]:
    """Return code -> the HTML of its row, in the order of the table."""
    table = html[html.index(f'<table class="stack" id="{table_id}"'):]
    table = table[:table.index("</table>")]
    return dict(re.findall(r'<tr data-code="([^"]+)">(.*?)</tr>', table, re.S))


def test_later_pages_of_people_are_the_next_people_of_the_whole_results(large):
    client, whole = large
    people = [person["code"] for person in whole["individuals"]]
    assert len(people) > 3 * PER_PAGE
    assert list(_rows(client.get(LARGE + "?ipage=2").text, "individuals")) == people[PER_PAGE:2 * PER_PAGE]
    last = len(people) % PER_PAGE or PER_PAGE
    assert list(_rows(client.get(LARGE + "?ipage=999").text, "individuals")) == people[-last:]
    awarded = [person["code"] for person in whole["individuals"]
               if any(d["decision"] == "awarded" for d in person["decisions"])]
    assert 2 * PER_PAGE < len(awarded) < len(people)
    assert list(_rows(client.get(LARGE + "?decision=awarded&ipage=2").text, "individuals")) == \
        awarded[PER_PAGE:2 * PER_PAGE]


def test_a_search_finds_a_person_of_a_later_page_with_every_title_considered(large):
    client, whole = large
    person = whole["individuals"][3 * PER_PAGE + 7]
    assert person["code"] not in _rows(client.get(LARGE).text, "individuals")
    found = _rows(client.get(LARGE + f"?q={person['code']}").text, "individuals")
    assert list(found) == [person["code"]]
    considered = [d for d in person["decisions"] if d["decision"] != "not_considered"]
    assert considered
    assert re.findall(r'data-title="([^"]+)" data-decision="([^"]+)"', found[person["code"]]) == [
        (d["title"], d["decision"]) for d in considered]
    assert found[person["code"]].count("<li class=") == sum(len(d["reasons"]) for d in considered)
    by_name = _rows(client.get(LARGE + "?per_page=100&q=" + person["name"]).text, "individuals")
    assert person["code"] in by_name


def test_a_page_view_on_a_cache_hit_decodes_only_the_rows_it_shows(large, web_app, monkeypatch):
    client, whole = large

    def refuse(*args, **kwargs):
        raise AssertionError("computed although the cache holds the results")
    monkeypatch.setattr(results_service, "compute_results", refuse)
    decoded = []
    real = results_cache._decode

    def counting(text):
        decoded.append(text)
        return real(text)
    monkeypatch.setattr(results_cache, "_decode", counting)
    page = client.get(LARGE + "?ipage=3")
    assert page.status_code == 200
    assert list(_rows(page.text, "individuals")) == [p["code"] for p in whole["individuals"][2 * PER_PAGE:3 * PER_PAGE]]
    people = {person["code"] for person in whole["individuals"]}
    decoded_people = [text for text in decoded if text.startswith('{"code":"') and text[9:text.index('"', 9)] in people]
    assert len(decoded_people) == PER_PAGE
    with web_app.app_context():
        stored = db.session.execute(select(func.sum(func.length(ResultCacheEntry.results)))).scalar_one()
    assert sum(map(len, decoded)) < stored / 5, (sum(map(len, decoded)), stored)


def test_a_page_whose_entry_is_replaced_while_it_reads_shows_the_people_computed_again(sign_in, web_app, monkeypatch):
    """Another worker replaces the entry between the page's read of its head and of its rows: the page reads the
    results again rather than failing or mixing two entries."""
    from emulation.storage.results_cache import EntryGone
    from emulation.years import results_views
    from web.conftest import BASE
    client = sign_in("thuky")
    assert client.get(f"{BASE}/results").status_code == 200
    with web_app.app_context():
        whole = live_results("KTD-II", 2017)
    real, calls = results_views.live_entry, []

    def replaced_meanwhile(bloc, year, reuse=True):
        entry = real(bloc, year, reuse=reuse)
        calls.append(reuse)
        if reuse:
            with db.engine.begin() as other:
                other.execute(ResultCacheEntry.__table__.delete().where(ResultCacheEntry.scope != "year"))
            with pytest.raises(EntryGone):
                entry.rows({"results.individuals": [0]})
        return entry
    monkeypatch.setattr(results_views, "live_entry", replaced_meanwhile)
    page = client.get(f"{BASE}/results?per_page=100")
    assert page.status_code == 200 and calls == [True, False]
    assert list(_rows(page.text, "individuals")) == [person["code"] for person in whole["individuals"]]
