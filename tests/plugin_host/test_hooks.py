"""Every hook of the contract, exercised through the app with a throwaway plugin, and how the host calls them.

Each hook has a test named ``test_hook_<hook name>...`` checking its effect where a user sees it;
``test_every_hook_has_a_test`` fails when a hook of emulation/contract.py has none (after datasette's
meta-tests).
"""
from __future__ import annotations

import json
import sys

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from emulation import create_app
from docx import Document as WordDocument

from emulation.config import shared_folder
from emulation.contract import CriterionSpec, DocumentSpec, ExportSheet, UnitSpec, hookimpl
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.models import Unit
from emulation.plugin_host import PluginError, PluginHost
from emulation.plugin_host.host import HOOK_NAMES
from emulation.sheets.service import Entry, SheetError, save_lines
from emulation.storage.audit import CLI
from emulation.storage.database import find_year

from .conftest import bare_host, install_module, start_app, throwaway_plugin

BLOC, YEAR, CODE = "KTD-II", 2017, "THU"
THU = UnitSpec(code=CODE, name="Đơn vị thử nghiệm hook", bloc=BLOC, short_name="Đơn vị thử")
THU_CRITERIA = [
    CriterionSpec(code="THU.1", name="Nhiệm vụ theo kế hoạch", kind="plan", max_points=300, target=10,
                  measure="việc"),
    CriterionSpec(code="THU.2", name="Báo cáo đúng hạn", kind="pass_fail", max_points=200),
]
CONTRADICTION = "THU.2 đạt mà THU.1 bằng 0 (contradiction)"
# The throwaway unit's own document reuses the shipped registration list's template.
THU_TEMPLATE = str(shared_folder("templates") / "documents" / "registrations.docx")


class ThrowawayUnit:
    """A plugin implementing every hook of the contract, with effects the tests can see."""

    @hookimpl
    def register_units(self):
        """Return the throwaway unit."""
        return [THU]

    @hookimpl
    def register_criteria(self, unit):
        """Return its criteria, filling the agreement's 500-point unit group."""
        return list(THU_CRITERIA) if unit.code == CODE else []

    @hookimpl
    def validate_scores(self, unit, scores):
        """Return an error when a report is on time for no work done."""
        if unit.code == CODE and scores.get("THU.1") == 0 and scores.get("THU.2") == 1:
            return [CONTRADICTION]
        return []

    @hookimpl
    def register_export_sheets(self, bloc, year):
        """Return one sheet naming the bloc and year."""
        return [ExportSheet(title=f"THU {year}", columns=("Khối", "Năm"), rows=((bloc, year),))]

    @hookimpl
    def register_documents(self, bloc, year):
        """Return the unit's own list, for its unit only."""
        return [DocumentSpec(code="thu-list", name=f"Danh sách riêng {bloc} {year}", template=THU_TEMPLATE,
                             scope="unit", units=(CODE,))]


@pytest.fixture
def throwaway_app(make_app):
    """An app with the built-in units and the throwaway plugin registered as 'throwaway'."""
    host = PluginHost(load_entry_points=False)
    host.register(ThrowawayUnit(), "throwaway")
    return make_app(EMULATION_PLUGIN_HOST=host)


@pytest.fixture
def signed_app(throwaway_app):
    """The throwaway app with KTD-II 2017 signed."""
    result = throwaway_app.test_cli_runner().invoke(args=["sign", "--bloc", BLOC, "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    return throwaway_app


def cli_json(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# --- one test (at least) per hook ----------------------------------------------------------------

def test_hook_register_units_lists_the_unit(throwaway_app):
    row = next(row for row in cli_json(throwaway_app, "plugins", "--format", "json") if row["unit"] == CODE)
    assert (row["bloc"], row["plugin"], row["origin"], row["criteria"]) == (BLOC, "throwaway", "runtime", 2)


def test_hook_register_criteria_are_frozen_under_the_unit_group(signed_app):
    year = cli_json(signed_app, "dump", "--bloc", BLOC, "--year", str(YEAR))
    assert CODE in [unit["code"] for unit in year["units"]]
    own = [c["spec"] for c in year["criteria"] if c["unit"] == CODE]
    assert [(spec["code"], spec["parent"]) for spec in own] == [("THU.1", "B"), ("THU.2", "B")]


def test_hook_validate_scores_refuses_a_contradictory_save(signed_app):
    with signed_app.app_context():
        year = find_year(BLOC, YEAR)
        unit = db.session.execute(select(Unit).where(Unit.code == CODE)).scalar_one()
        with pytest.raises(SheetError, match="contradiction"):
            save_lines(year, unit, {"THU.1": Entry(0, version=0), "THU.2": Entry(1, version=0)}, actor=CLI)
        db.session.rollback()
        save_lines(year, unit, {"THU.1": Entry(4, version=0), "THU.2": Entry(1, version=0)}, actor=CLI)


def test_hook_register_export_sheets_adds_a_workbook_sheet(signed_app, tmp_path):
    target = tmp_path / "year.xlsx"
    result = signed_app.test_cli_runner().invoke(args=["export", "--bloc", BLOC, "--year", str(YEAR),
                                                       "-o", str(target)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target, read_only=True)[f"THU {YEAR}"]
    rows = [tuple(value for value in row if value is not None) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(("Khối", "Năm"))
    assert rows[header + 1] == (BLOC, YEAR)


def test_hook_register_documents_adds_a_unit_document(signed_app, tmp_path):
    target = tmp_path / "out"
    result = signed_app.test_cli_runner().invoke(args=["documents", "--bloc", BLOC, "--year", str(YEAR),
                                                       "--kind", "thu-list", "-o", str(target)])
    assert result.exit_code == 0, result.output
    written = target / f"thu-list-{BLOC}-{YEAR}-{CODE}.docx"
    assert str(written) in result.output
    assert sorted(path.name for path in target.iterdir()) == [written.name]      # its unit only
    text = [paragraph.text for paragraph in WordDocument(str(written)).paragraphs]
    assert "DANH SÁCH ĐĂNG KÝ THI ĐUA" in text and THU.name in text


def test_every_hook_has_a_test():
    tested = [name for name in globals() if name.startswith("test_hook_")]
    missing = [hook for hook in HOOK_NAMES if not any(name.startswith(f"test_hook_{hook}") for name in tested)]
    assert not missing, f"hooks without a test_hook_<name> test in {__name__}: {missing}"


# --- how the host calls them ---------------------------------------------------------------------

class Second:
    """A second plugin answering every hook for the same unit, to see the order of results."""

    @hookimpl
    def register_units(self):
        return [UnitSpec(code="AAA", name="Đơn vị A", bloc="X")]

    @hookimpl
    def register_criteria(self, unit):
        return [CriterionSpec(code=f"{unit.code}.Z", name="Thêm", kind="points", max_points=1)]

    @hookimpl
    def validate_scores(self):
        return ["từ Second"]

    @hookimpl
    def register_export_sheets(self, year):
        return [ExportSheet(title=f"Second {year}", columns=("A",), rows=())]

    @hookimpl
    def register_documents(self):
        return [DocumentSpec(code="second", name="Văn bản Second", template=THU_TEMPLATE, scope="bloc")]


@pytest.mark.parametrize("order", [("throwaway", "second"), ("second", "throwaway")])
def test_results_are_sorted_by_unit_code_and_plugin_name_not_by_registration(order):
    host = PluginHost(builtin_modules=(), load_entry_points=False)
    plugins = {"throwaway": ThrowawayUnit(), "second": Second()}
    for name in order:
        host.register(plugins[name], name)
    assert [(plugin, unit.code) for plugin, unit in host.units()] == [("second", "AAA"), ("throwaway", CODE)]
    assert [(plugin, spec.code) for plugin, spec in host.criteria(THU)] == \
        [("second", "THU.Z"), ("throwaway", "THU.1"), ("throwaway", "THU.2")]
    assert host.validate_scores(THU, {"THU.1": 0, "THU.2": 1}) == ["từ Second", CONTRADICTION]
    assert [(plugin, sheet.title) for plugin, sheet in host.export_sheets(BLOC, YEAR)] == \
        [("second", "Second 2017"), ("throwaway", "THU 2017")]
    assert [(plugin, spec.code) for plugin, spec in host.documents(BLOC, YEAR)] == \
        [("second", "second"), ("throwaway", "thu-list")]


def test_each_call_goes_through_pluggy_hook_callers():
    host = bare_host(ThrowawayUnit(), "throwaway")
    called = []
    host.pm.add_hookcall_monitoring(lambda name, impls, kwargs: called.append((name, sorted(kwargs))),
                                    lambda outcome, name, impls, kwargs: None)
    host.units(), host.criteria(THU), host.validate_scores(THU, {}), host.export_sheets(BLOC, YEAR)
    host.documents(BLOC, YEAR)
    assert called == [("register_units", []), ("register_criteria", ["unit"]),
                      ("validate_scores", ["scores", "unit"]), ("register_export_sheets", ["bloc", "year"]),
                      ("register_documents", ["bloc", "year"])]


@pytest.mark.parametrize("result, words", [
    (UnitSpec(code="X", name="X", bloc="B"), ["'loose'", "register_units", "must return a list"]),
    (["X"], ["'loose'", "register_units", "must return UnitSpec"]),
])
def test_a_result_of_the_wrong_type_is_refused_naming_the_plugin(result, words):
    host = bare_host(throwaway_plugin(register_units=lambda: result), "loose")
    with pytest.raises(PluginError) as error:
        host.units()
    assert all(word in str(error.value) for word in words)


def test_validate_scores_must_return_messages():
    host = bare_host(throwaway_plugin(validate_scores=lambda: [42]), "numbers")
    with pytest.raises(PluginError, match="'numbers'.*must return str"):
        host.validate_scores(THU, {})


# --- misspelt hooks: pluggy's check_pending at start ----------------------------------------------

def misspelt():
    """A plugin whose one hook is misspelt: register_unit."""
    return throwaway_plugin(register_unit=lambda: [THU])


def test_a_misspelt_hook_is_refused_naming_the_plugin_and_the_hook_meant():
    host = PluginHost(builtin_modules=(), load_entry_points=False)
    with pytest.raises(PluginError) as error:
        host.register(misspelt(), "typo")
    message = str(error.value)
    assert "'typo'" in message and "'register_unit'" in message and "did you mean 'register_units'" in message
    assert message.index("không có trong hợp đồng") < message.index("(unknown hook")
    assert not host.pm.has_plugin("typo") and "typo" not in host.info


def test_a_hook_argument_the_spec_lacks_is_refused_naming_the_plugin():
    with pytest.raises(PluginError, match="'extra'.*year"):
        bare_host(throwaway_plugin(register_criteria=lambda unit, year: []), "extra")


def test_the_app_refuses_to_start_with_a_misspelt_hook_registered_behind_the_host(database_url):
    host = PluginHost(load_entry_points=False)
    host.pm.register(misspelt(), name="typo")     # past PluginHost.register: the registry still checks
    with pytest.raises(PluginError, match="'typo'.*register_unit"):
        start_app(database_url, host)


MISSPELT_PACKAGE = '''
from emulation.contract import UnitSpec, hookimpl

@hookimpl
def register_criterias(unit):
    return []
'''


def test_an_installed_package_with_a_misspelt_hook_stops_the_app(tmp_path, monkeypatch, database_url):
    install_module(tmp_path, monkeypatch, "misspelt_unit", MISSPELT_PACKAGE, "misspelt-unit 0.1", "MISS")
    try:
        with pytest.raises(PluginError) as error:
            create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    finally:
        sys.modules.pop("misspelt_unit", None)
    assert "'MISS'" in str(error.value) and "did you mean 'register_criteria'" in str(error.value)


def test_a_plugin_error_is_an_emulation_error():
    error = PluginError("Plugin 'x': lỗi (error)")
    assert isinstance(error, EmulationError) and error.message == "Plugin 'x': lỗi (error)" and error.status == 500
