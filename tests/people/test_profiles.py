"""Profiles of a person, a collective and a unit, on the page and from `emulation people show`."""
import json
import re
from datetime import date

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import LeavePeriod, Person, Placement, Unit


def _add_record(app) -> None:
    """Give CCTDC-01 a placement history and a maternity leave."""
    with app.app_context():
        person = db.session.execute(select(Person).where(Person.code == "CCTDC-01")).scalar_one()
        unit = db.session.execute(select(Unit).where(Unit.code == "CCTDC")).scalar_one()
        db.session.add_all([
            Placement(person=person, starts_on=date(2003, 9, 1), kind="recruited", unit=unit, position="Chuyên viên"),
            Placement(person=person, starts_on=date(2012, 1, 1), kind="position", unit=unit, position="Chi cục trưởng"),
            LeavePeriod(person=person, kind="maternity", starts_on=date(2017, 3, 1), ends_on=date(2017, 8, 31),
                        note="nghỉ sinh con"),
        ])
        db.session.commit()


def test_a_person_profile_shows_identity_history_leave_years_titles_and_progress(web_app, sign_in):
    _add_record(web_app)
    html = sign_in("thuky").get("/people/CCTDC-01").text
    assert "Nông Văn Thắng" in html and "Chi cục Tiêu chuẩn Đo lường Chất lượng" in html
    placements = html.split('id="placements"')[1].split("</table>")[0]
    assert "01/09/2003" in placements and "Chuyên viên" in placements and "01/01/2012" in placements
    leave = html.split('id="leave"')[1].split("</table>")[0]
    assert "Nghỉ thai sản" in leave and "01/03/2017" in leave and "31/08/2017" in leave
    held = html.split('id="titles-held"')[1].split("</table>")[0]
    assert re.findall(r'data-year="(\d+)" data-title="(\w+)"', held) == [("2016", "CSTDCS"), ("2015", "CSTDCS")]
    progress = html.split('id="progress"')[1].split("</ul>")[0]
    assert ("Chiến sĩ thi đua cơ sở: 3 trong 3 năm liên tục cần cho Chiến sĩ thi đua cấp bộ, ngành, tỉnh" in progress
            and "2015, 2016, 2017" in progress)
    year = html.split('id="year-2017"')[1].split("</section>")[0]
    assert "Hoàn thành xuất sắc nhiệm vụ" in year and "Số sáng kiến: 2" in year
    assert 'Đăng ký thi đua: Chiến sĩ thi đua cơ sở <span class="code">CSTDCS</span>' in year
    # every title decision of the year from the engine, with its reasons and citations
    assert year.count('class="decision"') == 2 and "Đạt danh hiệu Lao động tiên tiến năm 2017" in year
    assert "Nghị định 91/2017/NĐ-CP, Điều 10" in year


def test_progress_counts_the_years_still_to_come(sign_in):
    html = sign_in("thuky").get("/people/TTTK-01").text      # CSTĐCS 2016 recorded, 2017 awarded by the engine
    assert "Chiến sĩ thi đua cơ sở: 2 trong 3 năm liên tục cần cho" in html and "2016, 2017" in html
    html = sign_in("thuky").get("/people/CCTDC-08").text     # no CSTĐCS at all
    assert "Chiến sĩ thi đua cơ sở: 0 trong 3 năm liên tục cần cho" in html


def test_a_not_awarded_decision_shows_why(sign_in):
    html = sign_in("thuky").get("/people/CCTDC-10").text      # LĐTT not awarded in 2017
    year = html.split('id="year-2017"')[1].split("</section>")[0]
    assert 'class="badge not_awarded"' in year and 'class="unmet"' in year


PERSONAL_MARKERS = ('id="leave"', "Nghỉ thai sản", "Hoàn thành xuất sắc nhiệm vụ", 'id="year-2017"', "Số sáng kiến")


def test_personal_data_only_for_the_unit_head_reviewers_and_secretariat(web_app, sign_in):
    _add_record(web_app)
    for who in ("thuky", "danhgia", "cctdc.truong"):
        html = sign_in(who).get("/people/CCTDC-01").text
        assert all(marker in html for marker in PERSONAL_MARKERS), who
    for who in ("xem", "tttk.truong"):
        response = sign_in(who).get("/people/CCTDC-01")
        assert response.status_code == 200, who
        html = response.text
        assert not any(marker in html for marker in PERSONAL_MARKERS), who
        assert "Nông Văn Thắng" in html and 'data-year="2016" data-title="CSTDCS"' in html, who   # identity, titles
        assert 'id="personal-hidden"' in html


def test_collective_decision_reasons_naming_discipline_only_for_who_may_see_it(web_app, sign_in):
    with web_app.app_context():
        from emulation.models import PersonFact
        fact = db.session.execute(select(PersonFact).join(Person).where(Person.code == "CCTDC-17")).scalar_one()
        fact.discipline = "canh_cao"
        db.session.commit()
    for who in ("thuky", "danhgia", "cctdc.truong"):
        html = sign_in(who).get("/collectives/CCTDC-KD").text
        assert "CCTDC-17 (cảnh cáo)" in html, who
    for who in ("xem", "tttk.truong"):
        html = sign_in(who).get("/collectives/CCTDC-KD").text
        assert "cảnh cáo" not in html and 'id="personal-hidden"' in html, who
        assert "Phạm Quốc Việt" in html and 'data-year="2016" data-title="TTLDXS"' in html, who


def test_edit_and_earlier_title_links_only_for_who_may_change_the_record(sign_in):
    own = sign_in("cctdc.truong").get("/people/CCTDC-01").text
    assert 'href="/people/CCTDC-01/transfer"' in own and 'href="/people/CCTDC-01/earlier-titles"' in own
    secretariat = sign_in("thuky").get("/people/CCTDC-01").text
    for page in ("edit", "transfer", "position", "leave", "departure"):
        assert f'href="/people/CCTDC-01/{page}"' in own and f'href="/people/CCTDC-01/{page}"' in secretariat, page
    for who in ("danhgia", "xem", "tttk.truong"):
        html = sign_in(who).get("/people/CCTDC-01").text
        assert "/people/CCTDC-01/edit" not in html and "earlier-titles" not in html, who
    assert 'href="/units/TTTK/people/new"' in sign_in("tttk.truong").get("/people").text
    assert 'href="/units/TTTK/people/new"' in sign_in("thuky").get("/people?unit=TTTK").text
    assert "/people/new" not in sign_in("danhgia").get("/people?unit=TTTK").text


def test_collective_and_unit_profiles(sign_in):
    client = sign_in("thuky")
    html = client.get("/collectives/CCTDC-KD").text
    members = html.split('id="members"')[1].split("</table>")[0]
    assert sorted(re.findall(r'data-code="([^"]+)"', members)) == [f"CCTDC-{n}" for n in range(16, 21)]
    assert 'data-year="2016" data-title="TTLDXS"' in html
    year = html.split('id="year-2017"')[1].split("</section>")[0]
    assert re.search(r'Đăng ký thi đua: Tập thể lao động (tiên tiến|xuất sắc) <span class="code">TTLD(TT|XS)</span>', year)
    assert 'class="decision"' in year
    html = client.get("/units/CCTDC").text
    assert "Phòng Kiểm định – Hiệu chuẩn" in html and "25 cá nhân đang công tác" in html
    assert 'data-year="2016" data-title="CO_THI_DUA_TINH"' in html
    year = html.split('id="year-2017"')[1].split("</section>")[0]
    assert "Hạng 2" in year and "Dẫn đầu khối thi đua" in year


def test_unknown_codes_answer_404(sign_in):
    client = sign_in("thuky")
    for url in ("/people/KHONG-CO", "/collectives/KHONG-CO", "/units/KHONG-CO", "/people/" + "X" * 50,
                "/people/A%00B"):
        assert client.get(url).status_code == 404, url


def test_cli_show_prints_the_profile_as_text_and_json(web_app):
    _add_record(web_app)
    runner = web_app.test_cli_runner()
    result = runner.invoke(args=["people", "show", "CCTDC-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    profile = json.loads(result.output)
    assert profile["identity"]["full_name"] == "Nông Văn Thắng"
    assert [(p["starts_on"], p["position"]) for p in profile["placements"]] == [
        ("2003-09-01", "Chuyên viên"), ("2012-01-01", "Chi cục trưởng")]
    assert profile["leave"] == [{"kind": "maternity", "starts_on": "2017-03-01", "ends_on": "2017-08-31",
                                 "note": "nghỉ sinh con"}]
    assert [(t["year"], t["title"]) for t in profile["titles"]] == [(2016, "CSTDCS"), (2015, "CSTDCS")]
    (progress,) = profile["progress"]
    assert (progress["title"], progress["held_title"], progress["count"], progress["needed"]) == (
        "CSTD_TINH", "CSTDCS", 3, 3)
    (year,) = profile["years"]
    assert year["facts"]["task_rating"] == "HTXS"
    assert [(d["title"], d["decision"]) for d in year["decisions"]] == [("LDTT", "awarded"), ("CSTDCS", "awarded")]
    text = runner.invoke(args=["people", "show", "CCTDC-01"]).output
    assert "Nông Văn Thắng (CCTDC-01)" in text and "2015  CSTDCS" in text and "maternity  2017-03-01" in text
    missing = runner.invoke(args=["people", "show", "KHONG-CO"])
    assert missing.exit_code == 1 and "Không có cá nhân mã KHONG-CO" in missing.output


def test_the_profile_speaks_english_too(sign_in):
    html = sign_in("thuky").get("/people/CCTDC-01?lang=en").text
    assert "Grassroots emulation fighter: 3 of the 3 consecutive years needed for Provincial emulation fighter" in html
    assert "Titles held" in html and "Completed tasks excellently" in html


def test_a_login_confined_to_another_bloc_sees_none_of_this_one(other_bloc_secretariat):
    client = other_bloc_secretariat
    for url in ("/people/CCTDC-01", "/collectives/CCTDC-KD", "/units/CCTDC", "/people/CCTDC-01/earlier-titles"):
        assert client.get(url).status_code == 403, url
    assert "Tìm thấy 0 cá nhân." in client.get("/people?q=nong&bloc=KTD-II").text
