"""Requests and headers: a size limit answered 413 in the user's language, and the security headers on every page."""
import base64
import hashlib
import re

import pytest

from .conftest import BASE, PASSWORD, dump_database, sheet_url

TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize("path", ["/login", "/", sheet_url("TTTK"), f"{BASE}/results", "/no-such-page", "/healthz"])
def test_security_headers_are_on_every_answer(sign_in, path):
    response = sign_in("thuky").get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    if response.mimetype == "text/html":        # a page (personal data) is kept by no shared cache
        assert "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize("page", ["sheet", "review"])
def test_the_pages_inline_scripts_are_allowed_by_their_hash(sign_in, page):
    response = sign_in("thuky").get(sheet_url("TTTK", page))
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    assert scripts, "the page's inline script is the reason for the hashes"
    script_src = response.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


@pytest.mark.parametrize("language, words", [("", "Dữ liệu gửi lên quá lớn (tối đa 2 MB); không có gì được lưu."),
                                             ("?lang=en", "What was sent is too large (at most 2 MB); nothing was saved.")])
def test_a_10_mb_form_is_refused_with_413_and_changes_nothing(web_app, sign_in, language, words):
    head = sign_in("tttk.truong")
    before = dump_database(web_app)
    big = head.post(sheet_url("TTTK") + language, data={"value-A.1": "1", "text-A.1": "x" * TEN_MB, "save": "1"})
    assert big.status_code == 413 and words in big.text
    upload = head.post(sheet_url("TTTK") + language, data={"value-A.1": "1", "save": "1",
                                                          "file": (__import__("io").BytesIO(b"x" * TEN_MB), "a.bin")})
    assert upload.status_code == 413 and words in upload.text
    assert dump_database(web_app) == before


def test_the_413_page_follows_the_language_kept_in_the_session(web_app, sign_in):
    head = sign_in("tttk.truong")
    assert "lang=\"en\"" in head.get(sheet_url("TTTK") + "?lang=en").text     # kept in the session
    big = web_app.test_client().post("/login", data={"username": "thuky", "password": "x" * TEN_MB})
    assert big.status_code == 413 and "Dữ liệu gửi lên quá lớn" in big.text
    english = head.post(sheet_url("TTTK"), data={"text-A.1": "x" * TEN_MB})
    assert english.status_code == 413 and "What was sent is too large" in english.text


def test_the_limit_comes_from_the_environment(monkeypatch, make_app):
    monkeypatch.setenv("EMULATION_MAX_REQUEST_MB", "0.5")
    app = make_app(EMULATION_AUTO_UPGRADE=False)
    assert app.config["MAX_CONTENT_LENGTH"] == 512 * 1024
    response = app.test_client().post("/login", data={"username": "thuky", "password": PASSWORD + "x" * 600_000})
    assert response.status_code == 413 and "tối đa 0,5 MB" in response.text


def test_behind_a_proxy_the_throttle_counts_the_forwarded_address_only_when_trusted(make_app, web_app):
    """EMULATION_PROXY_HOPS=1 believes one proxy's X-Forwarded-For; with 0 a client cannot choose its address."""
    def guesses(app):
        client = app.test_client()
        return [client.post("/login", data={"username": "thuky", "password": "sai-mat-khau"},
                            headers={"X-Forwarded-For": f"10.7.0.{n}"}).status_code for n in range(6)]
    assert guesses(web_app)[-1] == 429                  # one address: the sixth guess is refused
    behind = make_app(EMULATION_PROXY_HOPS=1, EMULATION_AUTO_UPGRADE=False)
    assert guesses(behind) == [400] * 6                 # six clients of the proxy, one guess each
