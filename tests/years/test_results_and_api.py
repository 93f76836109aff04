"""The results page, the bloc overview and the JSON API: one computation, the same permissions."""
import json

import pytest

from emulation.years.results import year_results

from .conftest import BASE


def test_api_returns_exactly_year_results(web_app, sign_in):
    response = sign_in("tttk.truong").get(f"/api{BASE}/results")
    assert response.status_code == 200 and response.is_json
    with web_app.app_context():
        expected = json.loads(json.dumps(year_results("KTD-II", 2017)))
    assert response.get_json() == expected


@pytest.mark.parametrize("user", ["thuky", "danhgia", "cctdc.truong"])
def test_api_is_open_to_the_blocs_roles(sign_in, user):
    assert sign_in(user).get(f"/api{BASE}/results").status_code == 200


def test_api_unknown_year_is_404(sign_in):
    assert sign_in("thuky").get("/api/blocs/KTD-II/years/2031/results").status_code == 404


def test_results_page_shows_ranking_chart_and_decisions(sign_in):
    html = sign_in("thuky").get(f"{BASE}/results").text
    ranking = html[html.index('id="ranking"'):html.index("</table>", html.index('id="ranking"'))]
    assert ranking.index('data-unit="TTUD"') < ranking.index('data-unit="CCTDC"') < ranking.index('data-unit="TTTK"')
    assert "762,16" in ranking and "Khá" in ranking             # Vietnamese decimal comma
    assert "<svg" in html and "<rect" in html and "http" not in html.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", "")
    assert "CO_THI_DUA_TINH" in html and "Luật" in html           # decisions with their citations
    assert "cdn" not in html.lower()


def test_overview_shows_registration_statistics_and_completion_board(sign_in):
    html = sign_in("thuky").get(f"{BASE}/").text
    assert "14/14" in html and "61/62" in html
    stats = html[html.index('id="registration-stats"'):html.index('id="completion-board"')]
    for title, count in (("LDTT", 42), ("CSTDCS", 19), ("TTLDTT", 14), ("TTLDXS", 3)):
        assert f'<div class="stat" data-title="{title}"><div class="big">{count}</div>' in stats
    assert "Lao động tiên tiến" in stats
    board = html[html.index('id="completion-board"'):]
    assert "Đã đánh giá" in board and "Đã gửi" in board
    assert 'id="lock-blocked"' in html                          # TTTK is not reviewed: lock is not offered yet


def test_the_results_page_offers_the_workbook_and_it_downloads(sign_in):
    client = sign_in("thuky")
    assert 'id="export-link"' in client.get(f"{BASE}/results").text
    response = client.get(f"{BASE}/export.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert "attachment" in response.headers["Content-Disposition"]
