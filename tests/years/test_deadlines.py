"""The year's deadlines page: the secretariat sets them; errors beside the fields; a stale form changes nothing."""
import re
from datetime import date

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import AuditEvent
from emulation.storage.database import read_year

from .conftest import BASE, BLOC, YEAR

URL = f"{BASE}/deadlines"


def _stored(app):
    with app.app_context():
        return read_year(BLOC, YEAR).deadlines


def _version(page: str) -> str:
    """Return the version the page's form carries."""
    return re.search(r'<input id="version" name="version" type="hidden" value="(\d+)">', page).group(1)


def _error_beside(page: str, field: str) -> str:
    found = re.search(rf'name="{field}"[^>]*>\s*(?:<span class="error">([^<]*)</span>)?', page)
    return found.group(1) or ""


def _audit_rows(app) -> list:
    with app.app_context():
        return db.session.execute(select(AuditEvent.before, AuditEvent.after)
                                  .where(AuditEvent.kind == "deadlines")).all()


def test_the_secretariat_sets_the_deadlines_with_an_audit_row(web_app, sign_in):
    client = sign_in("thuky")
    page = client.get(URL).text
    assert 'name="submission"' in page and 'type="date"' in page
    saved = client.post(URL, data={"registration": "31/03/2017", "submission": "2017-12-10", "review": "20/12/2017",
                                   "publication": "", "version": _version(page)}, follow_redirects=True)
    assert saved.status_code == 200 and "Đã lưu các hạn của năm 2017." in saved.text
    assert _stored(web_app) == type(_stored(web_app))(date(2017, 3, 31), date(2017, 12, 10), date(2017, 12, 20), None)
    [(before, after)] = _audit_rows(web_app)
    assert before["submission"] is None and after["submission"] == "2017-12-10"
    assert 'value="2017-12-10"' in saved.text


def test_bad_dates_are_refused_beside_their_field_and_nothing_is_stored(web_app, sign_in):
    client = sign_in("thuky")
    version = _version(client.get(URL).text)
    bad = client.post(URL, data={"registration": "31/02/2017", "submission": "", "review": "", "publication": "",
                                 "version": version})
    assert bad.status_code == 400 and "Ngày không hợp lệ" in _error_beside(bad.text, "registration")
    misordered = client.post(URL, data={"registration": "", "submission": "10/12/2017", "review": "01/12/2017",
                                        "publication": "05/06/2030", "version": version})
    assert misordered.status_code == 400
    assert _error_beside(misordered.text, "review") == "Không được trước hạn gửi bảng điểm."
    assert _error_beside(misordered.text, "publication") == "Ngày phải từ 01/01/2017 đến 31/12/2018."
    assert _error_beside(misordered.text, "submission") == ""
    english = client.post(f"{URL}?lang=en", data={"review": "01/12/2017", "submission": "10/12/2017",
                                                 "version": version})
    assert _error_beside(english.text, "review") == "Must not be before the score sheet submission deadline."
    assert _stored(web_app).submission is None and _audit_rows(web_app) == []


def test_a_field_left_out_keeps_its_date_and_a_stale_form_changes_nothing(web_app, sign_in):
    first, second = sign_in("thuky"), sign_in("thuky")
    stale = _version(second.get(URL).text)
    assert first.post(URL, data={"submission": "10/12/2017", "review": "20/12/2017", "version": stale}
                      ).status_code == 302
    assert first.post(URL, data={"review": "22/12/2017", "version": _version(first.get(URL).text)}
                      ).status_code == 302
    assert (_stored(web_app).submission, _stored(web_app).review) == (date(2017, 12, 10), date(2017, 12, 22))
    refused = second.post(URL, data={"submission": "01/12/2017", "version": stale})
    assert refused.status_code == 409 and "các hạn vừa được người khác thay đổi" in refused.text
    unversioned = second.post(URL, data={"submission": "01/12/2017"})
    assert unversioned.status_code == 400
    assert _stored(web_app).submission == date(2017, 12, 10) and len(_audit_rows(web_app)) == 2


def test_only_the_secretariat_opens_the_deadlines(sign_in):
    for user in ("danhgia", "tttk.truong", "xem"):
        assert sign_in(user).get(URL).status_code == 403
    assert f'href="{URL}"' in sign_in("thuky").get("/").text
