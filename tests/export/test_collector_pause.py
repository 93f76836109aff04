"""The export pauses Python's cycle collector for its own work only: a plugin's code runs with it on."""
import gc
import tracemalloc

import pytest

from emulation.contract import ExportSheet
from emulation.export.workbook import ExportError, export_year

from .test_batches import BLOC, YEAR, synth_app  # noqa: F401


def test_a_plugin_sheets_dropped_cycles_are_collected_during_the_export(synth_app, tmp_path, monkeypatch):  # noqa: F811
    """A plugin builds its rows from trees with parent links (cycles) and keeps only the rows: had the collector
    been paused around its code, every tree would stay in memory until the workbook is closed."""
    def export_sheets(bloc, year):
        rows = []
        for index in range(300):
            tree = []
            for _ in range(2_000):      # about 0.3 MB a tree of small nodes pointing back to it
                tree.append([tree, index, "x" * 40])
            rows.append((f"row {index}", len(tree)))
            del tree
        return [("probe", ExportSheet("Probe", ("Row", "Nodes"), tuple(rows)))]

    monkeypatch.setattr(synth_app.extensions["emulation.plugins"], "export_sheets", export_sheets)
    with synth_app.app_context():
        export_year(BLOC, YEAR, str(tmp_path / "warm.xlsx"))
        gc.collect()
        tracemalloc.start()
        try:
            export_year(BLOC, YEAR, str(tmp_path / "probe.xlsx"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 40 * 2**20, f"peak {peak / 2**20:.1f} MB: the plugin's dropped trees were kept"


def test_an_export_that_fails_leaves_the_collector_running(synth_app, tmp_path, monkeypatch):  # noqa: F811
    from emulation.export import workbook

    def failing(*args, **kwargs):
        raise ExportError("boom")
    monkeypatch.setattr(workbook, "_check_totals", failing)
    assert gc.isenabled()
    with synth_app.app_context(), pytest.raises(ExportError):
        export_year(BLOC, YEAR, str(tmp_path / "x.xlsx"))
    assert gc.isenabled()


def test_what_the_export_read_is_freed_when_it_returns_without_waiting_for_the_collector(synth_app, tmp_path,  # noqa: F811
                                                                                        monkeypatch):
    """The workbook's own objects make no cycle holding the source (the year, its standings, the cached results):
    they are freed as the export returns, not at the collector's next pass over everything the export left."""
    import weakref

    from emulation.export import workbook
    read, sources = workbook.stored_source, []

    def watched(*args, **kwargs):
        source = read(*args, **kwargs)
        sources.append(weakref.ref(source))
        return source

    monkeypatch.setattr(workbook, "stored_source", watched)
    running = gc.isenabled()
    gc.disable()
    try:
        with synth_app.app_context():
            export_year(BLOC, YEAR, str(tmp_path / "year.xlsx"))
        assert len(sources) == 1 and sources[0]() is None, "the source waits for the collector"
    finally:
        if running:
            gc.enable()
