"""Workbook sheet names: Excel's rules (31 characters, no []:*?/\\), checked for plugins when the app starts."""
from __future__ import annotations

import re
from typing import Iterable

from emulation.i18n_reasons import MARKS, VIETNAMESE, Writer
from emulation.plugin_host import PluginError

WORKBOOK = "sổ tổng kết"     # the msgctxt of the workbook's own words: a heading may read otherwise on a page

# The core sheets' names are Vietnamese msgids, named in the workbook's language by ``core_sheet_name``.
RANKING_SHEET = "Xếp hạng"
REGISTRATION_SHEET = "Đăng ký thi đua"
COLLECTIVE_DECISIONS_SHEET = "Danh hiệu tập thể"
INDIVIDUAL_DECISIONS_SHEET = "Danh hiệu cá nhân"
PROPOSAL_SHEET = "Đề nghị khen thưởng"
REWARDS_SHEET = "Tiền thưởng"
_VIETNAMESE_SHEETS = (RANKING_SHEET, REGISTRATION_SHEET, COLLECTIVE_DECISIONS_SHEET, INDIVIDUAL_DECISIONS_SHEET,
                      PROPOSAL_SHEET, REWARDS_SHEET)


def core_sheet_name(sheet: str, lang: str = VIETNAMESE) -> str:
    """Return a core sheet's name (one of the ``*_SHEET`` msgids) in the workbook's language."""
    return Writer(lang).in_context(WORKBOOK, sheet)


# Every language's names: a plugin's or a unit's sheet must not take a core name in any language the workbook is
# written in, so a plugin valid in one language is valid in all.
CORE_SHEETS = tuple(dict.fromkeys(core_sheet_name(sheet, lang) for lang in MARKS for sheet in _VIETNAMESE_SHEETS))


SHEET_NAME_MAX = 31


_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class SheetNameError(PluginError):
    """A sheet name Excel would reject; the message names the plugin that asked for it."""


# --- sheet names ---------------------------------------------------------------------------------

def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_sheet_names(named: Iterable[tuple[str, str]], reserved: Iterable[str] = CORE_SHEETS) -> None:
    """Check (owner, sheet name) pairs against XlsxWriter's rules; raise SheetNameError naming the owner.

    A name must be 1-31 characters, contain none of ``[]:*?/\\``, not start or end with an
    apostrophe, and differ (ignoring case) from every other name and from the ``reserved`` ones.
    """
    taken = {name.lower(): "lõi (core)" for name in reserved}
    for owner, name in named:
        where = f"Plugin '{owner}': tên trang tính '{name}'"
        if not isinstance(name, str) or not name.strip():
            raise SheetNameError(f"Plugin '{owner}': tên trang tính trống (sheet name is empty)")
        if _utf16_len(name) > SHEET_NAME_MAX:
            raise SheetNameError(f"{where} dài {_utf16_len(name)} ký tự, tối đa {SHEET_NAME_MAX} "
                                 f"(sheet name longer than 31 characters)")
        bad = _INVALID_SHEET_CHARS.search(name)
        if bad:
            raise SheetNameError(f"{where} chứa ký tự không hợp lệ '{bad.group()}'; không dùng []:*?/\\ "
                                 f"(invalid character)")
        if name.startswith("'") or name.endswith("'"):
            raise SheetNameError(f"{where} không được bắt đầu hoặc kết thúc bằng dấu nháy ' (apostrophe)")
        if name.lower() in taken:
            raise SheetNameError(f"{where} trùng với một trang tính của {_owner(taken[name.lower()])} "
                                 f"(duplicate sheet name, case ignored)")
        taken[name.lower()] = owner


def _owner(owner: str) -> str:
    return owner if owner == "lõi (core)" else f"plugin '{owner}'"


def validate_plugin_sheets(host, blocs_years: Iterable[tuple[str, int]],
                           reserved: Iterable[str] = CORE_SHEETS) -> None:
    """Ask every plugin for its export sheets of each (bloc, year) and check their names; raise SheetNameError.

    Meant to run when the app starts (over the blocs the registry knows and their open years) and
    again before each export, where the unit sheets' names are reserved too.
    """
    reserved = tuple(reserved)
    for bloc, year in blocs_years:
        check_sheet_names(((plugin, sheet.title) for plugin, sheet in host.export_sheets(bloc, year)), reserved)


def unit_sheet_names(unit_codes: Iterable[str]) -> dict[str, str]:
    """Return unit code -> its sheet name (the code, cut to 31 characters and made unique)."""
    names: dict[str, str] = {}
    used = {name.lower() for name in CORE_SHEETS}
    for code in unit_codes:
        base = _INVALID_SHEET_CHARS.sub("_", code)[:SHEET_NAME_MAX].strip("'") or "DV"
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base[:SHEET_NAME_MAX - len(str(n)) - 1]}~{n}"
        used.add(name.lower())
        names[code] = name
    return names
