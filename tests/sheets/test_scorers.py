"""Lines scored by others: the board's deduction, cross-scoring by member units; each value kept, audited,
shown read-only on the unit's sheet, and refused from the wrong role."""
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from emulation.accounts.service import create_user
from emulation.extensions import db
from emulation.models import AuditEvent, PanelScore, ScoreLine, ScoreSheet, SignedCriterion, Unit
from emulation.storage.database import read_scores
from emulation.storage.yearfile import from_json, to_json

CRITERIA = Path(__file__).resolve().parents[2] / "criteria"
AGREEMENT = Path(__file__).resolve().parents[1] / "years" / "data" / "khoi-chung-2024.toml"
PASSWORD = "mat-khau-thu-nghiem"
BASE = "/blocs/KTD-CHUNG/years/2024"


@pytest.fixture
def bloc_app(make_app, tmp_path):
    """A signed year of a bloc of data units (DV-A, DV-B, DV-C) with their heads, a board login and a reviewer."""
    criteria_dir = tmp_path / "criteria"
    shutil.copytree(CRITERIA, criteria_dir)
    shutil.copy(AGREEMENT, criteria_dir / "agreements")
    app = make_app(EMULATION_CRITERIA_DIR=criteria_dir)
    result = app.test_cli_runner().invoke(args=["sign", "--bloc", "KTD-CHUNG", "--year", "2024"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        for unit in ("DV-A", "DV-B", "DV-C"):
            create_user(f"{unit.lower()}.truong", "unit_head", PASSWORD, unit)
        create_user("bantdkt", "board", PASSWORD)
        create_user("danhgia", "reviewer", PASSWORD)
    return app


@pytest.fixture
def login(bloc_app):
    def factory(username):
        client = bloc_app.test_client()
        assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
        return client
    return factory


def _line(app, unit, code):
    """(self value, review state, entered by) of a unit's line, or None when it has none."""
    with app.app_context():
        return db.session.execute(select(ScoreLine.self_value, ScoreLine.review_state, ScoreLine.entered_by)
                                  .join(ScoreLine.sheet).join(ScoreSheet.unit).join(ScoreLine.criterion)
                                  .where(Unit.code == unit, SignedCriterion.code == code)).first()


def _panel(app):
    """(unit, criterion) -> scorer -> value of the year's panel lines, as the engine reads them."""
    with app.app_context():
        found = {}
        for value in read_scores("KTD-CHUNG", 2024).panel_values:
            found.setdefault((value.unit, value.criterion), {})[value.scorer] = value.value
        return found


def test_the_board_enters_its_deduction_for_a_unit_which_sees_it_read_only(bloc_app, login):
    board = login("bantdkt")
    page = board.get(f"{BASE}/scoring")
    assert page.status_code == 200
    assert 'name="value-DV-B:TR.1"' in page.text and "A.3" not in page.text and 'name="value-DV-B:A.1"' not in page.text
    saved = board.post(f"{BASE}/scoring", data={"value-DV-B:TR.1": "1", "version-DV-B:TR.1": "0"})
    assert saved.status_code == 302
    assert tuple(_line(bloc_app, "DV-B", "TR.1")) == (1, "accepted", "bantdkt")
    with bloc_app.app_context():
        [event] = db.session.execute(select(AuditEvent).where(AuditEvent.key == "KTD-CHUNG/2024/DV-B/TR.1")).scalars()
        assert (event.actor, event.action, event.after["self_value"], event.after["scored_by"]) == (
            "bantdkt", "score", 1, "board")
    sheet = login("dv-b.truong").get(f"{BASE}/units/DV-B/sheet")
    assert "Do Ban Thi đua - Khen thưởng chấm" in sheet.text and "(bantdkt)" in sheet.text
    assert 'name="value-TR.1"' not in sheet.text.split('data-code="TR.1"')[1].split("</tr>")[0]


def test_a_unit_head_cannot_enter_a_line_the_board_scores(bloc_app, login):
    head = login("dv-b.truong")
    refused = head.post(f"{BASE}/units/DV-B/sheet", data={"value-TR.1": "0", "version-TR.1": "0"})
    assert refused.status_code == 400 and "do người khác chấm" in refused.text
    assert _line(bloc_app, "DV-B", "TR.1") is None
    assert head.get(f"{BASE}/scoring").status_code == 403
    assert login("bantdkt").get(f"{BASE}/cross-scoring").status_code == 403
    # a reviewer may open the scoring page but scores nothing of the board's
    reviewer = login("danhgia")
    assert reviewer.post(f"{BASE}/scoring", data={"value-DV-B:TR.1": "1", "version-DV-B:TR.1": "0"}).status_code == 400
    assert _line(bloc_app, "DV-B", "TR.1") is None


def test_member_units_cross_score_the_others_never_themselves(bloc_app, login):
    a = login("dv-a.truong")
    page = a.get(f"{BASE}/cross-scoring")
    assert page.status_code == 200
    assert 'name="value-DV-B:A.3"' in page.text and 'name="value-DV-C:A.3"' in page.text
    assert 'name="value-DV-A:A.3"' not in page.text
    own = a.post(f"{BASE}/cross-scoring", data={"value-DV-A:A.3": "20", "version-DV-A:A.3": "0"})
    assert own.status_code == 400 and _panel(bloc_app) == {}
    assert a.post(f"{BASE}/cross-scoring", data={"value-DV-B:A.3": "16", "version-DV-B:A.3": "0",
                                                 "value-DV-C:A.3": "18", "version-DV-C:A.3": "0"}).status_code == 302
    c = login("dv-c.truong")
    assert c.post(f"{BASE}/cross-scoring", data={"value-DV-B:A.3": "12", "version-DV-B:A.3": "0"}).status_code == 302
    assert _panel(bloc_app) == {("DV-B", "A.3"): {"DV-A": 16, "DV-C": 12}, ("DV-C", "A.3"): {"DV-A": 18}}
    too_high = c.post(f"{BASE}/cross-scoring", data={"value-DV-A:A.3": "25", "version-DV-A:A.3": "0"})
    assert too_high.status_code == 400 and "Điểm phải từ 0 đến 20" in too_high.text
    stale = a.post(f"{BASE}/cross-scoring", data={"value-DV-B:A.3": "17", "version-DV-B:A.3": "0"})
    assert stale.status_code == 409
    with bloc_app.app_context():
        events = db.session.execute(select(AuditEvent.actor, AuditEvent.after).where(
            AuditEvent.key == "KTD-CHUNG/2024/DV-B/A.3").order_by(AuditEvent.id)).all()
        assert events == [("dv-a.truong", {"scorer": "DV-A", "value": 16}),
                          ("dv-c.truong", {"scorer": "DV-C", "value": 12})]
        assert db.session.execute(select(PanelScore.entered_by).where(PanelScore.scorer == "DV-C")).scalar_one() \
            == "dv-c.truong"
    sheet = login("dv-b.truong").get(f"{BASE}/units/DV-B/sheet")
    assert 'data-scorer="DV-A">DV-A: 16' in sheet.text and 'data-scorer="DV-C">DV-C: 12' in sheet.text


def test_a_blank_never_clears_a_scored_value(bloc_app, login):
    board = login("bantdkt")
    board.post(f"{BASE}/scoring", data={"value-DV-A:TR.1": "1", "version-DV-A:TR.1": "0"})
    with bloc_app.app_context():
        version = db.session.execute(select(ScoreLine.version)).scalar_one()
    blank = board.post(f"{BASE}/scoring", data={"value-DV-A:TR.1": "", "version-DV-A:TR.1": str(version)})
    assert blank.status_code == 400 and tuple(_line(bloc_app, "DV-A", "TR.1"))[0] == 1
    untouched = board.post(f"{BASE}/scoring", data={"value-DV-C:TR.1": "", "version-DV-C:TR.1": "0"})
    assert untouched.status_code == 302 and _line(bloc_app, "DV-C", "TR.1") is None


def test_the_year_file_carries_the_scorers_values_and_old_files_load(bloc_app, login):
    login("dv-a.truong").post(f"{BASE}/cross-scoring", data={"value-DV-B:A.3": "16", "version-DV-B:A.3": "0"})
    with bloc_app.app_context():
        data = read_scores("KTD-CHUNG", 2024)
    document = to_json(data)
    assert document["panel_values"] == [{"unit": "DV-B", "criterion": "A.3", "scorer": "DV-A", "value": 16}]
    assert [(v.unit, v.criterion, v.scorer, v.value) for v in from_json(document).panel_values] == [
        ("DV-B", "A.3", "DV-A", 16)]
    del document["panel_values"]
    assert from_json(document).panel_values == []
    bad = {**document, "panel_values": [{"unit": "DV-B", "criterion": "A.1", "scorer": "DV-A", "value": 1}]}
    with pytest.raises(Exception, match=r"panel_values.*criterion.*A\.1"):
        from_json(bad)
