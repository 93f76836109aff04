"""The council's sessions, its ballots and the signed decisions move with the year file, or the file is refused."""
import json

import pytest
from reliability.audit_helpers import dump_year, load_into_new_app, without_loads

from emulation.extensions import db
from emulation.models import CouncilSession, Decision


def members(count: int = 9) -> list[dict]:
    return [{"name": f"Thành viên {i}", "role": "Ủy viên", "present": i < 8} for i in range(count)]


def _ballot(person, votes_for, title="CSTDCS"):
    return {"title": title, "person": person, "collective": None, "unit": None, "votes_for": votes_for,
            "votes_against": 8 - votes_for, "votes_blank": 0}


def with_council(document: dict) -> dict:
    """The demo year with a bloc session, CCTDC's session and a signed decision, people's gender on two."""
    document["council"] = [
        {"held_on": "2017-12-22", "unit": None, "place": "Sở KH&CN", "members": members(3),
         "ballots": [{"title": "CO_THI_DUA_TINH", "person": None, "collective": None, "unit": "TTUD",
                      "votes_for": 3, "votes_against": 0, "votes_blank": 0}]},
        {"held_on": "2017-12-20", "unit": "CCTDC", "place": "Phòng họp Chi cục", "members": members(),
         "ballots": [_ballot("CCTDC-01", 8), _ballot("CCTDC-02", 7), _ballot("CCTDC-03", 6)]}]
    document["decisions"] = [{"number": "45/QĐ-TTTK", "level": "unit", "signed_on": "2017-12-28", "unit": "TTTK", "year": None,
                              "signer": "Nguyễn Văn Giám", "signer_title": "Giám đốc", "note": "",
                              "awards": [{"title": "CSTDCS", "person": "TTTK-01", "collective": None,
                                          "unit": None}]}]
    for person in document["people"]:
        if person["code"] in ("CCTDC-08", "TTTK-05"):
            person["gender"] = "female"
    return document


def test_sessions_ballots_and_decisions_survive_dump_and_load(demo_app, make_app, tmp_path):
    document = with_council(json.loads(dump_year(demo_app)))
    other = load_into_new_app(demo_app, make_app, tmp_path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    assert json.loads(without_loads(dump_year(other))) == document
    shown = json.loads(other.test_cli_runner().invoke(
        args=["results", "--bloc", "KTD-II", "--year", "2017", "--format", "json"]).output)
    cstdcs = {p["code"]: d for p in shown["individuals"] for d in p["decisions"] if d["title"] == "CSTDCS"}
    assert [c for c, d in sorted(cstdcs.items()) if c.startswith("CCTDC") and d["decision"] == "awarded"] == [
        "CCTDC-01", "CCTDC-02", "CCTDC-03"]
    assert cstdcs["TTTK-01"]["signed"]["number"] == "45/QĐ-TTTK"


def test_loading_again_with_replace_keeps_one_session_per_council(demo_app, tmp_path):
    path = tmp_path / "year.json"
    path.write_text(json.dumps(with_council(json.loads(dump_year(demo_app))), ensure_ascii=False), encoding="utf-8")
    runner = demo_app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["load", str(path), "--replace"])
        assert result.exit_code == 0, result.output
    with demo_app.app_context():
        assert db.session.execute(db.select(db.func.count(CouncilSession.id))).scalar() == 2
        assert db.session.execute(db.select(db.func.count(Decision.id))).scalar() == 1


@pytest.mark.parametrize("change, json_path", [
    (lambda d: d["council"][1]["ballots"][0].update(votes_for=9), "$.council[1].ballots[0]"),
    (lambda d: d["council"][1]["ballots"][1].update(person="NOBODY"), "$.council[1].ballots[1].person"),
    (lambda d: d["council"][1]["ballots"][2].update(unit="CCTDC"), "$.council[1].ballots[2]"),
    (lambda d: d["council"][1].update(unit="NOWHERE"), "$.council[1].unit"),
    (lambda d: d["council"][1]["members"][0].update(present="có"), "$.council[1].members[0].present"),
    (lambda d: d["decisions"][0].update(level="village"), "$.decisions[0].level"),
    (lambda d: d["people"][0].update(gender="x"), "$.people[0].gender"),
])
def test_a_bad_session_or_decision_names_its_field_and_loads_nothing(demo_app, make_app, tmp_path, change,
                                                                     json_path):
    document = with_council(json.loads(dump_year(demo_app)))
    change(document)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = other.test_cli_runner().invoke(args=["load", str(bad)])
    assert result.exit_code == 1 and json_path in result.output, result.output
    with other.app_context():
        assert db.session.execute(db.select(db.func.count(CouncilSession.id))).scalar() == 0
