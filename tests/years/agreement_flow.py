"""The example cluster agreement (criteria/agreements/ctd-lmhtx-2024.toml) with four member units declared as
data, and the logins that score it: shared by the web test of its flow and the browser walk."""
from __future__ import annotations

import shutil
from pathlib import Path

from emulation.accounts.service import create_user

CRITERIA = Path(__file__).resolve().parents[2] / "criteria"
BLOC, YEAR = "CTD-LMHTX", 2024
BASE = f"/blocs/{BLOC}/years/{YEAR}"
PASSWORD = "mat-khau-thu"              # the browser tests' password (tests/browser/conftest.py)
UNITS = {"LM-CB": "Liên minh HTX Cao Bằng", "LM-BK": "Liên minh HTX Bắc Kạn", "LM-LS": "Liên minh HTX Lạng Sơn",
         "LM-TN": "Liên minh HTX Thái Nguyên"}
HEADS = {code: f"{code.lower()}.truong" for code in UNITS}
# What each unit head enters: the share of member cooperatives (banded), new cooperatives (banded against 40),
# initiatives (a bonus per item).
UNIT_VALUES = {"LM-CB": {"A.1": "0,85", "A.2": "42", "TH.2": "1"}, "LM-BK": {"A.1": "0,7", "A.2": "35", "TH.2": "0"},
               "LM-LS": {"A.1": "0,5", "A.2": "30", "TH.2": "0"}, "LM-TN": {"A.1": "0,8", "A.2": "40", "TH.2": "2"}}
# Who scores what for every unit: the reviewer A.3, the secretariat B.2 (pass/fail), the board TH.1 (an amount),
# TR.1 (occurrences) and TR.2 (an amount).
ROLE_VALUES = {"danhgia": {"A.3": {"LM-CB": "14", "LM-BK": "12", "LM-LS": "10", "LM-TN": "13"}},
               "thuky": {"B.2": {"LM-CB": "1", "LM-BK": "1", "LM-LS": "0", "LM-TN": "1"}},
               "bantd": {"TH.1": {"LM-CB": "2,5", "LM-BK": "0", "LM-LS": "0", "LM-TN": "5"},
                         "TR.1": {"LM-CB": "0", "LM-BK": "1", "LM-LS": "0", "LM-TN": "0"},
                         "TR.2": {"LM-CB": "0", "LM-BK": "0", "LM-LS": "1,5", "LM-TN": "0"}}}
# Cross-scoring of B.1 (max 30): scorer -> scored unit -> value; nobody scores itself.
CROSS = {"LM-CB": {"LM-BK": "24", "LM-LS": "20", "LM-TN": "27"},
         "LM-BK": {"LM-CB": "28", "LM-LS": "18", "LM-TN": "25"},
         "LM-LS": {"LM-CB": "26", "LM-BK": "22", "LM-TN": "29"},
         "LM-TN": {"LM-CB": "30", "LM-BK": "21", "LM-LS": "19"}}


def criteria_with_units(tmp_path: Path) -> Path:
    """A copy of criteria/ whose example cluster agreement declares the four member units as data."""
    copy = tmp_path / "criteria"
    shutil.copytree(CRITERIA, copy)
    agreement = copy / "agreements" / "ctd-lmhtx-2024.toml"
    units = "".join(f'\n[[unit]]\ncode = "{code}"\nname = "{name}"\n' for code, name in UNITS.items())
    agreement.write_text(agreement.read_text(encoding="utf-8") + units, encoding="utf-8")
    return copy


def create_staff(app) -> None:
    """The secretariat `thuky`, the reviewer `danhgia` and the board's `bantd`."""
    with app.app_context():
        create_user("thuky", "secretariat", PASSWORD)
        create_user("danhgia", "reviewer", PASSWORD)
        create_user("bantd", "board", PASSWORD)


def create_heads(app) -> None:
    """Each member unit's head (once the signed year has stored the units)."""
    with app.app_context():
        for code, username in HEADS.items():
            create_user(username, "unit_head", PASSWORD, code)
