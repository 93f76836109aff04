"""Version 2 of the year file carries the HR record; version 1 files (written before it) still load."""
import json
from datetime import date
from pathlib import Path

import pytest
from reliability.audit_helpers import without_loads
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Award, Collective, Decision, LeavePeriod, Person, Placement, Unit

V1_FILE = Path(__file__).parent / "data" / "ktd-ii-2017-v1.json"     # `emulation dump` of the demo, before v2


def _dump(app, bloc="KTD-II", year=2017):
    result = app.test_cli_runner().invoke(args=["dump", "--bloc", bloc, "--year", str(year)])
    assert result.exit_code == 0, result.output
    return result.output


def _load(app, path, *extra):
    return app.test_cli_runner().invoke(args=["load", str(path), *extra])


def _person(code: str) -> Person:
    return db.session.execute(select(Person).where(Person.code == code)).scalar_one()


@pytest.fixture
def recorded_app(demo_app):
    """The demo year with an HR record: identity, a departure, a transfer, a leave, a merger and a decision."""
    with demo_app.app_context():
        thang, nhung = _person("CCTDC-01"), _person("CCTDC-02")
        thang.birth_date, thang.gender, thang.employment = date(1968, 5, 19), "male", "civil_servant"
        nhung.left_on, nhung.departure = date(2017, 10, 1), "retired"
        tttk = db.session.execute(select(Unit).where(Unit.code == "TTTK")).scalar_one()
        collectives = {c.code: c for c in db.session.execute(select(Collective)).scalars()}
        db.session.add_all([
            Placement(person=thang, starts_on=date(2003, 9, 1), kind="recruited", unit=thang.unit,
                      collective=collectives["CCTDC-HC"], position="Chuyên viên"),
            Placement(person=thang, starts_on=date(2012, 1, 1), kind="position", unit=thang.unit,
                      collective=collectives["CCTDC-HC"], position="Chi cục trưởng", note="Quyết định 12/QĐ"),
            Placement(person=nhung, starts_on=date(2005, 3, 15), kind="transfer", unit=tttk, position="Kỹ sư"),
            LeavePeriod(person=nhung, kind="maternity", starts_on=date(2017, 2, 1), ends_on=date(2017, 7, 31),
                        note="sinh con thứ hai"),
            LeavePeriod(person=thang, kind="study", starts_on=date(2017, 11, 1))])
        collectives["CCTDC-TN"].closed_on = date(2017, 6, 30)
        collectives["CCTDC-TN"].merged_into_id = collectives["CCTDC-KD"].id
        decision = Decision(bloc=thang.unit.bloc, year=2016, number="45/QĐ-UBND", signed_on=date(2017, 1, 20),
                            level="province", signer="Nguyễn Văn A", signer_title="Chủ tịch")
        award = db.session.execute(select(Award).where(Award.person_id == thang.id, Award.year == 2016)).scalar_one()
        award.decision = decision
        db.session.commit()
    return demo_app


def test_the_dump_holds_the_record(recorded_app):
    document = json.loads(_dump(recorded_app))
    assert document["version"] == 3
    people = {p["code"]: p for p in document["people"]}
    assert (people["CCTDC-01"]["birth_date"], people["CCTDC-01"]["gender"], people["CCTDC-01"]["employment"]) == (
        "1968-05-19", "male", "civil_servant")
    assert (people["CCTDC-02"]["left_on"], people["CCTDC-02"]["departure"]) == ("2017-10-01", "retired")
    assert [(p["person"], p["starts_on"], p["kind"], p["unit"]) for p in document["placements"]] == [
        ("CCTDC-01", "2003-09-01", "recruited", "CCTDC"), ("CCTDC-01", "2012-01-01", "position", "CCTDC"),
        ("CCTDC-02", "2005-03-15", "transfer", "TTTK")]
    assert document["leave"] == [
        {"person": "CCTDC-01", "kind": "study", "starts_on": "2017-11-01", "ends_on": None, "note": ""},
        {"person": "CCTDC-02", "kind": "maternity", "starts_on": "2017-02-01", "ends_on": "2017-07-31",
         "note": "sinh con thứ hai"}]
    merged = next(c for c in document["collectives"] if c["code"] == "CCTDC-TN")
    assert (merged["closed_on"], merged["merged_into"]) == ("2017-06-30", "CCTDC-KD")
    assert document["decisions"] == [{"number": "45/QĐ-UBND", "year": 2016, "level": "province",
                                      "signed_on": "2017-01-20", "unit": None, "signer": "Nguyễn Văn A",
                                      "signer_title": "Chủ tịch", "note": "", "awards": []}]
    decided = [a for a in document["history"] if a["decision"]]
    assert decided == [{"year": 2016, "title": "CSTDCS", "person": "CCTDC-01", "collective": None, "unit": None,
                        "decision": "45/QĐ-UBND"}]


def test_dump_load_into_an_empty_database_dump_is_identical(recorded_app, make_app, tmp_path):
    first = _dump(recorded_app)
    path = tmp_path / "year.json"
    path.write_text(first, encoding="utf-8")
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = _load(other, path)
    assert result.exit_code == 0, result.output
    assert without_loads(_dump(other)) == first
    replaced = _load(other, path, "--replace")          # loading again adds no second placement, leave or decision
    assert replaced.exit_code == 0, replaced.output
    assert without_loads(_dump(other)) == first


def test_a_version_1_file_loads_and_keeps_the_stored_record(recorded_app, make_app, tmp_path):
    assert json.loads(V1_FILE.read_text(encoding="utf-8"))["version"] == 1
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = _load(other, V1_FILE)
    assert result.exit_code == 0, result.output
    document = json.loads(_dump(other))
    old = json.loads(V1_FILE.read_text(encoding="utf-8"))
    assert document["version"] == 3 and document["placements"] == [] and document["decisions"] == []
    for name in ("units", "registrations", "person_facts", "lines", "criteria"):
        assert document[name] == old[name], name
    assert [{k: p[k] for k in old["people"][0]} for p in document["people"]] == old["people"]
    replaced = _load(recorded_app, V1_FILE, "--replace")   # over a database with a record: the record stays
    assert replaced.exit_code == 0, replaced.output
    with recorded_app.app_context():
        assert _person("CCTDC-01").birth_date == date(1968, 5, 19)
        assert _person("CCTDC-02").departure == "retired"
        assert db.session.execute(select(Collective.closed_on).where(Collective.code == "CCTDC-TN")).scalar_one() \
            == date(2017, 6, 30)


@pytest.mark.parametrize("section, index, field, value, json_path", [
    ("leave", 0, "kind", "vacation", "$.leave[0].kind"),
    ("leave", 1, "ends_on", "2017-01-01", "$.leave[1].ends_on"),
    ("placements", 0, "person", "NOBODY", "$.placements[0].person"),
    ("history", None, "decision", "99/QĐ", "].decision"),
    ("decisions", 0, "level", "galaxy", "$.decisions[0].level"),
    ("collectives", None, "merged_into", "NOWHERE", "].merged_into"),
    ("people", 0, "gender", "robot", "$.people[0].gender"),
    ("people", 0, "departure", "retired", "$.people[0].left_on"),
])
def test_a_bad_record_names_its_field_and_loads_nothing(recorded_app, make_app, tmp_path, section, index, field,
                                                         value, json_path):
    document = json.loads(_dump(recorded_app))
    items = document[section]
    target = items[index] if index is not None else next(i for i in items if i.get(field) is not None)
    target[field] = value
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = _load(other, bad)
    assert result.exit_code == 1 and json_path in result.output, result.output
    with other.app_context():
        assert db.session.execute(select(db.func.count(Person.id))).scalar() == 0
