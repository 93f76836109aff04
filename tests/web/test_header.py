"""The header every page carries: its links follow the root the app is served under, its sign-out form works."""
import re

from .conftest import PASSWORD


def _links(html: str) -> list[str]:
    header = html[html.index('<header class="top">'):html.index("</header>")]
    return re.findall(r'(?:href|action)="([^"?]+)"', html[:html.index("</head>")]) + \
        re.findall(r'(?:href|action)="([^"?]+)"', header)


def test_the_header_links_follow_the_root_the_app_is_served_under(sign_in):
    client = sign_in("thuky")
    plain = _links(client.get("/").text)
    assert plain == ["/static/app.css", "/", "/people", "/admin/years", "/admin/users", "/password", "/logout"]
    under_prefix = _links(client.get("/", environ_overrides={"SCRIPT_NAME": "/thidua"}).text)
    assert under_prefix == ["/thidua" + link for link in plain]
    assert _links(client.get("/").text) == plain


def test_the_headers_sign_out_form_carries_a_token_that_signs_out(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from emulation.accounts.service import create_user
        create_user("thuky", "secretariat", PASSWORD)
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"username": "thuky", "password": PASSWORD, "csrf_token": token}).status_code == 302
    page = client.get("/").text
    form = re.search(r'<form method="post" action="/logout">(.*?)</form>', page).group(1)
    header_token = re.fullmatch(r'<input id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)">'
                                r'<button type="submit">Đăng xuất</button>', form).group(1)
    assert client.post("/logout", data={"csrf_token": header_token}).status_code == 302
    assert client.get("/").location.startswith("/login")
