"""The installed app: a wheel built from this tree, installed into a fresh virtual environment, serves on its own.

The wheel must carry all the app reads at run time: the criteria and the templates (top-level folders of the
repository, copied into the package by setup.py), the static files, the translations and the migrations. The
installed copy runs from a temporary folder, with the checkout nowhere on its path. The fresh environment
borrows this one's dependencies (Flask, SQLAlchemy, ...) through a .pth line naming their folder: Python adds
the folder without running the .pth files in it, so this environment's editable install of the checkout stays out.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.parse
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest
from reliability.http_client import Browser

ROOT = Path(__file__).resolve().parent.parent
# What a checkout holds besides the sources; a fresh clone has none of it, so neither does the copy built here.
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "instance", "*.egg-info", "__pycache__",
                                     ".pytest_cache", ".hypothesis", "test-output", "*.pyc")
# What the setuptools build says when the packaging configuration is not clean.
# (setuptools' own "warning:" lines; pip's "WARNING:" lines are about the index, not the package).
BUILD_COMPLAINTS = re.compile(r"Package would be ignored|Setuptools\w*Warning|is absent from setuptools"
                              r"|^\s*warning: (?!.*byte-compiling is disabled)", re.M)


def _offline_build_tools() -> bool:
    """Whether this environment can build the wheel itself (setuptools>=68 and wheel, as pyproject.toml asks)."""
    try:
        major = int(importlib.metadata.version("setuptools").split(".")[0])
    except importlib.metadata.PackageNotFoundError:
        return False
    return major >= 68 and importlib.util.find_spec("wheel") is not None


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=180, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from a copy of the tree, as a fresh clone would; return its path."""
    base = tmp_path_factory.mktemp("packaging")
    source, out = base / "source", base / "dist"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index", "-v", "-w", out]
    if _offline_build_tools():
        command.insert(4, "--no-build-isolation")
    else:
        # pip fetches setuptools and wheel into an isolated build environment, from the index or its cache.
        command.remove("--no-index")
    result = subprocess.run([str(part) for part in command + [source]], capture_output=True, text=True, timeout=180)
    if result.returncode != 0 and "--no-index" not in command and (
            "No matching distribution" in result.stdout + result.stderr
            or "Could not find a version" in result.stdout + result.stderr):
        pytest.skip("build tools missing: this environment has no setuptools>=68 and wheel (make install-test "
                    "installs them) and the package index cannot provide them")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    complaints = [line.strip() for line in (result.stdout + result.stderr).splitlines() if BUILD_COMPLAINTS.search(line)]
    assert not complaints, "the build is not clean:\n" + "\n".join(complaints)
    (built,) = out.glob("emulation_suite-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """Install the wheel into a fresh venv borrowing this environment's dependencies; return the venv."""
    env_dir = tmp_path_factory.mktemp("installed") / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel])
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    borrowed = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n")
    return env_dir


@pytest.fixture()
def app_env(installed, tmp_path) -> tuple[dict, Path]:
    """Return (environment, working folder) for the installed commands: a temporary SQLite database, no checkout."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("EMULATION_", "PYTHON", "FLASK_")) and key not in ("DATABASE_URL", "SECRET_KEY")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'installed.sqlite'}", SECRET_KEY="packaging-test",
               PYTHONDONTWRITEBYTECODE="1")
    work = tmp_path / "work"
    work.mkdir()
    return env, work


def test_the_wheel_carries_what_the_app_reads_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in (("criteria", "*.toml"), ("templates", "*.html"), ("templates", "*.docx")):
        shipped = {f"emulation/share/{path.relative_to(ROOT).as_posix()}" for path in (ROOT / folder).rglob(pattern)}
        assert shipped and shipped <= names, sorted(shipped - names)
    for path in ("emulation/static/app.css", "emulation/translations/en/LC_MESSAGES/messages.mo",
                 "emulation/migrations/alembic.ini", "emulation/migrations/env.py",
                 "emulation/migrations/script.py.mako", "plugins/standards_quality.py", "emulation/contract.py"):
        assert path in names, path
    unit_files = {path.relative_to(ROOT).as_posix() for path in (ROOT / "plugins").glob("*.toml")}
    assert unit_files and unit_files <= names, sorted(unit_files - names)
    migrations = {p.name for p in (ROOT / "emulation" / "migrations" / "versions").glob("*.py")}
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("emulation/migrations/versions/")} >= migrations
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_installed_copy_reads_its_own_files(installed, app_env):
    env, work = app_env
    probe = ("import emulation, plugins; from emulation.app import create_app; app = create_app(); "
             "print(emulation.__file__); print(plugins.__file__); print(app.config['EMULATION_CRITERIA_DIR']); "
             "print(app.jinja_loader.searchpath[0]); print(app.static_folder)")
    paths = [Path(line) for line in _run([installed / "bin" / "python", "-c", probe], env=env, cwd=work).stdout.split()]
    assert len(paths) == 5
    for path in paths:
        assert installed.resolve() in path.resolve().parents, path
        assert ROOT not in path.resolve().parents, path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read()
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the installed app did not answer at {url}")


def test_the_installed_copy_loads_the_demo_and_serves_it(installed, app_env):
    env, work = app_env
    emulation = installed / "bin" / "emulation"
    _run([emulation, "init-db"], env=env, cwd=work)
    shown = _run([emulation, "demo"], env=env, cwd=work).stdout
    logins = dict(re.findall(r"^\s+(\S+)\s+secretariat\s+(\S+)$", shown, re.M))
    assert "thuky" in logins, shown
    assert _run([emulation, "plugins"], env=env, cwd=work).stdout.count("built-in") == 3

    port = _free_port()
    server = subprocess.Popen([str(emulation), "run", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/healthz", server)
        browser = Browser(base, follow_redirects=True)
        status, css = browser.open("/static/app.css")
        assert status == 200 and css.strip()
        status, page = browser.open("/login?lang=en")
        assert status == 200 and 'name="password"' in page and "Password" in page   # the English translation
        browser.open("/login?lang=vi")
        browser.sign_in("thuky", logins["thuky"])
        status, page = browser.open("/admin/years")
        assert status == 200, page[:500]
        # The agreement list comes from the shipped criteria folder.
        agreements = sorted(path.name for path in (ROOT / "criteria" / "agreements").glob("*.toml"))
        assert re.findall(r'data-agreement="([^"]+)"', page) and all(name in page for name in agreements), page
        assert "Khối thi đua II" in page
        status, page = browser.open("/blocs/KTD-II/years/2017/")
        assert status == 200 and "CCTDC" in page, page[:500]
    finally:
        server.terminate()
        server.wait(timeout=10)
