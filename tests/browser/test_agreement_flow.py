"""Issue 17 done, in a real Chromium: the example cluster of common criteria only, its units declared as data, is
signed; the unit heads enter their lines on a phone and cross-score the other members; the reviewer, the
secretariat and the provincial emulation board enter the lines they score; the secretariat locks and ranks; the
results explain each total line by line (the band matched, the values combined)."""
from __future__ import annotations

import pytest
from years.agreement_flow import (BASE, BLOC, CROSS, HEADS, ROLE_VALUES, UNIT_VALUES, YEAR, create_heads,
                                  create_staff, criteria_with_units)

from .conftest import PHONE, audit_page, open_as
from .test_flows import ranking
from .test_screens import submit_sheet

pytestmark = pytest.mark.browser


@pytest.fixture
def live_app(make_app, tmp_path):
    """The served app: no bloc yet, the example cluster's agreement with its units, the staff's logins."""
    app = make_app(EMULATION_CRITERIA_DIR=criteria_with_units(tmp_path))
    create_staff(app)
    return app


def _open(browser, base: str, username: str, axe_source: str):
    """Sign `username` in on a phone, with axe-core loaded for `audit_page`."""
    return open_as(browser, base, username, axe_source, PHONE)


def _save_scores(page, values: dict[str, str]) -> None:
    """Type `values` (field name -> text) on a scoring page and save them."""
    for name, value in values.items():
        page.fill(f'#scoring-form input[name="value-{name}"]', value)
    with page.expect_navigation():
        page.click("#scoring-form button[type=submit]")
    assert "Đã lưu" in page.locator(".flash.success").inner_text()


def test_the_example_cluster_in_chromium(browser, live_server, live_app, screenshots, axe_source):
    base = live_server
    secretariat = _open(browser, base, "thuky", axe_source)
    secretariat.goto(base + f"/admin/blocs/{BLOC}/units")
    audit_page(secretariat, "giao-uoc-00-don-vi", screenshots)
    secretariat.goto(base + "/admin/years")
    secretariat.select_option("#sign-year select[name=agreement]", f"{BLOC}/{YEAR}")
    secretariat.click("#sign-year button[type=submit]")
    with secretariat.expect_navigation():
        secretariat.click("#confirm-sign button[value=confirm]")
    create_heads(live_app)

    for unit, values in UNIT_VALUES.items():
        head = _open(browser, base, HEADS[unit], axe_source)
        head.goto(base + f"{BASE}/units/{unit}/sheet")
        board_line = head.locator('tr[data-code="TR.1"]')
        assert "Do Ban Thi đua - Khen thưởng chấm" in board_line.inner_text()
        assert board_line.locator("input.value").count() == 0
        for code, value in values.items():
            head.fill(f'input[name="value-{code}"]', value)
        screenshots(head, f"giao-uoc-01-bang-diem-{unit}")
        submit_sheet(head)
        head.goto(base + f"{BASE}/cross-scoring")
        audit_page(head, f"giao-uoc-cham-cheo-{unit}", screenshots)
        assert head.locator(f'input[name="value-{unit}:B.1"]').count() == 0       # never itself
        _save_scores(head, {f"{scored}:B.1": value for scored, value in CROSS[unit].items()})
        head.context.close()

    for username, lines in ROLE_VALUES.items():
        scorer = _open(browser, base, username, axe_source)
        scorer.goto(base + f"{BASE}/scoring")
        audit_page(scorer, f"giao-uoc-cham-{username}", screenshots)
        _save_scores(scorer, {f"{unit}:{code}": value for code, by_unit in lines.items()
                              for unit, value in by_unit.items()})
        if username == "danhgia":
            for unit in UNIT_VALUES:
                scorer.goto(base + f"{BASE}/units/{unit}/review")
                scorer.click("#accept-rest")
                with scorer.expect_navigation():
                    scorer.click("#save-bar [name=save]")
        scorer.context.close()

    secretariat.goto(base + f"{BASE}/units/LM-CB/sheet")
    cross = secretariat.locator('tr[data-code="B.1"]').inner_text()
    assert "LM-BK: 28" in cross and "LM-LS: 26" in cross and "LM-TN: 30" in cross
    secretariat.goto(base + f"{BASE}/")
    secretariat.click("#lock-button")
    with secretariat.expect_navigation():
        secretariat.click("#confirm-lock button[value=confirm]")
    secretariat.goto(base + f"{BASE}/results")
    assert ranking(secretariat) == ["LM-TN", "LM-CB", "LM-BK", "LM-LS"]
    explained = secretariat.locator('details.explained[data-unit="LM-CB"]')
    explained.locator("summary").click()
    assert "Kết hợp từ 3 giá trị (trung bình bỏ điểm cao nhất và thấp nhất)" in explained.inner_text()
    assert "thuộc mức [0.8, +∞): 20 điểm" in explained.inner_text()
    assert "Do Ban Thi đua - Khen thưởng chấm" in explained.locator('tr[data-code="TR.2"]').inner_text()
    audit_page(secretariat, "giao-uoc-02-ket-qua", screenshots)
