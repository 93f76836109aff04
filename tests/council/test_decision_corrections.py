"""A recorded decision is corrected (đính chính) or withdrawn (thu hồi) by the secretariat, audited, all or nothing."""
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import AuditEvent, Award, Decision

from .conftest import field_error
from .test_decisions import DECISIONS, signed_of

CORRECT = f"{DECISIONS}/correct"
FIRST = {"number": "45/QĐ-TTTK", "signed_on": "28/12/2017", "level": "unit", "unit": "TTTK",
         "signer": "Nguyễn Văn Giám", "signer_title": "Giám đốc", "award-i-TTTK-01-CSTDCS": "1",
         "award-i-TTTK-01-LDTT": "1"}


def recorded(client, **changes):
    response = client.post(DECISIONS, data={**FIRST, **changes})
    assert response.status_code == 302, response.text[:400]


def stored(app, number: str):
    """The decision numbered `number` as stored, with the titles it awards; None when there is none."""
    with app.app_context():
        found = db.session.execute(select(Decision).where(Decision.number == number)).scalar_one_or_none()
        if found is None:
            return None
        titles = db.session.execute(select(Award.title_code).where(Award.decision_id == found.id)).scalars().all()
        return (found.signed_on.strftime("%d/%m/%Y"), found.signer, found.unit.code if found.unit else None,
                sorted(titles))


def audit(app, action: str):
    with app.app_context():
        return [(e.before, e.after, e.reason, e.actor) for e in db.session.execute(
            select(AuditEvent).where(AuditEvent.kind == "decision", AuditEvent.action == action)).scalars()]


def test_a_typo_is_corrected_and_a_title_taken_off_is_proposed_again(web_app, sign_in):
    secretary = sign_in("thuky")
    recorded(secretary)
    listing = secretary.get(DECISIONS).text
    assert f'href="{CORRECT}?number=45/Q%C4%90-TTTK"' in listing
    page = secretary.get(CORRECT, query_string={"number": "45/QĐ-TTTK"}).text
    assert 'value="45/QĐ-TTTK"' in page and 'value="28/12/2017"' in page and 'data-key="i-TTTK-01-LDTT"' in page
    response = secretary.post(CORRECT, query_string={"number": "45/QĐ-TTTK"}, data={
        **FIRST, "number": "46/QĐ-TTTK", "signed_on": "29/12/2017", "signer": "Nguyễn Văn Giám Đốc",
        "award-i-TTTK-01-LDTT": "", "awards-listed": "1", "action": "correct"})
    assert response.status_code == 302, response.text[:400]
    assert stored(web_app, "45/QĐ-TTTK") is None
    assert stored(web_app, "46/QĐ-TTTK") == ("29/12/2017", "Nguyễn Văn Giám Đốc", "TTTK", ["CSTDCS"])
    assert signed_of(secretary, "TTTK-01", "CSTDCS")["signed"]["number"] == "46/QĐ-TTTK"
    assert signed_of(secretary, "TTTK-01", "LDTT")["signed"] is None
    assert 'data-key="i-TTTK-01-LDTT"' in secretary.get(DECISIONS).text          # proposed again
    [(before, after, _reason, actor)] = audit(web_app, "correct")
    assert (before["number"], before["awards"]) == ("45/QĐ-TTTK", ["i-TTTK-01-CSTDCS", "i-TTTK-01-LDTT"])
    assert (after["number"], after["signed_on"], after["awards"]) == ("46/QĐ-TTTK", "2017-12-29",
                                                                       ["i-TTTK-01-CSTDCS"])


def test_a_bad_correction_is_refused_by_field_and_changes_nothing(web_app, sign_in):
    secretary = sign_in("thuky")
    recorded(secretary)
    response = secretary.post(CORRECT, query_string={"number": "45/QĐ-TTTK"}, data={
        **FIRST, "number": "", "signed_on": "31/02/2017", "unit": "CCTDC", "awards-listed": "1",
        "action": "correct"})
    assert response.status_code == 400
    assert field_error(response.text, "number") == "Nhập số, ký hiệu của quyết định."
    assert field_error(response.text, "signed_on").startswith("Ngày không hợp lệ")
    assert field_error(response.text, "award-i-TTTK-01-CSTDCS") == \
        "Danh hiệu này thuộc đơn vị khác với đơn vị ra quyết định."
    assert 'value="31/02/2017"' in response.text                       # what was typed is shown again
    none_kept = secretary.post(CORRECT, query_string={"number": "45/QĐ-TTTK"},
                               data={**FIRST, "award-i-TTTK-01-CSTDCS": "", "award-i-TTTK-01-LDTT": "",
                                     "awards-listed": "1", "action": "correct"})
    assert none_kept.status_code == 400 and "thu hồi cả quyết định" in field_error(none_kept.text, "awards")
    assert stored(web_app, "45/QĐ-TTTK") == ("28/12/2017", "Nguyễn Văn Giám", "TTTK", ["CSTDCS", "LDTT"])
    assert audit(web_app, "correct") == []


def test_a_post_without_a_field_keeps_its_value(web_app, sign_in):
    secretary = sign_in("thuky")
    recorded(secretary)
    response = secretary.post(CORRECT, query_string={"number": "45/QĐ-TTTK"},
                              data={"signer_title": "Phó Giám đốc", "action": "correct"})
    assert response.status_code == 302, response.text[:400]
    assert stored(web_app, "45/QĐ-TTTK") == ("28/12/2017", "Nguyễn Văn Giám", "TTTK", ["CSTDCS", "LDTT"])
    with web_app.app_context():
        assert db.session.execute(select(Decision.signer_title)).scalar_one() == "Phó Giám đốc"


def test_two_decisions_of_a_year_cannot_share_a_number(web_app, sign_in):
    secretary = sign_in("thuky")
    recorded(secretary, **{"award-i-TTTK-01-LDTT": ""})
    again = secretary.post(DECISIONS, data={**FIRST, "award-i-TTTK-01-CSTDCS": ""})
    assert again.status_code == 400
    assert field_error(again.text, "number") == "Đã có quyết định số 45/QĐ-TTTK của năm này."
    recorded(secretary, number="46/QĐ-TTTK", **{"award-i-TTTK-01-CSTDCS": ""})
    clash = secretary.post(CORRECT, query_string={"number": "46/QĐ-TTTK"},
                           data={"number": "45/QĐ-TTTK", "action": "correct"})
    assert clash.status_code == 400
    assert field_error(clash.text, "number") == "Đã có quyết định số 45/QĐ-TTTK của năm này."
    assert stored(web_app, "46/QĐ-TTTK") == ("28/12/2017", "Nguyễn Văn Giám", "TTTK", ["LDTT"])


def test_a_withdrawn_decision_needs_a_reason_and_gives_its_titles_back(web_app, sign_in):
    secretary = sign_in("thuky")
    recorded(secretary)
    refused = secretary.post(CORRECT, query_string={"number": "45/QĐ-TTTK"}, data={"action": "withdraw",
                                                                                   "reason": "  "})
    assert refused.status_code == 400
    assert field_error(refused.text, "reason") == "Nhập lý do thu hồi quyết định."
    assert stored(web_app, "45/QĐ-TTTK") is not None
    response = secretary.post(CORRECT, query_string={"number": "45/QĐ-TTTK"},
                              data={"action": "withdraw", "reason": "Ghi nhầm năm"})
    assert response.status_code == 302
    assert stored(web_app, "45/QĐ-TTTK") is None
    assert signed_of(secretary, "TTTK-01", "CSTDCS")["signed"] is None
    listing = secretary.get(DECISIONS).text
    assert 'data-number="45/QĐ-TTTK"' not in listing
    assert 'data-key="i-TTTK-01-CSTDCS"' in listing and 'data-key="i-TTTK-01-LDTT"' in listing
    [(before, after, reason, _actor)] = audit(web_app, "withdraw")
    assert (before["number"], after, reason) == ("45/QĐ-TTTK", None, "Ghi nhầm năm")


def test_only_the_secretariat_corrects_and_an_unknown_number_is_not_found(web_app, sign_in):
    secretary = sign_in("thuky")
    recorded(secretary)
    reviewer = sign_in("danhgia")
    assert reviewer.get(CORRECT, query_string={"number": "45/QĐ-TTTK"}).status_code == 403
    assert reviewer.post(CORRECT, query_string={"number": "45/QĐ-TTTK"},
                         data={"action": "withdraw", "reason": "x"}).status_code == 403
    assert "Đính chính, thu hồi" not in reviewer.get(DECISIONS).text
    assert secretary.get(CORRECT, query_string={"number": "99/QĐ"}).status_code == 404
    assert stored(web_app, "45/QĐ-TTTK") is not None


def test_the_correction_page_reads_in_english(web_app, sign_in):
    secretary = sign_in("thuky")
    recorded(secretary)
    page = secretary.get(CORRECT, query_string={"number": "45/QĐ-TTTK", "lang": "en"}).text
    assert "Withdraw the decision" in page and "Save the correction" in page


def test_withdrawing_gives_back_an_award_held_before_the_decision(web_app, sign_in):
    """A title a later year's history recorded without a decision, then confirmed by the app's decision, is given
    back as it was: the later years keep counting it."""
    from emulation.models import Person
    with web_app.app_context():
        person = db.session.execute(select(Person).where(Person.code == "TTTK-01")).scalar_one()
        db.session.add(Award(year=2017, title_code="CSTDCS", person=person))
        db.session.commit()
    secretary = sign_in("thuky")
    recorded(secretary)
    response = secretary.post(CORRECT, query_string={"number": "45/QĐ-TTTK"},
                              data={"action": "withdraw", "reason": "Ghi nhầm"})
    assert response.status_code == 302
    with web_app.app_context():
        held = db.session.execute(select(Award.title_code, Award.decision_id).join(Person).where(
            Award.year == 2017, Person.code == "TTTK-01")).all()
    assert held == [("CSTDCS", None)]            # given back; the LDTT the decision made is gone
