"""The plugin manager and the typed facade the rest of the app calls instead of ``pm.hook``.

Every hook is called through pluggy (keyword arguments, pluggy's own argument matching), one
plugin at a time through a subset hook caller, so each result stays attributed to its plugin for
error messages; results are then sorted by unit code or plugin name, never left in pluggy's order.
"""
from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass
from importlib import metadata

import pluggy

from emulation import contract
from emulation.contract import CriterionSpec, DocumentSpec, ExportSheet, UnitSpec
from emulation.errors import EmulationError

ENTRY_POINT_GROUP = "emulation.units"
DEFAULT_UNITS = (
    "plugins.standards_quality",
    "plugins.technology_application",
    "plugins.information_statistics",
)
HOOK_NAMES = tuple(sorted(name for name in dir(contract) if hasattr(getattr(contract, name), "emulation_spec")))


class PluginError(EmulationError):
    """A plugin could not be loaded or returned something the core rejects; names the plugin.

    Raised while the app starts, it stops the start; raised later (an export, a save), the
    request fails with the plugin's name in the message.
    """

    status = 500


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
        """Register one plugin object under `name` (tests use it for throwaway plugins too).

        Raise PluginError naming the plugin when one of its ``@hookimpl`` functions is no hook of the
        contract (a misspelt name) or takes an argument its hook does not have; the plugin is then
        left unregistered.
        """
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            detail = " ".join(str(exc).split())      # pluggy's message spans lines; a startup error is one
            raise PluginError(f"Plugin '{name}': hàm hook không khớp hợp đồng plugin ({detail})") from exc
        self.info[name] = info or PluginInfo(name, "runtime", False)
        try:
            self.check_pending()
        except PluginError:
            self.unregister(name)
            raise

    def check_pending(self) -> None:
        """Raise PluginError naming the plugin if any ``@hookimpl`` implements no hook of the contract."""
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(_unknown_hook_message(self.pm.get_name(exc.plugin) or repr(exc.plugin),
                                                    _unknown_hook_names(self.pm, exc.plugin))) from exc

    def unregister(self, name: str) -> None:
        """Remove the plugin registered under `name`."""
        self.pm.unregister(name=name)
        self.info.pop(name, None)

    def units(self) -> list[tuple[str, UnitSpec]]:
        """Return (plugin name, unit) pairs from every plugin, sorted by unit code then plugin name."""
        pairs = [(plugin, unit) for plugin, result in self._results("register_units")
                 for unit in _items(plugin, "register_units", result, UnitSpec)]
        return sorted(pairs, key=lambda pair: (pair[1].code, pair[0]))

    def criteria(self, unit: UnitSpec) -> list[tuple[str, CriterionSpec]]:
        """Return (plugin name, criterion) pairs every plugin gives for `unit`: by plugin name, each in its own order."""
        return [(plugin, spec) for plugin, result in self._results("register_criteria", unit=unit)
                for spec in _items(plugin, "register_criteria", result, CriterionSpec)]

    def validate_scores(self, unit: UnitSpec, scores: dict[str, float]) -> list[str]:
        """Return every plugin's cross-criterion errors for one unit's sheet, by plugin name."""
        return [message for plugin, result in self._results("validate_scores", unit=unit, scores=dict(scores))
                for message in _items(plugin, "validate_scores", result, str)]

    def export_sheets(self, bloc: str, year: int) -> list[tuple[str, ExportSheet]]:
        """Return (plugin name, sheet) pairs for the year-end workbook, by plugin name, each in its own order."""
        return [(plugin, sheet) for plugin, result in self._results("register_export_sheets", bloc=bloc, year=year)
                for sheet in _items(plugin, "register_export_sheets", result, ExportSheet)]

    def documents(self, bloc: str, year: int) -> list[tuple[str, DocumentSpec]]:
        """Return (plugin name, document) pairs a year offers besides the core's, by plugin name, each in its order."""
        return [(plugin, spec) for plugin, result in self._results("register_documents", bloc=bloc, year=year)
                for spec in _items(plugin, "register_documents", result, DocumentSpec)]

    def implementers(self, hook: str) -> list[str]:
        """Return the names of the plugins implementing `hook`, sorted."""
        return sorted({impl.plugin_name for impl in getattr(self.pm.hook, hook).get_hookimpls()})

    def _results(self, hook: str, **kwargs) -> list[tuple[str, object]]:
        """Call `hook` through pluggy once per implementing plugin; return (plugin name, result) pairs by name.

        A subset hook caller holding only that plugin keeps the result attributed to it; pluggy
        passes each implementation just the keyword arguments it names and drops None results.
        """
        pairs = []
        for name in self.implementers(hook):
            plugin = self.pm.get_plugin(name)
            others = [other for other in self.pm.get_plugins() if other is not plugin]
            caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
            pairs += [(name, result) for result in caller(**kwargs)]
        return pairs


def _items(plugin: str, hook: str, result, kind: type) -> list:
    """Return the items of one plugin's hook result; raise PluginError naming it when a type is wrong."""
    if not isinstance(result, (list, tuple)):
        raise PluginError(f"Plugin '{plugin}': {hook} phải trả về một danh sách, nhận {type(result).__name__} "
                          f"({hook} must return a list)")
    for item in result:
        if not isinstance(item, kind):
            raise PluginError(f"Plugin '{plugin}': {hook} phải trả về {kind.__name__}, nhận "
                              f"{type(item).__name__} ({hook} must return {kind.__name__} items)")
    return list(result)


def _unknown_hook_names(pm: pluggy.PluginManager, plugin) -> list[str]:
    """Return the names of `plugin`'s hook implementations that match no hook spec."""
    return sorted(caller.name for caller in pm.get_hookcallers(plugin) or [] if not caller.has_spec())


def _unknown_hook_message(plugin: str, names: list[str]) -> str:
    """Return the startup error for `plugin`'s unknown hooks, suggesting the hook each one was meant to be."""
    vietnamese, english = [], []
    for name in names:
        close = difflib.get_close_matches(name, HOOK_NAMES, n=1)
        vietnamese.append(f"'{name}'" + (f" (có phải '{close[0]}'?)" if close else ""))
        english.append(f"'{name}'" + (f", did you mean '{close[0]}'?" if close else ""))
    return (f"Plugin '{plugin}': hook {', '.join(vietnamese)} không có trong hợp đồng plugin, chỉ có "
            f"{', '.join(HOOK_NAMES)} (unknown hook {'; '.join(english)})")
