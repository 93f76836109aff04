"""The plugin manager and the typed facade the rest of the app calls instead of ``pm.hook``."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib import metadata

import pluggy

from emulation import contract
from emulation.contract import CriterionSpec, ExportSheet, UnitSpec
from emulation.errors import EmulationError

ENTRY_POINT_GROUP = "emulation.units"
DEFAULT_UNITS = (
    "plugins.standards_quality",
    "plugins.technology_application",
    "plugins.information_statistics",
)


class PluginError(EmulationError):
    """A plugin could not be loaded or returned something the core rejects; names the plugin."""


@dataclass(frozen=True)
class PluginInfo:
    """Where a loaded plugin came from."""

    name: str
    origin: str            # "built-in" or "distribution version"
    builtin: bool


class PluginHost:
    """Owns one pluggy manager; every hook call in the app goes through one of these methods."""

    def __init__(self, builtin_modules=DEFAULT_UNITS, load_entry_points: bool = True, blocked=()):
        self.pm = pluggy.PluginManager("emulation")
        self.pm.add_hookspecs(contract)
        self.info: dict[str, PluginInfo] = {}
        for dotted in builtin_modules:
            self._register_module(dotted)
        if load_entry_points:
            self._load_entry_points(set(blocked))

    def _register_module(self, dotted: str) -> None:
        try:
            module = importlib.import_module(dotted)
        except ImportError as exc:
            raise PluginError(f"Không nạp được plugin '{dotted}' (cannot import plugin): {exc}") from exc
        self.register(module, dotted, PluginInfo(dotted, "built-in", True))

    def _load_entry_points(self, blocked: set[str]) -> None:
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in blocked or self.pm.has_plugin(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken third-party package must name itself
                raise PluginError(f"Không nạp được plugin '{ep.name}' ({ep.value}): {exc}") from exc
            dist = getattr(ep, "dist", None)
            origin = f"{dist.name} {dist.version}" if dist else ep.value
            self.register(plugin, ep.name, PluginInfo(ep.name, origin, False))

    def register(self, plugin, name: str, info: PluginInfo | None = None) -> None:
        """Register one plugin object under `name` (used by tests for throwaway plugins too)."""
        self.pm.register(plugin, name=name)
        self.info[name] = info or PluginInfo(name, "runtime", False)

    def unregister(self, name: str) -> None:
        """Remove the plugin registered under `name`."""
        self.pm.unregister(name=name)
        self.info.pop(name, None)

    def units(self) -> list[tuple[str, UnitSpec]]:
        """Return (plugin name, unit) pairs from every plugin, sorted by unit code."""
        pairs = []
        for impl in self.pm.hook.register_units.get_hookimpls():
            for unit in impl.function() or []:
                if not isinstance(unit, UnitSpec):
                    raise PluginError(f"Plugin '{impl.plugin_name}': register_units phải trả về UnitSpec, "
                                      f"nhận {type(unit).__name__}")
                pairs.append((impl.plugin_name, unit))
        return sorted(pairs, key=lambda pair: pair[1].code)

    def criteria(self, unit: UnitSpec) -> list[tuple[str, CriterionSpec]]:
        """Return (plugin name, criterion) pairs every plugin gives for `unit`, in the plugins' order."""
        pairs = []
        for impl in self.pm.hook.register_criteria.get_hookimpls():
            result = _call(impl, unit=unit) or []
            for spec in result:
                if not isinstance(spec, CriterionSpec):
                    raise PluginError(f"Plugin '{impl.plugin_name}': register_criteria phải trả về CriterionSpec, "
                                      f"nhận {type(spec).__name__}")
                pairs.append((impl.plugin_name, spec))
        return pairs

    def validate_scores(self, unit: UnitSpec, scores: dict[str, float]) -> list[str]:
        """Return every plugin's cross-criterion errors for one unit's sheet."""
        errors = self.pm.hook.validate_scores(unit=unit, scores=dict(scores))
        return [message for batch in errors for message in (batch or [])]

    def export_sheets(self, bloc: str, year: int) -> list[tuple[str, ExportSheet]]:
        """Return (plugin name, sheet) pairs for the year-end workbook, sorted by plugin name."""
        pairs = []
        for impl in self.pm.hook.register_export_sheets.get_hookimpls():
            for sheet in _call(impl, bloc=bloc, year=year) or []:
                if not isinstance(sheet, ExportSheet):
                    raise PluginError(f"Plugin '{impl.plugin_name}': register_export_sheets phải trả về ExportSheet")
                pairs.append((impl.plugin_name, sheet))
        return sorted(pairs, key=lambda pair: pair[0])


def _call(impl, **kwargs):
    """Call one hook implementation with just the keyword arguments it accepts."""
    return impl.function(**{name: kwargs[name] for name in impl.argnames})
