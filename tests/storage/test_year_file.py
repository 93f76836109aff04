"""`emulation dump` and `emulation load`: a year moves between databases unchanged, or not at all."""
import json
from pathlib import Path

import pytest
from reliability.audit_helpers import dump_year, load_into_new_app, without_loads

from emulation.extensions import db
from emulation.models import Person


def test_dump_holds_the_whole_year(demo_app):
    document = json.loads(dump_year(demo_app))
    assert document["format"] == "emulation-year" and document["version"] == 3
    assert len(document["units"]) == 3 and len(document["people"]) == 62
    assert len(document["collectives"]) == 14 and len(document["registrations"]) == 78
    assert document["person_facts"] and document["lines"] and document["sheets"] and document["criteria"]
    unit_codes = {u["code"] for u in document["units"]}
    for unit in unit_codes:
        own = {c["spec"]["code"] for c in document["criteria"]
               if c["unit"] in (None, unit) and c["spec"]["kind"] != "group"}
        lined = {line["criterion"] for line in document["lines"] if line["unit"] == unit}
        assert lined == own


def test_dump_load_dump_is_identical(demo_app, make_app, tmp_path):
    first = dump_year(demo_app)
    other = load_into_new_app(demo_app, make_app, tmp_path, first)
    assert without_loads(dump_year(other)) == first
    [loaded] = json.loads(dump_year(other))["audit"][-1:]
    assert (loaded["actor"], loaded["kind"], loaded["action"], loaded["before"]) == ("cli", "year", "load", None)
    assert loaded["reason"] == f"tệp {tmp_path / 'year.json'}" and loaded["after"]["people"] == 62


def test_load_refuses_an_existing_year_unless_replaced(demo_app, tmp_path):
    path = tmp_path / "year.json"
    path.write_text(dump_year(demo_app), encoding="utf-8")
    runner = demo_app.test_cli_runner()
    refused = runner.invoke(args=["load", str(path)])
    assert refused.exit_code == 1 and "đã có năm thi đua 2017" in refused.output
    replaced = runner.invoke(args=["load", str(path), "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert without_loads(dump_year(demo_app)) == path.read_text(encoding="utf-8")
    [event] = json.loads(dump_year(demo_app))["audit"]
    assert (event["action"], event["before"], event["after"]["state"]) == ("replace", {"state": "open"}, "open")


def _broken(document, path, value):
    node = document
    *parents, last = path
    for key in parents:
        node = node[key]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return document


@pytest.mark.parametrize("path, value, json_path", [
    (["version"], 99, "$.version"),
    (["people", 3, "recruited_on"], "31/02/2017", "$.people[3].recruited_on"),
    (["people", 5, "unit"], "NOWHERE", "$.people[5].unit"),
    (["person_facts", 2, "task_rating"], "GIỎI", "$.person_facts[2].task_rating"),
    (["person_facts", 2, "initiatives"], "hai", "$.person_facts[2].initiatives"),
    (["lines", 7, "self_value"], -4, "$.lines[7].self_value"),
    (["lines", 7, "criterion"], "Z.99", "$.lines[7].criterion"),
    (["registrations", 0, "title"], "HUAN_CHUONG", "Danh hiệu 'HUAN_CHUONG'"),
    (["criteria", 1, "spec", "kind"], "magic", "$.criteria[1].spec"),
    (["collectives", 0, "name"], KeyError, "$.collectives[0].name"),
    (["units", 0, "colour"], "đỏ", "$.units[0].colour"),
])
def test_a_bad_file_names_the_bad_field_and_loads_nothing(demo_app, make_app, tmp_path, path, value, json_path):
    document = _broken(json.loads(dump_year(demo_app)), path, value)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = other.test_cli_runner().invoke(args=["load", str(bad)])
    assert result.exit_code == 1
    assert json_path in result.output
    with other.app_context():
        assert db.session.execute(db.select(db.func.count(Person.id))).scalar() == 0


def test_a_file_that_is_not_json_gets_its_line_and_column(app, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "emulation-year",\n "version": 1,,}', encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["load", str(bad)])
    assert result.exit_code == 1 and "dòng 2" in result.output


def test_year_format_is_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "year-format.md").read_text(encoding="utf-8")
    for field in ("version", "units", "collectives", "people", "person_facts", "registrations", "criteria",
                  "lines", "sheets", "history", "audit", "snapshots", "inputs_hash", "placements", "leave",
                  "decisions", "merged_into", "departure"):
        assert f"`{field}`" in doc


V2_FILE = Path(__file__).parent / "data" / "ktd-ii-2017-v2.json"     # `emulation dump` of the demo, before v3


def test_a_version_2_file_loads_whole_and_keeps_its_inputs_hash(make_app, tmp_path):
    from emulation.storage.snapshots import inputs_hash
    from emulation.storage.yearfile import from_json
    earlier = json.loads(V2_FILE.read_text(encoding="utf-8"))
    app = make_app()
    result = app.test_cli_runner().invoke(args=["load", str(V2_FILE)])
    assert result.exit_code == 0, result.output
    dumped = json.loads(without_loads(dump_year(app)))
    assert dumped["version"] == 3
    # Everything the earlier file held comes back as it was; version 3 only adds fields it leaves out when empty.
    assert {key: value for key, value in dumped.items() if key != "version"} == {
        key: value for key, value in earlier.items() if key != "version"} | {"deadlines": dumped["deadlines"]}
    assert inputs_hash(from_json(dumped)) == inputs_hash(from_json(earlier))   # its published results stay current
