"""People search benchmark (not a test): 100,000 people, a search by name words stays an index read.

Creates one bloc of 100 units and 100,000 people with Vietnamese names in a fresh SQLite file and, with
``--postgres URL`` (a server URL; the database ``bench_people_search`` is created and dropped), on
PostgreSQL too, then times ``people.search.search_people`` (count and first page) for a few queries,
from a rare full name to a one-letter prefix that matches most people, and the last page of a common
word. Prints each query's time (best of 5) and the number found, and as its last line one JSON object.

    python bench/search.py [--people 100000] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))      # this checkout's emulation package, whatever is installed

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Nông", "Bế", "Lục", "Sầm", "Triệu", "Đàm", "Lương", "Ma", "Hà", "Chu", "Vi", "Mạc"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hồng", "Ngọc", "Thu", "Xuân", "Kim", "Hữu", "Bảo"]
GIVEN = ["Thắng", "Hùng", "Dũng", "Lan", "Mai", "Hương", "Nhung", "Long", "Sơn", "Hà", "Tuấn", "Linh", "Phương",
         "Quý", "Toàn", "Việt", "Hạnh", "Khải", "Oanh", "Tiến", "Thịnh", "Bình", "Cường", "Yến", "Huệ", "Trang"]
QUERIES = [("nguyen van thang", {}), ("Nông Thị Huệ", {}), ("thang", {}), ("ng", {}), ("n", {}),
           ("tran thi", {"unit": "U050"})]


def _app(url: str):
    from emulation import create_app
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": False})


def _fill(app, people: int) -> None:
    from sqlalchemy import insert, select

    from emulation.extensions import db
    from emulation.models import Bloc, Person, PersonNameWord, Unit
    from emulation.text import fold, name_words
    rng = random.Random(13)
    with app.app_context():
        db.session.execute(insert(Bloc), [{"code": "BENCH", "name": "Bench"}])
        bloc_id = db.session.execute(select(Bloc.id)).scalar_one()
        db.session.execute(insert(Unit), [{"code": f"U{n:03d}", "name": f"Đơn vị {n}", "short_name": "", "plugin": "",
                                           "bloc_id": bloc_id} for n in range(100)])
        unit_ids = db.session.execute(select(Unit.id).order_by(Unit.code)).scalars().all()
        rows = []
        for n in range(people):
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            rows.append({"id": n + 1, "code": f"P{n:06d}", "full_name": name, "name_key": fold(name),
                         "unit_id": unit_ids[n % 100], "position": "", "version": 1})
        for start in range(0, people, 5000):
            db.session.execute(insert(Person), rows[start:start + 5000])
        words = [{"person_id": r["id"], "word": w} for r in rows for w in name_words(r["full_name"])]
        for start in range(0, len(words), 10000):
            db.session.execute(insert(PersonNameWord), words[start:start + 10000])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
        else:
            db.session.execute(db.text("ANALYZE"))


def _measure(app) -> list[dict]:
    from emulation.people.search import SearchQuery, search_people
    figures = []
    with app.app_context():
        for text, filters in QUERIES + [("ng", {"page": 10 ** 6})]:
            query = SearchQuery(text, bloc="BENCH", **filters)
            times = []
            for _ in range(5):
                start = time.perf_counter()
                found = search_people(query)
                times.append(time.perf_counter() - start)
            figures.append({"query": text, **filters, "found": found.total, "page": found.page,
                            "ms": round(min(times) * 1000, 1)})
    return figures


def run(url: str, people: int) -> list[dict]:
    """Fill the database at `url` with `people` and return the search figures."""
    app = _app(url)
    start = time.perf_counter()
    _fill(app, people)
    print(f"  {people:,} people written in {time.perf_counter() - start:.1f} s")
    figures = _measure(app)
    for f in figures:
        shown = f"{f['query']!r}" + "".join(f" {k}={v}" for k, v in f.items() if k in ("unit",))
        print(f"  {shown:<32} found {f['found']:>7,}  page {f['page']:>5}  {f['ms']:>8.1f} ms")
    with app.app_context():
        from emulation.extensions import db
        db.session.remove()
        db.engine.dispose()
    return figures


def main() -> None:
    """Run the benchmark on SQLite and, when asked, on PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (the bench database is created and dropped)")
    args = parser.parse_args()
    result = {}
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite")
        result["sqlite"] = run(f"sqlite:///{folder}/search.sqlite", args.people)
    if args.postgres:
        from sqlalchemy import create_engine, make_url, text
        server = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS bench_people_search"))
            connection.execute(text("CREATE DATABASE bench_people_search"))
        try:
            print("PostgreSQL")
            url = make_url(args.postgres).set(database="bench_people_search").render_as_string(hide_password=False)
            result["postgresql"] = run(url, args.people)
        finally:
            with server.connect() as connection:
                connection.execute(text("DROP DATABASE IF EXISTS bench_people_search"))
            server.dispose()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
