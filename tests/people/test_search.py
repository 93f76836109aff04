"""Finding people by name, diacritics and case ignored, filtered and paged, through an index."""
import re
import unicodedata

from sqlalchemy import insert, select, text

from emulation.extensions import db
from emulation.models import Person, PersonNameWord, Unit
from emulation.people.search import PAGE_SIZE, SearchQuery, search_people, search_statement


def _codes(html: str) -> list[str]:
    return re.findall(r'<tr data-code="([^"]+)">', html)


def test_search_ignores_diacritics_and_case(sign_in):
    client = sign_in("thuky")
    for typed in ("nong van thang", "NÔNG VĂN THẮNG", unicodedata.normalize("NFD", "Nông Văn Thắng"), "  nông   thắng "):
        html = client.get("/people", query_string={"q": typed}).text
        assert _codes(html) == ["CCTDC-01"], typed
        assert "Nông Văn Thắng" in html and "Tìm thấy 1 cá nhân." in html


def test_every_word_typed_must_begin_a_word_of_the_name(sign_in):
    client = sign_in("thuky")
    assert set(_codes(client.get("/people?q=thang").text)) == {"CCTDC-01"}
    # "no" begins Nông; "th" begins Thắng, Thị, Thu...: only names holding both.
    found = _codes(client.get("/people?q=no+th").text)
    assert {"CCTDC-01", "CCTDC-18"} <= set(found)               # Nông Văn Thắng, Nông Thị Huệ
    assert "CCTDC-02" not in found                              # Lương Thị Hồng Nhung: no word begins with "no"
    assert _codes(client.get("/people?q=hang+nong").text) == []   # "hang" begins no word of Nông Văn Thắng


def test_filters_by_unit_collective_and_title_held(sign_in):
    client = sign_in("thuky")
    by_title = _codes(client.get("/people?title=CSTDCS").text)
    assert sorted(by_title) == ["CCTDC-01", "TTTK-01", "TTUD-05"]      # the demo's earlier CSTĐCS holders
    by_unit = _codes(client.get("/people?q=van&unit=TTTK").text)
    assert by_unit and all(code.startswith("TTTK-") for code in by_unit)
    in_collective = _codes(client.get("/people?unit=CCTDC&collective=CCTDC-KD").text)
    assert sorted(in_collective) == ["CCTDC-16", "CCTDC-17", "CCTDC-18", "CCTDC-19", "CCTDC-20"]


def _add_people(app, count: int, name: str = "Nguyễn Văn Thử") -> None:
    with app.app_context():
        unit = db.session.execute(select(Unit).where(Unit.code == "TTTK")).scalar_one()
        db.session.add_all(Person(code=f"T-{n:04d}", full_name=f"{name} {n:04d}", unit=unit) for n in range(count))
        db.session.commit()


def test_odd_queries_find_nothing_or_ignore_the_odd_part(sign_in):
    client = sign_in("thuky")
    everyone = "Tìm thấy 62 cá nhân."                                        # the demo bloc's people
    assert everyone in client.get("/people", query_string={"q": "nong\x00thang"}).text     # refused text: no filter
    assert everyone in client.get("/people", query_string={"q": "—…!?"}).text               # no word typed
    once = _codes(client.get("/people", query_string={"q": "nong"}).text)
    assert len(once) > 3 and _codes(client.get("/people", query_string={"q": "nong " * 100}).text) == once
    response = client.get("/people", query_string={"unit": "X\x00", "page": "9" * 30})
    assert response.status_code == 200 and everyone in response.text and "Trang 1/2" in response.text


def test_results_come_a_page_at_a_time_with_page_links(web_app, sign_in):
    _add_people(web_app, 2 * PAGE_SIZE + 20)
    client = sign_in("thuky")
    first = client.get("/people?q=nguyen+van+thu").text
    assert len(_codes(first)) == PAGE_SIZE and "Trang 1/3" in first and "Tìm thấy 120 cá nhân." in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    next_url = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
    second = client.get(next_url).text
    assert "Trang 2/3" in second and _codes(second)[0] == f"T-{PAGE_SIZE:04d}"
    last = client.get("/people?q=nguyen+van+thu&page=3").text
    assert len(_codes(last)) == 20 and 'rel="next"' not in last
    assert "Trang 3/3" in client.get("/people?q=nguyen+van+thu&page=99").text      # past the end: the last page


def test_a_renamed_person_is_found_by_the_new_name_only(web_app, sign_in):
    with web_app.app_context():
        person = db.session.execute(select(Person).where(Person.code == "CCTDC-01")).scalar_one()
        person.full_name = "Nông Văn Thành"
        db.session.commit()
    client = sign_in("thuky")
    assert _codes(client.get("/people?q=nong+van+thanh").text) == ["CCTDC-01"]
    assert _codes(client.get("/people?q=nong+thang").text) == []


def _plan(app, query: SearchQuery) -> str:
    """Return the database's plan for the search of `query`, as one text."""
    with app.app_context():
        sql = str(search_statement(query).compile(db.engine, compile_kwargs={"literal_binds": True}))
        if db.engine.dialect.name == "sqlite":
            rows = db.session.execute(text("EXPLAIN QUERY PLAN " + sql)).all()
            return "\n".join(row[-1] for row in rows)
        # A table of a few thousand rows may be read whole, which is cheaper: the plan with sequential scans
        # priced out shows that the search can go through the index, which it does once the table is large.
        db.session.execute(text("ANALYZE"))
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        return "\n".join(db.session.execute(text("EXPLAIN " + sql)).scalars())


def test_the_search_reads_the_index_of_name_words(web_app):
    with web_app.app_context():
        unit_id = db.session.execute(select(Unit.id).where(Unit.code == "TTTK")).scalar_one()
        db.session.execute(insert(Person), [{"code": f"B-{n:05d}", "full_name": f"Bế Văn {n}", "name_key": f"be van {n}",
                                             "unit_id": unit_id, "position": "", "version": 1} for n in range(3000)])
        ids = db.session.execute(select(Person.id).where(Person.code.like("B-%"))).scalars().all()
        db.session.execute(insert(PersonNameWord), [{"person_id": i, "word": w} for i in ids for w in ("be", "van")])
        db.session.commit()
    plan = _plan(web_app, SearchQuery("nguyen thang"))
    assert "ix_person_name_words_word" in plan, plan
    assert not re.search(r"SCAN person_name_words\b|Seq Scan on person_name_words", plan), plan
    with web_app.app_context():
        found = search_people(SearchQuery("nguyễn thị thanh"))
        assert [row["code"] for row in found.rows] == ["TTTK-05"]
