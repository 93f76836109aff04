"""The units and criteria the loaded plugins provide, built and validated once per app."""
from __future__ import annotations

from dataclasses import dataclass

from emulation.contract import CriterionSpec, UnitSpec
from emulation.engine.criteria import CriteriaError, validate_tree
from emulation.plugin_host.host import PluginError, PluginHost


@dataclass(frozen=True)
class RegisteredUnit:
    """A unit with the plugin that provides it and that plugin's criteria for it."""

    spec: UnitSpec
    plugin: str
    origin: str
    criteria: tuple[CriterionSpec, ...]


class Registry:
    """Every unit and unit criterion of the loaded plugins; unknown hooks and duplicates are a startup error."""

    def __init__(self, host: PluginHost):
        host.check_pending()
        self.host = host
        self.units: dict[str, RegisteredUnit] = {}
        owner_of_criterion: dict[str, str] = {}
        for plugin, unit in host.units():
            if unit.code in self.units:
                raise PluginError(f"Plugin '{plugin}': mã đơn vị '{unit.code}' đã được plugin "
                                  f"'{self.units[unit.code].plugin}' đăng ký (duplicate unit code)")
            specs = []
            for criterion_plugin, spec in host.criteria(unit):
                previous = owner_of_criterion.setdefault(spec.code, criterion_plugin)
                if previous != criterion_plugin or any(s.code == spec.code for s in specs):
                    raise PluginError(f"Plugin '{criterion_plugin}': mã tiêu chí '{spec.code}' trùng với tiêu chí "
                                      f"của plugin '{previous}' (duplicate criterion code)")
                specs.append(spec)
            try:
                validate_tree(specs, f"Plugin '{plugin}' (đơn vị {unit.code})")
            except CriteriaError as exc:
                raise PluginError(str(exc)) from exc
            self.units[unit.code] = RegisteredUnit(unit, plugin, host.info[plugin].origin, tuple(specs))

    def units_of_bloc(self, bloc: str) -> list[RegisteredUnit]:
        """Return the registered units of `bloc`, sorted by code."""
        return [u for code, u in sorted(self.units.items()) if u.spec.bloc == bloc]
