"""Agreement files of issue 17: bands, amounts, scorers, panels, grading and conferral, and their errors."""
import pytest

from emulation.contract import Band, CriterionSpec
from emulation.engine.criteria import CriteriaError, load_agreement

from .conftest import CRITERIA

EXAMPLE = CRITERIA / "agreements" / "ctd-lmhtx-2024.toml"

HEAD = """[agreement]
bloc = "K"
year = 2024
name = "Giao ước thử"
total_max = 10
"""
BANDED = """[[criterion]]
code = "A"
name = "Tỷ lệ"
kind = "banded"
max = 10
measure_of = "share"
"""


def _load(tmp_path, body: str):
    path = tmp_path / "thu.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_agreement(path)


def test_the_example_agreement_reads_every_new_kind():
    agreement = load_agreement(EXAMPLE)
    by_code = {s.code: s for s in agreement.criteria}
    assert agreement.unit_group == "" and agreement.base_max == 100 and agreement.total_max == 125
    assert by_code["A.1"].bands == (Band(20, 0.8), Band(15, 0.6, 0.8), Band(10, None, 0.6))
    assert (by_code["B.1"].panel, by_code["B.1"].combine, by_code["B.1"].self_scoring) == ("members", "trimmed_mean",
                                                                                          False)
    assert by_code["TH.1"].amount and by_code["TR.1"].scored_by == "board"
    assert [(b.code, b.min_share, b.min_criterion_share) for b in agreement.grading] == [
        ("xuat_sac", 0.9, 0.85), ("tot", 0.8, None), ("kha", 0.7, None), ("trung_binh", 0.0, None)]
    assert (agreement.conferral.title, agreement.conferral.level, agreement.conferral.how_many(7)) == (
        "CO_THI_DUA_LMHTX", "association", 1)


def test_a_spec_with_bands_survives_the_stored_form():
    spec = next(s for s in load_agreement(EXAMPLE).criteria if s.code == "A.1")
    assert CriterionSpec.from_dict(spec.to_dict()) == spec


def test_a_stored_spec_of_a_signed_year_without_the_new_fields_still_loads():
    old = {"code": "A.1", "name": "Cũ", "kind": "points", "max_points": 30, "parent": "A", "name_en": "",
           "target": None, "measure": "", "per_item": None, "formula": "standard", "core": False, "description": ""}
    spec = CriterionSpec.from_dict(old)
    assert (spec.scored_by, spec.panel, spec.amount) == ("unit", "", False) and spec.to_dict() == old


@pytest.mark.parametrize("body, field, problem", [
    (BANDED + "bands = [{ points = 10, lower = 0.5 }, { points = 5, upper = 0.5, upper_inclusive = true }]\n",
     "bands", "chồng lên nhau"),
    (BANDED + "bands = [{ points = 10, lower = 0.5 }, { points = 5, lower = 0.2, upper = 0.6 }]\n",
     "bands", "chồng lên nhau"),
    (BANDED + "bands = [{ points = 12, lower = 0.5 }]\n", "bands", "0–10"),
    (BANDED + "bands = [{ points = 5, lower = 0.8, upper = 0.2 }]\n", "bands", "cận dưới"),
    (BANDED + "bands = [{ points = 5, lowest = 0.8 }]\n", "bands", "mức 1: trường 'lowest' không được hỗ trợ"),
    (BANDED + "bands = [{ lower = 0.8 }]\n", "bands", "mức 1: cần points"),
    (BANDED.replace('"share"', '"ratio"') + "bands = [{ points = 5 }]\n", "target", "chỉ tiêu"),
    (BANDED.replace('measure_of = "share"\n', '') + "bands = [{ points = 5 }]\n", "measure_of", "share"),
    (BANDED + "bands = []\n", "bands", "ít nhất"),
    ('[[criterion]]\ncode = "A"\nname = "X"\nkind = "points"\nmax = 10\namount = true\n', "amount", "bonus"),
    ('[[criterion]]\ncode = "A"\nname = "X"\nkind = "points"\nmax = 10\nscored_by = "mayor"\n', "scored_by", "board"),
    ('[[criterion]]\ncode = "A"\nname = "X"\nkind = "points"\nmax = 10\npanel = "all"\n', "panel", "members"),
    ('[[criterion]]\ncode = "A"\nname = "X"\nkind = "points"\nmax = 10\ncombine = "max"\n', "combine",
     "trimmed_mean"),
    (('[[criterion]]\ncode = "T"\nname = "X"\nkind = "bonus"\nmax = 10\namount = true\nper_item = 2\n'
      '[[criterion]]\ncode = "A"\nname = "Y"\nkind = "points"\nmax = 10\n'), "amount", "per_item"),
])
def test_a_bad_criterion_is_refused_naming_file_criterion_and_field(tmp_path, body, field, problem):
    with pytest.raises(CriteriaError, match=rf"thu\.toml: tiêu chí '[AT]', trường '{field}'.*{problem}"):
        _load(tmp_path, body)


POINTS = '[[criterion]]\ncode = "A"\nname = "X"\nkind = "points"\nmax = 10\n'


@pytest.mark.parametrize("body, place, field", [
    ('[[grading]]\ncode = "tot"\nname = "Tốt"\nmin_share_of_base = 0.8\n', "[[grading]]", "min_share_of_base"),
    ('[[grading]]\ncode = "x"\nname = "X"\nmin_share_of_base = 1.5\n', "[[grading]] thứ 1 'x'", "min_share_of_base"),
    ('[[grading]]\ncode = "x"\nname = "X"\nmin_share_of_base = 0\nmin_criterion_share = 0.5\n', "[[grading]]",
     "min_share_of_base"),
    ('[[grading]]\nname = "X"\nmin_share_of_base = 0\n', "[[grading]] thứ 1", "code"),
    ('[conferral]\ntitle = "C"\nname = "Cờ"\nlevel = "association"\n', "[conferral]", "count"),
    ('[conferral]\ntitle = "C"\nname = "Cờ"\nlevel = "association"\ncount = 1\nshare = 0.2\n', "[conferral]", "count"),
    ('[conferral]\ntitle = "C"\nname = "Cờ"\nlevel = "village"\ncount = 1\n', "[conferral]", "level"),
    ('[conferral]\ntitle = "C"\nname = "Cờ"\nlevel = "bloc"\ncount = 0\n', "[conferral]", "count"),
    ('[conferral]\nname = "Cờ"\nlevel = "bloc"\ncount = 1\n', "[conferral]", "title"),
])
def test_bad_grading_or_conferral_is_refused_naming_the_table_and_field(tmp_path, body, place, field):
    with pytest.raises(CriteriaError) as error:
        _load(tmp_path, POINTS + body)
    assert str(error.value).startswith(f"thu.toml: {place}, trường '{field}'")


def test_a_conferral_by_share_gives_at_least_one_unit(tmp_path):
    agreement = _load(tmp_path, POINTS + '[conferral]\ntitle = "C"\nname = "Cờ"\nlevel = "bloc"\nshare = 0.2\n')
    assert [agreement.conferral.how_many(n) for n in (3, 5, 11)] == [1, 1, 2]
