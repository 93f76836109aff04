"""The results page a page at a time: a large bloc's page stays small, page 2 shows the next units, search and
the decision filter narrow the lists, ranks stay those of the whole bloc."""
import re

from web.conftest import new_login_client

from emulation.years.results_listing import PER_PAGE

from .conftest import BASE

LARGE = "/blocs/SB01/years/2025/results"


def _ranked(html: str) -> list[tuple[str, str]]:
    table = html[html.index('<table id="ranking"'):]
    return re.findall(r'<tr data-unit="([^"]+)"><td class="num" data-label="[^"]+">(\d+)</td>',
                      table[:table.index("</table>")])


def _codes(html: str, table_id: str) -> list[str]:
    table = html[html.index(f'<table class="stack" id="{table_id}"'):]
    return re.findall(r'<tr data-code="([^"]+)">', table[:table.index("</table>")])


def test_a_large_blocs_results_come_a_page_at_a_time_under_150_kb(web_app):
    made = web_app.test_cli_runner().invoke(args=["synth", "--units", "120", "--people", "2400", "--blocs", "1",
                                                  "--criteria-per-unit", "2", "--year", "2025"])
    assert made.exit_code == 0, made.output
    client = new_login_client(web_app, "bo.thuky", "secretariat")
    first = client.get(LARGE)
    assert first.status_code == 200 and len(first.data) < 150_000, len(first.data)
    ranked = _ranked(first.text)
    assert len(ranked) == PER_PAGE == 20 and [int(rank) for _code, rank in ranked] == sorted(int(r) for _c, r in ranked)
    assert "Trang 1/6" in first.text and "Hiển thị 1–20 của 120" in first.text
    second = client.get(LARGE + "?page=2").text
    next_units = _ranked(second)
    assert len(next_units) == 20 and not {c for c, _r in next_units} & {c for c, _r in ranked}
    assert int(next_units[0][1]) >= int(ranked[-1][1])
    assert _ranked(client.get(LARGE + "?page=abc").text) == ranked
    assert len(_ranked(client.get(LARGE + "?page=999").text)) == 20                  # the last page
    assert len(_ranked(client.get(LARGE + "?per_page=100000").text)) == 100          # bounded
    people_page = client.get(LARGE + "?ipage=2").text
    assert len(people_page.encode()) < 150_000 and len(_codes(people_page, "individuals")) == 20
    assert _codes(people_page, "individuals") != _codes(first.text, "individuals")


def test_search_and_the_decision_filter_narrow_the_lists_and_keep_the_ranks(sign_in):
    client = sign_in("thuky")
    everything = client.get(f"{BASE}/results").text
    ranks = dict(_ranked(everything))
    found = client.get(f"{BASE}/results?q=tin+hoc").text
    assert [code for code, _rank in _ranked(found)] == ["TTTK"] and dict(_ranked(found))["TTTK"] == ranks["TTTK"]
    assert _codes(client.get(f"{BASE}/results?q=nong+van+thang").text, "individuals") == ["CCTDC-01"]
    everyone = _codes(client.get(f"{BASE}/results?per_page=100").text, "individuals")
    for decision in ("awarded", "not_awarded"):
        page = client.get(f"{BASE}/results?per_page=100&decision={decision}").text
        shown = _codes(page, "individuals")
        assert shown and len(shown) < len(everyone), decision
        rows = page[page.index('<table class="stack" id="individuals"'):]
        for code in shown:
            row = rows[rows.index(f'<tr data-code="{code}">'):]
            assert f'data-decision="{decision}"' in row[:row.index("</tr>")], (decision, code)
        assert f'<option value="{decision}" selected>' in page
