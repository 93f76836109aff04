"""User text is escaped on every page: a script put in every text field never comes back as markup."""
from sqlalchemy import select, update

from emulation.extensions import db
from emulation.models import (Bloc, Collective, EmulationYear, Person, ScoreLine, ScoreSheet, SignedCriterion, Title,
                              Unit)

from .conftest import BASE, sheet_url


def _script(field: str) -> str:
    return f'<script>alert("{field}")</script>'


def _inject(app) -> list[str]:
    """Put a script into every text a user or a data file can set; return the fields touched."""
    fields = []

    def put(model, column, where=None):
        name = f"{model.__tablename__}.{column}"
        statement = update(model).values({column: _script(name)})
        db.session.execute(statement.where(where) if where is not None else statement)
        fields.append(name)

    with app.app_context():
        put(Bloc, "name")
        put(Unit, "name")
        put(Collective, "name")
        put(Person, "full_name")
        put(Person, "position")
        put(Title, "name")
        put(EmulationYear, "agreement_name")
        for criterion in db.session.execute(select(SignedCriterion)).scalars():
            criterion.name = _script("signed_criteria.name")
            criterion.spec = {**criterion.spec, "name": _script("signed_criteria.name"),
                              "measure": _script("signed_criteria.measure")}
        fields += ["signed_criteria.name", "signed_criteria.measure"]
        put(ScoreLine, "evidence")
        lines = db.session.execute(select(ScoreLine).join(ScoreSheet).join(Unit).join(ScoreLine.criterion)
                                   .where(Unit.code == "TTTK").order_by(SignedCriterion.code)).scalars().all()
        lines[0].review_state, lines[0].reviewed_value, lines[0].reason = "adjusted", 1, _script("score_lines.reason")
        lines[1].review_state, lines[1].comment = "returned", _script("score_lines.comment")
        fields += ["score_lines.reason", "score_lines.comment"]
        db.session.commit()
    return fields


def _pages(app) -> list[str]:
    pages = ["/", f"{BASE}/", f"{BASE}/results", sheet_url("TTTK"), sheet_url("TTTK", "review"),
             sheet_url("TTTK", "registrations"), "/admin/users", "/admin/years"]
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    if "results.versions" in endpoints:
        pages.append(f"{BASE}/results/versions")
    if "sheets.line_history" in endpoints:
        pages.append(sheet_url("TTTK", "lines/A.1/history"))
    return pages


def test_a_script_in_any_text_field_is_shown_escaped_on_every_page(web_app, sign_in):
    fields = _inject(web_app)
    shown = set()
    for user in ("thuky", "tttk.truong"):
        client = sign_in(user)
        for page in _pages(web_app):
            response = client.get(page, follow_redirects=True)
            if response.status_code == 403:
                continue
            assert response.status_code == 200, (user, page)
            assert "<script>alert(" not in response.text, (user, page)
            shown |= {f for f in fields if f'&lt;script&gt;alert(&#34;{f}&#34;)&lt;/script&gt;' in response.text}
    assert shown == set(fields)         # every injected field is on some page, escaped
