"""Dates in one style per language, times in Asia/Ho_Chi_Minh, and coded values shown by their names."""
import re
from datetime import date, datetime

import pytest

from emulation import clock
from emulation.formatting import format_date, format_datetime

from .conftest import BASE, set_sheet_state, sheet_form_data, sheet_url

SAVED_AT_UTC = datetime(2017, 12, 14, 18, 30)          # 15/12/2017 01:30 in Asia/Ho_Chi_Minh (UTC+7)
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
STYLE = {"vi": re.compile(r"^\d{2}/\d{2}/\d{4}( \d{2}:\d{2})?$"),
         "en": re.compile(rf"^\d{{1,2}} ({MONTHS}) \d{{4}}( \d{{2}}:\d{{2}})?$")}
# Anything a reader would take for a date, in any of the styles pages used to mix.
ANY_DATE = re.compile(rf"\b\d{{1,2}}/\d{{1,2}}/\d{{4}}(?: \d{{2}}:\d{{2}}(?::\d{{2}})?)?"
                      rf"|\b\d{{4}}-\d{{2}}-\d{{2}}(?:[ T]\d{{2}}:\d{{2}}(?::\d{{2}})?)?"
                      rf"|\b\d{{1,2}} tháng \d{{1,2}},? (?:năm )?\d{{4}}"
                      rf"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
                      rf" \d{{1,2}}, \d{{4}}"
                      rf"|\b\d{{1,2}} (?:{MONTHS}) \d{{4}}(?: \d{{2}}:\d{{2}})?")


def visible_text(html: str) -> str:
    """Return what a reader sees of `html`: no scripts, no tags (so no attribute values), entities as written."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def saved_by_the_unit_head(web_app, sign_in, monkeypatch, overrides: dict) -> None:
    """Have TTTK's unit head save the sheet with `overrides` at SAVED_AT_UTC."""
    set_sheet_state(web_app, "TTTK", "draft")
    monkeypatch.setattr(clock, "now", lambda: SAVED_AT_UTC)
    response = sign_in("tttk.truong").post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", overrides),
                                                                    "save": "1"})
    assert response.status_code == 302, response.text
    monkeypatch.undo()


@pytest.mark.parametrize("language, day, moment", [("vi", "15/12/2017", "15/12/2017 01:30"),
                                                   ("en", "15 Dec 2017", "15 Dec 2017 01:30")])
def test_one_style_per_language_and_times_in_ho_chi_minh_city(app, language, day, moment):
    with app.test_request_context(f"/?lang={language}"):
        assert format_date(date(2017, 12, 15)) == day
        assert format_date("2017-12-15") == day                    # results and snapshots carry ISO dates
        assert format_datetime(SAVED_AT_UTC) == moment             # 18:30 UTC is 01:30 the next day at UTC+7
        assert format_date(SAVED_AT_UTC) == day


def test_the_zone_is_a_setting(make_app):
    app = make_app(EMULATION_TIMEZONE="UTC")
    with app.test_request_context("/?lang=vi"):
        assert format_datetime(SAVED_AT_UTC) == "14/12/2017 18:30"


@pytest.mark.parametrize("language, shown", [("vi", "15/12/2017 01:30"), ("en", "15 Dec 2017 01:30")])
def test_a_change_saved_in_utc_shows_in_local_time_on_the_line_history(web_app, sign_in, monkeypatch,
                                                                       language, shown):
    saved_by_the_unit_head(web_app, sign_in, monkeypatch, {"A.1": "21"})
    html = sign_in("thuky").get(sheet_url("TTTK", "lines/A.1/history") + f"?lang={language}").text
    assert f'<time datetime="2017-12-15T01:30+07:00">{shown}</time>' in html
    assert "UTC" not in visible_text(html)


@pytest.mark.parametrize("language, met, not_met", [("vi", "Đạt", "Không đạt"), ("en", "Met", "Not met")])
def test_a_pass_fail_line_shows_met_not_one(web_app, sign_in, monkeypatch, language, met, not_met):
    saved_by_the_unit_head(web_app, sign_in, monkeypatch, {"A.2": "0"})
    set_sheet_state(web_app, "TTTK", "submitted")
    review = sign_in("danhgia").get(sheet_url("TTTK", "review") + f"?lang={language}").text
    row = review[review.index('data-code="A.2"'):]
    assert re.search(rf'<td class="num self"[^>]*>{not_met}</td>', row[:1500])
    sheet = sign_in("tttk.truong").get(sheet_url("TTTK") + f"?lang={language}").text
    chosen = re.search(r'<select[^>]*name="value-A.2"[^>]*>(.*?)</select>', sheet, re.S).group(1)
    assert re.search(rf'<option selected value="0">{not_met}</option>', chosen)
    history = sign_in("thuky").get(sheet_url("TTTK", "lines/A.2/history") + f"?lang={language}").text
    assert re.search(rf"{met} → <strong>{not_met}</strong>", history)


def test_registrations_and_profiles_show_titles_ratings_and_discipline_by_name(sign_in):
    client = sign_in("cctdc.truong")
    english = client.get(f"{BASE}/units/CCTDC/registrations?lang=en").text
    assert '<option value="CSTDCS" >Grassroots emulation fighter (CSTDCS)</option>' in english
    assert '<option value="HTXS" >Completed tasks excellently</option>' in english
    assert '<option value="khien_trach" >Reprimand</option>' in english
    person = client.get("/people/CCTDC-01?lang=en").text
    registered = re.search(r'<p class="registered">(.*?)</p>', person).group(1)
    assert registered == 'Emulation registrations: Grassroots emulation fighter <span class="code">CSTDCS</span>'
    assert "Completed tasks excellently" in person
    vietnamese = client.get("/people/CCTDC-01?lang=vi").text
    assert 'Đăng ký thi đua: Chiến sĩ thi đua cơ sở <span class="code">CSTDCS</span>' in vietnamese


def _demo_pages() -> list[str]:
    """Return the pages of the demo year that show dates or times, the records of a person and of a collective."""
    year = BASE
    return ["/", f"{year}/", f"{year}/results", f"{year}/results/versions", f"{year}/council", f"{year}/decisions",
            f"{year}/documents", f"{year}/units/TTTK/sheet", f"{year}/units/TTTK/review",
            f"{year}/units/TTTK/registrations", f"{year}/units/TTTK/council", f"{year}/units/TTTK/lines/A.1/history",
            f"{year}/units/TTTK/lines/A.2/history", "/people", "/people/CCTDC-01", "/people/CCTDC-01/leave",
            "/people/CCTDC-01/transfer", "/collectives/CCTDC-HC", "/units/CCTDC", "/units/CCTDC/collectives",
            "/admin/users", "/admin/years"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_demo_page_uses_only_its_languages_date_style(web_app, sign_in, monkeypatch, language):
    saved_by_the_unit_head(web_app, sign_in, monkeypatch, {"A.1": "21", "A.2": "0"})
    found = {}
    for role in ("thuky", "danhgia", "cctdc.truong", "tttk.truong", "xem"):
        client = sign_in(role)
        for page in _demo_pages():
            response = client.get(f"{page}?lang={language}")
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            for shown in ANY_DATE.findall(visible_text(response.text)):     # the reasons' dates included
                found.setdefault(shown, f"{role} {page}")
    assert found, "the demo pages show dates"
    assert any(" " in shown and ":" in shown for shown in found), "and times"
    assert {shown: where for shown, where in found.items() if not STYLE[language].match(shown)} == {}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_written_as_babel_writes_the_language_pattern(language):
    from datetime import timedelta

    from babel.dates import format_date as babel_format_date

    from emulation.formatting import DATE_PATTERNS, written_date
    days = [date(2016, 1, 1) + timedelta(days=n) for n in range(731)] + [date(1, 1, 9), date(999, 9, 9), date(9999, 12, 31)]
    pattern = DATE_PATTERNS[language]
    assert [written_date(day, pattern, language) for day in days] == [
        babel_format_date(day, pattern, locale=language) for day in days]
    assert written_date(date(2017, 12, 5), "d MMMM y", language) == babel_format_date(date(2017, 12, 5), "d MMMM y",
                                                                                      locale=language)
