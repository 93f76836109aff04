"""The registrations' people table: searched by name without diacritics, filtered by title and collective, paged;
a save from one page changes only the people shown and comes back to the same page."""
import re

from emulation.years.results import year_results

from .conftest import form_as_shown, sheet_url

PAGE = sheet_url("CCTDC", "registrations")


def _people(html: str) -> list[str]:
    table = html[html.index('<table id="people"'):]
    return re.findall(r'<tr data-code="([^"]+)"', table[:table.index("</table>")])


def test_people_are_searched_filtered_and_paged(sign_in):
    client = sign_in("cctdc.truong")
    everyone = _people(client.get(PAGE).text)
    assert len(everyone) == 25
    assert _people(client.get(PAGE + "?q=nong+van+thang").text) == ["CCTDC-01"]
    assert _people(client.get(PAGE + "?title=none").text) == ["CCTDC-07"]          # the one not registered
    in_collective = _people(client.get(PAGE + "?collective=CCTDC-KD").text)
    assert in_collective == ["CCTDC-16", "CCTDC-17", "CCTDC-18", "CCTDC-19", "CCTDC-20"]
    first, second = client.get(PAGE + "?per_page=15").text, client.get(PAGE + "?per_page=15&page=2").text
    assert _people(first) == everyone[:15] and _people(second) == everyone[15:] and "Hiển thị 16–25 của 25" in second
    assert _people(client.get(PAGE + "?per_page=15&page=abc").text) == everyone[:15]


def test_a_save_from_a_filtered_page_keeps_the_others_and_returns_to_the_page(web_app, sign_in):
    client = sign_in("cctdc.truong")
    form = form_as_shown(client.get(PAGE + "?title=none").text)
    assert not any(name.startswith("p-title-") and name != "p-title-CCTDC-07" for name in form)
    form["p-title-CCTDC-07"] = "LDTT"
    response = client.post(PAGE + "?title=none", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE + "?title=none")
    with web_app.app_context():
        stats = year_results("KTD-II", 2017)["registration_stats"]
    assert stats["individuals"]["registered"] == 62                  # everyone, the others unchanged
    assert _people(client.get(PAGE + "?title=none").text) == []
