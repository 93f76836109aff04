"""The three built-in unit plugins of Khối thi đua II and the bloc's 2017 agreement file."""
import dataclasses
import re
from pathlib import Path

import pytest

from emulation.engine.criteria import CriteriaError, load_agreement, validate_tree
from emulation.plugin_host.host import DEFAULT_UNITS, PluginHost

AGREEMENT_PATH = Path(__file__).resolve().parents[2] / "criteria" / "agreements" / "ktd-ii-2017.toml"
EXPECTED_UNITS = {"CCTDC": "plugins.standards_quality", "TTUD": "plugins.technology_application",
                  "TTTK": "plugins.information_statistics"}


@pytest.fixture(scope="module")
def host():
    return PluginHost(load_entry_points=False)


@pytest.fixture(scope="module")
def agreement():
    return load_agreement(AGREEMENT_PATH)


def units_by_code(host):
    return {unit.code: unit for _, unit in host.units()}


def test_builtin_plugins_provide_the_three_units_of_the_bloc(host):
    pairs = host.units()
    assert {unit.code: plugin for plugin, unit in pairs} == EXPECTED_UNITS
    assert set(EXPECTED_UNITS.values()) == set(DEFAULT_UNITS)
    for _, unit in pairs:
        assert unit.bloc == "KTD-II"
        assert unit.name and unit.short_name and unit.name_en
    assert units_by_code(host)["CCTDC"].name == "Chi cục Tiêu chuẩn Đo lường Chất lượng"


@pytest.mark.parametrize("code", sorted(EXPECTED_UNITS))
def test_unit_criteria_are_valid_and_fill_the_unit_group(host, agreement, code):
    unit = units_by_code(host)[code]
    pairs = host.criteria(unit)
    assert pairs, "every built-in unit declares its own criteria"
    assert {plugin for plugin, _ in pairs} == {EXPECTED_UNITS[code]}, "a plugin answers only for its own unit"
    specs = [spec for _, spec in pairs]
    unit_group = next(c for c in agreement.criteria if c.code == agreement.unit_group)
    attached = [dataclasses.replace(s, parent=agreement.unit_group) if s.parent is None else s for s in specs]
    validate_tree(attached + [unit_group], f"unit {code}")
    assert sum(s.max_points for s in specs if s.parent is None) == unit_group.max_points


@pytest.mark.parametrize("code", sorted(EXPECTED_UNITS))
def test_unit_criteria_are_described_for_scoring(host, code):
    specs = [spec for _, spec in host.criteria(units_by_code(host)[code])]
    assert {s.kind for s in specs} >= {"plan", "count", "pass_fail"}
    for spec in specs:
        assert spec.code.startswith(f"{code}.")
        assert spec.name_en
        if spec.kind == "plan":
            assert spec.target and spec.measure, spec.code
        if spec.kind == "count":
            assert spec.per_item and spec.measure, spec.code


def test_criterion_codes_are_unique_across_units_and_agreement(host, agreement):
    codes = [c.code for c in agreement.criteria]
    for _, unit in host.units():
        codes += [spec.code for _, spec in host.criteria(unit)]
    assert len(codes) == len(set(codes))


def test_agreement_file_loads_with_its_groups(agreement):
    assert (agreement.bloc, agreement.year, agreement.total_max) == ("KTD-II", 2017, 1000)
    assert agreement.citation and agreement.name.startswith("Giao ước thi đua năm 2017")
    by_code = {c.code: c for c in agreement.criteria}
    groups = {c.code for c in agreement.criteria if c.kind == "group"}
    assert groups == {"A", "B", "C", "D", "E", "TH"}
    unit_group = by_code[agreement.unit_group]
    assert unit_group.code == "B" and unit_group.core and unit_group.max_points == 500
    assert [c for c in agreement.criteria if c.parent == "B"] == []
    assert all(c.kind == "bonus" for c in agreement.criteria if c.parent == "TH")
    assert by_code["TH.1"].per_item == 10
    for code in ("TR.1", "TR.2", "TR.3"):
        assert by_code[code].kind == "deduction" and by_code[code].per_item == 8 and by_code[code].parent is None


BROKEN_AGREEMENTS = [
    ("bad kind", 'name_en = "Plans issued and movements launched"\nkind = "points"',
     'name_en = "Plans issued and movements launched"\nkind = "diem"', ("'A.1'", "'kind'")),
    ("missing max", 'name_en = "Agreement signed and titles registered on time"\nkind = "pass_fail"\nmax = 20\n',
     'name_en = "Agreement signed and titles registered on time"\nkind = "pass_fail"\n', ("'A.2'", "'max'")),
    ("children do not add up", 'name_en = "Trade union and youth union rated strong"\nkind = "points"\nmax = 30',
     'name_en = "Trade union and youth union rated strong"\nkind = "points"\nmax = 35', ("'C'", "'max'")),
    ("total does not add up", "total_max = 1000", "total_max = 990", ("[agreement]", "'total_max'")),
]


@pytest.mark.parametrize("old, new, names", [case[1:] for case in BROKEN_AGREEMENTS],
                         ids=[case[0] for case in BROKEN_AGREEMENTS])
def test_broken_agreement_names_file_criterion_and_field(tmp_path, old, new, names):
    text = AGREEMENT_PATH.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "ktd-ii-2017-broken.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CriteriaError) as excinfo:
        load_agreement(broken)
    message = str(excinfo.value)
    assert "ktd-ii-2017-broken.toml" in message
    for name in names:
        assert name in message


@pytest.mark.parametrize("code, scores, expected", [
    ("CCTDC", {"CCTDC.2.1": 30}, "vượt số cơ quan"),
    ("TTUD", {"TTUD.2.1": 8069, "TTUD.2.2": 8100}, "trà giảo cổ lam"),
    ("TTUD", {"TTUD.3.1": 6}, "đề tài, dự án"),
    ("TTTK", {"TTTK.1.3": 0, "TTTK.1.4": 1}, "Lịch khoa học"),
    ("TTTK", {"TTTK.1.1": 0, "TTTK.1.2": 1000}, "Thông tin KH&CN"),
])
def test_validate_scores_catches_contradictory_figures(host, code, scores, expected):
    errors = host.validate_scores(units_by_code(host)[code], scores)
    assert len(errors) == 1 and expected in errors[0]


@pytest.mark.parametrize("code, scores", [
    ("CCTDC", {"CCTDC.2.1": 17, "CCTDC.1.1": 88}),
    ("TTUD", {"TTUD.2.1": 8069, "TTUD.2.2": 8000, "TTUD.3.1": 5}),
    ("TTTK", {"TTTK.1.1": 2, "TTTK.1.2": 1000, "TTTK.1.3": 2000, "TTTK.1.4": 1}),
    ("TTTK", {}),
])
def test_validate_scores_accepts_consistent_figures(host, code, scores):
    assert host.validate_scores(units_by_code(host)[code], scores) == []


def test_validate_scores_ignores_other_units_codes(host):
    """A plugin checks only its own unit: TTUD's sheet never gets CCTDC's messages."""
    assert host.validate_scores(units_by_code(host)["TTUD"], {"CCTDC.2.1": 99}) == []


def test_export_sheets_list_plan_targets_with_valid_titles(host):
    sheets = host.export_sheets("KTD-II", 2017)
    assert {plugin for plugin, _ in sheets} == set(EXPECTED_UNITS.values())
    units = units_by_code(host)
    for plugin, sheet in sheets:
        assert len(sheet.title) <= 31 and not re.search(r"[\[\]:*?/\\]", sheet.title)
        assert all(len(row) == len(sheet.columns) for row in sheet.rows)
        code = next(c for c, p in EXPECTED_UNITS.items() if p == plugin)
        plan = [(s.code, s.target) for _, s in host.criteria(units[code]) if s.kind == "plan"]
        assert [(row[0], row[3]) for row in sheet.rows] == plan
    assert ("CCTDC.1.1", 156) in [(r[0], r[3]) for _, s in sheets for r in s.rows]


def test_export_sheets_only_for_their_bloc(host):
    assert host.export_sheets("KTD-I", 2017) == []
