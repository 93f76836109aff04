"""Throwaway plugins for the host's tests, made by one factory rather than a class per test, and ways to load them."""
from __future__ import annotations

from emulation import create_app
from emulation.contract import CriterionSpec, UnitSpec, hookimpl
from emulation.plugin_host import PluginHost
from emulation.plugin_kit import own_unit_hooks


class ThrowawayPlugin:
    """A plugin object whose hook implementations are plain functions set on it (pluggy keeps plugins in sets)."""


def throwaway_plugin(unit: UnitSpec | None = None, criteria: tuple[CriterionSpec, ...] = (),
                     **hooks) -> ThrowawayPlugin:
    """Return a plugin: with `unit`, the hooks that give that unit and, for it only, `criteria`; `hooks` are
    further implementations by hook name (plain functions, marked here, so a misspelt name stays misspelt)."""
    implementations = {name: hookimpl(function) for name, function in hooks.items()}
    if unit is not None:
        implementations["register_units"], implementations["register_criteria"] = own_unit_hooks(unit, criteria)
    plugin = ThrowawayPlugin()
    vars(plugin).update(implementations)
    return plugin


def bare_host(plugin, name: str) -> PluginHost:
    """Return a host with no built-in unit and no installed package, and `plugin` registered as `name`."""
    host = PluginHost(builtin_modules=(), load_entry_points=False)
    host.register(plugin, name)
    return host


def start_app(database_url: str, host: PluginHost):
    """Create the app on `database_url` with `host` as its plugins, so the startup checks run."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "EMULATION_PLUGIN_HOST": host})


def install_module(tmp_path, monkeypatch, module: str, source: str, distribution: str, entry_point: str) -> None:
    """Make `source` importable as `module`, installed as `distribution` ("name version") with an entry point
    `entry_point` in the group `emulation.units`; the caller forgets the module afterwards."""
    name, version = distribution.split()
    (tmp_path / f"{module}.py").write_text(source, encoding="utf-8")
    dist_info = tmp_path / f"{module}-{version}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (dist_info / "entry_points.txt").write_text(f"[emulation.units]\n{entry_point} = {module}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
