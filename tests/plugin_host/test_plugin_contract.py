"""The plugin contract: hooks, discovery through entry points, and startup validation."""
import inspect
import json
import sys

import pytest

from emulation import contract as hookspecs
from emulation.contract import CriterionSpec, UnitSpec
from emulation.plugin_host.host import PluginError, PluginHost
from emulation.plugin_host.registry import Registry

from .conftest import install_module, start_app, throwaway_plugin

HOOKS = ["register_units", "register_criteria", "validate_scores", "register_export_sheets", "register_documents"]


def test_every_hook_has_a_one_line_docstring():
    specs = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
             if hasattr(fn, "emulation_spec")]
    assert sorted(specs) == sorted(HOOKS)
    for name in specs:
        first_line = getattr(hookspecs, name).__doc__.strip().splitlines()[0]
        assert first_line.endswith(".") and len(first_line) < 100


DUPLICATE_UNIT = throwaway_plugin(UnitSpec(code="CCTDC", name="Bản sao", bloc="KTD-II"))
DUPLICATE_CRITERION = throwaway_plugin(UnitSpec(code="NEW", name="Đơn vị mới", bloc="KTD-II"), (
    CriterionSpec(code="CCTDC.1", name="Chép mã", kind="points", max_points=500),))


@pytest.mark.parametrize("plugin, words", [
    (DUPLICATE_UNIT, ["'dup'", "CCTDC", "duplicate unit code"]),
    (DUPLICATE_CRITERION, ["'dup'", "CCTDC.1", "duplicate criterion code"]),
])
def test_duplicates_are_a_startup_error_naming_the_plugin(plugin, words, database_url):
    host = PluginHost()
    host.register(plugin, "dup")
    with pytest.raises(PluginError) as error:
        start_app(database_url, host)
    for word in words:
        assert word in str(error.value)


def test_plugin_returning_the_wrong_type_is_named():
    host = PluginHost(builtin_modules=())
    host.register(throwaway_plugin(register_units=lambda: [{"code": "X"}]), "broken")
    with pytest.raises(PluginError, match="'broken'"):
        Registry(host)


def test_hook_implementations_may_take_fewer_arguments():
    host = PluginHost(builtin_modules=())
    host.register(throwaway_plugin(register_units=lambda: [UnitSpec(code="Q", name="Yên lặng", bloc="B")],
                                   validate_scores=lambda: ["luôn báo lỗi"]), "quiet")
    unit = host.units()[0][1]
    assert host.validate_scores(unit, {}) == ["luôn báo lỗi"]
    assert host.criteria(unit) == []


EXTERNAL_PLUGIN = '''
from emulation.contract import CriterionSpec, UnitSpec
from emulation.contract import hookimpl

@hookimpl
def register_units():
    return [UnitSpec(code="TTKD", name="Trung tâm Kiểm định thử nghiệm", bloc="KTD-II")]

@hookimpl
def register_criteria(unit):
    if unit.code != "TTKD":
        return []
    return [
        CriterionSpec(code="TTKD.1", name="Mẫu thử nghiệm so với kế hoạch", kind="plan", max_points=300,
                      target=300, measure="mẫu"),
        CriterionSpec(code="TTKD.2", name="Báo cáo kết quả thử nghiệm đúng hạn", kind="pass_fail", max_points=200),
    ]
'''


@pytest.fixture
def external_unit_package(tmp_path, monkeypatch):
    """A throwaway unit package on sys.path, found through its `emulation.units` entry point."""
    install_module(tmp_path, monkeypatch, "ttkd_unit", EXTERNAL_PLUGIN, "ttkd-unit 1.2.3", "TTKD")
    yield
    sys.modules.pop("ttkd_unit", None)


def test_external_unit_appears_in_plugins_and_in_a_signed_year(external_unit_package, make_app):
    app = make_app()
    runner = app.test_cli_runner()
    listed = json.loads(runner.invoke(args=["plugins", "--format", "json"]).output)
    external = next(row for row in listed if row["unit"] == "TTKD")
    assert external["origin"] == "ttkd-unit 1.2.3" and external["criteria"] == 2
    table = runner.invoke(args=["plugins"]).output
    assert "TTKD" in table and "ttkd-unit 1.2.3" in table

    result = runner.invoke(args=["sign", "--bloc", "KTD-II", "--year", "2017"])
    assert result.exit_code == 0, result.output
    dumped = json.loads(runner.invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output)
    assert "TTKD" in [u["code"] for u in dumped["units"]]
    own = [c for c in dumped["criteria"] if c["unit"] == "TTKD"]
    assert [c["spec"]["code"] for c in own] == ["TTKD.1", "TTKD.2"]
    assert all(c["spec"]["parent"] == "B" for c in own)


def test_an_external_plugin_can_be_blocked_by_configuration(external_unit_package, make_app):
    app = make_app(EMULATION_PLUGIN_HOST=PluginHost(blocked=("TTKD",)))
    assert "TTKD" not in app.extensions["emulation.registry"].units


def test_a_plugin_whose_criteria_do_not_fit_the_agreement_cannot_sign(make_app):
    short = throwaway_plugin(UnitSpec(code="NGAN", name="Đơn vị thiếu điểm", bloc="KTD-II"), (
        CriterionSpec(code="NGAN.1", name="Một tiêu chí", kind="points", max_points=100),))
    host = PluginHost()
    host.register(short, "short-unit")
    app = make_app(EMULATION_PLUGIN_HOST=host)
    result = app.test_cli_runner().invoke(args=["sign", "--bloc", "KTD-II", "--year", "2017"])
    assert result.exit_code == 1
    assert "short-unit" in result.output and "max points do not add up" in result.output
    assert "chưa có năm" in app.test_cli_runner().invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output


def test_a_plugin_sheet_name_excel_rejects_is_a_startup_error(database_url):
    from emulation.contract import ExportSheet

    host = PluginHost()
    host.register(throwaway_plugin(register_export_sheets=lambda bloc, year: [
        ExportSheet(title=f"Kế hoạch: {bloc}/{year}", columns=("A",), rows=())]), "bad-sheet")
    with pytest.raises(PluginError) as error:
        start_app(database_url, host)
    assert "bad-sheet" in str(error.value)
