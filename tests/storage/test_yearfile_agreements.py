"""The year file carries issue 17's agreement data: banded specs, panel values, grading bands and the conferral."""
import json

import pytest

from emulation.contract import Band
from emulation.engine.ranking import Band as GradeBand
from emulation.engine.ranking import Conferral
from emulation.engine.yeardata import PanelValueData, SignedCriterion, UnitData, YearData
from emulation.storage.yearfile import YearFileError, from_json, to_json
from tests.engine.factories import spec


def _year(**fields) -> YearData:
    return YearData(bloc="K", bloc_name="Khối", year=2024, units=[UnitData("U1", "Một"), UnitData("U2", "Hai")],
                    criteria=[SignedCriterion(spec("A", "banded", 4, measure_of="share", bands=(Band(4, 0.8),
                                                                                               Band(2, None, 0.8)))),
                              SignedCriterion(spec("X", panel="members", combine="median"), None, 1)], **fields)


def test_agreement_data_goes_through_the_year_file_unchanged():
    year = _year(panel_values=[PanelValueData("U1", "X", "U2", 7.5)],
                 grading=(GradeBand("tot", "Tốt", 0.8, 0.5), GradeBand("tb", "Trung bình", 0.0)),
                 conferral=Conferral("CO", "Cờ của cụm", "cluster", count=1, citation="Điều 5"))
    again = from_json(json.loads(json.dumps(to_json(year))))
    assert (again.criteria, again.panel_values, again.grading, again.conferral) == (
        year.criteria, year.panel_values, year.grading, year.conferral)


def test_a_year_without_them_writes_no_new_keys():
    document = to_json(_year())
    assert not {"panel_values", "grading", "conferral"} & set(document)
    assert "scored_by" not in document["criteria"][1]["spec"] and document["criteria"][1]["spec"]["panel"] == "members"


@pytest.mark.parametrize("entry, path", [
    (PanelValueData("U9", "X", "U2", 5), "$.panel_values[0].unit"),
    (PanelValueData("U1", "A", "U2", 0.5), "$.panel_values[0].criterion"),
    (PanelValueData("U1", "X", "U9", 5), "$.panel_values[0].scorer"),
    (PanelValueData("U1", "X", "U2", 11), "$.panel_values[0].value"),
])
def test_a_bad_panel_value_is_refused_naming_its_path(entry, path):
    document = json.loads(json.dumps(to_json(_year(panel_values=[entry]))))
    with pytest.raises(YearFileError) as error:
        from_json(document)
    assert error.value.path == path
