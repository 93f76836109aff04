"""Built-in unit plugins of Khối thi đua II (Sở Khoa học và Công nghệ Cao Bằng).

Each module is written exactly like a third-party plugin: it imports only the plugin contract
(``emulation.contract``: ``hookimpl``, ``UnitSpec``, ``CriterionSpec``, ``ExportSheet``) and the helpers of
``emulation.plugin_kit``, reads its unit and criteria from the TOML file beside it (``plugin_kit.load_unit``)
and implements hooks with ``@hookimpl``. The core registers them by import path
(``emulation.plugin_host.DEFAULT_UNITS``).
"""
