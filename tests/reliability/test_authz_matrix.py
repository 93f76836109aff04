"""Every route, with every role and with no session, against one table of who may do what.

A route missing from the table fails the test: a new page must say who may open it. A forbidden
request answers 403 (a browser with no session is sent to the sign-in page, the API answers 401)
and changes nothing in the database.
"""
import io

import pytest
from openpyxl import Workbook

from .conftest import BASE, dump_database

UNIT = "TTTK"
UNIT_URL = f"{BASE}/units/{UNIT}"
# Who the test signs in as: the unit head of another unit opens TTTK's pages too.
IDENTITIES = {"secretariat": "thuky", "reviewer": "danhgia", "unit_head_own": "tttk.truong",
              "unit_head_other": "cctdc.truong", "viewer": "xem", "board": "bantd", "anonymous": None}
SIGNED_IN = frozenset(IDENTITIES) - {"anonymous"}
EVERYONE = frozenset(IDENTITIES)
# The year is open: a viewer sees a year only once it is published.
YEAR_READERS = SIGNED_IN - {"viewer"}
STAFF = frozenset({"secretariat", "reviewer"})
TITLE_KEEPERS = frozenset({"secretariat", "unit_head_own"})
# Who keeps a unit's HR record (and sees its personal data on those pages): its unit head and the secretariat.
RECORD_KEEPERS = frozenset({"secretariat", "unit_head_own"})
PERSON_URL = f"/people/{UNIT}-01"
# The login the accounts pages change: none of the identities above, so no client loses its session.
ACCOUNT_URL = "/admin/users/ttud.truong"

# endpoint -> (url, {method: identities allowed}); a method the route does not take answers 405 to everyone.
ROUTES = {
    "static": ("/static/app.css", {"GET": EVERYONE}),
    "health.healthz": ("/healthz", {"GET": EVERYONE}),
    "auth.login": ("/login", {"GET": EVERYONE, "POST": EVERYONE}),
    "auth.logout": ("/logout", {"POST": SIGNED_IN}),
    "auth.password": ("/password", {"GET": SIGNED_IN, "POST": SIGNED_IN}),
    "blocs.home": ("/", {"GET": SIGNED_IN}),
    "blocs.overview": (f"{BASE}/", {"GET": YEAR_READERS}),
    "blocs.deadlines": (f"{BASE}/deadlines", {"GET": {"secretariat"}, "POST": {"secretariat"}}),
    "sheets.edit": (f"{UNIT_URL}/sheet", {"GET": STAFF | {"unit_head_own"}, "POST": {"unit_head_own"}}),
    "review.edit": (f"{UNIT_URL}/review", {"GET": STAFF, "POST": STAFF}),
    "registrations.edit": (f"{UNIT_URL}/registrations", {"GET": STAFF | {"unit_head_own"}, "POST": {"unit_head_own"}}),
    "council.unit": (f"{UNIT_URL}/council", {"GET": STAFF | {"unit_head_own"}, "POST": {"secretariat", "unit_head_own"}}),
    "council.bloc": (f"{BASE}/council", {"GET": STAFF, "POST": {"secretariat"}}),
    "council.decisions": (f"{BASE}/decisions", {"GET": STAFF, "POST": {"secretariat"}}),
    "council.correct": (f"{BASE}/decisions/correct?number=1/QĐ-XN", {"GET": {"secretariat"}, "POST": {"secretariat"}}),
    "people_import.upload": (f"{UNIT_URL}/import", {"GET": {"secretariat", "unit_head_own"},
                                                    "POST": {"secretariat", "unit_head_own"}}),
    "people_import.confirm": (f"{UNIT_URL}/import/confirm", {"POST": {"secretariat", "unit_head_own"}}),
    "people_import.template": (f"{UNIT_URL}/import/template.xlsx", {"GET": STAFF | {"unit_head_own"}}),
    "people_import.export": (f"{UNIT_URL}/import/export.xlsx", {"GET": STAFF | {"unit_head_own"}}),
    "sheets.line_history": (f"{UNIT_URL}/lines/A.1/history", {"GET": STAFF | {"unit_head_own"}}),
    "evidence.upload": (f"{UNIT_URL}/lines/A.3/evidence", {"POST": {"unit_head_own"}}),
    "evidence.remove": (f"{UNIT_URL}/lines/A.3/evidence/1/remove", {"POST": {"unit_head_own"}}),
    "evidence.download": (f"{UNIT_URL}/lines/A.3/evidence/1", {"GET": STAFF | {"unit_head_own"}}),
    "results.show": (f"{BASE}/results", {"GET": YEAR_READERS}),
    "results.versions": (f"{BASE}/results/versions", {"GET": YEAR_READERS}),
    "results.export": (f"{BASE}/export.xlsx", {"GET": YEAR_READERS}),
    "results.lock": (f"{BASE}/lock", {"POST": {"secretariat"}}),
    "results.publish": (f"{BASE}/publish", {"POST": {"secretariat"}}),
    "results.reopen": (f"{BASE}/reopen", {"POST": {"secretariat"}}),
    "api.results": (f"/api{BASE}/results", {"GET": YEAR_READERS}),
    # Unit heads read their own unit's documents; a viewer only the bloc's summary, once the year is published.
    "documents.index": (f"{BASE}/documents", {"GET": YEAR_READERS}),
    "documents.bloc_document": (f"{BASE}/documents/submission.docx", {"GET": STAFF}),
    "documents.unit_document": (f"{UNIT_URL}/documents/submission.docx", {"GET": STAFF | {"unit_head_own"}}),
    "documents.report": (f"{UNIT_URL}/documents/achievement-collective/TTTK-TT.docx",
                         {"GET": STAFF | {"unit_head_own"}}),
    # A recorded decision's document, from the decisions page (the secretariat and reviewers read that page).
    "documents.decision_document": (f"{BASE}/decisions/document.docx?number=1/QĐ-XN", {"GET": STAFF}),
    "admin.users": ("/admin/users", {"GET": {"secretariat"}, "POST": {"secretariat"}}),
    "admin.account": (f"{ACCOUNT_URL}", {"GET": {"secretariat"}, "POST": {"secretariat"}}),
    "admin.disable": (f"{ACCOUNT_URL}/disable", {"POST": {"secretariat"}}),
    "admin.enable": (f"{ACCOUNT_URL}/enable", {"POST": {"secretariat"}}),
    "admin.lift": (f"{ACCOUNT_URL}/throttle", {"POST": {"secretariat"}}),
    "admin.reset_password": (f"{ACCOUNT_URL}/password", {"POST": {"secretariat"}}),
    "signing.years": ("/admin/years", {"GET": {"secretariat"}, "POST": {"secretariat"}}),
    # Profiles: everyone signed in sees identity and titles; the page itself hides personal data (tests/people).
    "profiles.search": ("/people", {"GET": SIGNED_IN}),
    "profiles.person": (f"/people/{UNIT}-01", {"GET": SIGNED_IN}),
    "profiles.collective": (f"/collectives/{UNIT}-HC", {"GET": SIGNED_IN}),
    "profiles.unit": (f"/units/{UNIT}", {"GET": SIGNED_IN}),
    "profiles.person_titles": (f"/people/{UNIT}-01/earlier-titles", {"GET": TITLE_KEEPERS, "POST": TITLE_KEEPERS}),
    "profiles.collective_titles": (f"/collectives/{UNIT}-HC/earlier-titles",
                                   {"GET": TITLE_KEEPERS, "POST": TITLE_KEEPERS}),
    "profiles.unit_titles": (f"/units/{UNIT}/earlier-titles", {"GET": TITLE_KEEPERS, "POST": TITLE_KEEPERS}),
    "people.add": (f"/units/{UNIT}/people/new", {"GET": RECORD_KEEPERS, "POST": RECORD_KEEPERS}),
    "people.edit": (f"{PERSON_URL}/edit", {"GET": RECORD_KEEPERS, "POST": RECORD_KEEPERS}),
    "people.transfer": (f"{PERSON_URL}/transfer", {"GET": RECORD_KEEPERS, "POST": RECORD_KEEPERS}),
    "people.position": (f"{PERSON_URL}/position", {"GET": RECORD_KEEPERS, "POST": RECORD_KEEPERS}),
    "people.leave": (f"{PERSON_URL}/leave", {"GET": RECORD_KEEPERS, "POST": RECORD_KEEPERS}),
    "people.edit_leave": (f"{PERSON_URL}/leave/1", {"GET": RECORD_KEEPERS, "POST": RECORD_KEEPERS}),
    "people.departure": (f"{PERSON_URL}/departure", {"GET": RECORD_KEEPERS, "POST": RECORD_KEEPERS}),
    "people.collectives": (f"/units/{UNIT}/collectives", {"GET": RECORD_KEEPERS, "POST": RECORD_KEEPERS}),
    "people.change_collective": (f"/units/{UNIT}/collectives/{UNIT}-HC", {"POST": RECORD_KEEPERS}),
    # Lines scored by a role (the board's deductions) or by a panel; cross-scoring by the member units' heads.
    "scoring.enter": (f"{BASE}/scoring", {"GET": STAFF | {"board"}, "POST": STAFF | {"board"}}),
    "scoring.cross": (f"{BASE}/cross-scoring", {"GET": {"unit_head_own", "unit_head_other"},
                                               "POST": {"unit_head_own", "unit_head_other"}}),
    "units.index": ("/admin/blocs/KTD-II/units", {"GET": {"secretariat"}, "POST": {"secretariat"}}),
    "units.change": (f"/admin/blocs/KTD-II/units/{UNIT}", {"POST": {"secretariat"}}),
}

# What a forbidden POST carries: a change that would be stored if it were let through.
PAYLOADS = {
    "sheets.edit": {"value-A.1": "1", "text-A.1": "đổi", "save": "1"},
    "review.edit": {"action-A.1": "adjust", "value-A.1": "1", "text-A.1": "đổi"},
    "registrations.edit": {"p-title-TTTK-01": "", "p-initiatives-TTTK-01": "9"},
    "council.unit": {"version": "0", "held_on": "20/12/2017", "member-rows": "1", "member-name-0": "Ke xam nhap",
                     "member-present-0": "1", "for-p-TTTK-01-CSTDCS": "1"},
    "council.bloc": {"version": "0", "held_on": "20/12/2017", "member-rows": "1", "member-name-0": "Ke xam nhap",
                     "member-present-0": "1", "for-u-TTTK-CO_THI_DUA_TINH": "1"},
    "council.decisions": {"number": "1/QĐ-XN", "signed_on": "30/12/2017", "level": "unit", "unit": "TTTK",
                          "award-i-TTTK-01-LDTT": "1"},
    "council.correct": {"action": "withdraw", "reason": "thu hồi trái phép"},
    "admin.users": {"username": "ke-xam-nhap", "role": "secretariat", "password": "mat-khau-ke-xam-nhap"},
    "signing.years": {"agreement": "KTD-II/2018"},
    "admin.account": {"role": "secretariat", "unit": "", "bloc": "", "version": "2"},
    "admin.reset_password": {"password": "mat-khau-ke-xam-nhap"},
    "auth.login": {"username": "thuky", "password": "sai-mat-khau"},
    "results.reopen": {"reason": "mở lại trái phép"},
    "profiles.person_titles": {"title": "CSTDCS", "year": "2014", "number": "1/QĐ", "signed_on": "20/12/2014",
                               "level": "unit"},
    "profiles.collective_titles": {"title": "TTLDTT", "year": "2014", "number": "1/QĐ", "signed_on": "20/12/2014",
                                   "level": "unit"},
    "profiles.unit_titles": {"title": "CO_THI_DUA_TINH", "year": "2014", "number": "2/QĐ-UBND",
                             "signed_on": "20/12/2014", "level": "province"},
    "people.add": {"full_name": "Kẻ Xâm Nhập", "recruited_on": "2017-01-02"},
    "people.edit": {"full_name": "Tên Bị Đổi", "version": "1"},
    "people.transfer": {"unit": UNIT, "collective": f"{UNIT}-TK", "starts_on": "2017-06-01", "version": "1"},
    "people.position": {"position": "Giám đốc giả", "starts_on": "2017-06-01", "version": "1"},
    "people.leave": {"kind": "unpaid", "starts_on": "2017-02-01", "ends_on": "2017-08-31"},
    "people.edit_leave": {"kind": "unpaid", "starts_on": "2017-02-01", "ends_on": "2017-08-31", "version": "1"},
    "people.departure": {"departure": "resigned", "left_on": "2017-06-01", "version": "1"},
    "people.collectives": {"code": f"{UNIT}-XX", "name": "Phòng trái phép"},
    "people.change_collective": {f"c-{UNIT}-HC-action": "rename", f"c-{UNIT}-HC-name": "Đổi tên trái phép",
                                 f"c-{UNIT}-HC-version": "1"},
    "people_import.upload": lambda: {"file": (io.BytesIO(_staff_workbook()), "nhan-su.xlsx")},
    "people_import.confirm": {"file_hash": "0" * 64, "digest": "0" * 64},
    "evidence.upload": lambda: {"files": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "minh-chung.pdf")},
    "units.index": {"code": "KE-XAM-NHAP", "name": "Đơn vị trái phép"},
    "units.change": {f"u-{UNIT}-action": "rename", f"u-{UNIT}-name": "Đổi tên trái phép", f"u-{UNIT}-version": "1"},
}
# Routes that answer 404, not 403, to a signed-in user who may not see them: not even a file's existence is told.
HIDDEN_WHEN_FORBIDDEN = {"evidence.download"}


def _staff_workbook() -> bytes:
    """A staff list adding one person to the unit: what an upload would preview (and a confirmation store)."""
    book = Workbook()
    book.active.title = "Người lao động"
    book.active.append(["Mã số", "Họ và tên", "Đơn vị"])
    book.active.append(["TTTK-99", "Kẻ Xâm Nhập", UNIT])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _payload(endpoint: str):
    """The POST payload of `endpoint`, made afresh (an uploaded file is read once)."""
    payload = PAYLOADS.get(endpoint)
    return payload() if callable(payload) else payload


def _rules(app):
    return {rule.endpoint: rule for rule in app.url_map.iter_rules()}


def test_every_route_is_in_the_table(web_app):
    missing = sorted(set(_rules(web_app)) - set(ROUTES))
    assert not missing, f"routes without a row in the authorization table: {missing}"


def _forbidden(who: str, url: str, response) -> bool:
    if response.status_code == 403:
        return True
    if who == "anonymous":
        if url.startswith("/api/"):
            return response.status_code == 401
        return response.status_code == 302 and response.location.startswith("/login")
    return False


def _requests(app):
    """Yield (endpoint, url, method, identity, allowed) for every route, method and identity."""
    rules = _rules(app)
    for endpoint, (url, allowed) in ROUTES.items():
        if endpoint not in rules:
            continue            # a route of a module not installed here
        for method in ("GET", "POST"):
            for who in IDENTITIES:
                if method not in rules[endpoint].methods:
                    yield endpoint, url, method, who, None
                else:
                    yield endpoint, url, method, who, who in allowed.get(method, ())


@pytest.fixture
def clients(web_app, sign_in):
    return {who: sign_in(name) if name else web_app.test_client() for who, name in IDENTITIES.items()}


def test_forbidden_requests_answer_403_and_change_nothing(web_app, clients):
    before = dump_database(web_app)
    wrong = []
    for endpoint, url, method, who, allowed in _requests(web_app):
        if allowed is not False:
            continue
        response = clients[who].open(url, method=method, data=_payload(endpoint) if method == "POST" else None)
        hidden = endpoint in HIDDEN_WHEN_FORBIDDEN and who != "anonymous" and response.status_code == 404
        if not (_forbidden(who, url, response) or hidden):
            wrong.append((endpoint, method, who, response.status_code))
    assert not wrong, f"let through: {wrong}"
    assert dump_database(web_app) == before


def test_allowed_requests_are_let_through(web_app, clients):
    wrong = []
    for endpoint, url, method, who, allowed in _requests(web_app):
        if allowed is not True or endpoint == "auth.logout":
            continue
        response = clients[who].open(url, method=method, data=_payload(endpoint) if method == "POST" else None)
        if _forbidden(who, url, response) or response.status_code >= 500:
            wrong.append((endpoint, method, who, response.status_code))
    assert not wrong, f"refused although allowed: {wrong}"


def test_methods_a_route_does_not_take_answer_405(web_app, clients):
    for endpoint, url, method, who, allowed in _requests(web_app):
        if allowed is None:
            assert clients[who].open(url, method=method).status_code == 405, (endpoint, method, who)


def test_sign_out_is_for_signed_in_users(web_app, clients):
    for who in IDENTITIES:
        response = clients[who].post("/logout")
        assert response.status_code == 302 and response.location.startswith("/login"), who
        assert clients[who].get("/").status_code == 302
