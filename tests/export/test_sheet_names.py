"""Plugin sheet names follow XlsxWriter's rules; a bad one is refused naming the plugin, before any file is written."""
import pytest

from emulation.contract import ExportSheet, hookimpl
from emulation.export.sheet_names import SheetNameError, check_sheet_names, unit_sheet_names, validate_plugin_sheets
from emulation.plugin_host.host import PluginError


class SheetPlugin:
    """A throwaway plugin adding one sheet with the given title."""

    def __init__(self, title, rows=(("x", 1),)):
        self.title, self.rows = title, rows

    @hookimpl
    def register_export_sheets(self, bloc, year):
        return [ExportSheet(title=self.title, columns=("Nội dung", "Số"), rows=self.rows)]


@pytest.fixture
def with_plugin(demo_app):
    """Register a throwaway sheet plugin on the demo app for the duration of a test."""
    host = demo_app.extensions["emulation.plugins"]
    names = []

    def add(title, name="bad_sheets", **kwargs):
        host.register(SheetPlugin(title, **kwargs), name)
        names.append(name)
        return host

    yield add
    for name in names:
        host.unregister(name)


@pytest.mark.parametrize("name,fragment", [
    ("x" * 32, "dài 32 ký tự, tối đa 31"),
    ("Kế hoạch [2017]", "ký tự không hợp lệ '['"),
    ("Kế hoạch: 2017", "ký tự không hợp lệ ':'"),
    ("A*B", "'*'"), ("A?B", "'?'"), ("A/B", "'/'"), ("A\\B", "'\\'"), ("A]B", "']'"),
    ("'Trích dẫn", "dấu nháy"), ("", "trống"), ("   ", "trống"),
    ("XẾP HẠNG", "trùng với một trang tính của lõi"),
])
def test_names_excel_rejects_are_refused_naming_the_plugin(name, fragment):
    with pytest.raises(SheetNameError) as info:
        check_sheet_names([("plugins.demo_unit", name)])
    assert "Plugin 'plugins.demo_unit'" in str(info.value) and fragment in str(info.value)
    assert isinstance(info.value, PluginError)


def test_duplicates_ignore_case_and_name_the_earlier_plugin():
    with pytest.raises(SheetNameError, match="Plugin 'b'.*plugin 'a'"):
        check_sheet_names([("a", "Kế hoạch 2017"), ("b", "KẾ HOẠCH 2017")])
    with pytest.raises(SheetNameError, match="Plugin 'a'"):
        check_sheet_names([("a", "Bảng 1"), ("a", "bảng 1")])


def test_good_names_pass_and_length_counts_like_excel():
    check_sheet_names([("a", "Đ" * 31), ("b", "TTTK - Kế hoạch 2017"), ("c", "Trích 'dẫn'x")])
    with pytest.raises(SheetNameError, match="dài 32"):
        check_sheet_names([("a", "😀" * 16)])  # characters outside the BMP count twice, as in Excel


def test_unit_sheet_names_are_valid_and_unique():
    names = unit_sheet_names(["CCTDC", "cctdc", "X" * 40, "Xếp hạng"])
    check_sheet_names([("core", n) for n in names.values()], reserved=())
    assert names["CCTDC"] == "CCTDC" and names["cctdc"] != "cctdc" and len(names["X" * 40]) == 31


def test_validate_plugin_sheets_checks_every_bloc_year(demo_app, with_plugin):
    host = demo_app.extensions["emulation.plugins"]
    validate_plugin_sheets(host, [("KTD-II", 2017), ("KTD-II", 2018)])
    with_plugin("Danh sách/2017")
    with pytest.raises(SheetNameError, match="Plugin 'bad_sheets'.*'/'"):
        validate_plugin_sheets(host, [("KTD-II", 2017)])


@pytest.mark.parametrize("title,fragment", [("Kế hoạch: 2017", "ký tự không hợp lệ ':'"),
                                            ("ttud", "trùng với một trang tính của lõi"),
                                            ("Individual titles", "trùng với một trang tính của lõi"),
                                            ("TTTK - Kế hoạch 2017", "plugin 'plugins.information_statistics'")])
def test_export_refuses_a_bad_plugin_sheet_and_writes_nothing(demo_app, with_plugin, tmp_path, title, fragment):
    with_plugin(title, name="zz_bad_sheets")
    path = tmp_path / "bad.xlsx"
    result = demo_app.test_cli_runner().invoke(args=["export", "--bloc", "KTD-II", "--year", "2017",
                                                     "-o", str(path)])
    assert result.exit_code == 1
    assert "Plugin 'zz_bad_sheets'" in result.output and fragment in result.output
    assert not path.exists()


def test_plugin_values_are_written_by_type(demo_app, with_plugin, tmp_path):
    import openpyxl

    with_plugin("Ghi chú", rows=(("=1+1", 2.5), (None, True), ("0012", None)))
    path = tmp_path / "typed.xlsx"
    result = demo_app.test_cli_runner().invoke(args=["export", "--bloc", "KTD-II", "--year", "2017",
                                                     "-o", str(path)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(path)["Ghi chú"]
    header = next(row[0].row for row in ws.iter_rows() if row[0].value == "Nội dung")
    cells = [[ws.cell(header + i, c) for c in (1, 2)] for i in (1, 2, 3)]
    assert [(c.value, c.data_type) for c in cells[0]] == [("=1+1", "s"), (2.5, "n")]
    assert [c.value for c in cells[1]] == [None, "Có"]
    assert (cells[2][0].value, cells[2][0].data_type) == ("0012", "s")
