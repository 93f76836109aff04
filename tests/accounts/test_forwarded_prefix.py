"""A root prefix a client forges through the proxy (X-Forwarded-Prefix, believed with EMULATION_PROXY_HOPS) stays in
that client's own answers: it never grows the process's memory, nor reaches a page kept for other users."""
import re

from .conftest import PASSWORD, sheet_url


def test_a_new_forwarded_prefix_on_every_request_does_not_grow_the_kept_header_links(make_app):
    from emulation.web.links import MAX_ROOTS
    app = make_app(EMULATION_PROXY_HOPS=1)
    client = app.test_client()
    fixed_url = app.jinja_env.globals["fixed_url"]
    built = next(cell.cell_contents for cell in fixed_url.__closure__ if isinstance(cell.cell_contents, dict))
    for n in range(50):
        page = client.get("/login", headers={"X-Forwarded-Prefix": f"/p{n}" + "x" * 2000})
        assert f'href="/p{n}x' in page.text         # each answer still has its own root's links
    assert len(built) <= MAX_ROOTS


def test_a_sheet_page_rendered_under_a_forged_prefix_is_not_served_to_another_user(make_app, web_app):
    from emulation.accounts.service import create_user
    from emulation.sheets import page_cache
    app = make_app(EMULATION_PROXY_HOPS=1, SQLALCHEMY_DATABASE_URI=web_app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        create_user("danhgia2", "reviewer", PASSWORD)
    page_cache.forget_all()
    clients = []
    for name in ("danhgia", "danhgia2"):
        client = app.test_client()
        assert client.post("/login", data={"username": name, "password": PASSWORD}).status_code == 302
        clients.append(client)
    forger, other = clients
    assert "evil.example" in forger.get(sheet_url("TTTK"), headers={"X-Forwarded-Prefix": "//evil.example"}).text
    page = other.get(sheet_url("TTTK")).text
    assert "evil.example" not in page, re.findall(r'[^"]*evil\.example[^"]*', page)[:3]
