"""Browser fixtures: the demo app served by werkzeug on a free local port, and Debian's Chromium via Playwright."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PASSWORD = "mat-khau-thu"
OUTPUT = Path(os.environ.get("TEST_OUTPUT_DIR", Path(__file__).resolve().parents[2] / "test-output"))


def pytest_collection_modifyitems(items):
    """Skip the browser tests cleanly where Debian's Chromium or Playwright is missing."""
    try:
        import playwright.sync_api  # noqa: F401
        missing = None if CHROMIUM.exists() else f"{CHROMIUM} is not installed"
    except ImportError:
        missing = "playwright is not installed"
    for item in items:
        if missing and "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture
def live_app(demo_app):
    """The demo bloc with known passwords, a reviewer `danhgia`, and TTTK's sheet back to a draft."""
    from emulation.accounts.service import create_user
    from emulation.extensions import db
    from emulation.models import ScoreSheet, Unit, User

    with demo_app.app_context():
        for user in db.session.execute(select(User)).scalars():
            user.set_password(PASSWORD)
        db.session.execute(select(ScoreSheet).join(Unit).where(Unit.code == "TTTK")).scalar_one().state = "draft"
        db.session.commit()
        create_user("danhgia", "reviewer", PASSWORD)
    return demo_app


@pytest.fixture
def live_server(live_app):
    """Serve `live_app` on 127.0.0.1 at a free port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser():
    """Debian's Chromium, headless, driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots():
    """Return a function that saves a full-page screenshot under test-output/screenshots/."""
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def shoot(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return shoot
