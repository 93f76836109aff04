"""The pages' SQL query counts do not grow with the number of units, people or score lines.

The issue asks for a bloc of 10 and one of 1,000 units; 10 and 200 keep the test quick (the
benchmark's 1,000-unit year, bench/bench.py, runs the same pages at full size).
"""
from contextlib import contextmanager

import pytest
from flask import url_for
from sqlalchemy import event

from emulation.accounts.service import create_user
from emulation.devdata.synth import SynthPlan, synthesize, template_agreement
from emulation.extensions import db

SIZES = {"S": (10, 200), "L": (200, 2000)}       # prefix -> (units, people), one bloc each


@pytest.fixture
def two_blocs(app):
    """An app holding a synthetic bloc of 10 units (SSB01) and one of 200 units (LSB01), and a signed-in client."""
    with app.app_context():
        for prefix, (units, people) in SIZES.items():
            synthesize(SynthPlan(units, people, blocs=1, prefix=prefix),
                       template_agreement(app.config["EMULATION_CRITERIA_DIR"]))
        create_user("counting-secretariat", "secretariat", "counting-password-1")
    client = app.test_client()
    response = client.post("/login", data={"username": "counting-secretariat", "password": "counting-password-1"})
    assert response.status_code == 302
    return client


@contextmanager
def counted(app):
    """Count the SQL statements sent while the block runs."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _queries(app, client, endpoint: str, **values) -> int:
    with app.test_request_context():
        url = url_for(endpoint, **values)
    client.get(url)     # a first visit may load per-process caches; count the second
    with counted(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.mark.parametrize("endpoint, unit", [("results.show", None), ("sheets.edit", "SU0003")])
def test_page_queries_do_not_grow_with_the_bloc(app, two_blocs, endpoint, unit):
    counts = {}
    for prefix in SIZES:
        values = {"bloc": f"{prefix}SB01", "year": 2025}
        if unit:
            values["unit"] = prefix + unit
        counts[prefix] = _queries(app, two_blocs, endpoint, **values)
    assert counts["S"] == counts["L"], counts


def test_score_entry_queries_do_not_grow_with_the_lines(app):
    with app.app_context():
        for prefix, per_unit in (("A", 12), ("B", 24)):
            synthesize(SynthPlan(4, 40, blocs=1, criteria_per_unit=per_unit, prefix=prefix),
                       template_agreement(app.config["EMULATION_CRITERIA_DIR"]))
        create_user("counting-secretariat", "secretariat", "counting-password-1")
    client = app.test_client()
    client.post("/login", data={"username": "counting-secretariat", "password": "counting-password-1"})
    counts = {prefix: _queries(app, client, "sheets.edit", bloc=f"{prefix}SB01", year=2025, unit=f"{prefix}SU0001")
              for prefix in "AB"}
    assert counts["A"] == counts["B"], counts


def test_saving_registrations_costs_the_same_queries_for_few_or_many_people(app):
    """An unchanged registrant costs no query of its own: a save's statements do not grow with the unit."""
    from web.conftest import form_as_shown

    with app.app_context():
        for prefix, people in (("A", 40), ("B", 160)):       # 4 units each, four times the people in B
            synthesize(SynthPlan(4, people, blocs=1, prefix=prefix),
                       template_agreement(app.config["EMULATION_CRITERIA_DIR"]))
            create_user(f"{prefix.lower()}-head", "unit_head", "counting-password-1", f"{prefix}SU0001")
    counts, people = {}, {}
    for prefix in "AB":
        client = app.test_client()
        client.post("/login", data={"username": f"{prefix.lower()}-head", "password": "counting-password-1"})
        with app.test_request_context():
            url = url_for("registrations.edit", bloc=f"{prefix}SB01", year=2025, unit=f"{prefix}SU0001")
        form = form_as_shown(client.get(url).text)
        people[prefix] = sum(name.startswith("p-rating-") for name in form)
        client.post(url, data=form)     # a first save may create missing fact records
        with counted(app) as statements:
            response = client.post(url, data=form)
        assert response.status_code == 302, response.text[:500]
        counts[prefix] = len(statements)
    assert people["B"] >= 2 * people["A"] > 0, people
    assert counts["A"] == counts["B"], counts
