"""The plugin host: one pluggy manager per app, the typed calls the app makes through it, and the units it yields.

Not to be confused with the top-level ``plugins/`` package, which holds the built-in unit plugins.
"""
from emulation.plugin_host.host import DEFAULT_UNITS, ENTRY_POINT_GROUP, PluginError, PluginHost, PluginInfo
from emulation.plugin_host.registry import RegisteredUnit, Registry

__all__ = ["DEFAULT_UNITS", "ENTRY_POINT_GROUP", "PluginError", "PluginHost", "PluginInfo", "RegisteredUnit", "Registry"]
