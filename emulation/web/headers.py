"""Security headers on every answer: a Content-Security-Policy and its older equivalents.

The pages load scripts and styles from the app only. The few inline scripts of the templates
(the sheet's live points, the review's "accept the rest") are allowed by their SHA-256, computed
from the templates when the app starts, so they keep working and nothing else inline runs.
Inline ``style`` attributes (the criteria tree's indentation) are allowed; inline ``<style>``
elements are not.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from flask import Flask, Response

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def inline_script_hashes(template_dir: Path) -> list[str]:
    """Return the CSP sources ('sha256-…') of the templates' inline scripts that hold no template code."""
    hashes = set()
    for template in sorted(template_dir.rglob("*.html")):
        for body in _INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            if "{{" not in body and "{%" not in body:
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def content_security_policy(script_hashes: list[str]) -> str:
    """Return the policy: everything from this app only, no framing, no plugins, forms post here only."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(script_hashes) if script_hashes else "script-src 'self'",
        "style-src 'self'", "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def init_security_headers(app: Flask) -> None:
    """Add the security headers to every answer of `app` (a view may set its own first)."""
    headers = {
        "Content-Security-Policy": content_security_policy(inline_script_hashes(Path(app.template_folder))),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":   # pages may hold personal data: kept by no shared cache
            response.headers.setdefault("Cache-Control", "private")
        return response
