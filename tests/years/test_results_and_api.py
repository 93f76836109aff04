"""The results page, the bloc overview and the JSON API: one computation, the same permissions."""
import json
import re

import pytest

from emulation.i18n_reasons import localized_results, reason_text
from emulation.storage.rule_files import app_catalogue
from emulation.years.results import year_results

from web.vietnamese import vietnamese_text

from .conftest import BASE


def test_api_returns_exactly_year_results(web_app, sign_in):
    response = sign_in("tttk.truong").get(f"/api{BASE}/results")
    assert response.status_code == 200 and response.is_json
    with web_app.app_context():
        expected = json.loads(json.dumps(localized_results(year_results("KTD-II", 2017), "vi", app_catalogue())))
    assert response.get_json() == expected


def _reasons(results: dict, message: str) -> list[dict]:
    return [r for key in ("units", "collectives", "individuals") for e in results[key] for d in e["decisions"]
            for r in d["reasons"] if r["message"] == message]


def test_api_reasons_carry_their_key_params_and_text_in_the_asked_language(web_app, sign_in):
    client = sign_in("tttk.truong")
    vietnamese = client.get(f"/api{BASE}/results").get_json()
    english = client.get(f"/api{BASE}/results?lang=en").get_json()
    rating_vi, rating_en = _reasons(vietnamese, "task_rating")[0], _reasons(english, "task_rating")[0]
    assert set(rating_en) == {"code", "condition", "met", "message", "params", "text", "citation"}
    assert rating_vi["params"] == rating_en["params"] and rating_en["params"]["year"] == 2017
    assert rating_vi["text"].startswith("Xếp loại năm 2017: ") and rating_vi["condition"] == "Hoàn thành tốt nhiệm vụ"
    assert rating_en["text"].startswith("Rating for 2017: ") and rating_en["condition"] == "Completes tasks well"
    assert rating_vi["citation"] == rating_en["citation"]
    with web_app.app_context():
        assert rating_en["text"] == reason_text(rating_en, "en", app_catalogue())
    quota = _reasons(english, "quota.place")[0]
    assert "% × " in quota["text"] and "priority order: the council's votes, women (priority by law)" in quota["text"]
    flag = next(d for d in english["units"][0]["decisions"] if d["title"] == "CO_THI_DUA_TINH")
    assert flag["title_name"] == "Provincial emulation flag"


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


def test_the_workbook_downloads_in_the_users_language(sign_in):
    import io

    import openpyxl
    client = sign_in("thuky")
    english = openpyxl.load_workbook(io.BytesIO(client.get(f"{BASE}/export.xlsx?lang=en").data))
    assert english.sheetnames[0] == "Ranking"
    assert any(row[:2] == ("Rank", "Unit code") for row in english["Ranking"].iter_rows(values_only=True))
    vietnamese = openpyxl.load_workbook(io.BytesIO(client.get(f"{BASE}/export.xlsx?lang=vi").data))
    assert vietnamese.sheetnames[0] == "Xếp hạng"
    assert any(row[:2] == ("Hạng", "Mã đơn vị") for row in vietnamese["Xếp hạng"].iter_rows(values_only=True))


def test_the_results_page_in_english_names_titles_and_says_why_in_english(sign_in):
    html = sign_in("thuky").get(f"{BASE}/results?lang=en").text
    assert "Provincial emulation flag" in html and "Advanced worker" in html and "Grassroots emulation fighter" in html
    assert "Law on Emulation and Commendation 2003" in html                   # the rule set by its English name
    assert '<span class="code">CO_THI_DUA_TINH</span>' in html                # the code, a quiet hint
    reasons = re.findall(r'<ul class="reasons">.*?</ul>', html, re.S)
    assert reasons and all(not vietnamese_text(block) for block in reasons), vietnamese_text(reasons[0])
    assert "Time worked up to " in html and "Thời gian công tác" not in html
