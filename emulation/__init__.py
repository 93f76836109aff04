"""The emulation scoring suite: a Flask app for the yearly emulation competition of public agencies.

Importing the package costs nothing: a unit plugin imports ``emulation.contract`` with only pluggy
installed. ``create_app`` is loaded from ``emulation.app`` when first asked for.
"""


def __getattr__(name: str):
    if name == "create_app":
        from emulation.app import create_app
        return create_app
    raise AttributeError(f"module 'emulation' has no attribute {name!r}")
