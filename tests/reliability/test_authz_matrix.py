"""Every route, with every role and with no session, against one table of who may do what.

A route missing from the table fails the test: a new page must say who may open it. A forbidden
request answers 403 (a browser with no session is sent to the sign-in page, the API answers 401)
and changes nothing in the database.
"""
import pytest

from .conftest import BASE, dump_database

UNIT = "TTTK"
UNIT_URL = f"{BASE}/units/{UNIT}"
# Who the test signs in as: the unit head of another unit opens TTTK's pages too.
IDENTITIES = {"secretariat": "thuky", "reviewer": "danhgia", "unit_head_own": "tttk.truong",
              "unit_head_other": "cctdc.truong", "viewer": "xem", "anonymous": None}
SIGNED_IN = frozenset(IDENTITIES) - {"anonymous"}
EVERYONE = frozenset(IDENTITIES)
# The year is open: a viewer sees a year only once it is published.
YEAR_READERS = SIGNED_IN - {"viewer"}
STAFF = frozenset({"secretariat", "reviewer"})
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
    "sheets.edit": (f"{UNIT_URL}/sheet", {"GET": STAFF | {"unit_head_own"}, "POST": {"unit_head_own"}}),
    "review.edit": (f"{UNIT_URL}/review", {"GET": STAFF, "POST": STAFF}),
    "registrations.edit": (f"{UNIT_URL}/registrations", {"GET": STAFF | {"unit_head_own"}, "POST": {"unit_head_own"}}),
    "sheets.line_history": (f"{UNIT_URL}/lines/A.1/history", {"GET": STAFF | {"unit_head_own"}}),
    "results.show": (f"{BASE}/results", {"GET": YEAR_READERS}),
    "results.versions": (f"{BASE}/results/versions", {"GET": YEAR_READERS}),
    "results.export": (f"{BASE}/export.xlsx", {"GET": YEAR_READERS}),
    "results.lock": (f"{BASE}/lock", {"POST": {"secretariat"}}),
    "results.publish": (f"{BASE}/publish", {"POST": {"secretariat"}}),
    "results.reopen": (f"{BASE}/reopen", {"POST": {"secretariat"}}),
    "api.results": (f"/api{BASE}/results", {"GET": YEAR_READERS}),
    "admin.users": ("/admin/users", {"GET": {"secretariat"}, "POST": {"secretariat"}}),
    "admin.account": (f"{ACCOUNT_URL}", {"GET": {"secretariat"}, "POST": {"secretariat"}}),
    "admin.disable": (f"{ACCOUNT_URL}/disable", {"POST": {"secretariat"}}),
    "admin.enable": (f"{ACCOUNT_URL}/enable", {"POST": {"secretariat"}}),
    "admin.lift": (f"{ACCOUNT_URL}/throttle", {"POST": {"secretariat"}}),
    "admin.reset_password": (f"{ACCOUNT_URL}/password", {"POST": {"secretariat"}}),
    "signing.years": ("/admin/years", {"GET": {"secretariat"}, "POST": {"secretariat"}}),
}

# What a forbidden POST carries: a change that would be stored if it were let through.
PAYLOADS = {
    "sheets.edit": {"value-A.1": "1", "text-A.1": "đổi", "save": "1"},
    "review.edit": {"action-A.1": "adjust", "value-A.1": "1", "text-A.1": "đổi"},
    "registrations.edit": {"p-title-TTTK-01": "", "p-initiatives-TTTK-01": "9"},
    "admin.users": {"username": "ke-xam-nhap", "role": "secretariat", "password": "mat-khau-ke-xam-nhap"},
    "signing.years": {"agreement": "KTD-II/2018"},
    "admin.account": {"role": "secretariat", "unit": "", "bloc": "", "version": "2"},
    "admin.reset_password": {"password": "mat-khau-ke-xam-nhap"},
    "auth.login": {"username": "thuky", "password": "sai-mat-khau"},
    "results.reopen": {"reason": "mở lại trái phép"},
}


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
        response = clients[who].open(url, method=method, data=PAYLOADS.get(endpoint) if method == "POST" else None)
        if not _forbidden(who, url, response):
            wrong.append((endpoint, method, who, response.status_code))
    assert not wrong, f"let through: {wrong}"
    assert dump_database(web_app) == before


def test_allowed_requests_are_let_through(web_app, clients):
    wrong = []
    for endpoint, url, method, who, allowed in _requests(web_app):
        if allowed is not True or endpoint == "auth.logout":
            continue
        response = clients[who].open(url, method=method, data=PAYLOADS.get(endpoint) if method == "POST" else None)
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
