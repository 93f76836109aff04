"""Export memory benchmark (not a test): the workbook's peak memory follows the batch, not the bloc.

Creates three synthetic years of ONE bloc each in a fresh SQLite file: a small bloc (S), one with
four times its people (P: the decision and proposal rows ×4) and one with four times its units and
people (U: the unit sheets and score lines ×4 as well), then exports each bloc's workbook with
``export.export_year`` at several batch sizes, every export in its own child process so that its
peak RSS (``ru_maxrss``) is honest, and once more under ``tracemalloc`` for the memory the export
itself allocates (the process's peak also holds the app's start). A batch as large as the bloc is how the export worked before it
streamed (the whole year read at once).

Prints each export's time and peak memory, the growth from the small bloc to the large one at each
batch size (×4 rows), and as its last line one JSON object with every figure.

    python bench/export_memory.py              # S: 100 units, 10,000 people; P: 100, 40,000; U: 400, 40,000
    python bench/export_memory.py --quick      # a fifth of that
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))      # this checkout's emulation package, whatever is installed
YEAR = 2025


def _app(url: str):
    from emulation import create_app
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": False})


def create(url: str, sizes: list[tuple[str, int, int]]) -> None:
    """Create one bloc per (prefix, units, people) at `url`."""
    from emulation.devdata.synth import SynthPlan, synthesize, template_agreement

    app = _app(url)
    with app.app_context():
        for prefix, units, people in sizes:
            synthesize(SynthPlan(units, people, blocs=1, prefix=prefix, year=YEAR),
                       template_agreement(app.config["EMULATION_CRITERIA_DIR"]))


def measure(url: str, bloc: str, batch: int, out: str, traced: bool) -> dict:
    """Export `bloc` with `batch` units at a time; return seconds, peak RSS and the file's size.

    With `traced`, return instead the peak of the memory Python allocated during the export alone
    (tracemalloc): the process's peak RSS also counts the app's start, which hides small exports.
    """
    from emulation.export.workbook import export_year

    app = _app(url)
    with app.app_context():
        if traced:
            tracemalloc.start()
        start = time.perf_counter()
        export_year(bloc, YEAR, out, batch_size=batch)
        seconds = time.perf_counter() - start
        if traced:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            return {"export_mb": round(peak / 2 ** 20, 1)}
    return {"seconds": round(seconds, 3), "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "file_mb": round(os.path.getsize(out) / 2 ** 20, 2)}


def child(url: str, bloc: str, batch: int, workdir: Path) -> dict:
    """Run the export twice in fresh processes: once timed, once traced."""
    figures = {}
    for mode in ("time", "trace"):
        out = workdir / f"{bloc}-{batch}-{mode}.xlsx"
        done = subprocess.run([sys.executable, __file__, "--child", url, bloc, str(batch), str(out), mode],
                              capture_output=True, text=True, check=True)
        figures.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fifth of the sizes")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, bloc, batch, out, mode = args.child
        print(json.dumps(measure(url, bloc, int(batch), out, mode == "trace")))
        return
    units, people = (20, 2000) if args.quick else (100, 10_000)
    sizes = [("S", units, people), ("P", units, 4 * people), ("U", 4 * units, 4 * people)]
    batches = [max(1, units // 8), units // 2, 4 * units]      # the last holds the whole large bloc at once
    report = {"sizes": {p: {"units": u, "people": n} for p, u, n in sizes}, "exports": {}}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'bench.sqlite'}"
        start = time.perf_counter()
        create(url, sizes)
        print(f"synthetic blocs: {', '.join(f'{u} units/{n} people' for _, u, n in sizes)} "
              f"({time.perf_counter() - start:.0f} s)", flush=True)
        for prefix, n_units, n_people in sizes:
            bloc = f"{prefix}SB01"
            for batch in batches:
                figures = child(url, bloc, min(batch, n_units), workdir)
                report["exports"][f"{prefix}/{batch}"] = figures
                print(f"  {bloc} ({n_units:>4} units, {n_people:>6} people) batch {min(batch, n_units):>4}: "
                      f"{figures['seconds']:7.2f} s  process peak {figures['peak_mb']:6.1f} MB  "
                      f"allocated by the export {figures['export_mb']:6.1f} MB  file {figures['file_mb']} MB",
                      flush=True)
    growth = {}
    for prefix, what in (("P", "people ×4"), ("U", "units and people ×4")):
        print(f"growth of the memory the export allocates (tracemalloc peak) from S to {prefix} ({what}):")
        for batch in batches:
            small, large = report["exports"][f"S/{batch}"], report["exports"][f"{prefix}/{batch}"]
            label = "whole bloc" if batch == batches[-1] else f"batch {batch}"
            growth[f"{prefix} {label}"] = round(large["export_mb"] / max(small["export_mb"], 0.1), 2)
            print(f"  {label:>11}: {small['export_mb']:6.1f} MB → {large['export_mb']:6.1f} MB "
                  f"= ×{growth[f'{prefix} {label}']}")
    report["growth"] = growth
    print(json.dumps(report))


if __name__ == "__main__":
    main()
