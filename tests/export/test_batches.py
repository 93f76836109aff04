"""The export streams the year from the database in batches of units.

Whatever the batch size the workbook is the same and its numbers are those of `emulation results`;
only one batch of people is held at a time; a published year is printed from its snapshot, batch by
batch, even after the rules changed; a year whose results the results cache holds is printed from them
(the same workbook, no title decided again), and a write to the year is never printed from older results.
"""
import gc
import json
import weakref
from collections import Counter

import openpyxl
import pytest
from sqlalchemy import event, select, text, update

from emulation.devdata.synth import SynthPlan, synthesize, template_agreement
from emulation.engine import results as engine_results
from emulation.export import workbook
from emulation.export.workbook import export_year
from emulation.extensions import db
from emulation.models import EmulationYear, ResultSnapshotPart, Unit
from emulation.sheets.service import Review, review_sheet
from emulation.storage import database as store
from emulation.storage.audit import CLI
from emulation.years.lifecycle import publish_year
from emulation.years.results import live_results

from .conftest import as_dicts, table

PLAN = SynthPlan(units=9, people=360, blocs=1, prefix="X", year=2025, seed=3)
BLOC, YEAR = PLAN.bloc_codes()[0], PLAN.year


@pytest.fixture
def synth_app(app):
    """An app holding one synthetic bloc: 9 units, 360 people, plan criteria, three years of history."""
    with app.app_context():
        synthesize(PLAN, template_agreement(app.config["EMULATION_CRITERIA_DIR"]))
    return app


def _export(app, path, batch_size=None):
    with app.app_context():
        export_year(BLOC, YEAR, str(path), batch_size=batch_size)
    return openpyxl.load_workbook(path)


def _values(workbook) -> dict[str, list[tuple]]:
    return {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}


def _results(app) -> dict:
    result = app.test_cli_runner().invoke(args=["results", "--bloc", BLOC, "--year", str(YEAR), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_every_batch_size_writes_the_same_workbook(synth_app, tmp_path):
    whole = _values(_export(synth_app, tmp_path / "whole.xlsx", batch_size=100))
    for size in (1, 4):
        assert _values(_export(synth_app, tmp_path / f"by-{size}.xlsx", batch_size=size)) == whole, size


def test_a_batched_export_prints_the_results(synth_app, tmp_path):
    workbook = _export(synth_app, tmp_path / "year.xlsx", batch_size=2)
    results = _results(synth_app)
    ranking = as_dicts(workbook["Xếp hạng"], "Hạng")
    assert [(r["Hạng"], r["Mã đơn vị"], r["Tổng điểm"]) for r in ranking] == [
        (u["rank"], u["code"], u["total"]) for u in results["units"]]
    rows = as_dicts(workbook["Danh hiệu cá nhân"], "STT")
    assert Counter((r["Mã"], r["Kết quả"]) for r in rows) == Counter(
        (e["code"], {"awarded": "Đạt", "not_awarded": "Không đạt", "not_considered": "Không xét",
                     "undecided": "Chưa quyết định: Hội đồng phải chọn"}[d["decision"]])
        for e in results["individuals"] for d in e["decisions"])
    _, proposals = table(workbook["Đề nghị khen thưởng"], "STT")
    awarded = sum(d["decision"] == "awarded" for key in ("units", "collectives", "individuals")
                  for e in results[key] for d in e["decisions"])
    assert sum(1 for row in proposals if isinstance(row[0], int)) == awarded > 100
    registrations = as_dicts(workbook["Đăng ký thi đua"], "STT")
    bloc = next(r for r in registrations if r["Đơn vị"] == "Toàn khối")
    assert bloc["Tổng số cá nhân"] == results["registration_stats"]["individuals"]["total"] == PLAN.people


def test_the_export_holds_one_batch_of_people_at_a_time(synth_app, tmp_path, monkeypatch):
    read = store.iter_slices
    held, alive_at_each_batch = [], []

    def watched(*args, people=True, **kwargs):
        for part in read(*args, people=people, **kwargs):
            if people:
                gc.collect()
                alive_at_each_batch.append(sum(ref() is not None for ref in held[:-1]))
                held.append(weakref.ref(part))
            yield part

    monkeypatch.setattr(workbook, "iter_slices", watched)      # the export reads its batches through this
    queries = []
    with synth_app.app_context():
        engine = db.engine
    listener = lambda conn, cursor, statement, *rest: queries.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        _export(synth_app, tmp_path / "watched.xlsx", batch_size=4)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(held) == 3                               # 9 units in batches of 4, 4 and 1
    assert alive_at_each_batch == [0, 0, 0]             # no batch older than the one just written is kept
    gc.collect()
    assert all(ref() is None for ref in held)
    people_reads = [q for q in queries if "FROM people" in q and "full_name" in q]
    assert len(people_reads) == 3


def test_proposals_past_the_memory_bound_wait_on_disk_and_print_the_same(synth_app, tmp_path, monkeypatch):
    whole = _values(_export(synth_app, tmp_path / "held.xlsx", batch_size=4))
    opened = []
    spooled = workbook.tempfile.TemporaryFile

    def counted(*args, **kwargs):
        opened.append(spooled(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(workbook, "_PROPOSALS_HELD", 7)       # the first 7 rows in memory, every other on disk
    monkeypatch.setattr(workbook.tempfile, "TemporaryFile", counted)
    assert _values(_export(synth_app, tmp_path / "spilled.xlsx", batch_size=4)) == whole
    assert opened and all(file.closed for file in opened)     # rows went to disk, and the files are gone after


def _publish(app):
    with app.app_context():
        year = db.session.execute(select(EmulationYear).where(EmulationYear.year == YEAR)).scalar_one()
        db.session.execute(update(EmulationYear).where(EmulationYear.id == year.id).values(state="locked"))
        db.session.commit()
        db.session.refresh(year)
        publish_year(year, actor=CLI)


def test_a_published_year_prints_its_snapshot_after_the_rules_change(synth_app, make_app, tmp_path):
    _publish(synth_app)
    published = _results(synth_app)
    with synth_app.app_context():
        assert db.session.query(ResultSnapshotPart).count() == PLAN.units
    override = tmp_path / "quota.toml"
    override.write_text("[titles.CSTDCS.conditions.quota]\nshare = 0.5\n", encoding="utf-8")
    changed = make_app(EMULATION_RULES_OVERRIDE=str(override))
    with changed.app_context():
        live = live_results(BLOC, YEAR)
    cstdcs = lambda results: sum(d["title"] == "CSTDCS" and d["decision"] == "awarded"  # noqa: E731
                                 for e in results["individuals"] for d in e["decisions"])
    assert cstdcs(live) > cstdcs(published)            # the new rules would award more
    workbook = _export(changed, tmp_path / "published.xlsx", batch_size=2)
    rows = as_dicts(workbook["Danh hiệu cá nhân"], "STT")
    printed = sum(r["Danh hiệu xét"] == "Chiến sĩ thi đua cơ sở" and r["Kết quả"] == "Đạt" for r in rows)
    assert printed == cstdcs(published)
    assert "Số liệu đã công bố chính thức." in [row[0] for row in workbook["Xếp hạng"].iter_rows(values_only=True)]


def test_a_snapshot_taken_before_unit_parts_still_reads_and_prints(synth_app, tmp_path):
    from datetime import datetime

    from emulation.models import ResultSnapshot
    from emulation.storage.snapshots import as_json, published_results
    from emulation.years.results import live_results

    with synth_app.app_context():
        whole = as_json(live_results(BLOC, YEAR))
        year = db.session.execute(select(EmulationYear).where(EmulationYear.year == YEAR)).scalar_one()
        db.session.add(ResultSnapshot(year_id=year.id, version=1, results=whole, rule_set=whole["rule_set"]["code"],
                                      inputs_hash="0" * 64, created_at=datetime(2026, 1, 5), created_by="thuky"))
        year.state = "published"
        db.session.commit()
        assert published_results(BLOC, YEAR) == whole
    workbook = _export(synth_app, tmp_path / "old.xlsx", batch_size=4)
    rows = as_dicts(workbook["Danh hiệu cá nhân"], "STT")
    assert len({r["Mã"] for r in rows}) == len(whole["individuals"]) == PLAN.people


def _refuse_to_decide(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("titles decided again although the results cache holds them")
    monkeypatch.setattr(workbook, "unit_parts", refuse)                 # collectives' and individuals' titles
    monkeypatch.setattr(engine_results, "decide_titles", refuse)        # the units' titles (bloc_standings)


def test_a_year_the_results_pages_computed_is_exported_from_their_results(synth_app, tmp_path, monkeypatch):
    decided_now = _values(_export(synth_app, tmp_path / "decided.xlsx", batch_size=4))
    with synth_app.app_context():
        shown = live_results(BLOC, YEAR)        # what the results pages show, now kept in the results cache
    _refuse_to_decide(monkeypatch)
    book = _export(synth_app, tmp_path / "cached.xlsx", batch_size=4)
    assert _values(book) == decided_now
    words = {"awarded": "Đạt", "not_awarded": "Không đạt", "not_considered": "Không xét",
             "undecided": "Chưa quyết định: Hội đồng phải chọn"}
    for sheet, key in (("Danh hiệu cá nhân", "individuals"), ("Danh hiệu tập thể", "collectives")):
        rows = as_dicts(book[sheet], "STT")
        assert Counter((r["Mã"], r["Kết quả"]) for r in rows if r["Mã"] in {e["code"] for e in shown[key]}) == Counter(
            (e["code"], words[d["decision"]]) for e in shown[key] for d in e["decisions"]) != Counter()


def test_a_cached_year_of_one_batch_is_read_once_and_prints_the_same(synth_app, tmp_path, monkeypatch):
    """A bloc of up to a batch of units, its results cached: its score lines and people are read and scored once
    for the standings and the sheets alike, and the workbook is the one a year read batch by batch gives."""
    with synth_app.app_context():
        live_results(BLOC, YEAR)                # kept in the results cache
        engine = db.engine
    by_batches = _values(_export(synth_app, tmp_path / "batches.xlsx", batch_size=4))
    queries, scored = [], []
    score_bloc = engine_results.score_bloc

    def counted(year, use, *args):
        scored.append(use)
        return score_bloc(year, use, *args)

    monkeypatch.setattr(engine_results, "score_bloc", counted)
    listener = lambda conn, cursor, statement, *rest: queries.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        whole = _values(_export(synth_app, tmp_path / "whole.xlsx", batch_size=100))
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert whole == by_batches
    assert sum("FROM score_lines" in q for q in queries) == 1
    assert sum("FROM people" in q and "full_name" in q for q in queries) == 1
    assert sorted(scored) == ["reviewed", "self"]       # the batch is scored once, for the standings and the sheets


def test_after_a_score_is_changed_the_export_prints_the_new_results_not_the_kept_ones(demo_app, tmp_path):
    with demo_app.app_context():
        kept = live_results("KTD-II", 2017)
        year = store.find_year("KTD-II", 2017)
        unit = db.session.execute(select(Unit).where(Unit.code == "TTTK")).scalar_one()
        line = next(line for line in store.read_year("KTD-II", 2017).lines
                    if line.unit == "TTTK" and line.self_value)
        version = db.session.execute(text(
            "SELECT l.version FROM score_lines l JOIN score_sheets s ON s.id = l.sheet_id "
            "JOIN signed_criteria c ON c.id = l.criterion_id JOIN units u ON u.id = s.unit_id "
            "WHERE u.code = 'TTTK' AND c.code = :code"), {"code": line.criterion}).scalar_one()
        review_sheet(year, unit, {line.criterion: Review("adjust", 0, "no evidence", version=version)}, actor=CLI)
        db.session.commit()
        export_year("KTD-II", 2017, str(tmp_path / "after.xlsx"))
        fresh = live_results("KTD-II", 2017)
    total = lambda results: next(u["total"] for u in results["units"] if u["code"] == "TTTK")  # noqa: E731
    assert total(fresh) < total(kept)
    ranking = as_dicts(openpyxl.load_workbook(tmp_path / "after.xlsx")["Xếp hạng"], "Hạng")
    assert next(r["Tổng điểm"] for r in ranking if r["Mã đơn vị"] == "TTTK") == total(fresh)
