"""The installed `emulation` command and `flask --app wsgi` reach the same commands."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The script installed beside this interpreter, not whichever `emulation` comes first on PATH.
EMULATION = Path(sys.executable).parent / "emulation"


def _run(args, database_url):
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not EMULATION.exists(), reason="the package is not installed (pip install -e .)")
def test_console_script_lists_commands_and_plugins(database_url):
    help_text = _run([str(EMULATION), "--help"], database_url).stdout
    for command in ("run", "init-db", "demo", "plugins", "dump", "load", "user", "results"):
        assert f"  {command} " in help_text
    listed = json.loads(_run([str(EMULATION), "plugins", "--format", "json"], database_url).stdout)
    assert {row["unit"] for row in listed} >= {"CCTDC", "TTUD", "TTTK"}


def test_flask_app_wsgi_has_the_same_commands(database_url):
    result = _run([sys.executable, "-m", "flask", "--app", "wsgi", "plugins"], database_url)
    assert result.returncode == 0, result.stderr
    assert "CCTDC" in result.stdout and "Trung tâm Ứng dụng" in result.stdout
