"""A save based on a stale version is refused with the newer value beside the field, and nothing is stored.

Every form carries the version of each line (and each registrant's facts) it was built from; the
re-rendered form carries the stored versions, so saving again after reading the newer value works.
"""
import re

from web.conftest import set_sheet_state, sheet_form_data, sheet_values

from .conftest import dump_database, sheet_url


def versions(html: str, prefix: str = "version-") -> dict[str, str]:
    """Return the hidden versions of a page's form: field name -> version."""
    return dict(re.findall(rf'name="({re.escape(prefix)}[^"]+)" value="(\d+)"', html))


def test_a_stale_score_line_is_refused_with_the_newer_value(web_app, sign_in):
    set_sheet_state(web_app, "TTTK", "draft")
    first, second = sign_in("tttk.truong"), sign_in("tttk.truong")
    seen = versions(first.get(sheet_url("TTTK")).text)
    saved = second.post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", {"A.1": "21"}),
                                                  **versions(second.get(sheet_url("TTTK")).text), "save": "1"})
    assert saved.status_code == 302
    before = dump_database(web_app)
    stale = first.post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", {"A.1": "25"}), **seen, "save": "1"})
    assert stale.status_code == 409
    assert "Chưa lưu: 1 dòng vừa được người khác thay đổi; giá trị mới ở bên cạnh." in stale.text
    assert ('<div class="field-error" id="error-A.1">Người khác vừa lưu giá trị 21 cho dòng này; '
            'xem lại rồi lưu lần nữa.</div>') in stale.text
    assert re.search(r'name="value-A.1" type="text" value="25"', stale.text)        # what was typed stays
    assert dump_database(web_app) == before
    # the re-rendered form carries the stored versions: saving again, knowingly, goes through
    again = first.post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", {"A.1": "25"}),
                                                **versions(stale.text), "save": "1"})
    assert again.status_code == 302 and sheet_values(web_app, "TTTK")["A.1"][0] == 25


def test_a_stale_review_is_refused_with_the_line_as_it_is_now(web_app, sign_in):
    first, second = sign_in("danhgia"), sign_in("thuky")
    seen = versions(first.get(sheet_url("TTTK", "review")).text)
    adjusted = {"action-A.1": "adjust", "value-A.1": "20", "text-A.1": "Kế hoạch ban hành chậm."}
    assert second.post(sheet_url("TTTK", "review"), data={**adjusted, **versions(
        second.get(sheet_url("TTTK", "review")).text)}).status_code == 302
    before = dump_database(web_app)
    stale = first.post(sheet_url("TTTK", "review"), data={"action-A.1": "accept", **seen})
    assert stale.status_code == 409
    assert "Dòng này vừa thay đổi: tự chấm 27, điều chỉnh → 20; xem lại rồi lưu lần nữa." in stale.text
    assert dump_database(web_app) == before


def test_stale_yearly_facts_are_refused_with_what_is_stored(web_app, sign_in):
    from registrations.test_registrations import _current_form
    first, second = sign_in("cctdc.truong"), sign_in("cctdc.truong")
    form = _current_form(first, "CCTDC")
    seen = versions(first.get(sheet_url("CCTDC", "registrations")).text, "p-version-")
    assert seen["p-version-CCTDC-07"] == "1"
    other = {**_current_form(second, "CCTDC"), "p-initiatives-CCTDC-07": "3",
             **versions(second.get(sheet_url("CCTDC", "registrations")).text, "p-version-")}
    assert second.post(sheet_url("CCTDC", "registrations"), data=other).status_code == 302
    before = dump_database(web_app)
    stale = first.post(sheet_url("CCTDC", "registrations"), data={**form, "p-title-CCTDC-07": "LDTT", **seen})
    assert stale.status_code == 409
    assert "3 sáng kiến; xem lại rồi lưu lần nữa." in stale.text
    assert 'name="p-version-CCTDC-07" value="2"' in stale.text
    assert dump_database(web_app) == before


def test_a_title_change_alone_makes_a_new_version(web_app, sign_in):
    from registrations.test_registrations import _current_form
    client = sign_in("cctdc.truong")
    form = {**_current_form(client, "CCTDC"), "p-title-CCTDC-07": "LDTT"}
    assert client.post(sheet_url("CCTDC", "registrations"), data=form).status_code == 302
    assert versions(client.get(sheet_url("CCTDC", "registrations")).text, "p-version-")["p-version-CCTDC-07"] == "2"
