"""English all the way: every page a role can open, in English, has no Vietnamese outside names from data.

Each role signs in, picks English, and opens every GET page of the app's URL map that it may see in the
demo year (path parameters filled from the demo data); files (workbooks, documents), the API and static
files are not pages. Text from data with no English of its own (unit, person, criterion names) is marked
lang="vi" by the templates and left out; anything else with Vietnamese letters is a page to fix.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Collective, LeavePeriod, Person, SignedCriterion

from .conftest import BLOC, YEAR
from .vietnamese import vietnamese_text

NOT_PAGES = ("static", "health.healthz", "api.results", "results.export", "people_import.template",
             "people_import.export", "documents.bloc_document", "documents.unit_document", "documents.report",
             "documents.decision_document", "auth.login", "evidence.download")
UNIT = "TTTK"


def _parameters(app) -> dict:
    """A value from the demo data for every path parameter of the app's pages."""
    with app.app_context():
        person = db.session.execute(select(Person).where(Person.code.like(f"{UNIT}-%"))).scalars().first()
        collective = db.session.execute(select(Collective).where(Collective.code.like(f"{UNIT}-%"))).scalars().first()
        criterion = db.session.execute(select(SignedCriterion.code).where(SignedCriterion.kind != "group")).scalars().first()
        leave = db.session.execute(select(LeavePeriod)).scalars().first()
        return {"bloc": BLOC, "year": YEAR, "unit": UNIT, "criterion": criterion,
                "person": person.code, "collective": collective.code, "leave_id": leave.id if leave else None,
                "username": "thuky", "leave_person": leave.person.code if leave else person.code}


def _pages(app) -> list[str]:
    values = _parameters(app)
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or rule.endpoint.startswith("static"):
            continue
        arguments = {}
        for name in rule.arguments:
            if name == "code":
                arguments[name] = {"profiles.collective": values["collective"], "profiles.collective_titles":
                                   values["collective"], "profiles.unit": UNIT, "profiles.unit_titles": UNIT}.get(
                    rule.endpoint, values["leave_person"] if rule.endpoint == "people.edit_leave" else values["person"])
            else:
                arguments[name] = values[name]
        if None in arguments.values():
            continue
        with app.test_request_context():
            from flask import url_for
            pages.append(url_for(rule.endpoint, **arguments))
    return sorted(pages)


@pytest.mark.parametrize("user", ["thuky", "danhgia", "tttk.truong", "xem"])
def test_every_page_in_english_has_no_vietnamese_outside_data(web_app, sign_in, user):
    client = sign_in(user)
    with client.session_transaction() as session:      # what ?lang=en on any page keeps for the session
        session["lang"] = "en"
    opened, found = 0, {}
    for page in _pages(web_app):
        response = client.get(page)
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        opened += 1
        left = vietnamese_text(response.text)
        if left:
            found[page] = left[:8]
    assert opened >= 5, opened
    assert not found, "\n".join(f"{page}: {texts}" for page, texts in found.items())
