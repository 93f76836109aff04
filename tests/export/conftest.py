"""Fixtures for the year-end workbook: the demo year exported by the CLI, its results, sheet readers."""
from __future__ import annotations

import json

import openpyxl
import pytest

BLOC, YEAR = "KTD-II", 2017


@pytest.fixture
def export_file(demo_app, tmp_path):
    """Return a function that exports the demo year with `emulation export` and returns the file's path."""
    def export(name: str = "tong-ket.xlsx", *more: str):
        path = tmp_path / name
        result = demo_app.test_cli_runner().invoke(
            args=["export", "--bloc", BLOC, "--year", str(YEAR), "-o", str(path), *more])
        assert result.exit_code == 0, result.output
        return path
    return export


@pytest.fixture
def workbook(export_file):
    """The demo year's workbook, read back with openpyxl."""
    return openpyxl.load_workbook(export_file())


@pytest.fixture
def results(demo_app):
    """What `emulation results --format json` prints for the demo year."""
    result = demo_app.test_cli_runner().invoke(
        args=["results", "--bloc", BLOC, "--year", str(YEAR), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def table(ws, first_header: str) -> tuple[list[str], list[tuple]]:
    """Return (header, rows) of the table whose header row starts with `first_header`; rows end at a blank row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == first_header)
    body = []
    for row in rows[start + 1:]:
        if all(value is None for value in row):
            break
        body.append(row)
    return list(rows[start]), body


def as_dicts(ws, first_header: str) -> list[dict]:
    """Return the table's rows as dicts keyed by header."""
    header, rows = table(ws, first_header)
    return [dict(zip(header, row)) for row in rows]
