"""Publishing freezes the results: served from the snapshot, a later change shown as a difference, re-publish is v2."""
import json

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError
from web.conftest import BASE, sheet_url

from emulation.extensions import db
from emulation.models import EmulationYear, ResultSnapshot, ScoreLine, ScoreSheet, SignedCriterion, Unit
from emulation.storage.database import read_year
from emulation.storage.snapshots import as_json, inputs_hash, snapshot_results
from emulation.years.publishing import drift
from emulation.years.results import live_results

from .audit_helpers import accept_all, publish, without_loads


def _snapshots(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(select(ResultSnapshot).order_by(ResultSnapshot.version)).scalars().all()
        return [(s.version, s.rule_set, s.inputs_hash, json.dumps(snapshot_results(s), sort_keys=True),
                 s.created_at, s.created_by) for s in rows]


def _set_line(app, unit: str, criterion: str, value: float) -> None:
    """Change a line's reviewed value straight in the database, past every service."""
    with app.app_context():
        line_id = db.session.execute(select(ScoreLine.id).join(ScoreSheet).join(Unit).join(
            SignedCriterion, ScoreLine.criterion_id == SignedCriterion.id)
            .where(Unit.code == unit, SignedCriterion.code == criterion)).scalar_one()
        db.session.execute(update(ScoreLine).where(ScoreLine.id == line_id).values(
            reviewed_value=value, review_state="adjusted", reason="sửa thẳng trong CSDL"))
        db.session.commit()


def _totals(results: dict) -> dict:
    return {u["code"]: (u["total"], u["rank"]) for u in results["units"]}


def test_publishing_stores_version_1_with_the_rules_and_the_inputs_hash(web_app, sign_in):
    publish(web_app, sign_in)
    [(version, rule_set, digest, results, _at, who)] = _snapshots(web_app)
    with web_app.app_context():
        data = read_year("KTD-II", 2017)
        live = as_json(live_results("KTD-II", 2017, data))
        assert (version, who, digest) == (1, "thuky", inputs_hash(data))
    assert rule_set == live["rule_set"]["code"] and json.loads(results) == live
    assert len(digest) == 64


def test_published_results_come_from_the_snapshot_and_a_later_change_shows_as_a_difference(web_app, sign_in):
    publish(web_app, sign_in)
    viewer = sign_in("xem")
    published_page, published_api = viewer.get(f"{BASE}/results").text, viewer.get(f"/api{BASE}/results").json
    assert 'id="results-differ"' not in published_page and 'id="published-version"' in published_page
    _set_line(web_app, "TTTK", "A.1", 5)
    page, api = viewer.get(f"{BASE}/results"), viewer.get(f"/api{BASE}/results").json
    assert api == published_api                                   # the API serves what was published
    with web_app.app_context():
        live = as_json(live_results("KTD-II", 2017))
    assert _totals(live)["TTTK"] != _totals(published_api)["TTTK"]
    ranking = page.text[page.text.index('id="ranking"'):]
    assert ranking[:4000] == published_page[published_page.index('id="ranking"'):][:4000]
    assert 'id="results-differ"' not in page.text             # the difference is for those who decide on it
    notice = sign_in("thuky").get(f"{BASE}/results").text
    notice = notice[notice.index('id="results-differ"'):]
    assert 'data-unit="TTTK"' in notice[:notice.index("</div>")]
    assert 'id="edits-since"' not in notice[:notice.index("</div>")]      # changed past the app: no edit to list


def test_reopen_change_and_republish_make_version_2_and_keep_version_1(web_app, sign_in):
    publish(web_app, sign_in)
    v1 = _snapshots(web_app)
    secretariat, reviewer = sign_in("thuky"), sign_in("danhgia")
    secretariat.post(f"{BASE}/reopen", data={"reason": "Khiếu nại của TTTK"})
    with web_app.app_context():
        assert db.session.execute(select(EmulationYear.state)).scalar_one() == "open"
    assert 'id="results-differ"' not in secretariat.get(f"{BASE}/results").text   # reopening alone changes nothing
    form = accept_all(web_app, "TTTK", A_1=("adjust", "20", "Khiếu nại được chấp nhận một phần."))
    assert reviewer.post(sheet_url("TTTK", "review"), data=form).status_code == 302
    open_page = secretariat.get(f"{BASE}/results").text
    assert 'id="results-differ"' in open_page and "phiên bản công bố gần nhất là 1" in open_page
    notice = open_page[open_page.index('id="results-differ"'):]
    edits = notice[notice.index('id="edits-since"'):notice.index("</ul>", notice.index('id="edits-since"'))]
    assert 'data-key="KTD-II/2017/TTTK/A.1"' in edits and "danhgia" in edits and "→ 20" in edits
    assert "Khiếu nại được chấp nhận một phần." in edits
    assert 'id="edits-since"' in reviewer.get(f"{BASE}/results").text
    publish(web_app, sign_in)
    snapshots = _snapshots(web_app)
    assert [s[0] for s in snapshots] == [1, 2] and snapshots[0] == v1[0]
    assert snapshots[1][2] != snapshots[0][2]
    versions = sign_in("xem").get(f"{BASE}/results/versions").text
    assert 'data-version="1"' in versions and 'data-version="2"' in versions
    old = secretariat.get(f"{BASE}/results?version=1").text
    assert "phiên bản 1" in old and 'id="results-differ"' in old
    assert 'id="results-differ"' not in sign_in("xem").get(f"{BASE}/results?version=1").text
    assert 'id="results-differ"' not in sign_in("xem").get(f"{BASE}/results").text


def test_a_published_snapshot_cannot_be_changed_or_deleted(web_app, sign_in):
    publish(web_app, sign_in)
    before = _snapshots(web_app)
    for statement in ("UPDATE result_snapshots SET rule_set = 'X'", "DELETE FROM result_snapshots",
                      "UPDATE result_snapshot_parts SET unit_code = 'X'", "DELETE FROM result_snapshot_parts"):
        with web_app.app_context():
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text(statement))
                db.session.commit()
            db.session.rollback()
    assert _snapshots(web_app) == before


def test_only_the_secretariat_reopens_and_an_open_year_is_not_reopened(web_app, sign_in):
    assert sign_in("danhgia").post(f"{BASE}/reopen", data={"reason": "x"}).status_code == 403
    page = sign_in("thuky").post(f"{BASE}/reopen", data={"reason": "x"}, follow_redirects=True).text
    assert "Năm thi đua đang mở; không cần mở lại." in page


def test_a_published_year_cannot_be_replaced_by_load(web_app, sign_in, tmp_path):
    runner = web_app.test_cli_runner()
    path = tmp_path / "year.json"
    path.write_text(runner.invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output, encoding="utf-8")
    publish(web_app, sign_in)
    sign_in("thuky").post(f"{BASE}/reopen", data={"reason": "thử ghi đè"})
    result = runner.invoke(args=["load", str(path), "--replace"])
    assert result.exit_code == 1 and "đã công bố kết quả" in result.output
    assert len(_snapshots(web_app)) == 1


def test_a_workbook_that_would_mix_the_snapshot_with_changed_scores_is_refused(web_app, sign_in, tmp_path):
    publish(web_app, sign_in)
    viewer = sign_in("xem")
    assert viewer.get(f"{BASE}/export.xlsx").status_code == 200
    _set_line(web_app, "TTTK", "A.1", 5)                      # past every service: the scores now differ
    page = viewer.get(f"{BASE}/export.xlsx", follow_redirects=True)
    assert page.request.path == f"{BASE}/results"
    assert "không khớp với kết quả" in page.text and "TTTK" in page.text
    path = tmp_path / "mixed.xlsx"
    result = web_app.test_cli_runner().invoke(args=["export", "--bloc", "KTD-II", "--year", "2017", "-o", str(path)])
    assert result.exit_code == 1 and "mở lại và công bố lại" in result.output
    assert not path.exists()


def _published_file(web_app, sign_in, tmp_path):
    publish(web_app, sign_in)
    dumped = web_app.test_cli_runner().invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output
    path = tmp_path / "published.json"
    path.write_text(dumped, encoding="utf-8")
    return path, dumped


def test_a_published_year_moves_to_another_database_with_its_snapshots(web_app, sign_in, make_app, tmp_path):
    path, dumped = _published_file(web_app, sign_in, tmp_path)
    [carried] = json.loads(dumped)["snapshots"]
    [(version, rule_set, digest, results, at, who)] = _snapshots(web_app)
    assert (carried["version"], carried["rule_set"], carried["inputs_hash"], carried["created_by"]) == (
        version, rule_set, digest, who)
    assert carried["results"] == json.loads(results) and carried["created_at"] == at.isoformat()
    published = web_app.test_cli_runner().invoke(args=["results", "--bloc", "KTD-II", "--year", "2017",
                                                       "--format", "json"]).output

    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    runner = other.test_cli_runner()
    assert runner.invoke(args=["load", str(path)]).exit_code == 0
    assert _snapshots(other) == _snapshots(web_app)
    assert runner.invoke(args=["results", "--bloc", "KTD-II", "--year", "2017", "--format", "json"]).output == published
    assert without_loads(runner.invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output) == dumped
    with other.app_context():
        year = db.session.execute(select(EmulationYear)).scalar_one()
        assert year.state == "published" and drift(year) is None     # the same inputs: nothing differs


@pytest.mark.parametrize("field, value, json_path", [
    ("version", 0, "$.snapshots[0].version"),
    ("inputs_hash", "abc", "$.snapshots[0].inputs_hash"),
    ("rule_set", "", "$.snapshots[0].rule_set"),
    ("results", {"units": []}, "$.snapshots[0].results.collectives"),
    ("created_at", "hôm qua", "$.snapshots[0].created_at"),
])
def test_a_bad_snapshot_in_a_file_names_its_field_and_loads_nothing(web_app, sign_in, make_app, tmp_path, field,
                                                                    value, json_path):
    path, dumped = _published_file(web_app, sign_in, tmp_path)
    document = json.loads(dumped)
    document["snapshots"][0][field] = value
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = other.test_cli_runner().invoke(args=["load", str(path)])
    assert result.exit_code == 1 and json_path in result.output
    with other.app_context():
        assert db.session.execute(select(EmulationYear)).first() is None
    assert _snapshots(other) == []


def test_snapshot_versions_count_up_and_their_people_belong_to_the_file(web_app, sign_in, make_app, tmp_path):
    path, dumped = _published_file(web_app, sign_in, tmp_path)
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    twice = json.loads(dumped)
    twice["snapshots"].append(twice["snapshots"][0])
    stranger = json.loads(dumped)
    stranger["snapshots"][0]["results"]["individuals"][3]["unit"] = "NOWHERE"
    for document, where in ((twice, "$.snapshots[1].version"), (stranger, "$.snapshots[0].results.individuals[3].unit")):
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        result = other.test_cli_runner().invoke(args=["load", str(path)])
        assert result.exit_code == 1 and where in result.output, result.output
    assert _snapshots(other) == []
