"""The plugin contract: hooks, discovery through entry points, and startup validation."""
import inspect
import json
import sys

import pytest

from emulation import contract as hookspecs
from emulation import create_app
from emulation.contract import CriterionSpec, UnitSpec, hookimpl
from emulation.plugin_host.host import PluginError, PluginHost
from emulation.plugin_host.registry import Registry

HOOKS = ["register_units", "register_criteria", "validate_scores", "register_export_sheets", "register_documents"]


def test_every_hook_has_a_one_line_docstring():
    specs = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
             if hasattr(fn, "emulation_spec")]
    assert sorted(specs) == sorted(HOOKS)
    for name in specs:
        first_line = getattr(hookspecs, name).__doc__.strip().splitlines()[0]
        assert first_line.endswith(".") and len(first_line) < 100


class DuplicateUnit:
    @hookimpl
    def register_units(self):
        return [UnitSpec(code="CCTDC", name="Bản sao", bloc="KTD-II")]


class DuplicateCriterion:
    @hookimpl
    def register_units(self):
        return [UnitSpec(code="NEW", name="Đơn vị mới", bloc="KTD-II")]

    @hookimpl
    def register_criteria(self, unit):
        if unit.code != "NEW":
            return []
        return [CriterionSpec(code="CCTDC.1", name="Chép mã", kind="points", max_points=500)]


@pytest.mark.parametrize("plugin, words", [
    (DuplicateUnit(), ["'dup'", "CCTDC", "duplicate unit code"]),
    (DuplicateCriterion(), ["'dup'", "CCTDC.1", "duplicate criterion code"]),
])
def test_duplicates_are_a_startup_error_naming_the_plugin(plugin, words, database_url):
    host = PluginHost()
    host.register(plugin, "dup")
    with pytest.raises(PluginError) as error:
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "EMULATION_PLUGIN_HOST": host})
    for word in words:
        assert word in str(error.value)


def test_plugin_returning_the_wrong_type_is_named():
    class Broken:
        @hookimpl
        def register_units(self):
            return [{"code": "X"}]

    host = PluginHost(builtin_modules=())
    host.register(Broken(), "broken")
    with pytest.raises(PluginError, match="'broken'"):
        Registry(host)


def test_hook_implementations_may_take_fewer_arguments():
    class Quiet:
        @hookimpl
        def register_units(self):
            return [UnitSpec(code="Q", name="Yên lặng", bloc="B")]

        @hookimpl
        def validate_scores(self):
            return ["luôn báo lỗi"]

    host = PluginHost(builtin_modules=())
    host.register(Quiet(), "quiet")
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
    (tmp_path / "ttkd_unit.py").write_text(EXTERNAL_PLUGIN, encoding="utf-8")
    dist_info = tmp_path / "ttkd_unit-1.2.3.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: ttkd-unit\nVersion: 1.2.3\n")
    (dist_info / "entry_points.txt").write_text("[emulation.units]\nTTKD = ttkd_unit\n")
    monkeypatch.syspath_prepend(str(tmp_path))
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
    class Short:
        @hookimpl
        def register_units(self):
            return [UnitSpec(code="NGAN", name="Đơn vị thiếu điểm", bloc="KTD-II")]

        @hookimpl
        def register_criteria(self, unit):
            return [CriterionSpec(code="NGAN.1", name="Một tiêu chí", kind="points", max_points=100)] \
                if unit.code == "NGAN" else []

    host = PluginHost()
    host.register(Short(), "short-unit")
    app = make_app(EMULATION_PLUGIN_HOST=host)
    result = app.test_cli_runner().invoke(args=["sign", "--bloc", "KTD-II", "--year", "2017"])
    assert result.exit_code == 1
    assert "short-unit" in result.output and "max points do not add up" in result.output
    assert "chưa có năm" in app.test_cli_runner().invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output


def test_a_plugin_sheet_name_excel_rejects_is_a_startup_error(database_url):
    from emulation.contract import ExportSheet

    class BadSheet:
        @hookimpl
        def register_export_sheets(self, bloc, year):
            return [ExportSheet(title=f"Kế hoạch: {bloc}/{year}", columns=("A",), rows=())]

    host = PluginHost()
    host.register(BadSheet(), "bad-sheet")
    with pytest.raises(PluginError) as error:
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "EMULATION_PLUGIN_HOST": host})
    assert "bad-sheet" in str(error.value)
