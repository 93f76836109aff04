"""Publishing freezes the results: served from the snapshot, a later change shown as a difference, re-publish is v2."""
import json

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from emulation.extensions import db
from emulation.models import EmulationYear, ResultSnapshot, ScoreLine, ScoreSheet, SignedCriterion, Unit
from emulation.reports import live_results
from emulation.snapshots import as_json, inputs_hash, snapshot_results
from emulation.store import read_year

from web.conftest import BASE, sheet_url
from .audit_helpers import accept_all, publish


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
    notice = page.text[page.text.index('id="results-differ"'):]
    assert 'data-unit="TTTK"' in notice[:notice.index("</div>")]


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
    publish(web_app, sign_in)
    snapshots = _snapshots(web_app)
    assert [s[0] for s in snapshots] == [1, 2] and snapshots[0] == v1[0]
    assert snapshots[1][2] != snapshots[0][2]
    versions = sign_in("xem").get(f"{BASE}/results/versions").text
    assert 'data-version="1"' in versions and 'data-version="2"' in versions
    old = sign_in("xem").get(f"{BASE}/results?version=1").text
    assert "phiên bản 1" in old and 'id="results-differ"' in old
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
