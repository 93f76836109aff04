"""The score-entry page kept per data version: a repeated view reads one row, and never shows what was changed
since, another role's controls or another session's CSRF token."""
import re

from sqlalchemy import event, select

from emulation.extensions import db
from emulation.models import ScoreLine, ScoreSheet, SignedCriterion, Unit, User
from emulation.sheets import page_cache

from .conftest import PASSWORD, line_versions, set_sheet_state, sheet_form_data, sheet_url


def _queries(app, client, url: str) -> tuple[list[str], str]:
    """Return the statements one GET of `url` runs, and the page."""
    seen = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        page = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert page.status_code == 200
    return seen, page.text


def test_a_repeated_view_reads_only_the_data_version_and_a_first_view_a_few_rows(web_app, sign_in):
    page_cache.forget_all()
    set_sheet_state(web_app, "TTTK", "draft")
    client = sign_in("tttk.truong")
    first, page = _queries(web_app, client, sheet_url("TTTK"))
    again, cached = _queries(web_app, client, sheet_url("TTTK"))
    # the session with its login, unit and bloc, and the data version; the year, bloc and unit with the criteria,
    # sheet, lines and evidence files; the bloc's plan lines
    assert len(first) <= 3, first
    assert len(again) == 1 and "user_sessions" in again[0] and "FROM data_version" in again[0], again
    assert _without_csrf_tokens(cached) == _without_csrf_tokens(page)


def _without_csrf_tokens(page: str) -> str:
    """The page with its CSRF tokens blanked: a token carries the second it was made, and two views may straddle
    one (the token itself is checked in the CSRF test below)."""
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
    assert tokens
    for token in tokens:
        page = page.replace(token, "<csrf-token>")
    return page


def test_a_save_shows_at_once_on_the_next_view(web_app, sign_in):
    page_cache.forget_all()
    set_sheet_state(web_app, "TTTK", "draft")
    client = sign_in("tttk.truong")
    assert 'value="7"' not in client.get(sheet_url("TTTK")).text.split('id="line-A.1"')[1].split("</tr>")[0]
    form = sheet_form_data(web_app, "TTTK", {"A.1": "7"})
    assert client.post(sheet_url("TTTK"), data={**form, "save": "1"}).status_code == 302
    line = client.get(sheet_url("TTTK")).text.split('id="line-A.1"')[1].split("</tr>")[0]
    assert 'name="value-A.1" type="text" value="7"' in line
    assert f'name="version-A.1" value="{line_versions(web_app, "TTTK")["version-A.1"]}"' in line


def test_a_change_by_another_user_or_path_shows_at_once(web_app, sign_in):
    page_cache.forget_all()
    set_sheet_state(web_app, "TTTK", "submitted")
    secretariat = sign_in("thuky")
    assert "Bảng điểm đã gửi đi" in secretariat.get(sheet_url("TTTK")).text
    with web_app.app_context():     # a write outside the sheet's own views: the line returned with a comment
        line = db.session.execute(select(ScoreLine).join(ScoreSheet).join(Unit).join(SignedCriterion, ScoreLine.criterion)
                                  .where(Unit.code == "TTTK", SignedCriterion.code == "A.1")).scalar_one()
        line.review_state, line.comment = "returned", "Bổ sung minh chứng"
        db.session.commit()
    set_sheet_state(web_app, "TTTK", "returned")
    page = secretariat.get(sheet_url("TTTK")).text
    assert "Bảng điểm bị trả lại" in page and "Bổ sung minh chứng" in page


def test_a_role_never_gets_the_page_kept_for_another(web_app, sign_in):
    page_cache.forget_all()
    set_sheet_state(web_app, "TTTK", "draft")
    head, reviewer = sign_in("tttk.truong"), sign_in("danhgia")
    for first, second in ((head, reviewer), (reviewer, head)):
        page_cache.forget_all()
        first.get(sheet_url("TTTK"))
        head_page, reviewer_page = head.get(sheet_url("TTTK")).text, reviewer.get(sheet_url("TTTK")).text
        assert 'name="save"' in head_page and 'name="text-A.1"' in head_page
        assert 'name="save"' not in reviewer_page and 'name="text-A.1"' not in reviewer_page
        assert re.search(r'<input[^>]*disabled[^>]*name="value-A.1"', reviewer_page)
        assert not re.search(r'<input[^>]*disabled[^>]*name="value-A.1"', head_page)


def test_each_language_has_its_own_page(web_app, sign_in):
    page_cache.forget_all()
    client = sign_in("thuky")
    assert "Bảng tự chấm điểm" in client.get(sheet_url("TTTK")).text
    english = client.get(sheet_url("TTTK") + "?lang=en").text
    assert "Bảng tự chấm điểm" not in english and 'lang="en"' in english


def test_a_kept_page_carries_the_csrf_token_of_the_session_viewing_it(make_app, demo_app):
    page_cache.forget_all()
    app = make_app(WTF_CSRF_ENABLED=True)      # on the demo's database
    with app.app_context():
        for sheet in db.session.execute(select(ScoreSheet)).scalars():
            sheet.state = "draft"
        for user in db.session.execute(select(User)).scalars():
            user.set_password(PASSWORD)
        db.session.commit()

    def signed_in():
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)
        assert client.post("/login", data={"username": "tttk.truong", "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302
        return client

    def tokens(page: str) -> set[str]:
        return set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', page)) | \
            set(re.findall(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page))
    one, two = signed_in(), signed_in()
    first, second = one.get(sheet_url("TTTK")).text, two.get(sheet_url("TTTK")).text      # the second is kept
    assert len(tokens(first)) == 1 and len(tokens(second)) == 1 and tokens(first) != tokens(second)
    form = sheet_form_data(app, "TTTK", {"A.1": "6"})
    saved = two.post(sheet_url("TTTK"), data={**form, "save": "1", "csrf_token": tokens(second).pop()})
    assert saved.status_code == 302


def test_a_unit_renamed_right_after_the_version_read_is_not_kept_stale(web_app, sign_in):
    """The data version is read with the signed-in login, in the request's first statement (so nothing the sign-in
    read can be older than it); a rename committed right after that statement, before the page reads the sheet, shows
    on the next view (the page kept must be the one of the version it is kept under, or newer)."""
    from sqlalchemy import text
    page_cache.forget_all()
    set_sheet_state(web_app, "TTTK", "draft")
    head = sign_in("tttk.truong")
    with web_app.app_context():
        engine = db.engine
    fired = []

    def rename_meanwhile(_conn, _cursor, statement, *_args):
        if "FROM data_version" in statement and not fired:
            fired.append(True)
            with engine.connect() as other:
                other.execute(text("UPDATE units SET name = 'Tên mới của đơn vị' WHERE code = 'TTTK'"))
                other.commit()
    event.listen(engine, "after_cursor_execute", rename_meanwhile)
    try:
        head.get(sheet_url("TTTK"))
    finally:
        event.remove(engine, "after_cursor_execute", rename_meanwhile)
    assert fired and "Tên mới của đơn vị" in head.get(sheet_url("TTTK")).text
