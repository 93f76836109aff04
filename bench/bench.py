"""Ministry-scale benchmark (not a test): the engines, the workbook and the pages against their floors.

One run creates the synthetic year (``emulation synth``) in a fresh SQLite file and in a fresh
PostgreSQL database ``bench`` (dropped at the end), then measures on each, every measurement in its
own child process so that its peak RSS (``ru_maxrss``) is honest:

* totals: unit totals and ranks of every bloc (``store.read_scores`` + ``scoring.score_bloc`` +
  ``ranking.rank_entries``), against the SQL floor: one aggregate query that scores every line
  by its kind (points, pass/fail, count, bonus, deduction, plan with the bloc's best excess as a
  window maximum; lines without a value score 0 and are skipped), caps each group (one level of
  groups, the agreement's shape), clamps the total, and ranks by total, deductions, core group,
  content and code; the run checks the floor gives the same totals and ranks as the engine;
* results: the full results of every bloc (``years.results.year_results``: totals, ranks, every title
  decision with its reasons), with the results cache emptied, then again read from the cache
  (``storage.results_cache``), against the same SQL floor;
* titles: ``titles.decide_titles`` on the people of half the blocs (N) and of all blocs (2N);
* workbook: ``export.export_year`` for the largest bloc and for every bloc of the ministry in turn,
  against bare XlsxWriter in constant_memory mode writing the same cells, without formats, from
  ready lists (the cells are recorded in a second, untimed export run); and against a second floor, bare
  XlsxWriter writing the same workbook (the same cells with their formats, bordered blanks, merged ranges,
  row heights and column widths, recorded in the same run), printed beside it (``same_workbook`` in the
  JSON), and the same replayed through the export's own worksheet class (``export.inline_sheet``, faster
  than stock XlsxWriter on common cells; ``same_workbook_inline``: what our own code costs); wall and CPU
  times (on PostgreSQL the export's CPU leaves out the server's work);
* pages: the ranking page and the score-entry page through the app's test client; the ranking page
  against the bloc's totals query, the score-entry page against its one query (the unit's lines
  joined to their criteria) plus a bare Jinja render of the same rows.

It prints each time, its ratio to its floor, its target (met or missed) and the peak memory, and as
its last line one JSON object with every figure. ``--quick`` runs 100 units and 10,000 people.
"""
from __future__ import annotations

import argparse
import contextvars
import gc
import io
import json
import os
import pickle
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))      # this checkout's emulation package, whatever is installed
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "bench")     # one per concurrent run
YEAR = 2025

# --- the SQL floor -------------------------------------------------------------------------------

FLOOR_SQL = """
WITH v AS (
  SELECT sh.year_id, sh.unit_id, c.id AS cid, c.parent_code, c.kind, c.max_points AS mx, c.target AS tg,
         COALESCE(l.reviewed_value, l.self_value) AS val, {per_item} AS per_item, {formula} AS formula
  FROM score_lines l
  JOIN score_sheets sh ON sh.id = l.sheet_id
  JOIN signed_criteria c ON c.id = l.criterion_id
  JOIN emulation_years ey ON ey.id = sh.year_id
  WHERE ey.year = :year AND COALESCE(l.reviewed_value, l.self_value) IS NOT NULL {bloc_filter}
),
b AS (
  SELECT v.*, MAX(CASE WHEN kind = 'plan' AND tg > 0 THEN (val - tg) / tg END) OVER (PARTITION BY cid) AS best_x,
         MAX(CASE WHEN kind = 'plan' THEN val END) OVER (PARTITION BY cid) AS best_a
  FROM v
),
p AS (
  SELECT year_id, unit_id, parent_code, kind, COALESCE(CASE kind
    WHEN 'points' THEN val
    WHEN 'pass_fail' THEN CASE WHEN val = 1 THEN mx ELSE 0 END
    WHEN 'count' THEN {least}(val * per_item, mx)
    WHEN 'plan' THEN CASE
      WHEN formula = 'relative' THEN CASE WHEN best_a > 0 THEN mx * val / best_a ELSE 0 END
      WHEN formula = 'proportional' THEN mx * {least}(val / tg, 1.0)
      WHEN val <= tg THEN 0.5 * mx * val / tg
      ELSE {least}(0.5 * mx + 0.5 * mx * ((val - tg) / tg) / best_x, mx) END
    ELSE {least}(val * COALESCE(per_item, mx), mx) END, 0) AS pts
  FROM b
),
g AS (
  SELECT year_id, unit_id, parent_code,
         SUM(CASE WHEN kind NOT IN ('bonus', 'deduction') THEN pts ELSE 0 END) AS content,
         SUM(CASE WHEN kind = 'bonus' THEN pts ELSE 0 END) AS bonus,
         SUM(CASE WHEN kind = 'deduction' THEN pts ELSE 0 END) AS ded
  FROM p GROUP BY year_id, unit_id, parent_code
),
capped AS (
  SELECT g.year_id, g.unit_id,
         CASE WHEN grp.id IS NULL THEN g.content ELSE {least}(g.content, grp.max_points) END AS content,
         CASE WHEN grp.id IS NULL THEN g.bonus ELSE {least}(g.bonus, grp.max_points) END AS bonus,
         CASE WHEN grp.id IS NULL THEN g.ded ELSE {least}(g.ded, grp.max_points) END AS ded,
         CASE WHEN {core} THEN {least}(g.content, grp.max_points) ELSE 0 END AS core
  FROM g LEFT JOIN signed_criteria grp ON grp.year_id = g.year_id AND grp.code = g.parent_code
),
t AS (
  SELECT year_id, unit_id, SUM(content) AS content, SUM(bonus) AS bonus, SUM(ded) AS ded, SUM(core) AS core
  FROM capped GROUP BY year_id, unit_id
),
r AS (
  SELECT t.year_id, u.code AS unit,
         {round}({least}({greatest}(t.content + t.bonus - t.ded, 0), ey.total_max)) AS total,
         {round}(t.ded) AS ded, {round}(t.core) AS core, {round}(t.content) AS content
  FROM t JOIN units u ON u.id = t.unit_id JOIN emulation_years ey ON ey.id = t.year_id
)
SELECT bl.code AS bloc, r.unit, r.total,
       ROW_NUMBER() OVER (PARTITION BY r.year_id ORDER BY r.total DESC, r.ded, r.core DESC, r.content DESC, r.unit)
FROM r JOIN emulation_years ey ON ey.id = r.year_id JOIN blocs bl ON bl.id = ey.bloc_id
"""

DIALECT_SQL = {
    "sqlite": {"per_item": "json_extract(c.spec, '$.per_item')", "formula": "json_extract(c.spec, '$.formula')",
               "core": "json_extract(grp.spec, '$.core') = 1", "least": "MIN", "greatest": "MAX",
               "round": "ROUND_2"},
    "postgresql": {"per_item": "(c.spec->>'per_item')::float", "formula": "(c.spec->>'formula')",
                   "core": "(grp.spec->>'core')::boolean", "least": "LEAST", "greatest": "GREATEST",
                   "round": "ROUND_2"},
}


def floor_sql(dialect: str, one_bloc: bool = False) -> str:
    """Return the floor query for `dialect`, for every bloc or for one (:bloc)."""
    sql = FLOOR_SQL.format(bloc_filter="AND ey.bloc_id = (SELECT id FROM blocs WHERE code = :bloc)" if one_bloc
                           else "", **DIALECT_SQL[dialect])
    # ROUND(x, 2) on a float: SQLite has it; PostgreSQL only for numeric.
    wrap = "ROUND(CAST(({}) AS numeric), 2)" if dialect == "postgresql" else "ROUND(({}), 2)"
    while "ROUND_2(" in sql:
        start = sql.index("ROUND_2(") + len("ROUND_2(")
        depth, end = 1, start
        while depth:
            depth += {"(": 1, ")": -1}.get(sql[end], 0)
            end += 1
        sql = sql[:start - len("ROUND_2(")] + wrap.format(sql[start:end - 1]) + sql[end:]
    return sql


# --- measurements, each run in a child process ---------------------------------------------------

def _bloc_codes(db) -> list[str]:
    from sqlalchemy import select

    from emulation.models import Bloc, EmulationYear
    return list(db.session.execute(select(Bloc.code).join(EmulationYear, EmulationYear.bloc_id == Bloc.id)
                                   .where(EmulationYear.year == YEAR).order_by(Bloc.code)).scalars())


def _largest_bloc(db) -> str:
    from sqlalchemy import func, select

    from emulation.models import Bloc, Person, Unit
    return db.session.execute(select(Bloc.code).join(Unit, Unit.bloc_id == Bloc.id)
                              .join(Person, Person.unit_id == Unit.id).group_by(Bloc.code)
                              .order_by(func.count(Person.id).desc(), Bloc.code).limit(1)).scalar_one()


def m_floor_totals(db, args) -> dict:
    from sqlalchemy import text
    seconds = cpu = None
    for _ in range(3):      # best of three, like the engine side: both run warm
        started, started_cpu = time.perf_counter(), time.process_time()
        rows = db.session.execute(text(floor_sql(db.engine.dialect.name)), {"year": YEAR}).all()
        seconds = min(seconds or 1e9, time.perf_counter() - started)
        cpu = min(cpu or 1e9, time.process_time() - started_cpu)
    # On SQLite the query runs in this process, so CPU time compares with the engine's whatever the machine's load.
    return {"seconds": seconds, "cpu_seconds": cpu, "units": len(rows),
            "totals": {unit: [float(total), int(rank)] for _, unit, total, rank in rows}}


def m_totals(db, args) -> dict:
    from emulation.engine.ranking import entries_from_scores, rank_entries
    from emulation.engine.scoring import score_bloc
    from emulation.storage.database import read_scores
    from emulation.storage.rule_files import app_ranking_config
    codes = _bloc_codes(db)
    seconds = cpu = None
    for _ in range(3):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        config = app_ranking_config()
        totals = {}
        for code in codes:
            scores = score_bloc(read_scores(code, YEAR), "reviewed")
            for item in rank_entries(entries_from_scores(scores), config):
                totals[item.entry.code] = [item.entry.total, item.rank]
        seconds = min(seconds or 1e9, time.perf_counter() - started)
        cpu = min(cpu or 1e9, time.process_time() - started_cpu)
    return {"seconds": seconds, "cpu_seconds": cpu, "units": len(totals), "totals": totals}


def _all_results(codes: list[str]) -> dict:
    from emulation.years.results import year_results
    gc.collect()
    started, started_cpu = time.perf_counter(), time.process_time()
    decisions = 0
    for code in codes:
        results = year_results(code, YEAR)
        decisions += sum(len(e["decisions"]) for key in ("units", "collectives", "individuals")
                         for e in results[key])
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - started_cpu,
            "decisions": decisions}


WARM_RUNS = 12      # untimed runs first: psycopg prepares a statement after 5 runs on a connection, and PostgreSQL
                    # plans a prepared one once after 5 more (a running app's statements are long past that)


def _cold(run) -> float:
    """Run `run` once and return its wall time: the first run, before `_warm`."""
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _warm(run) -> None:
    """Run `run` WARM_RUNS times, untimed: what a page and its floor are timed after."""
    for _ in range(WARM_RUNS):
        run()


def _timed(run) -> dict:
    """Run `run` four times: the median of the last three, in wall and CPU time, and the first (cold) wall time."""
    walls, cpus = [], []
    for _ in range(4):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
    return {"seconds": sorted(walls[1:])[1], "cpu_seconds": sorted(cpus[1:])[1], "cold_seconds": walls[0]}


def _forget_results(db) -> None:
    from sqlalchemy import delete

    from emulation.models import ResultCacheEntry
    db.session.execute(delete(ResultCacheEntry))
    db.session.commit()


def m_results(db, args) -> dict:
    """Every bloc's results computed (the results cache emptied first), then read again from the cache."""
    from emulation.years.results import year_results
    codes = _bloc_codes(db)
    year_results(codes[-1], YEAR)       # warm: rule files, statement caches
    _forget_results(db)
    computed = _all_results(codes)
    return {**computed, "cached": {**_all_results(codes), "peak_mb": _peak_mb()}}


def _merge(years):
    """One YearData holding the people, units and scores of several blocs (title decisions only)."""
    import dataclasses
    first = years[0]
    merged = dataclasses.replace(first, units=[], collectives=[], people=[], person_facts=[], collective_facts=[],
                                 registrations=[], lines=[], sheets=[], history=[],
                                 criteria=[c for c in first.criteria if c.unit is None])
    for year in years:
        for name in ("units", "collectives", "people", "person_facts", "collective_facts", "registrations",
                     "lines", "sheets", "history"):
            getattr(merged, name).extend(getattr(year, name))
        merged.criteria.extend(c for c in year.criteria if c.unit is not None)
    return merged


def m_titles(db, args) -> dict:
    from emulation.collector import collector_paused
    from emulation.engine.ranking import entries_from_scores, rank_entries
    from emulation.engine.scoring import score_bloc
    from emulation.engine.titles import decide_titles
    from emulation.storage.database import read_year
    from emulation.storage.rule_files import app_catalogue, app_ranking_config, app_rule_set
    catalogue, config = app_catalogue(), app_ranking_config()
    rule_set = app_rule_set(YEAR, catalogue)
    years, ranks = [], {}
    for code in _bloc_codes(db):
        data = read_year(code, YEAR)
        years.append(data)
        ranks.update({r.entry.code: r.rank for r in rank_entries(entries_from_scores(score_bloc(data)), config)})
    half, full = _merge(years[:max(1, len(years) // 2)]), _merge(years)
    figures = {}
    # Linearity is judged on CPU time, best of three: on a shared machine wall time also measures the neighbours.
    for label, data in (("n", half), ("2n", full)):
        wall = cpu = None
        for _ in range(3):
            gc.collect()
            started, started_cpu = time.perf_counter(), time.process_time()
            with collector_paused():        # as the results service and the export run the engines
                decide_titles(data, rule_set, ranks, catalogue)
            cpu = min(cpu or 1e9, time.process_time() - started_cpu)
            wall = min(wall or 1e9, time.perf_counter() - started)
        figures[f"seconds_{label}"], figures[f"cpu_seconds_{label}"] = wall, cpu
        figures[f"people_{label}"] = len(data.people)
    figures["seconds"] = figures["seconds_2n"]
    figures["ratio_2n_n"] = figures["cpu_seconds_2n"] / figures["cpu_seconds_n"]
    figures["wall_ratio_2n_n"] = figures["seconds_2n"] / figures["seconds_n"]
    figures["people_ratio"] = figures["people_2n"] / figures["people_n"]
    return figures


_CELL_WRITERS = ("_write_string", "_write_number", "_write_boolean", "_write_datetime", "_write_formula",
                 "_write_url", "_write_rich_string")
_LAYOUT_CALLS = ("merge_range", "set_row", "set_column")


def _captured_cells(export) -> tuple[list[list[tuple[str, list]]], list[dict]]:
    """Run `export` (a list of zero-argument callables, one per workbook) with XlsxWriter recording what it is asked.

    Returns, per workbook, the non-blank cells as [(sheet title, [(row, col, value), ...])] (the values-only
    floor's lists), and the same workbook's layout as {"formats": [properties, ...], "sheets": [(sheet title,
    [event, ...])]}: every cell with its format index (blanks too), merged range, row height and column
    width, in the order the export asked for them (a constant_memory order), for the same-workbook floor.
    This run is never timed: it only prepares the floors' ready lists.
    """
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet
    sheets: dict[int, tuple[str, list]] = {}
    layout: dict[int, tuple[str, list]] = {}        # a sheet's first event is its set_column, so in sheet order
    used: dict[int, int] = {}                       # id(Format) -> its index in the layout's formats
    formats: list[dict] = []                        # every format's properties, in the order they were added
    merging = [False]                               # inside merge_range: its own writes are its event
    originals = {name: getattr(Worksheet, name) for name in _CELL_WRITERS + ("_write_blank",) + _LAYOUT_CALLS}
    add_format, init, constructing = Workbook.add_format, Workbook.__init__, [False]

    def format_index(cell_format):
        return None if cell_format is None else used[id(cell_format)]

    def event(sheet, *item):
        layout.setdefault(id(sheet), (sheet.name, []))[1].append(item)

    def recorder(name):
        original = originals[name]

        def record(self, row, col, *args, **kwargs):
            if name != "_write_blank":
                value = "".join(a for a in args if isinstance(a, str)) if name == "_write_rich_string" else args[0]
                sheets.setdefault(id(self), (self.name, []))[1].append((row, col, value))
            if not merging[0]:
                cell_format = args[-1] if len(args) > 1 else kwargs.get("cell_format")
                event(self, "cell", row, col, None if name == "_write_blank" else value, format_index(cell_format))
            return original(self, row, col, *args, **kwargs)
        return record

    def merge_range(self, first_row, first_col, last_row, last_col, data, cell_format=None):
        event(self, "merge", first_row, first_col, last_row, last_col, data, format_index(cell_format))
        merging[0] = True
        try:
            return originals["merge_range"](self, first_row, first_col, last_row, last_col, data, cell_format)
        finally:
            merging[0] = False

    def set_row(self, row, height=None, *args, **kwargs):
        event(self, "row", row, height)
        return originals["set_row"](self, row, height, *args, **kwargs)

    def set_column(self, first_col, last_col, width=None, *args, **kwargs):
        event(self, "column", first_col, last_col, width)
        return originals["set_column"](self, first_col, last_col, width, *args, **kwargs)

    def recorded_format(self, props=None):
        found = add_format(self, props)
        if not constructing[0]:         # the workbook's own defaults: the floor's workbook adds them itself
            used[id(found)] = len(formats)
            formats.append(dict(props or {}))
        return found

    def constructed(self, *args, **kwargs):
        constructing[0] = True
        try:
            init(self, *args, **kwargs)
        finally:
            constructing[0] = False

    books, layouts = [], []
    try:
        for name in _CELL_WRITERS + ("_write_blank",):
            setattr(Worksheet, name, recorder(name))
        Worksheet.merge_range, Worksheet.set_row, Worksheet.set_column = merge_range, set_row, set_column
        Workbook.add_format, Workbook.__init__ = recorded_format, constructed
        for call in export:
            sheets.clear(), layout.clear(), used.clear()
            formats = []
            call()
            books.append([(title, sorted(cells, key=lambda cell: cell[:2])) for title, cells in sheets.values()])
            layouts.append({"formats": formats, "sheets": list(layout.values())})
    finally:
        for name, original in originals.items():
            setattr(Worksheet, name, original)
        Workbook.add_format, Workbook.__init__ = add_format, init
    return books, layouts


def _export(db, args, codes: list[str]) -> dict:
    from emulation.export.workbook import export_year
    workdir = Path(args.workdir)
    paths = [workdir / f"{code}.xlsx" for code in codes]
    export_year(_bloc_codes(db)[-1], YEAR, str(workdir / "warm-up.xlsx"))     # rule files, statement caches
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    for code, path in zip(codes, paths):
        export_year(code, YEAR, str(path))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _peak_mb()
    books, layouts = _captured_cells([lambda code=code: export_year(code, YEAR, io.BytesIO()) for code in codes])
    Path(args.cells).write_bytes(pickle.dumps(books, protocol=pickle.HIGHEST_PROTOCOL))
    _layout_path(args).write_bytes(pickle.dumps(layouts, protocol=pickle.HIGHEST_PROTOCOL))
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak, "workbooks": len(paths), "bytes": sum(p.stat().st_size for p in paths),
            "cells": sum(len(cells) for book in books for _, cells in book)}


def m_export_bloc(db, args) -> dict:
    return {**_export(db, args, [_largest_bloc(db)]), "bloc": _largest_bloc(db)}


def m_export_ministry(db, args) -> dict:
    return _export(db, args, _bloc_codes(db))


def m_floor_export(db, args) -> dict:
    import xlsxwriter
    books = pickle.loads(Path(args.cells).read_bytes())
    workdir = Path(args.workdir)
    started, cpu = time.perf_counter(), time.process_time()
    for index, sheets in enumerate(books):
        workbook = xlsxwriter.Workbook(str(workdir / f"floor-{index}.xlsx"), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False})
        for title, cells in sheets:
            sheet = workbook.add_worksheet(title)
            for row, col, value in cells:
                sheet.write(row, col, value)
        workbook.close()
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu, "workbooks": len(books)}


def _layout_path(args) -> Path:
    return Path(args.cells).with_suffix(".layout.pickle")


def m_floor_export_layout(db, args) -> dict:
    """Bare XlsxWriter writing the same workbook: the cells with their formats, the bordered blanks, the merged
    ranges, row heights and column widths the export asked for, in its order, from ready lists."""
    return _replay_layout(args, None)


def m_floor_export_layout_inline(db, args) -> dict:
    """The same workbook replayed through the export's own worksheet class (``export.inline_sheet``), which writes
    the common cells' XML faster than stock XlsxWriter: the export against it shows what our own code costs."""
    from emulation.export.inline_sheet import InlineSheet
    return _replay_layout(args, InlineSheet)


def _replay_layout(args, worksheet_class) -> dict:
    """Write the recorded workbooks from ready lists with `worksheet_class` (None: XlsxWriter's own)."""
    import xlsxwriter
    layouts = pickle.loads(_layout_path(args).read_bytes())
    workdir = Path(args.workdir)
    started, cpu = time.perf_counter(), time.process_time()
    for index, book in enumerate(layouts):
        workbook = xlsxwriter.Workbook(str(workdir / f"floor-layout-{index}.xlsx"), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False})
        # The export's formats in the order it added them, after the workbook's own: each gets the same index.
        formats = [workbook.add_format(properties) for properties in book["formats"]]
        for title, events in book["sheets"]:
            sheet = workbook.add_worksheet(title, worksheet_class=worksheet_class)
            for kind, *item in events:
                if kind == "cell":
                    row, col, value, cell_format = item
                    cell_format = None if cell_format is None else formats[cell_format]
                    # The undecorated writers the export calls too (no A1 check, no type dispatch per cell).
                    if isinstance(value, str):      # as text, even "" (write() would make it a blank)
                        sheet._write_string(row, col, value, cell_format)
                    elif value is None:
                        sheet._write_blank(row, col, None, cell_format)
                    elif isinstance(value, (int, float)) and not isinstance(value, bool):
                        sheet._write_number(row, col, value, cell_format)
                    else:
                        sheet.write(row, col, value, cell_format)
                elif kind == "merge":
                    *cells, value, cell_format = item
                    sheet.merge_range(*cells, value, None if cell_format is None else formats[cell_format])
                elif kind == "row":
                    sheet.set_row(*item)
                else:
                    sheet.set_column(*item)
        workbook.close()
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
            "workbooks": len(layouts)}


def _signed_in_client(app, db, username: str = "bench-secretariat", role: str = "secretariat",
                      unit: str | None = None):
    """Return a test client signed in as `username` (created with `role`, and `unit` for a unit head, if missing)."""
    from sqlalchemy import select

    from emulation.accounts.service import create_user
    from emulation.models import User
    if db.session.execute(select(User).where(User.username == username)).scalar_one_or_none() is None:
        create_user(username, role, "bench-password-1", unit)
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": "bench-password-1"})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in failed: {response.status_code}")
    return client


def _page(db, args, endpoint: str, **values) -> dict:
    from flask import current_app, url_for
    app = current_app._get_current_object()
    client = _signed_in_client(app, db)
    with app.test_request_context():
        url = url_for(endpoint, **values)
    pages = []

    def visit():
        pages.append(contextvars.Context().run(client.get, url))      # as a server runs it: see m_page_sheet
        if pages[-1].status_code != 200:
            raise RuntimeError(f"{url}: HTTP {pages[-1].status_code}")
    cold = _cold(visit)
    _warm(visit)
    return {**_timed(visit), "cold_seconds": cold, "url": url, "bytes": len(pages[-1].data)}


def _largest_unit(db, bloc: str) -> str:
    from sqlalchemy import func, select

    from emulation.models import Bloc, Person, Unit
    return db.session.execute(select(Unit.code).join(Bloc).join(Person, Person.unit_id == Unit.id)
                              .where(Bloc.code == bloc).group_by(Unit.code)
                              .order_by(func.count(Person.id).desc(), Unit.code).limit(1)).scalar_one()


def m_page_ranking(db, args) -> dict:
    _forget_results(db)     # the first visit computes the results; the timed ones read them from the cache
    return _page(db, args, "results.show", bloc=_largest_bloc(db), year=YEAR)


def _move_data_version(db) -> None:
    """Commit a write to an input table that changes no row: the data version moves, as after a save."""
    from sqlalchemy import text
    db.session.execute(text("UPDATE blocs SET name = name WHERE id = -1"))
    db.session.commit()


def _timed_after(setup, run, runs: int = 4) -> dict:
    """As `_timed` (over `runs` runs: the median of all but the first), with `setup()` run untimed before each run."""
    walls, cpus = [], []
    for _ in range(runs):
        setup()
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
    middle = (runs - 1) // 2
    return {"seconds": sorted(walls[1:])[middle], "cpu_seconds": sorted(cpus[1:])[middle], "cold_seconds": walls[0]}


class _SheetSaves:
    """Saves of one line of a unit's sheet, each with a new value, committed through the service the sheet page's
    POST uses (``sheets.service.save_lines``), as its unit head saves: the write a head's next view follows.

    The sheet is put in draft for the saves (a head saves only then), and the line (its version too) and the sheet
    are given back their stored values by `restore`; the saves' audit rows stay (the bench's database is its own).
    """

    def __init__(self, db, bloc: str, unit: str):
        from sqlalchemy import select

        from emulation.models import Bloc, EmulationYear, ScoreLine, ScoreSheet, Unit
        from emulation.sheets.service import load_sheet
        self.db = db
        self.year, self.unit = db.session.execute(
            select(EmulationYear, Unit).join(Bloc, Bloc.id == EmulationYear.bloc_id).join(Unit, Unit.bloc_id == Bloc.id)
            .where(Bloc.code == bloc, EmulationYear.year == YEAR, Unit.code == unit)).one()
        view = load_sheet(self.year, self.unit, scored=False)
        row = next(row for row in view.leaves if row.by_unit and row.spec.kind == "points" and row.spec.max_points >= 1
                   and row.line is not None)
        self.code, self.line_id, self.sheet_id = row.spec.code, row.line.id, view.sheet.id
        self.stored = {"self_value": row.line.self_value, "reviewed_value": row.line.reviewed_value,
                       "review_state": row.line.review_state, "reason": row.line.reason, "evidence": row.line.evidence,
                       "version": row.line.version, "state": view.state}
        self.value = row.line.self_value
        self._line, self._sheet = ScoreLine, ScoreSheet
        self._set(self._sheet, self.sheet_id, state="draft")

    def _set(self, model, row_id: int, **values) -> None:
        from sqlalchemy import update
        self.db.session.execute(update(model).where(model.id == row_id).values(**values))
        self.db.session.commit()

    def save(self) -> None:
        """Save the line with a value other than its last one (1 and 0 in turn), as its unit head."""
        from emulation.sheets.service import Entry, save_lines
        from emulation.storage.audit import Actor
        self.value = 0.0 if self.value == 1 else 1.0
        version = self.db.session.get(self._line, self.line_id).version
        entry = Entry(self.value, self.stored["evidence"], version)      # the note as it was: only the value changes
        save_lines(self.year, self.unit, {self.code: entry}, actor=Actor("bench-head"))
        self.db.session.expire_all()

    def check(self, page: str) -> None:
        """Raise unless `page` shows the value last saved in the line's input."""
        shown = f'id="value-{self.code}" inputmode="decimal" name="value-{self.code}" type="text" value="{self.value:g}"'
        if shown not in page:
            raise RuntimeError(f"the view after a save does not show line {self.code} = {self.value:g}")

    def restore(self) -> None:
        stored = dict(self.stored)
        self._set(self._sheet, self.sheet_id, state=stored.pop("state"))
        self._set(self._line, self.line_id, **stored)


def m_page_sheet(db, args) -> dict:
    """The largest unit's sheet as its unit head sees it: first viewed after the head saved one of its lines with a new
    value (the page cache misses, and rows kept by their values miss for that line: what a unit head meets after
    each save), and viewed again with nothing written since (the cache hits); the secretariat's first view after the
    same save (a read-only page) too, as earlier passes measured it."""
    from flask import current_app, url_for
    app = current_app._get_current_object()
    bloc = _largest_bloc(db)
    unit = _largest_unit(db, bloc)
    with app.test_request_context():
        url = url_for("sheets.edit", bloc=bloc, year=YEAR, unit=unit)
    pages = []

    def visit(client):
        # In a context of its own, as a server runs a request: inside this process's app context Flask would reuse
        # it, and with it `g` (the signed-in user, loaded once) and one database session across every visit.
        pages.append(contextvars.Context().run(client.get, url))
        if pages[-1].status_code != 200:
            raise RuntimeError(f"{url}: HTTP {pages[-1].status_code}")
    saves = _SheetSaves(db, bloc, unit)
    try:
        head = _signed_in_client(app, db, "bench-head", "unit_head", unit)
        secretariat = _signed_in_client(app, db)
        saves.save()
        cold = _cold(lambda: visit(head))
        _warm(lambda: (saves.save(), visit(head), visit(secretariat)))
        after_write = {**_timed_after(saves.save, lambda: visit(head), runs=12), "cold_seconds": cold}
        saves.check(pages[-1].text)
        repeated = _timed(lambda: visit(head))
        # A process that has kept none of the sheet's rows (a worker that has not shown this sheet yet, a restart):
        # every row is written, as before rows were kept.
        rows_not_kept = _timed_after(lambda: (saves.save(), _forget_rows()), lambda: visit(head), runs=12)
        saves.check(pages[-1].text)
        by_secretariat = _timed_after(saves.save, lambda: visit(secretariat), runs=12)
        saves.check(pages[-1].text.replace(" disabled", ""))
    finally:
        saves.restore()
    return {**after_write, "url": url, "bytes": len(pages[0].data), "repeated": {**repeated, "url": url},
            "rows_not_kept": {**rows_not_kept, "url": url},
            "secretariat": {**by_secretariat, "url": url, "bytes": len(pages[-1].data)}}


def _forget_rows() -> None:
    """Empty the score-entry rows this process keeps (``sheets.rows``), as in a process that has shown none."""
    from emulation.sheets import rows
    for kept in (rows._line_row, rows._static, rows._group_row):
        kept.cache_clear()


def _timed_query(db, sql: str, params: dict) -> dict:
    from sqlalchemy import text
    run = lambda: db.session.execute(text(sql), params).all()      # noqa: E731
    _warm(run)
    return _timed(run)


def m_floor_page_ranking(db, args) -> dict:
    return _timed_query(db, floor_sql(db.engine.dialect.name, one_bloc=True), {"year": YEAR, "bloc": _largest_bloc(db)})


_SHEET_SQL = ("SELECT c.code, c.name, c.kind, c.max_points, c.target, c.parent_code, l.self_value, l.reviewed_value, "
              "l.review_state, l.reason, l.comment, l.evidence FROM signed_criteria c "
              "JOIN emulation_years ey ON ey.id = c.year_id JOIN blocs b ON b.id = ey.bloc_id "
              "JOIN score_sheets sh ON sh.year_id = ey.id JOIN units u ON u.id = sh.unit_id "
              "LEFT JOIN score_lines l ON l.sheet_id = sh.id AND l.criterion_id = c.id "
              "WHERE b.code = :bloc AND ey.year = :year AND u.code = :unit "
              "AND (c.unit_id IS NULL OR c.unit_id = u.id) ORDER BY c.position")
PAGE_SHEET_FLOOR = """<table>{% for row in rows %}<tr><td>{{ row[0] }}</td><td>{{ row[1] }}</td><td>{{ row[2] }}</td>
<td>{{ row[3] }}</td><td>{{ row[4] }}</td><td><input name="v-{{ row[0] }}" value="{{ row[6] }}"></td>
<td>{{ row[7] }}</td><td>{{ row[8] }}</td><td>{{ row[9] }}</td><td>{{ row[10] }}</td>
<td><textarea name="e-{{ row[0] }}">{{ row[11] }}</textarea></td></tr>{% endfor %}</table>"""


def m_floor_page_sheet(db, args) -> dict:
    """The unit's lines joined to their criteria (one query), rendered by a bare Jinja template of their rows."""
    from jinja2 import Environment
    from sqlalchemy import text
    template = Environment(autoescape=True).from_string(PAGE_SHEET_FLOOR)
    bloc = _largest_bloc(db)
    params = {"bloc": bloc, "year": YEAR, "unit": _largest_unit(db, bloc)}
    run = lambda: template.render(rows=db.session.execute(text(_SHEET_SQL), params).all())      # noqa: E731
    _warm(run)
    rendered = _timed(run)
    return {**rendered, "sql_seconds": _timed_query(db, _SHEET_SQL, params)["seconds"]}


MEASURES = {name[2:]: func for name, func in globals().items() if name.startswith("m_")}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(args) -> None:
    """Run one measurement in this process and print its figures as one JSON line."""
    from emulation import create_app
    from emulation.extensions import db
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.url, "EMULATION_AUTO_UPGRADE": False,
                      "WTF_CSRF_ENABLED": False, "SERVER_NAME": "bench.local"})
    with app.app_context():
        base = _peak_mb()
        figures = MEASURES[args.measure](db, args)
        figures.setdefault("peak_mb", _peak_mb())
        figures["base_mb"] = base
        db.session.remove()
    print(json.dumps(figures))


# --- the parent: databases, children, report -------------------------------------------------------

def child(measure: str, url: str, workdir: Path, extra: tuple = ()) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", measure, "--url", url,
               "--workdir", str(workdir), "--cells", str(workdir / "cells.pickle"), *extra]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["?"]
        return {"error": tail[0]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def synth(url: str, units: int, people: int) -> float:
    started = time.perf_counter()
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-c", "from emulation.cli import main; main()", "synth",
                           "--units", str(units), "--people", str(people), "--year", str(YEAR)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"synth failed on {url}:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - started


def _pg(statement: str) -> None:
    import psycopg
    with psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(statement)


def _app_has(endpoint: str) -> bool:
    from emulation import create_app
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "EMULATION_AUTO_UPGRADE": False})
    return endpoint in app.view_functions


def _has_export() -> bool:
    import importlib.util
    return importlib.util.find_spec("emulation.export") is not None


def _line(label: str, value: dict | None, floor: dict | None = None, target: float | None = None,
          cpu: bool = False) -> None:
    """Print a figure, its floor, their ratio and whether it meets `target`; with `cpu`, their CPU times too
    (on SQLite the floor's query runs in the measuring process, so CPU ratios hold whatever the machine's load)."""
    if not value or "seconds" not in value:
        print(f"  {label:<22}{'error: ' + value.get('error', '?') if value else 'skipped'}", flush=True)
        return
    text = f"  {label:<22}{value['seconds']:9.3f} s  peak {value.get('peak_mb', 0):6.1f} MB"
    if floor and "seconds" in floor:
        ratio = value["seconds"] / floor["seconds"]
        value["ratio"] = ratio
        text += f"  floor {floor['seconds']:8.3f} s  ratio {ratio:7.2f}x"
        if target is not None:
            value["target"], value["met"] = target, ratio <= target
            text += f"  (target ≤ {target:g}x: {'met' if ratio <= target else 'MISSED'})"
    if cpu and floor and value.get("cpu_seconds") and floor.get("cpu_seconds"):
        value["cpu_ratio"] = value["cpu_seconds"] / floor["cpu_seconds"]
        text += f"\n  {'':<22}CPU {value['cpu_seconds']:.3f} s, floor {floor['cpu_seconds']:.3f} s: {value['cpu_ratio']:.2f}x"
        if target is not None:
            value["cpu_met"] = value["cpu_ratio"] <= target
            text += f" ({'met' if value['cpu_met'] else 'MISSED'})"
    print(text, flush=True)


def _same_workbook_line(export: dict, floor: dict, target: float | None, key: str = "same_workbook",
                        label: str = "same-workbook floor") -> None:
    """Print the export against a same-workbook floor (formats, blanks, merges, heights, widths), kept in the
    export's figures under `key` (its ``ratio`` stays the values-only floor's); without `target`, no verdict."""
    if not export or "seconds" not in export or not floor or "seconds" not in floor:
        print(f"  {'':<22}{label}: {floor.get('error', 'skipped') if floor else 'skipped'}", flush=True)
        return
    same = export[key] = {"floor_seconds": floor["seconds"], "floor_cpu_seconds": floor["cpu_seconds"],
                          "ratio": export["seconds"] / floor["seconds"], "target": target}
    def verdict(ratio: float) -> str:
        return "" if target is None else f" (target ≤ {target:g}x: {'met' if ratio <= target else 'MISSED'})"
    if target is not None:
        same["met"] = same["ratio"] <= target
    text = f"  {'':<22}{label} {floor['seconds']:8.3f} s  ratio {same['ratio']:7.2f}x{verdict(same['ratio'])}"
    if export.get("cpu_seconds") and floor.get("cpu_seconds"):
        same["cpu_ratio"] = export["cpu_seconds"] / floor["cpu_seconds"]
        if target is not None:
            same["cpu_met"] = same["cpu_ratio"] <= target
        text += (f"\n  {'':<22}CPU {export['cpu_seconds']:.3f} s, {label} {floor['cpu_seconds']:.3f} s: "
                 f"{same['cpu_ratio']:.2f}x{verdict(same['cpu_ratio'])}")
    print(text, flush=True)


def bench_backend(name: str, url: str, args, workdir: Path, report: dict) -> None:
    """Create the synthetic year at `url` and run every measurement on it, printing as it goes."""
    figures: dict = {}
    report[name] = figures
    print(f"\n== {name}: synthetic year, {args.units} units, {args.people} people", flush=True)
    figures["synth_seconds"] = synth(url, args.units, args.people)
    print(f"  {'synth':<22}{figures['synth_seconds']:9.3f} s", flush=True)

    def run(measure: str, key: str | None = None) -> dict:
        figures[key or measure] = result = child(measure, url, workdir)
        return result

    floor, totals = run("floor_totals"), run("totals")
    if "totals" in floor and "totals" in totals:
        differ = sorted(u for u in totals["totals"] if floor["totals"].get(u) != totals["totals"][u])
        figures["floor_check"] = {"units": len(totals["totals"]), "differ": len(differ), "examples": differ[:5]}
        floor.pop("totals"), totals.pop("totals")
    _line("floor: SQL aggregate", floor)
    cpu = name == "sqlite"
    _line("unit totals + ranks", totals, floor, 2.0, cpu)
    if "floor_check" in figures:
        check = figures["floor_check"]
        print(f"  {'':<22}the floor gives the engine's total and rank for {check['units'] - check['differ']}"
              f"/{check['units']} units", flush=True)
    results = run("results")
    _line("results (with titles)", results, floor, 20.0, cpu)
    _line("results, from the cache", results.get("cached"), floor, 20.0, cpu)
    titles = run("titles") if "titles" not in args.skip else None
    if titles and "seconds_n" in titles:
        titles["met"] = titles["ratio_2n_n"] <= 2.2
        print(f"  {'title decisions':<22}{titles['cpu_seconds_n']:9.3f} s CPU for {titles['people_n']} people, "
              f"{titles['cpu_seconds_2n']:.3f} s for {titles['people_2n']}: ratio {titles['ratio_2n_n']:.2f}x "
              f"(target ≤ 2.2x: {'met' if titles['met'] else 'MISSED'})  peak {titles['peak_mb']:.1f} MB", flush=True)
    else:
        _line("title decisions", titles)
    if "export" in args.skip:
        print("  (workbook measurements skipped: --skip export)", flush=True)
    elif _has_export():
        for scope in ("bloc", "ministry"):
            export = run(f"export_{scope}")
            floor_export = run("floor_export", f"floor_export_{scope}")
            same = run("floor_export_layout", f"floor_export_layout_{scope}")
            inline = run("floor_export_layout_inline", f"floor_export_layout_inline_{scope}")
            _line(f"workbook, {scope}", export, floor_export, 1.5, cpu=True)     # the floor is all in-process
            _same_workbook_line(export, same, 1.5)
            # The export writes its common cells through its own worksheet class, faster than stock XlsxWriter
            # (both floors above, the first as the issue set it): against the same workbook written that way, the
            # ratio is our own code's cost alone, and it gets a verdict too (the reviewer's point: a floor writes
            # as the export writes, else the ratio is flattered).
            _same_workbook_line(export, inline, 1.5, "same_workbook_inline", "same through InlineSheet")
        peak = figures["export_ministry"].get("peak_mb")
        if peak is not None:
            figures["export_ministry"]["memory_met"] = peak < 300
            print(f"  {'':<22}ministry export peak {peak:.1f} MB (target < 300 MB: "
                  f"{'met' if peak < 300 else 'MISSED'})", flush=True)
    else:
        print("  (emulation.export.export_year is not there: workbook measurements skipped)", flush=True)
    for page, endpoint, target in (("page_ranking", "results.show", 10.0), ("page_sheet", "sheets.edit", 5.0)):
        if report["routes"].get(endpoint):
            shown, floor_page = run(page), run(f"floor_{page}")
            _line("sheet, after a write" if "repeated" in shown else f"page {endpoint}", shown, floor_page, target, cpu)
            if "repeated" in shown:
                _line("sheet, viewed again", shown["repeated"], floor_page, target, cpu)
                _line("sheet, rows not kept", shown["rows_not_kept"], floor_page, target, cpu)
                _line("sheet, secretariat", shown["secretariat"], floor_page, target, cpu)
                print(f"  {'':<22}the target is judged on the view after a write: what a unit head meets after "
                      f"each save of one line, in a process that has shown the sheet before; 'rows not kept': the "
                      f"same in one that has not (every row written); the secretariat's: a read-only view after "
                      f"the same save", flush=True)
            if "bytes" in shown:
                shown["bytes_met"] = shown["bytes"] <= 150_000
                print(f"  {'':<22}{shown['bytes']:,} bytes of HTML (target ≤ 150 KB for the ranking page: "
                      f"{'met' if shown['bytes_met'] else 'MISSED'})" if page == "page_ranking" else
                      f"  {'':<22}{shown['bytes']:,} bytes of HTML", flush=True)
        else:
            print(f"  (no route {endpoint} in the app's url_map: {page} skipped)", flush=True)


def machine() -> dict:
    pg_version = ""
    try:
        import psycopg
        with psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")) as conn:
            pg_version = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as exc:    # the report says why PostgreSQL is missing
        pg_version = f"unavailable: {exc}"
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return {"nproc": os.cpu_count(), "memory_gb": round(memory, 1), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "postgresql": pg_version, "platform": platform.platform()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="100 units, 10,000 people")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--skip", default="", help="leave out measurements: titles, export (comma-separated)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--cells", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        run_child(args)
        return
    if args.quick:
        args.units, args.people = 100, 10_000
    started = time.perf_counter()
    report = {"units": args.units, "people": args.people, "machine": machine(), "load_average_start": os.getloadavg(),
              "routes": {e: _app_has(e) for e in ("results.show", "sheets.edit")}, "export": _has_export()}
    print(f"Benchmark: {args.units} units, {args.people} people; {report['machine']}; "
          f"load average {report['load_average_start'][0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="emulation-bench-") as tmp:
        workdir = Path(tmp)
        if "sqlite" in args.backends:
            bench_backend("sqlite", f"sqlite:///{workdir / 'bench.sqlite'}", args, workdir, report)
        if "postgresql" in args.backends and not report["machine"]["postgresql"][:1].isdigit():
            print(f"\n(PostgreSQL at {PG_ADMIN_URL} is {report['machine']['postgresql']}: skipped)")
        elif "postgresql" in args.backends:
            _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            _pg(f"CREATE DATABASE {PG_DATABASE}")
            try:
                bench_backend("postgresql", PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DATABASE}", args, workdir,
                              report)
            finally:
                _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    report["wall_seconds"] = time.perf_counter() - started
    report["load_average_end"] = os.getloadavg()
    print(f"\nDone in {report['wall_seconds']:.0f} s.")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
