"""Every screen as each role, on a phone (390×844) and at a desk, in Vietnamese and English.

Each walk checks every page it visits at once: no sideways scrolling, no serious or critical axe-core
violation, a screenshot under test-output/screenshots/. Along the way: confirmations before acting,
the review page's save bar, one clear state after returning a sheet, lock offered only when it can
succeed, and the printed results.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Award, Decision, Person, Unit

from .conftest import DESK, PHONE, audit_page, open_as, open_work

pytestmark = pytest.mark.browser
YEAR = "/blocs/KTD-II/years/2017"
SHEET = YEAR + "/units/{unit}/sheet"
REVIEW = YEAR + "/units/{unit}/review"
REGISTRATIONS = YEAR + "/units/{unit}/registrations"
HISTORY = YEAR + "/units/{unit}/lines/{code}/history"
# The HR record, councils, decisions, documents and accounts pages, and the long lists with a search and a page.
RECORD_PAGES = (("/people", "people"), ("/people?q=nguyen&status=active&per_page=2&page=2", "people-page-2"),
                ("/people/TTTK-01", "person"), ("/collectives/TTTK-TT", "collective"), ("/units/TTTK", "unit"),
                ("/units/TTTK/collectives", "unit-collectives"), ("/people/TTTK-01/earlier-titles", "earlier-title"),
                (YEAR + "/units/TTTK/import", "people-import"), (YEAR + "/council", "bloc-council"),
                (YEAR + "/units/TTTK/council", "unit-council"), (YEAR + "/decisions", "decisions"),
                (YEAR + "/decisions?q=45&level=unit", "decision"),
                (YEAR + "/decisions/correct?number=45/Q%C4%90-TTTK", "decision-correct"), (YEAR + "/documents", "documents"),
                ("/admin/users", "accounts"), ("/admin/users/tttk.truong", "account"),
                (YEAR + "/results?q=tttk&decision=awarded", "results-searched"),
                (REGISTRATIONS.format(unit="CCTDC") + "?per_page=10&page=2", "registrations-page-2"),
                (YEAR + "/deadlines", "deadlines"), ("/admin/blocs/KTD-II/units", "bloc-units"),
                (YEAR + "/scoring", "scoring"))


def visit(page, base: str, path: str, name: str, screenshots, lang: str) -> None:
    page.goto(base + path + ("&" if "?" in path else "?") + f"lang={lang}")
    audit_page(page, f"{name}-{lang}", screenshots)


def submit_sheet(page) -> None:
    """Press "submit" on the sheet: a dialog says what will happen; confirming sends the sheet."""
    page.click("input[name=submit], button[name=submit]")
    dialog = page.locator("#confirm-submit")
    assert dialog.is_visible()
    assert "không sửa được nữa" in dialog.inner_text() or "can no longer" in dialog.inner_text()
    with page.expect_navigation():
        dialog.locator("button[value=confirm]").click()


def test_unit_head_on_a_phone(browser, live_server, screenshots, axe_source):
    base = live_server
    login = browser.new_context(viewport=PHONE, locale="vi-VN")
    login.add_init_script(script=axe_source)
    page = login.new_page()
    page.goto(base + "/login")
    audit_page(page, "phone-unit-head-00-login-vi", screenshots)
    login.close()

    head = open_as(browser, base, "tttk.truong", axe_source)
    audit_page(head, "phone-unit-head-00-home-vi", screenshots)
    open_work(head, "fill")
    assert head.url.endswith(SHEET.format(unit="TTTK"))
    header = head.locator("header.top").bounding_box()
    assert header["height"] <= 110, f"the header takes {header['height']}px of an 844px phone screen"
    # The value inputs are named by their criterion, not only by its code.
    assert "Giá trị:" in head.get_attribute("input[name='value-A.1']", "aria-label")

    # Cancelling the confirmation sends nothing; confirming submits.
    head.fill("input[name='value-A.1']", "30")
    head.click("input[name=submit]")
    head.locator("#confirm-submit button[value=cancel]").click()
    assert not head.locator("#confirm-submit").is_visible() and head.locator(".flash").count() == 0
    submit_sheet(head)
    assert "Đã gửi bảng điểm." in head.locator(".flash.success").inner_text()

    for lang in ("vi", "en"):
        for path, name in ((SHEET.format(unit="TTTK"), "sheet"), (REGISTRATIONS.format(unit="TTTK"), "registrations"),
                           (YEAR + "/", "overview"), (YEAR + "/results", "results"),
                           (YEAR + "/results/versions", "versions"),
                           (HISTORY.format(unit="TTTK", code="A.1"), "line-history"), ("/password", "password"),
                           (SHEET.format(unit="CCTDC"), "forbidden")):
            visit(head, base, path, f"phone-unit-head-{name}", screenshots, lang)


def test_secretariat_at_a_desk_and_every_role_on_a_phone(browser, live_server, screenshots, axe_source):
    base = live_server
    desk = open_as(browser, base, "thuky", axe_source, viewport=DESK)

    # Lock is not offered while a sheet is not reviewed; the page says which and why.
    desk.goto(base + YEAR + "/")
    assert desk.locator("#lock-button").count() == 0
    assert "TTTK" in desk.locator("#lock-blocked li[data-unit=TTTK]").inner_text()
    audit_page(desk, "desk-secretariat-01-lock-blocked", screenshots)

    head = open_as(browser, base, "tttk.truong", axe_source)
    open_work(head, "fill")
    submit_sheet(head)

    # The review page: its save bar stays in view half-way down; returning a line gives one clear state.
    desk.goto(base + REVIEW.format(unit="TTTK"))
    desk.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    bar = desk.locator("#save-bar").bounding_box()
    assert 0 <= bar["y"] and bar["y"] + bar["height"] <= DESK["height"], bar
    audit_page(desk, "desk-secretariat-02-review", screenshots)
    desk.click("#accept-rest")
    desk.check("tr[data-code='A.4'] input[value=return]")
    desk.fill("textarea[name='text-A.4']", "Thiếu văn bản đề xuất nhân rộng điển hình.")
    desk.click("input[name=save], button[name=save]")
    desk.locator("#sheet-returned").wait_for(state="visible", timeout=10_000)     # the page after the save's redirect
    assert desk.locator("#sheet-not-submitted").count() == 0 and "chưa được gửi" not in desk.content()
    assert desk.locator("h1 .badge").inner_text() == "Bị trả lại"
    audit_page(desk, "desk-secretariat-03-returned", screenshots)

    head.goto(base + SHEET.format(unit="TTTK"))
    audit_page(head, "phone-unit-head-returned", screenshots)
    submit_sheet(head)
    desk.goto(base + REVIEW.format(unit="TTTK"))
    desk.check("tr[data-code='A.4'] input[value=accept]")
    desk.click("input[name=save], button[name=save]")
    assert "Đã lưu đánh giá." in desk.locator(".flash.success").inner_text()

    # Lock, then publish: each asks first and says what will happen.
    desk.goto(base + YEAR + "/")
    assert desk.locator("#lock-blocked").count() == 0
    desk.click("#lock-button")
    assert "Không ai sửa được" in desk.locator("#confirm-lock").inner_text()
    audit_page(desk, "desk-secretariat-04-confirm-lock", screenshots)
    desk.locator("#confirm-lock button[value=cancel]").click()
    desk.reload()
    assert desk.locator("#lock-button").count() == 1                  # cancelled: still open
    desk.click("#lock-button")
    with desk.expect_navigation():
        desk.locator("#confirm-lock button[value=confirm]").click()
    assert "Đã khoá năm thi đua." in desk.locator(".flash.success").inner_text()
    desk.click("#publish-button")
    assert "phiên bản công bố" in desk.locator("#confirm-publish").inner_text()
    with desk.expect_navigation():
        desk.locator("#confirm-publish button[value=confirm]").click()
    assert "Đã công bố kết quả." in desk.locator(".flash.success").inner_text()
    desk.fill("#reopen-form input[name=reason]", "Khiếu nại")
    desk.click("#reopen-button")
    assert "giữ nguyên" in desk.locator("#confirm-reopen").inner_text()
    desk.locator("#confirm-reopen button[value=cancel]").click()

    # On paper: no navigation or buttons, the table headings repeat on every page.
    desk.goto(base + YEAR + "/results")
    desk.emulate_media(media="print")
    assert not desk.locator("header.top").is_visible()
    assert desk.locator("#ranking thead").evaluate("e => getComputedStyle(e).display") == "table-header-group"
    screenshots(desk, "desk-secretariat-05-results-printed")
    desk.emulate_media(media="screen")

    # Every page of every role on a phone, in both languages.
    phone = open_as(browser, base, "thuky", axe_source)
    reviewer = open_as(browser, base, "danhgia", axe_source)
    for lang in ("vi", "en"):
        for path, name in (("/", "home"), (YEAR + "/", "overview"), (YEAR + "/results", "results"),
                           (YEAR + "/results/versions", "versions"), (REVIEW.format(unit="TTTK"), "review"),
                           (SHEET.format(unit="CCTDC"), "sheet"), (REGISTRATIONS.format(unit="TTUD"), "registrations"),
                           (HISTORY.format(unit="TTTK", code="A.4"), "line-history"), ("/admin/years", "sign"),
                           ("/admin/users", "accounts"), ("/password", "password")):
            visit(phone, base, path, f"phone-secretariat-{name}", screenshots, lang)
        for path, name in (("/", "home"), (REVIEW.format(unit="CCTDC"), "review"), (YEAR + "/results", "results")):
            visit(reviewer, base, path, f"phone-reviewer-{name}", screenshots, lang)


def test_record_council_documents_and_accounts_pages_on_a_phone(browser, live_app, live_server, screenshots,
                                                                 axe_source):
    sign_decision(live_app)
    phone = open_as(browser, live_server, "thuky", axe_source)
    for lang in ("vi", "en"):
        for path, name in RECORD_PAGES:
            visit(phone, live_server, path, f"phone-secretariat-{name}", screenshots, lang)
    phone.goto(live_server + YEAR + "/decisions?q=45&level=unit")
    assert phone.locator("#signed tr[data-number]").count() == 1
    phone.goto(live_server + YEAR + "/decisions/correct?number=45/Q%C4%90-TTTK")
    assert phone.locator("#awarded tr[data-key='i-TTTK-01-LDTT'] input").is_checked()


def sign_decision(app) -> None:
    """Record a signed decision of TTTK awarding one title, so the decisions list and the correction page have a row
    to show."""
    with app.app_context():
        unit = db.session.execute(select(Unit).where(Unit.code == "TTTK")).scalar_one()
        decision = Decision(year=2017, number="45/QĐ-TTTK", level="unit", signed_on=date(2017, 12, 28),
                            signer="Nguyễn Văn Giám", signer_title="Giám đốc", unit=unit)
        person = db.session.execute(select(Person).where(Person.code == "TTTK-01")).scalar_one()
        db.session.add_all([decision, Award(year=2017, title_code="LDTT", person=person, decision=decision,
                                            made_by_decision=True)])
        db.session.commit()
