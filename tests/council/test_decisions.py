"""Signed decisions: recorded for the titles the results award; proposed until then; counted by later years."""
import json

from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Award, Decision

from .conftest import BASE, field_error

DECISIONS = f"{BASE}/decisions"


def signed_of(client, code: str, title: str):
    results = client.get(f"/api{BASE}/results").json
    return next(d for key in ("units", "collectives", "individuals") for e in results[key] if e["code"] == code
                for d in e["decisions"] if d["title"] == title)


def test_a_recorded_decision_signs_its_titles_everywhere(web_app, sign_in, runner):
    secretary = sign_in("thuky")
    assert signed_of(secretary, "TTTK-01", "CSTDCS")["signed"] is None
    assert 'data-key="i-TTTK-01-CSTDCS"' in secretary.get(DECISIONS).text
    assert "Đề xuất" in secretary.get(f"{BASE}/results").text
    response = secretary.post(DECISIONS, data={
        "number": "45/QĐ-TTTK", "signed_on": "28/12/2017", "level": "unit", "unit": "TTTK",
        "signer": "Nguyễn Văn Giám", "signer_title": "Giám đốc", "award-i-TTTK-01-CSTDCS": "1",
        "award-i-TTTK-01-LDTT": "1"})
    assert response.status_code == 302, response.text[:400]
    signed = signed_of(secretary, "TTTK-01", "CSTDCS")["signed"]
    assert signed == {"number": "45/QĐ-TTTK", "signed_on": "2017-12-28", "level": "unit",
                      "signer": "Nguyễn Văn Giám", "signer_title": "Giám đốc"}
    assert signed_of(secretary, "TTTK-05", "CSTDCS")["signed"] is None
    page = secretary.get(f"{BASE}/results", query_string={"q": "TTTK-01"}).text      # the results come in pages
    assert 'QĐ số 45/QĐ-TTTK ngày <time datetime="2017-12-28">28/12/2017</time>' in page
    listing = secretary.get(DECISIONS).text
    assert 'data-number="45/QĐ-TTTK"' in listing and 'data-key="i-TTTK-01-CSTDCS"' not in listing
    with web_app.app_context():
        awards = db.session.execute(select(Award.title_code).join(Decision)
                                    .where(Decision.number == "45/QĐ-TTTK")).scalars().all()
        assert sorted(awards) == ["CSTDCS", "LDTT"]
    shown = json.loads(runner.invoke(args=["results", "--bloc", "KTD-II", "--year", "2017", "--format", "json"]).output)
    person = next(p for p in shown["individuals"] if p["code"] == "TTTK-01")
    assert next(d for d in person["decisions"] if d["title"] == "CSTDCS")["signed"]["number"] == "45/QĐ-TTTK"


def test_a_decision_is_refused_by_field_and_nothing_is_stored(web_app, sign_in):
    secretary = sign_in("thuky")
    response = secretary.post(DECISIONS, data={"number": "", "signed_on": "32/12/2017", "level": "unit",
                                               "unit": "CCTDC", "award-i-TTTK-01-CSTDCS": "1",
                                               "award-i-CCTDC-02-CSTDCS": "1"})
    assert response.status_code == 400
    assert field_error(response.text, "number") == "Nhập số, ký hiệu của quyết định."
    assert field_error(response.text, "signed_on").startswith("Ngày không hợp lệ")
    assert field_error(response.text, "award-i-TTTK-01-CSTDCS") == \
        "Danh hiệu này thuộc đơn vị khác với đơn vị ra quyết định."
    # undecided by the quota: not proposed, so no decision can award it
    assert field_error(response.text, "awards") == \
        "Danh hiệu i-CCTDC-02-CSTDCS không được đề xuất hoặc đã có trong một quyết định khác."
    with web_app.app_context():
        assert db.session.execute(select(Decision)).first() is None
    assert sign_in("danhgia").post(DECISIONS, data={"number": "1"}).status_code == 403


def test_the_workbook_shows_undecided_and_signed_titles(web_app, sign_in):
    import io

    import openpyxl
    secretary = sign_in("thuky")
    secretary.post(DECISIONS, data={"number": "45/QĐ-TTTK", "signed_on": "28/12/2017", "level": "unit",
                                    "unit": "TTTK", "award-i-TTTK-01-CSTDCS": "1"})
    book = openpyxl.load_workbook(io.BytesIO(secretary.get(f"{BASE}/export.xlsx").data))
    rows = [[str(c) for c in row if c is not None] for sheet in book.worksheets for row in sheet.iter_rows(
        values_only=True)]
    cstdcs = {row[1]: row for row in rows if len(row) > 2 and "Chiến sĩ thi đua cơ sở" in row}
    assert any("Đạt — QĐ số 45/QĐ-TTTK ngày 28/12/2017" in cell for cell in cstdcs["TTTK-01"])
    assert "Đạt" in cstdcs["TTTK-05"] and not any("QĐ số" in cell for cell in cstdcs["TTTK-05"])
    assert any("Chưa quyết định: Hội đồng phải chọn" in cell for cell in cstdcs["CCTDC-02"])


def test_a_unit_added_after_the_year_was_signed_cannot_sign_its_decisions(web_app, sign_in):
    from emulation.models import Bloc
    from emulation.storage.audit import CLI
    from emulation.years.units import add_unit
    with web_app.app_context():
        bloc = db.session.execute(select(Bloc).where(Bloc.code == "KTD-II")).scalar_one()
        add_unit(bloc, "DV-MOI", "Đơn vị thành lập sau", "Mới", {}, actor=CLI)
    secretary = sign_in("thuky")
    page = secretary.get(DECISIONS).text
    assert '<option value="TTTK"' in page and 'value="DV-MOI"' not in page
    response = secretary.post(DECISIONS, data={"number": "7/QĐ-MOI", "signed_on": "28/12/2017", "level": "unit",
                                               "unit": "DV-MOI", "award-i-TTTK-01-CSTDCS": "1"})
    assert response.status_code == 400 and field_error(response.text, "unit")
    with web_app.app_context():
        assert db.session.execute(select(Decision)).first() is None


def test_the_bloc_council_votes_only_on_the_units_of_the_year(web_app, sign_in):
    from emulation.models import Bloc
    from emulation.storage.audit import CLI
    from emulation.years.units import add_unit
    with web_app.app_context():
        bloc = db.session.execute(select(Bloc).where(Bloc.code == "KTD-II")).scalar_one()
        add_unit(bloc, "DV-MOI", "Đơn vị thành lập sau", "Mới", {}, actor=CLI)
    page = sign_in("thuky").get(f"{BASE}/council").text
    assert "TTTK" in page and "DV-MOI" not in page and "Đơn vị thành lập sau" not in page
