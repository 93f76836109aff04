"""A unit plugin's TOML file (emulation.plugin_kit.load_unit): read in order, refused with the file and field named."""
import textwrap

import pytest

from emulation.contract import Band, CriterionSpec, SpecError, UnitSpec
from emulation.plugin_kit import load_unit

UNIT_TABLE = '[unit]\ncode = "X"\nname = "Đơn vị X"\nbloc = "KTD-II"\n'


def write(tmp_path, text: str):
    path = tmp_path / "x_unit.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_unit_and_its_criteria_are_read_in_the_files_order(tmp_path):
    path = write(tmp_path, UNIT_TABLE + """
        [[criterion]]
        code = "X.1"
        name = "Nhóm một"
        kind = "group"
        max = 300

        [[criterion]]
        code = "X.1.1"
        group = "X.1"
        name = "Kế hoạch"
        kind = "plan"
        max = 300
        target = 12
        measure = "cuộc"

        [[criterion]]
        code = "X.2"
        name = "Theo mức"
        kind = "banded"
        max = 200
        measure_of = "share"
        bands = [{points = 200, lower = 0.8}, {points = 0, upper = 0.8}]
        """)
    unit, criteria = load_unit(path)
    assert unit == UnitSpec(code="X", name="Đơn vị X", bloc="KTD-II")
    assert [c.code for c in criteria] == ["X.1", "X.1.1", "X.2"]
    assert criteria[1] == CriterionSpec("X.1.1", "Kế hoạch", "plan", 300, parent="X.1", target=12, measure="cuộc")
    assert criteria[2].bands == (Band(200, 0.8), Band(0, upper=0.8))


@pytest.mark.parametrize("text, words", [
    ('[unit]\ncode = "X"\nname = "X"\n', ["x_unit.toml", "[unit]", "'bloc'"]),
    (UNIT_TABLE + 'colour = "red"\n', ["x_unit.toml", "[unit]", "'colour'"]),
    ('code = "X"\n', ["x_unit.toml", "'code'", "unknown table"]),
    (UNIT_TABLE + '[[criterion]]\ncode = "X.1"\nname = "Một"\nkind = "points"\n', ["x_unit.toml", "'X.1'", "'max'"]),
    (UNIT_TABLE + '[[criterion]]\ncode = "X.1"\nname = "Một"\nkind = "points"\nmax = 5\nweight = 2\n',
     ["x_unit.toml", "'X.1'", "'weight'"]),
    (UNIT_TABLE + '[criterion]\ncode = "X.1"\n', ["x_unit.toml", "[[criterion]]"]),
    (UNIT_TABLE + '[[criterion]\n', ["x_unit.toml", "invalid TOML"]),
])
def test_bad_data_is_refused_naming_the_file_and_the_key(tmp_path, text, words):
    with pytest.raises(SpecError) as error:
        load_unit(write(tmp_path, text))
    for word in words:
        assert word in str(error.value)
