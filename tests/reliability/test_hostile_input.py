"""Hostile input to every form and API route: a refusal is a 4xx, the page still renders, nothing is stored in part.

A refused form post answers 400 and re-renders the form with a message (role="alert" or beside the
field); a form post that is accepted answers 302 and stores exactly what was sent. Nothing ever
answers 5xx.
"""
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from emulation.extensions import db
from emulation.i18n import parse_number
from emulation.models import ScoreLine, ScoreSheet, SignedCriterion, Unit
from web.conftest import set_sheet_state

from .conftest import BASE, PASSWORD, dump_database, sheet_url

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NASTY = [
    "NaN", "nan", "inf", "-inf", "Infinity", "1e309", "1e5", "-1", "-0.5", "-0", "9" * 400, "0x1F", "1_000", "١٢٣",
    "１２", "²", "12,5,5", "1.2.3", " ", "\t", "=1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+1",
    "<script>alert(1)</script>",
    "\x00", "a\x00b", "\x1b[31m", "\u202e", "Nguye\u0302\u0303n Va\u0306n A\u0300", "Nguyễn Văn Ánh", "{{ 7*7 }}",
    "' OR 1=1 --", "%s%s%n", "\ud7ff", "x" * 5000, "1" * 30, "0", "1", "12,5", "29.5",
]
HOSTILE = st.one_of(st.sampled_from(NASTY), st.text(max_size=40),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.integers(-10 ** 30, 10 ** 30).map(str),
                    st.builds(lambda char, n: char * n, st.characters(), st.integers(3990, 4100)))
REFUSED = (400, 422, 429)


def _plain_number(value) -> str:
    return "" if value is None else ("%.10f" % value).rstrip("0").rstrip(".")


def _sheet_form(app, unit: str) -> dict:
    """Return the form the unit head would post back unchanged: every line's value, note and version."""
    with app.app_context():
        rows = db.session.execute(select(SignedCriterion.code, ScoreLine).join(ScoreLine.criterion)
                                  .join(ScoreSheet).join(Unit).where(Unit.code == unit)).all()
        form = {}
        for code, line in rows:
            form[f"value-{code}"], form[f"text-{code}"] = _plain_number(line.self_value), line.evidence
            form[f"version-{code}"] = str(line.version)
        db.session.remove()
    return form


def _line(app, unit: str, code: str) -> tuple:
    with app.app_context():
        line = db.session.execute(select(ScoreLine).join(ScoreLine.criterion).join(ScoreSheet).join(Unit).where(
            Unit.code == unit, SignedCriterion.code == code)).scalar_one()
        found = (line.self_value, line.evidence, line.review_state, line.reviewed_value, line.reason, line.comment)
        db.session.remove()
        return found


def _leaf_codes(app, unit: str) -> list[str]:
    return sorted(k.removeprefix("value-") for k in _sheet_form(app, unit) if k.startswith("value-"))


def _refusal_renders(response, form_id: str) -> None:
    assert response.status_code in REFUSED, response.status_code
    assert f'id="{form_id}"' in response.text
    assert 'role="alert"' in response.text or 'class="field-error"' in response.text


@pytest.fixture
def head(sign_in):
    return sign_in("tttk.truong")


@pytest.fixture
def reviewer(sign_in):
    return sign_in("danhgia")


def test_hostile_values_in_the_score_sheet(web_app, head):
    codes = _leaf_codes(web_app, "TTTK")

    @SETTINGS
    @given(code=st.sampled_from(codes), value=HOSTILE, note=HOSTILE)
    def post(code, value, note):
        set_sheet_state(web_app, "TTTK", "draft")
        before = dump_database(web_app)
        form = {**_sheet_form(web_app, "TTTK"), f"value-{code}": value, f"text-{code}": note, "save": "1"}
        response = head.post(sheet_url("TTTK"), data=form)
        if response.status_code == 302:
            with web_app.test_request_context():
                expected = parse_number(value)
            assert _line(web_app, "TTTK", code)[:2] == (expected, note.strip())
            assert head.get(f"{BASE}/results").status_code == 200
        else:
            _refusal_renders(response, "sheet-form")
            assert dump_database(web_app) == before
        assert head.get(sheet_url("TTTK")).status_code == 200
    post()


def test_hostile_values_in_the_review(web_app, reviewer):
    codes = _leaf_codes(web_app, "TTTK")

    @SETTINGS
    @given(code=st.sampled_from(codes), action=st.one_of(st.sampled_from(["accept", "adjust", "return"]), HOSTILE),
           value=HOSTILE, text=HOSTILE)
    def post(code, action, value, text):
        set_sheet_state(web_app, "TTTK", "submitted")
        before = dump_database(web_app)
        form = {f"action-{code}": action, f"value-{code}": value, f"text-{code}": text}
        response = reviewer.post(sheet_url("TTTK", "review"), data=form)
        if response.status_code == 302:
            stored = _line(web_app, "TTTK", code)
            state = {"accept": "accepted", "adjust": "adjusted", "return": "returned"}[action]
            assert stored[2] == state
            if action == "adjust":
                with web_app.test_request_context():
                    assert stored[3:5] == (parse_number(value), text.strip())
        else:
            _refusal_renders(response, "review-form")
            assert dump_database(web_app) == before
        assert reviewer.get(sheet_url("TTTK", "review")).status_code == 200
    post()


REGISTRATION_FIELDS = ["p-initiatives-TTTK-01", "p-title-TTTK-01", "p-rating-TTTK-01", "p-discipline-TTTK-01",
                       "c-rating-TTTK-TT", "c-title-TTTK-TT-TTLDXS"]


def test_hostile_values_in_the_registrations(web_app, head):
    @SETTINGS
    @given(name=st.sampled_from(REGISTRATION_FIELDS), value=HOSTILE)
    def post(name, value):
        before = dump_database(web_app)
        response = head.post(sheet_url("TTTK", "registrations"), data={name: value})
        if response.status_code != 302:
            assert response.status_code in REFUSED
            assert 'role="alert"' in response.text and 'id="people"' in response.text
            assert dump_database(web_app) == before
        assert head.get(sheet_url("TTTK", "registrations")).status_code == 200
    post()


@pytest.mark.parametrize("count", ["²", "١٢٣", "１２", "9" * 5000, "99999999999", "-1", "1e3", "\x00"])
def test_a_count_of_initiatives_is_a_small_plain_number(web_app, head, count):
    before = dump_database(web_app)
    response = head.post(sheet_url("TTTK", "registrations"), data={"p-initiatives-TTTK-01": count})
    assert response.status_code == 400 and "Số sáng kiến phải là số nguyên không âm." in response.text
    assert dump_database(web_app) == before


def test_hostile_sign_ins(web_app):
    client = web_app.test_client()

    @SETTINGS
    @given(username=HOSTILE, password=HOSTILE, target=HOSTILE)
    def post(username, password, target):
        response = client.post("/login?next=" + quote(target, safe=""),
                               data={"username": username, "password": password})
        assert response.status_code in REFUSED
        assert 'name="username"' in response.text
    post()


@pytest.mark.parametrize("target", ["/\\evil.example", "//evil.example", "https://evil.example/", "/\\/evil.example",
                                    "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1"])
def test_sign_in_never_redirects_off_site(web_app, target):
    response = web_app.test_client().post("/login?next=" + quote(target, safe=""),
                                          data={"username": "thuky", "password": PASSWORD})
    assert response.status_code == 302
    assert response.location.startswith("/") and not response.location.startswith(("//", "/\\"))


def test_hostile_new_logins(web_app, sign_in):
    client = sign_in("thuky")

    @SETTINGS
    @given(username=HOSTILE, role=st.one_of(st.sampled_from(["viewer", "secretariat"]), HOSTILE), password=HOSTILE)
    def post(username, role, password):
        before = dump_database(web_app)
        response = client.post("/admin/users", data={"username": username, "role": role, "password": password})
        if response.status_code != 302:
            assert response.status_code in REFUSED and 'name="username"' in response.text
            assert dump_database(web_app) == before
        assert client.get("/admin/users").status_code == 200
    post()


YEAR_URL, UNIT_URL = "/blocs/{bloc}/years/{year}", "/blocs/{bloc}/years/{year}/units/{unit}"
GET_ROUTES = [YEAR_URL + "/", YEAR_URL + "/results", YEAR_URL + "/export.xlsx", "/api" + YEAR_URL + "/results",
              UNIT_URL + "/sheet", UNIT_URL + "/review", UNIT_URL + "/registrations",
              UNIT_URL + "/lines/{unit}/history"]


def test_hostile_route_arguments_answer_404(web_app, sign_in):
    client = sign_in("thuky")

    @SETTINGS
    @given(route=st.sampled_from(GET_ROUTES), bloc=HOSTILE, unit=HOSTILE,
           year=st.one_of(HOSTILE, st.integers(-10 ** 40, 10 ** 40).map(str)))
    def get(route, bloc, year, unit):
        url = route.format(bloc=quote(bloc, safe=""), year=quote(year, safe=""), unit=quote(unit, safe=""))
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            assert response.status_code in (301, 308, 404, 405), url
    get()


@pytest.mark.parametrize("query", ["version=" + "9" * 40, "version=-1", "version=abc", "lang=%00",
                                   "lang=" + "x" * 5000])
def test_hostile_query_strings_change_no_answer_into_an_error(sign_in, query):
    client = sign_in("thuky")
    for url in (f"{BASE}/results", f"{BASE}/", f"/api{BASE}/results"):
        assert client.get(f"{url}?{query}").status_code in (200, 404), (url, query)
