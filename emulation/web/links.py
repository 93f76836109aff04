"""Links every page carries (the header's, the stylesheet and script), built once per app and script root (a few roots
at most: a client may send any prefix through a proxy)."""
from __future__ import annotations

from flask import Flask, has_request_context, request, url_for


MAX_ROOTS = 8       # a deployment serves the app under one root or a few; a client may send any X-Forwarded-Prefix


def init_templates(app: Flask) -> None:
    """Give the templates ``fixed_url(endpoint, **values)``: ``url_for`` for links that take nothing else from the
    request, kept once built (``url_for`` costs 15-20 µs, and the header alone has up to eight)."""
    built: dict[str, dict[tuple, str]] = {}

    def fixed_url(endpoint: str, **values) -> str:
        # Within a request a relative URL depends only on the root the app is served under (a proxy's
        # X-Forwarded-Prefix may set it per request); outside one url_for builds full URLs: not kept.
        if not has_request_context():
            return url_for(endpoint, **values)
        links = built.get(request.script_root)
        if links is None:
            if len(built) >= MAX_ROOTS:         # roots beyond the first few are built each time, never kept
                return url_for(endpoint, **values)
            links = built.setdefault(request.script_root, {})
        key = (endpoint, *sorted(values.items()))
        found = links.get(key)
        if found is None:
            found = links[key] = url_for(endpoint, **values)
        return found

    app.jinja_env.globals["fixed_url"] = fixed_url
