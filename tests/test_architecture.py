"""The layout keeps its layers: every module imports on its own, and no layer reaches up into another.

- the engines import nothing of the app but the plugin contract, the error base and the text checks;
- the plugin contract and the built-in unit plugins import no Flask: a plugin is unit-tested with pluggy alone;
- the models know no pages, forms or services (only the engines' plain values); the export and the storage need
  no request.
"""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "emulation"


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _imports(module: str) -> set[str]:
    """Every module `module`'s source imports, anywhere in it."""
    path = ROOT.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m == 'emulation' or m.startswith('emulation.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {exc!r}')\n"
        "print('\\n'.join(failed))\n")
    result = subprocess.run([sys.executable, "-c", script, *_modules()], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


ALLOWED_IN_ENGINE = ("emulation.engine", "emulation.contract", "emulation.errors", "emulation.text")


@pytest.mark.parametrize("module", [m for m in _modules() if m.startswith("emulation.engine")])
def test_the_engines_import_nothing_of_the_app(module):
    app_imports = {name for name in _imports(module) if name.startswith("emulation")}
    assert all(name.startswith(ALLOWED_IN_ENGINE) for name in app_imports), app_imports
    assert not {name.split(".")[0] for name in _imports(module)} & {"flask", "sqlalchemy", "flask_babel", "werkzeug"}


@pytest.mark.parametrize("module", [m for m in _modules() if m.startswith("emulation.models")])
def test_the_models_know_no_pages_forms_or_services(module):
    reached = {name for name in _imports(module) if name.startswith("emulation.")}
    allowed = ("emulation.models", "emulation.extensions", "emulation.engine", "emulation.text")
    assert all(name.startswith(allowed) for name in reached), reached


@pytest.mark.parametrize("module", [m for m in _modules() if m.startswith(("emulation.export", "emulation.storage"))])
def test_the_export_and_the_storage_need_no_request(module):
    path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
    if not path.exists():
        path = path.with_suffix("") / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    flask_names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                   and node.module == "flask" for alias in node.names}
    assert not flask_names & {"request", "session", "g", "render_template", "redirect"}, flask_names
    assert not any(name.startswith(("emulation.web", "emulation.accounts.views")) for name in _imports(module))


def test_the_contract_and_the_unit_plugins_import_without_flask():
    script = ("import sys\n"
              "import emulation.contract, plugins.standards_quality, plugins.technology_application, "
              "plugins.information_statistics\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'werkzeug')))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
