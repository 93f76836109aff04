"""The score-entry rows kept per process by what they show (``sheets.rows``): every change to what a row shows, made
after the row was kept, shows on the next view: a save, a review, an evidence upload, a criteria change, a rename."""
import io
import re

from sqlalchemy import select, text

from emulation.extensions import db
from emulation.models import SignedCriterion

from .conftest import line_versions, set_sheet_state, sheet_form_data, sheet_url
from .evidence_samples import PDF
from .test_review_and_lock import _review_form


def _row(page: str, code: str) -> str:
    """The HTML of the row of criterion `code`."""
    return page.split(f'id="line-{code}"')[1].split("</tr>")[0]


def _viewed(client, unit: str = "TTTK") -> str:
    """View the sheet in both languages (each language's rows are kept) and return the Vietnamese page."""
    client.get(sheet_url(unit) + "?lang=en")
    return client.get(sheet_url(unit) + "?lang=vi").text


def test_a_save_shows_the_new_value_points_and_version(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    head = sign_in("tttk.truong")
    before = _row(_viewed(head), "A.1")
    assert 'name="value-A.1" type="text" value="27"' in before
    form = sheet_form_data(web_app, "TTTK", {"A.1": "26"})
    assert head.post(sheet_url("TTTK"), data={**form, "save": "1"}).status_code == 302
    after = _row(_viewed(head), "A.1")
    assert 'name="value-A.1" type="text" value="26"' in after
    assert '<td class="num points" data-label="Điểm">26</td>' in after
    assert f'name="version-A.1" value="{line_versions(web_app, "TTTK")["version-A.1"]}"' in after
    # and back: the row kept for 27 is not the row of the new version of 27
    form = sheet_form_data(web_app, "TTTK", {"A.1": "27"})
    assert head.post(sheet_url("TTTK"), data={**form, "save": "1"}).status_code == 302
    again = _row(_viewed(head), "A.1")
    assert again != before and 'value="27"' in again
    assert f'name="version-A.1" value="{line_versions(web_app, "TTTK")["version-A.1"]}"' in again


def test_a_review_shows_the_adjustment_and_the_returned_comment(web_app, sign_in):
    secretariat, reviewer = sign_in("thuky"), sign_in("danhgia")
    assert "Đã điều chỉnh" not in _row(_viewed(secretariat), "A.1")
    form = _review_form(web_app, "TTTK", A_1=("adjust", "20", "Kế hoạch ban hành chậm."))
    assert reviewer.post(sheet_url("TTTK", "review"), data=form).status_code == 302
    row = _row(_viewed(secretariat), "A.1")
    assert '<div class="comment">Đã điều chỉnh thành 20: Kế hoạch ban hành chậm.</div>' in row
    assert '<td class="num points" data-label="Điểm">20</td>' in row
    set_sheet_state(web_app, "TTTK", "submitted")
    form = _review_form(web_app, "TTTK", D_3=("return", "", "Thiếu minh chứng."))
    assert reviewer.post(sheet_url("TTTK", "review"), data=form).status_code == 302
    assert '<div class="comment">Nhận xét: Thiếu minh chứng.</div>' in _row(_viewed(secretariat), "D.3")


def test_an_evidence_upload_and_its_removal_show(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    head = sign_in("tttk.truong")
    assert "evidence-files" not in _row(_viewed(head), "A.3")
    uploaded = head.post(sheet_url("TTTK", "lines/A.3/evidence"), data={"files": [(io.BytesIO(PDF), "bien-ban.pdf")]},
                         content_type="multipart/form-data")
    assert uploaded.status_code == 302
    row = _row(_viewed(head), "A.3")
    assert ">bien-ban.pdf</a>" in row
    remove = re.search(r'formaction="([^"]+/remove)"', row).group(1).replace("&amp;", "&")
    assert head.post(remove).status_code == 302
    assert "bien-ban.pdf" not in _row(_viewed(head), "A.3")


def test_an_evidence_note_saved_shows(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    head, secretariat = sign_in("tttk.truong"), sign_in("thuky")
    _viewed(head), _viewed(secretariat)
    form = sheet_form_data(web_app, "TTTK")
    form["text-A.1"] = "Quyết định số 12 <đã ký>"
    assert head.post(sheet_url("TTTK"), data={**form, "save": "1"}).status_code == 302
    assert "Quyết định số 12 &lt;đã ký&gt;</textarea>" in _row(_viewed(head), "A.1")
    assert "Quyết định số 12 &lt;đã ký&gt;</div>" in _row(_viewed(secretariat), "A.1")


def test_a_changed_criterion_shows_its_new_name_and_maximum(web_app, sign_in):
    secretariat = sign_in("thuky")
    assert 'data-max="30"' in _row(_viewed(secretariat), "A.1")
    with web_app.app_context():     # a criterion signed again (a year file loaded, say): its stored spec changes
        criterion = db.session.execute(select(SignedCriterion).where(SignedCriterion.code == "A.1")).scalar_one()
        criterion.spec = {**criterion.spec, "name": "Tiêu chí đã đổi tên", "max_points": 35}
        criterion.max_points = 35
        db.session.commit()
    row = _row(_viewed(secretariat), "A.1")
    assert '<span id="name-A.1">Tiêu chí đã đổi tên</span>' in row and 'data-max="35"' in row


def test_a_renamed_unit_shows_in_the_heading_and_the_submit_dialog(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    head = sign_in("tttk.truong")
    _viewed(head)
    with web_app.app_context():
        db.session.execute(text("UPDATE units SET name = 'Trung tâm mới' WHERE code = 'TTTK'"))
        db.session.commit()
    page = _viewed(head)
    assert "Trung tâm mới" in page.split("<h1>")[1].split("</h1>")[0]
    assert "Gửi bảng điểm của Trung tâm mới?" in page


def test_a_refused_save_keeps_none_of_its_posted_rows(web_app, sign_in):
    """A refused post's rows show the posted text and its errors: they are written for that answer, never kept
    (a head posting long notes again and again would otherwise pin them in the process)."""
    from emulation.sheets import rows
    set_sheet_state(web_app, "TTTK", "draft")
    head = sign_in("tttk.truong")
    rows._line_row.cache_clear()
    form = sheet_form_data(web_app, "TTTK")
    form["text-A.1"] = "x" * 200_000
    answer = head.post(sheet_url("TTTK"), data={**form, "save": "1"})
    assert "field-error" in answer.text and "x" * 4001 in answer.text     # the posted text is shown back
    assert rows._line_row.cache_info().currsize == 0


def test_rows_with_long_texts_are_shown_but_not_kept_and_the_kept_rows_stay_under_16_mb(web_app, sign_in):
    import tracemalloc

    from emulation.sheets import page_cache, rows
    note = "Biên bản kiểm tra số 12 ngày 3/4 của đoàn. " * 100
    with web_app.app_context():
        db.session.execute(text("UPDATE score_lines SET evidence = :note WHERE sheet_id IN (SELECT s.id FROM "
                                "score_sheets s JOIN units u ON u.id = s.unit_id WHERE u.code = 'TTTK')"),
                           {"note": note[:4000]})
        db.session.commit()
    head = sign_in("tttk.truong")
    rows._line_row.cache_clear()
    page = head.get(sheet_url("TTTK")).text
    assert note[:200] in page
    assert rows._line_row.cache_info().currsize == 0
    # The largest row that is kept: texts of KEPT_TEXT characters; KEPT_ROWS of them fit in 16 MB.
    rows._line_row.cache_clear()
    with web_app.app_context():
        db.session.execute(text("UPDATE score_lines SET evidence = :note"), {"note": "đ" * rows.KEPT_TEXT})
        db.session.commit()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        head.get(sheet_url("TTTK"))
        page_cache.forget_all()     # the page kept whole is the page cache's (bounded on its own)
        kept = rows._line_row.cache_info().currsize
        per_row = (tracemalloc.get_traced_memory()[0] - before) / kept
    finally:
        tracemalloc.stop()
    assert kept > 10
    assert per_row * rows.KEPT_ROWS <= 16 * 2**20, f"{per_row:.0f} bytes a kept row"
