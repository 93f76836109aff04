"""Built-in unit plugins of Khối thi đua II (Sở Khoa học và Công nghệ Cao Bằng).

Each module is written exactly like a third-party plugin: it imports only the public contract
(``emulation.hookspecs``, ``emulation.criteria``, ``emulation.plugins.ExportSheet``) and implements
hooks with ``@hookimpl``. The core registers them by import path (``emulation.plugins.DEFAULT_UNITS``).
"""
