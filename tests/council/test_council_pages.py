"""The council page: a session with its members and ballots, entered in the browser, decides the CSTĐCS quota."""
import re

from sqlalchemy import func, select

from emulation.extensions import db
from emulation.models import AuditEvent, CouncilBallot, CouncilSession

from .conftest import BASE, field_error, form_as_shown

COUNCIL = f"{BASE}/units/CCTDC/council"
# CCTDC: 15% × 20 LĐTT holders = 3 places; CCTDC-01 leads on the priority list, 7 equal candidates follow.
TIED = ("CCTDC-02", "CCTDC-03", "CCTDC-08", "CCTDC-12", "CCTDC-16", "CCTDC-17", "CCTDC-21")


def session_form(client, votes: dict[str, int], present: int = 9, members: int = 9) -> dict:
    """The council page as shown, filled in: a session of `members` (`present` of them present) and votes for."""
    form = form_as_shown(client.get(COUNCIL).text)
    form.update({"held_on": "20/12/2017", "place": "Phòng họp Chi cục"})
    for i in range(members):
        form[f"member-name-{i}"] = f"Thành viên {i + 1}"
        form[f"member-role-{i}"] = "Chủ tịch Hội đồng" if i == 0 else "Ủy viên"
        if i < present:
            form[f"member-present-{i}"] = "1"
        else:
            form.pop(f"member-present-{i}", None)
    for person, votes_for in votes.items():
        form[f"for-p-{person}-CSTDCS"] = str(votes_for)
        form[f"against-p-{person}-CSTDCS"] = str(present - votes_for)
        form[f"blank-p-{person}-CSTDCS"] = "0"
    return form


def cstdcs(client) -> dict[str, str]:
    """Person code -> the CSTĐCS decision of the results API, for CCTDC's candidates."""
    results = client.get(f"/api{BASE}/results").json
    return {p["code"]: d["decision"] for p in results["individuals"] for d in p["decisions"]
            if d["title"] == "CSTDCS" and p["unit"] == "CCTDC"}


def test_the_council_s_votes_decide_the_quota_and_a_tie_stays_with_the_council(sign_in):
    head = sign_in("cctdc.truong")
    before = cstdcs(head)
    assert {before[c] for c in TIED} == {"undecided"}
    page = head.get(f"{BASE}/results").text
    assert "Chưa quyết định: Hội đồng phải chọn" in page

    votes = {"CCTDC-01": 9, "CCTDC-02": 8, "CCTDC-03": 7, **{c: 6 for c in TIED[2:]}}
    response = head.post(COUNCIL, data=session_form(head, votes))
    assert response.status_code == 302, field_error(response.text, "for-p-CCTDC-01-CSTDCS") or response.text[:500]
    decided = cstdcs(head)
    assert [c for c, d in sorted(decided.items()) if d == "awarded"] == ["CCTDC-01", "CCTDC-02", "CCTDC-03"]
    assert {decided[c] for c in TIED[2:]} == {"not_awarded"}
    shown = head.get(COUNCIL).text
    assert 'value="8"' in shown and "Thành viên 9" in shown

    tie = session_form(head, {**votes, "CCTDC-08": 7})            # CCTDC-03 and CCTDC-08 for the third place
    assert head.post(COUNCIL, data=tie).status_code == 302
    tied = cstdcs(head)
    assert [tied[c] for c in ("CCTDC-01", "CCTDC-02", "CCTDC-03", "CCTDC-08", "CCTDC-12")] == [
        "awarded", "awarded", "undecided", "undecided", "not_awarded"]
    page = head.get(f"{BASE}/results").text
    assert re.search(r"CCTDC-08</span></td>.*?Chưa quyết định: Hội đồng phải chọn", page, re.S)


def test_a_candidate_below_two_thirds_is_not_awarded_and_told_why(sign_in):
    head = sign_in("cctdc.truong")
    head.post(COUNCIL, data=session_form(head, {"CCTDC-01": 5}))
    results = head.get(f"/api{BASE}/results").json
    found = next(d for p in results["individuals"] if p["code"] == "CCTDC-01" for d in p["decisions"]
                 if d["title"] == "CSTDCS")
    assert found["decision"] == "not_awarded"
    vote = next(r for r in found["reasons"] if r["condition"] == "Hội đồng Thi đua - Khen thưởng bỏ phiếu kín")
    assert "Chỉ đạt 5/9 phiếu đồng ý (55,6%) trên tổng số thành viên Hội đồng, cần từ 66,7%" in vote["text"]
    assert vote["citation"]


def _stored(app):
    with app.app_context():
        found = (db.session.execute(select(func.count(CouncilSession.id))).scalar_one(),
                 db.session.execute(select(func.count(CouncilBallot.id))).scalar_one(),
                 db.session.execute(select(func.count(AuditEvent.id)).where(AuditEvent.kind == "council")
                                    ).scalar_one())
        db.session.remove()
        return found


def test_bad_counts_are_refused_by_their_field_and_nothing_is_stored(web_app, sign_in):
    head = sign_in("cctdc.truong")
    form = session_form(head, {"CCTDC-01": 9, "CCTDC-02": 6}, present=8)
    form["against-p-CCTDC-03-CSTDCS"] = "-1"
    form["held_on"] = "31/02/2017"
    response = head.post(COUNCIL, data=form)
    assert response.status_code == 400
    assert field_error(response.text, "for-p-CCTDC-01-CSTDCS") == \
        "Tổng số phiếu (9) vượt quá số thành viên có mặt (8)."
    assert field_error(response.text, "for-p-CCTDC-02-CSTDCS") == ""
    assert field_error(response.text, "against-p-CCTDC-03-CSTDCS") == "Số phiếu phải là số nguyên không âm."
    assert field_error(response.text, "held_on").startswith("Ngày không hợp lệ")
    assert _stored(web_app) == (0, 0, 0)


def test_a_save_is_audited_and_a_stale_form_is_refused(web_app, sign_in):
    secretary, head = sign_in("thuky"), sign_in("cctdc.truong")
    old = session_form(head, {"CCTDC-01": 9})
    assert secretary.post(COUNCIL, data=session_form(secretary, {"CCTDC-01": 7})).status_code == 302
    assert _stored(web_app) == (1, 1, 1)
    response = head.post(COUNCIL, data=old)
    assert response.status_code == 409
    assert field_error(response.text, "version").startswith("Người khác vừa lưu")
    assert 'value="7"' in head.get(COUNCIL).text


def test_clearing_a_candidate_s_counts_removes_the_vote(web_app, sign_in):
    head = sign_in("cctdc.truong")
    head.post(COUNCIL, data=session_form(head, {"CCTDC-01": 9, "CCTDC-02": 8}))
    form = session_form(head, {"CCTDC-01": 9})
    assert form["for-p-CCTDC-02-CSTDCS"] == "8"                      # as the page shows it
    form.update({f"{count}-p-CCTDC-02-CSTDCS": "" for count in ("for", "against", "blank")})
    assert head.post(COUNCIL, data=form).status_code == 302
    assert _stored(web_app)[1] == 1


def test_the_bloc_council_votes_on_the_units_titles(web_app, sign_in):
    secretary = sign_in("thuky")
    url = f"{BASE}/council"
    form = form_as_shown(secretary.get(url).text)
    form.update({"held_on": "22/12/2017", "member-name-0": "Chủ tịch", "member-present-0": "1",
                 "member-name-1": "Ủy viên", "member-present-1": "1", "for-u-TTUD-CO_THI_DUA_TINH": "2"})
    assert secretary.post(url, data=form).status_code == 302
    assert 'value="2"' in secretary.get(url).text
    assert sign_in("danhgia").post(url, data=form).status_code == 403
