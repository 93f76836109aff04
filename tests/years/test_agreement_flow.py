"""Issue 17 done: a bloc of common criteria only (a banded item, a board-scored deduction, cross-scoring by its
members, an amount bonus) is signed, scored by the right roles, ranked, and every total explained line by line."""
import re

import pytest
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import ScoreLine, SignedCriterion

from .agreement_flow import (BASE, BLOC, CROSS, HEADS, PASSWORD, ROLE_VALUES, UNIT_VALUES, YEAR, create_heads,
                             create_staff, criteria_with_units)


@pytest.fixture
def flow_app(make_app, tmp_path):
    app = make_app(EMULATION_CRITERIA_DIR=criteria_with_units(tmp_path))
    create_staff(app)
    return app


def _client(app, username):
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def _versions(html):
    return dict(re.findall(r'<input type="hidden" name="(version-[^"]+)" value="([^"]*)"', html))


def _post_all(client, url, values):
    response = client.post(url, data={**_versions(client.get(url).text), **values})
    assert response.status_code == 302, response.text[:3000]


def test_the_example_cluster_is_signed_scored_by_the_right_roles_ranked_and_explained(flow_app):
    secretariat = _client(flow_app, "thuky")
    signed = secretariat.post("/admin/years", data={"agreement": f"{BLOC}/{YEAR}"})
    assert signed.status_code == 302, signed.text[:2000]
    create_heads(flow_app)
    for unit, values in UNIT_VALUES.items():
        head = _client(flow_app, HEADS[unit])
        sheet = f"{BASE}/units/{unit}/sheet"
        page = head.get(sheet).text
        assert 'name="value-TR.1"' not in page and "Do Ban Thi đua - Khen thưởng chấm" in page
        _post_all(head, sheet, {**{f"value-{code}": v for code, v in values.items()}, "submit": "1"})
        _post_all(head, f"{BASE}/cross-scoring",
                  {f"value-{scored}:B.1": v for scored, v in CROSS[unit].items()})
    for username, lines in ROLE_VALUES.items():
        _post_all(_client(flow_app, username), f"{BASE}/scoring",
                  {f"value-{unit}:{code}": v for code, by_unit in lines.items() for unit, v in by_unit.items()})
    reviewer = _client(flow_app, "danhgia")
    for unit, values in UNIT_VALUES.items():
        _post_all(reviewer, f"{BASE}/units/{unit}/review", {f"action-{code}": "accept" for code in values})
    with flow_app.app_context():
        assert db.session.execute(select(ScoreLine.entered_by).join(ScoreLine.criterion)
                                  .where(SignedCriterion.code == "TH.1")).scalars().all() == ["bantd"] * 4
    assert secretariat.post(f"{BASE}/lock").status_code == 302
    results = secretariat.get(f"{BASE}/results")
    assert results.status_code == 200
    ranked = re.findall(r'<tr data-unit="(LM-[A-Z]+)"><td class="num" data-label="[^"]*">(\d+)</td>', results.text)
    # LM-CB: A.1 0.85 → 20, A.2 42/40 → 15, A.3 14, B.1 trimmed mean of 28, 26, 30 → 28, B.2 20, TH.1 2.5, TH.2 5
    explained = results.text.split('<details class="explained" data-unit="LM-CB">')[1].split("</details>")[0]
    assert "Kết hợp từ 3 giá trị (trung bình bỏ điểm cao nhất và thấp nhất)" in explained
    cross = explained.split('<tr data-code="B.1">')[1].split("</tr>")[0]          # the value the points came from
    assert re.findall(r'<td class="num"[^>]*>([^<]*)</td>', cross) == ["28", "28"]
    assert "thuộc mức [0.8, +∞): 20 điểm" in explained
    assert "Số điểm 2,5, tối đa 15" in explained
    # LM-TN: 20 + 15 + 13 + 27 (of 27, 25, 29) + 20 + 5 + 10 = 110; LM-BK loses 2 for one breach (TR.1)
    assert ranked == [("LM-TN", "1"), ("LM-CB", "2"), ("LM-BK", "3"), ("LM-LS", "4")]
    totals = dict(re.findall(r'<tr data-unit="(LM-[A-Z]+)">.*?<strong>([\d,]+)</strong>', results.text, re.S))
    assert totals["LM-TN"] == "110" and totals["LM-CB"] == "104,5"
    assert "Cờ thi đua của Liên minh Hợp tác xã Việt Nam" in results.text
