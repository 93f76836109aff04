"""The home page on a phone: a unit head's pending work as cards that never scroll sideways (issue 16)."""
from __future__ import annotations

import pytest

from .conftest import audit_page, open_as, open_work

pytestmark = pytest.mark.browser
SHEET = "/blocs/KTD-II/years/2017/units/TTTK/sheet"


def test_a_unit_heads_home_fits_a_phone_and_leads_to_the_sheet(browser, live_server, screenshots, axe_source):
    head = open_as(browser, live_server, "tttk.truong", axe_source)           # 390 × 844
    assert head.viewport_size == {"width": 390, "height": 844}
    cards = head.locator("section.work-item")
    assert cards.count() >= 2 and head.locator("section.work-item[data-kind=fill]").count() == 1
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] and first["width"] <= 390         # stacked, not side by side
    audit_page(head, "phone-unit-head-home-vi", screenshots)
    head.goto(live_server + "/?lang=en")
    assert "Score sheet to fill in and submit" in head.locator("section.work-item[data-kind=fill]").inner_text()
    audit_page(head, "phone-unit-head-home-en", screenshots)
    open_work(head, "fill")
    assert head.url.endswith(SHEET)
