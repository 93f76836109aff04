"""A minimal HTTP client with cookies for the multi-process tests (the app under test runs in other processes)."""
from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: a cookie jar and answers as (status, body); redirects followed only when asked."""

    def __init__(self, base: str, follow_redirects: bool = False):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies)] + ([] if follow_redirects else [_NoRedirect])
        self.opener = urllib.request.build_opener(*handlers)

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self, username: str, password: str) -> str:
        """Sign in as a person would, with the page's CSRF token when it has one; return the page reached."""
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.open("/login")[1])
        form = {"username": username, "password": password, **({"csrf_token": token.group(1)} if token else {})}
        status, body = self.open("/login", form)
        assert status == 302 or (status == 200 and "/logout" in body), (status, body[:500])
        return body

    def versions(self, path: str) -> dict[str, str]:
        """Return the hidden versions of the form at `path`."""
        status, body = self.open(path)
        assert status == 200, status
        return dict(re.findall(r'name="([a-z]-version-[^"]+|version-[^"]+)" value="(\d+)"', body))
