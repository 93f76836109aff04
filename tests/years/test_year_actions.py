"""The year's actions on its overview: offered only when they can succeed, each with what will happen first."""
from .conftest import BASE, set_sheet_state, sheet_url


def test_lock_is_not_offered_while_a_sheet_is_returned_and_the_page_says_why(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "returned")
    page = sign_in("thuky").get(f"{BASE}/").text
    assert 'id="lock-button"' not in page
    blocked = page[page.index('id="lock-blocked"'):page.index("</div>", page.index('id="lock-blocked"'))]
    assert "mọi bảng điểm phải được đánh giá xong" in blocked
    assert 'data-unit="TTTK"' in blocked and "Bị trả lại" in blocked and 'data-unit="TTUD"' not in blocked


def test_lock_publish_and_reopen_each_say_what_will_happen(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "reviewed")
    secretariat = sign_in("thuky")
    page = secretariat.get(f"{BASE}/").text
    assert 'id="lock-blocked"' not in page and 'data-confirm="confirm-lock"' in page
    assert '<dialog class="confirm" id="confirm-lock"' in page and "Không ai sửa được bảng điểm" in page
    assert secretariat.post(f"{BASE}/lock").status_code == 302
    page = secretariat.get(f"{BASE}/").text
    assert 'data-confirm="confirm-publish"' in page and "phiên bản công bố mới" in page
    assert 'data-confirm="confirm-reopen"' in page and "Các phiên bản đã công bố giữ nguyên" in page
    assert 'id="lock-button"' not in page
    english = secretariat.get(f"{BASE}/?lang=en").text
    assert "A published version never changes" in english


def test_the_actions_are_the_secretariats_only(web_app, sign_in):
    for user in ("danhgia", "tttk.truong"):
        page = sign_in(user).get(f"{BASE}/").text
        assert "confirm-lock" not in page and 'id="lock-blocked"' not in page


def test_a_returned_sheet_shows_one_state_on_the_review_page(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "returned")
    page = sign_in("danhgia").get(sheet_url("TTTK", "review")).text
    assert 'id="sheet-returned"' in page and "Bị trả lại" in page
    assert "chưa được gửi" not in page and 'id="save-bar"' not in page
    set_sheet_state(web_app, "TTTK", "submitted")
    page = sign_in("danhgia").get(sheet_url("TTTK", "review")).text
    assert 'class="actions sticky" id="save-bar"' in page and 'id="sheet-returned"' not in page


def test_submitting_a_sheet_asks_first_and_inputs_are_named_by_their_criterion(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    page = sign_in("tttk.truong").get(sheet_url("TTTK")).text
    assert 'data-confirm="confirm-submit"' in page and "Sau khi gửi, đơn vị không sửa được nữa" in page
    assert 'aria-label="Giá trị: Ban hành kế hoạch' in page
