"""Reward money in the results: `emulation results --format json`, the API, the results page and a signed decision."""
import json
from datetime import date

import pytest
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Award, Decision, Person

from .conftest import BASE, BLOC, YEAR


def results_json(app):
    result = app.test_cli_runner().invoke(args=["results", "--bloc", BLOC, "--year", str(YEAR), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_results_json_names_the_rule_set_in_force_on_the_review_date(demo_app):
    computed = results_json(demo_app)
    assert computed["review_date"] == "2017-12-15"
    rule_set = computed["rule_set"]
    assert (rule_set["code"], rule_set["effective_from"], rule_set["effective_until"]) == ("A", "2017-10-01",
                                                                                            "2023-12-31")
    assert "91/2017/NĐ-CP" in rule_set["citation"] and rule_set["transitional"][0]["citation"]


def test_results_json_carries_each_reward_with_its_citations(demo_app):
    rewards = results_json(demo_app)["rewards"]
    assert rewards["rule_set"] == "A" and rewards["lines"]
    ldtt = [line for line in rewards["lines"] if line["title"] == "LDTT"]
    assert ldtt and all(
        (line["coefficient"], line["base_salary"], line["amount"], line["date"], line["status"], line["decision"]) ==
        (0.3, 1300000, 390000, "2017-12-15", "proposed", None) for line in ldtt)     # 0.3 × 1,300,000 (Decree 47/2017)
    line = ldtt[0]
    assert "Nghị định 91/2017/NĐ-CP" in line["coefficient_citation"]
    assert "Nghị định 47/2017/NĐ-CP" in line["base_salary_citation"]
    assert "làm tròn" in line["rounding_citation"]
    total = rewards["total"]["amount"]
    assert total == sum(r["amount"] for r in rewards["by_unit"]) == sum(r["amount"] for r in rewards["by_title"])
    assert total == sum(line["amount"] for line in rewards["lines"]) == rewards["total"]["proposed"]


def test_a_signed_decision_prices_its_title_at_the_signing_date(demo_app):
    awarded = next(line for line in results_json(demo_app)["rewards"]["lines"] if line["title"] == "LDTT")
    with demo_app.app_context():
        person = db.session.execute(select(Person).where(Person.code == awarded["code"])).scalar_one()
        decision = Decision(year=YEAR, number="15/QĐ-SKHCN", signed_on=date(2018, 7, 1), level="unit",
                            unit_id=person.unit_id)
        db.session.add(decision)
        db.session.flush()
        db.session.add(Award(year=YEAR, title_code="LDTT", person_id=person.id, decision_id=decision.id))
        db.session.commit()
    rewards = results_json(demo_app)["rewards"]
    line = next(item for item in rewards["lines"] if (item["code"], item["title"]) == (awarded["code"], "LDTT"))
    # 0.3 × 1,390,000 (Decree 72/2018, from 01/07/2018) = 417,000, rounded up to 420,000
    assert (line["status"], line["decision"], line["date"], line["base_salary"], line["amount"]) == (
        "decided", "15/QĐ-SKHCN", "2018-07-01", 1390000, 420000)
    assert rewards["total"]["proposed"] == rewards["total"]["amount"] - 420000


def test_the_api_carries_the_rewards(sign_in):
    rewards = sign_in("thuky").get(f"/api{BASE}/results").get_json()["rewards"]
    assert rewards["total"]["amount"] > 0 and rewards["by_unit"] and rewards["by_title"]


@pytest.mark.parametrize("user", ["thuky", "cctdc.truong"])
def test_the_results_page_shows_the_rewards_totals(web_app, sign_in, user):
    html = sign_in(user).get(f"{BASE}/results").text
    with web_app.app_context():
        rewards = results_json(web_app)["rewards"]
    section = html[html.index('id="rewards"'):]
    by_title = section[section.index('id="rewards-by-title"'):section.index("</table>")]
    assert 'data-title="LDTT"' in by_title and "Lao động tiên tiến" in by_title
    total = section[section.index('id="rewards-total"'):]
    assert f"{rewards['total']['amount']:,}".replace(",", ".") in total        # Vietnamese thousands mark
    assert "Nghị định 47/2017/NĐ-CP" in section and "làm tròn" in section
    assert ('Áp dụng theo ngày xét <time datetime="2017-12-15">15/12/2017</time>: hiệu lực từ '
            '<time datetime="2017-10-01">01/10/2017</time> đến <time datetime="2023-12-31">31/12/2023</time>') in html
    assert "Nghị định 91/2017/NĐ-CP" in html
