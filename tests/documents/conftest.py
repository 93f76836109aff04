"""Documents fixtures: the demo year's results as `emulation results --format json` prints them, and its documents."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from docx import Document as WordDocument
from web.conftest import BASE, BLOC, PASSWORD, YEAR, sign_in, web_app  # noqa: F401  (fixtures)

TITLES = Path(__file__).resolve().parents[2] / "criteria" / "titles.toml"


def title_names() -> dict[str, str]:
    """Return title code -> name from the shipped catalogue."""
    with open(TITLES, "rb") as handle:
        return {title["code"]: title["name"] for title in tomllib.load(handle)["title"]}


def cli(app, *args) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def results(demo_app) -> dict:
    """The demo year's results, from the CLI every presentation is compared with."""
    return json.loads(cli(demo_app, "results", "--bloc", BLOC, "--year", str(YEAR), "--format", "json"))


@pytest.fixture
def write(demo_app, tmp_path):
    """Return a function writing the demo year's documents chosen by CLI options into a folder, returning it."""
    def written(*options: str) -> Path:
        target = tmp_path / "out"
        cli(demo_app, "documents", "--bloc", BLOC, "--year", str(YEAR), *options, "-o", str(target))
        return target
    return written


def open_docx(path) -> WordDocument:
    return WordDocument(str(path))


def paragraphs(document) -> list[str]:
    """Return the text of every paragraph, those in tables included, in order."""
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text for p in cell.paragraphs]
    return found


def grouped_rows(document) -> dict[str, list[list[str]]]:
    """Return each group heading ('Danh hiệu “…”: n …') -> the data rows of the table that follows it."""
    groups, heading = {}, None
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            if heading is not None:
                groups[heading] = [[cell.text for cell in row.cells] for row in block.rows[1:]]
            heading = None
        elif block.text.startswith("Danh hiệu “"):
            heading = block.text
    return groups
