"""Titles of earlier years entered in the app: stored with their decision, audited, and counted by multi-year titles."""
import json
import re

from sqlalchemy import func, select

from emulation.extensions import db
from emulation.models import AuditEvent, Award, Decision, EmulationYear, Person, PersonFact, Registration

URL = "/people/TTUD-01/earlier-titles"


def _entry(**changes) -> dict:
    return {"title": "CSTDCS", "year": "2015", "number": "45/QĐ-TTUD", "signed_on": "20/12/2015", "level": "unit",
            "signer": "Nguyễn Văn Ký", **changes}


def _error(html: str, field: str) -> str:
    found = re.search(rf'<span class="field-error" id="error-{field}">([^<]*)</span>', html)
    return found.group(1) if found else ""


def _count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _aims_for_provincial_fighter(app, code: str) -> None:
    """Register `code` for CSTĐ cấp tỉnh in 2017 with an initiative of provincial scope."""
    with app.app_context():
        person_id = db.session.execute(select(Person.id).where(Person.code == code)).scalar_one()
        year_id = db.session.execute(select(EmulationYear.id).where(EmulationYear.year == 2017)).scalar_one()
        registration = db.session.execute(select(Registration).where(
            Registration.person_id == person_id, Registration.year_id == year_id)).scalar_one()
        registration.title_code = "CSTD_TINH"
        fact = db.session.execute(select(PersonFact).where(
            PersonFact.person_id == person_id, PersonFact.year_id == year_id)).scalar_one()
        fact.provincial_initiative = True
        db.session.commit()


def _provincial_decision(runner, code: str) -> dict:
    result = runner.invoke(args=["results", "--bloc", "KTD-II", "--year", "2017", "--format", "json"])
    assert result.exit_code == 0, result.output
    person = next(p for p in json.loads(result.output)["individuals"] if p["code"] == code)
    return next(d for d in person["decisions"] if d["title"] == "CSTD_TINH")


def test_two_earlier_years_entered_in_the_app_make_this_years_fighter_eligible(web_app, sign_in):
    _aims_for_provincial_fighter(web_app, "TTUD-01")
    runner = web_app.test_cli_runner()
    before = _provincial_decision(runner, "TTUD-01")
    assert before["decision"] == "not_awarded"
    assert any("liên tục 1 năm" in r["text"] for r in before["reasons"])
    client = sign_in("ttud.truong")
    assert "Ghi danh hiệu năm trước" in client.get(URL).text
    for year in ("2015", "2016"):
        response = client.post(URL, data=_entry(year=year, number=f"{year[-2:]}/QĐ-TTUD", signed_on=f"20/12/{year}"))
        assert response.status_code == 302 and response.location == "/people/TTUD-01", response.text
    after = _provincial_decision(runner, "TTUD-01")
    assert after["decision"] == "awarded", after
    assert any("liên tục 3 năm đến 2017 (2015, 2016, 2017)" in r["text"] for r in after["reasons"])
    html = client.get("/people/TTUD-01").text
    assert 'Số 15/QĐ-TTUD, ngày <time datetime="2015-12-20">20/12/2015</time> · Cấp đơn vị · Nguyễn Văn Ký' in html
    assert "Chiến sĩ thi đua cơ sở: 3 trong 3 năm liên tục cần cho" in html


def test_one_decision_row_per_signed_decision_and_an_audit_row_per_title(web_app, sign_in):
    client = sign_in("thuky")
    decisions = _count(web_app, Decision)
    for url, title in ((URL, "LDTT"), ("/people/TTUD-02/earlier-titles", "LDTT"),
                       ("/collectives/TTUD-SH/earlier-titles", "TTLDTT"), ("/units/TTUD/earlier-titles", None)):
        data = _entry(title=title) if title else _entry(title="CO_THI_DUA_TINH", number="9/QĐ-UBND",
                                                          level="province")
        assert client.post(url, data=data).status_code == 302, url
    assert _count(web_app, Decision) == decisions + 2
    with web_app.app_context():
        shared = db.session.execute(select(Decision).where(Decision.number == "45/QĐ-TTUD")).scalar_one()
        assert (shared.year, shared.level, shared.signer, str(shared.signed_on)) == (2015, "unit", "Nguyễn Văn Ký",
                                                                                    "2015-12-20")
        assert db.session.execute(select(func.count()).select_from(Award)
                                  .where(Award.decision_id == shared.id)).scalar_one() == 3
        events = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "award")
                                    .order_by(AuditEvent.id)).scalars().all()
        assert [e.key for e in events] == ["KTD-II/person/TTUD-01/2015/LDTT", "KTD-II/person/TTUD-02/2015/LDTT",
                                           "KTD-II/collective/TTUD-SH/2015/TTLDTT",
                                           "KTD-II/unit/TTUD/2015/CO_THI_DUA_TINH"]
        assert events[0].actor == "thuky" and events[0].after["decision"] == "45/QĐ-TTUD"
    assert 'data-year="2015" data-title="TTLDTT"' in client.get("/collectives/TTUD-SH").text
    assert 'data-year="2015" data-title="CO_THI_DUA_TINH"' in client.get("/units/TTUD").text


def test_bad_entries_are_refused_by_their_field_and_change_nothing(web_app, sign_in):
    client = sign_in("ttud.truong")
    awards, decisions = _count(web_app, Award), _count(web_app, Decision)
    cases = [
        (_entry(year="20x5"), "year", "Năm phải là số có bốn chữ số."),
        (_entry(year="2999", signed_on="01/01/2999"), "year", "Năm phải từ 1945 đến năm nay."),
        (_entry(signed_on="31/02/2016"), "signed_on", "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."),
        (_entry(signed_on="01/06/2014"), "signed_on", "Quyết định khen thưởng năm 2015 không thể ký trước năm đó."),
        (_entry(title="TTLDTT"), "title", "Lựa chọn không hợp lệ."),
        (_entry(level="village"), "level", "Lựa chọn không hợp lệ."),
        (_entry(number=""), "number", "Nhập số quyết định."),
        (_entry(year="2017", signed_on="15/01/2018"), "year",
         "Năm 2017 đã có trong ứng dụng: danh hiệu năm đó do ứng dụng xét."),
        (_entry(number="x" * 61), "number", "Không được dài quá 60 ký tự."),
    ]
    for data, field, message in cases:
        response = client.post(URL, data=data)
        assert response.status_code == 422, (data, response.status_code)
        assert _error(response.text, field) == message, (field, response.text)
        assert re.search(r'role="alert">Chưa lưu: [12] giá trị cần sửa.<', response.text)
    assert (_count(web_app, Award), _count(web_app, Decision)) == (awards, decisions)


def test_a_title_already_recorded_or_a_decision_of_another_year_is_refused(web_app, sign_in):
    client = sign_in("thuky")
    assert client.post("/people/TTUD-05/earlier-titles", data=_entry()).status_code == 422     # demo: CSTĐCS 2015
    assert client.post(URL, data=_entry(signed_on="15/01/2016")).status_code == 302    # signed the next January
    awards = _count(web_app, Award)
    again = client.post(URL, data=_entry(signer=""))
    assert again.status_code == 422 and _error(again.text, "title") == "Đã ghi danh hiệu này cho năm 2015."
    other_year = client.post(URL, data=_entry(title="LDTT", year="2016", signed_on="15/01/2016"))
    assert _error(other_year.text, "year") == "Quyết định 45/QĐ-TTUD đã ghi cho năm 2015."
    assert _count(web_app, Award) == awards


def test_only_the_secretariat_and_the_holders_unit_head_enter_titles(web_app, sign_in):
    awards = _count(web_app, Award)
    for who in ("tttk.truong", "danhgia", "xem"):
        assert sign_in(who).post(URL, data=_entry()).status_code == 403, who
        assert sign_in(who).get(URL).status_code == 403, who
    assert _count(web_app, Award) == awards
