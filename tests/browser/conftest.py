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


# axe-core from the npm registry, pinned by version and checksum; fetched once into tests/browser/vendor/
# (gitignored) so no node is needed at run time. Bump: change the version and both hashes together.
AXE_VERSION = "4.14.1"
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
AXE_TARBALL_SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
AXE_SCRIPT_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
VENDOR = Path(__file__).resolve().parent / "vendor"


def _sha256(data: bytes) -> str:
    import hashlib
    return hashlib.sha256(data).hexdigest()


def fetch_axe(folder: Path = VENDOR) -> str:
    """Return the source of the pinned axe.min.js, downloading and checking the npm tarball the first time."""
    import io
    import tarfile
    import urllib.request

    cached = folder / f"axe-{AXE_VERSION}.min.js"
    if cached.exists() and _sha256(cached.read_bytes()) == AXE_SCRIPT_SHA256:
        return cached.read_text(encoding="utf-8")
    with urllib.request.urlopen(AXE_TARBALL, timeout=60) as response:       # noqa: S310 (a pinned https URL)
        tarball = response.read()
    if _sha256(tarball) != AXE_TARBALL_SHA256:
        raise RuntimeError(f"{AXE_TARBALL} does not match its pinned SHA-256")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        script = archive.extractfile("package/axe.min.js").read()
    if _sha256(script) != AXE_SCRIPT_SHA256:
        raise RuntimeError("axe.min.js in the tarball does not match its pinned SHA-256")
    folder.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(script)
    return script.decode("utf-8")


@pytest.fixture(scope="session")
def axe_source():
    """The pinned axe-core script (fetched once per machine)."""
    try:
        return fetch_axe()
    except OSError as error:
        pytest.fail(f"axe-core {AXE_VERSION} could not be downloaded from the npm registry: {error}")


PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def audit_page(page, name: str, screenshots) -> None:
    """Assert the page does not scroll sideways and has no serious or critical axe violation; save a screenshot.

    axe is injected by the context's init script (see `open_as`), which the page's CSP does not block.
    """
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    screenshots(page, name)
    assert scroll_width <= width, f"{name}: {page.url} is {scroll_width}px wide at {width}px"
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter(v => ["serious", "critical"].includes(v.impact))
            .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""")
    assert not found, f"{name}: {page.url} has accessibility violations: {found}"


def open_as(browser, base: str, username: str, axe: str, viewport=PHONE, locale: str = "vi-VN"):
    """Open a fresh context of `viewport` size with axe preloaded, and sign `username` in through the form."""
    context = browser.new_context(locale=locale, viewport=viewport, accept_downloads=True)
    context.add_init_script(script=axe)
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def open_work(page, kind: str) -> None:
    """Follow the home page's card of pending work `kind` (fill, fix, review, ...) to its page."""
    with page.expect_navigation():
        page.click(f"section.work-item[data-kind={kind}] h2 a")
