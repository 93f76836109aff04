"""The plugin's own tests: they need pluggy and emulation.contract only, no app and no database."""
import pluggy

from emulation import contract
from thanh_tra_unit import plugin

UNIT_GROUP_MAX = 500    # group B of criteria/agreements/ktd-ii-2017.toml


def manager():
    pm = pluggy.PluginManager("emulation")
    pm.add_hookspecs(contract)
    pm.register(plugin, name="TTRA")
    pm.check_pending()
    return pm


def test_the_unit_and_its_criteria_fill_the_unit_group():
    pm = manager()
    [units] = pm.hook.register_units()
    [criteria] = pm.hook.register_criteria(unit=units[0])
    assert [u.code for u in units] == ["TTRA"]
    assert sum(c.max_points for c in criteria if c.parent is None) == UNIT_GROUP_MAX
    for group in (c for c in criteria if c.kind == "group"):
        assert sum(c.max_points for c in criteria if c.parent == group.code) == group.max_points


def test_contradictory_figures_are_refused_and_other_units_ignored():
    pm = manager()
    other = contract.UnitSpec(code="CCTDC", name="Chi cục", bloc="KTD-II")
    assert pm.hook.validate_scores(unit=plugin.UNIT, scores={"TTRA.1.1": 0, "TTRA.1.3": 1}) != [[]]
    assert pm.hook.validate_scores(unit=plugin.UNIT, scores={"TTRA.1.1": 12, "TTRA.1.3": 1}) == [[]]
    assert pm.hook.validate_scores(unit=other, scores={"TTRA.1.1": 0, "TTRA.1.3": 1}) == [[]]
    assert pm.hook.register_criteria(unit=other) == [[]]
