"""docs/plugins.md documents every hook of the contract, and only those (after datasette's meta-tests)."""
import inspect
import re
from pathlib import Path

import pytest

from emulation import contract
from emulation.plugin_host.host import HOOK_NAMES

DOC = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
HEADING = re.compile(r"^### `(\w+)\((.*)\)`$", re.M)


def documented() -> dict[str, str]:
    """Return hook name -> the arguments its heading in docs/plugins.md shows."""
    return dict(HEADING.findall(DOC.read_text(encoding="utf-8")))


@pytest.mark.parametrize("hook", HOOK_NAMES)
def test_every_hook_is_documented_with_its_arguments(hook):
    assert hook in documented(), f"docs/plugins.md has no '### `{hook}(...)`' heading"
    spec_arguments = ", ".join(inspect.signature(getattr(contract, hook)).parameters)
    assert documented()[hook] == spec_arguments


def test_every_hook_documented_exists():
    assert sorted(documented()) == sorted(HOOK_NAMES)


@pytest.mark.parametrize("hook", HOOK_NAMES)
def test_the_reference_quotes_each_hook_docstring(hook):
    first_line = inspect.getdoc(getattr(contract, hook)).splitlines()[0]
    assert f"*{first_line}*" in DOC.read_text(encoding="utf-8")
