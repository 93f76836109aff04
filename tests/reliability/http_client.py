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
    """One person's browser: a cookie jar and answers as (status, body); redirects are not followed."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self, username: str, password: str) -> None:
        status, body = self.open("/login", {"username": username, "password": password})
        assert status == 302, (status, body[:500])

    def versions(self, path: str) -> dict[str, str]:
        """Return the hidden versions of the form at `path`."""
        status, body = self.open(path)
        assert status == 200, status
        return dict(re.findall(r'name="([a-z]-version-[^"]+|version-[^"]+)" value="(\d+)"', body))
