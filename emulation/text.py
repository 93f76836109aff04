"""Checks on free text shared by every entry path: web forms, the year file and imports."""
from __future__ import annotations

import re
import unicodedata

# C0 and C1 control characters other than tab and line breaks: invisible, and PostgreSQL refuses NUL.
# Also the noncharacters U+FFFE and U+FFFF and lone surrogates: XML 1.0 has no place for them, so Word
# refuses a document holding one (emulation.documents writes what is entered here into .docx files).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_control_characters(text: str) -> bool:
    """Return whether `text` holds a control character other than tab and line breaks, or one XML cannot hold."""
    return CONTROL_CHARACTERS.search(text) is not None


def fold(text: str) -> str:
    """Return `text` as names are searched: NFC/NFD alike, no diacritics, 'đ' as 'd', lower case, single spaces.

    ``fold("Nguyễn Văn  Thắng") == fold("nguyen van thang") == "nguyen van thang"``
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def name_words(text: str) -> list[str]:
    """Return the distinct words of `text` folded (see ``fold``), letters and digits only, in order.

    ``name_words("Nguyễn Văn  Thắng") == ["nguyen", "van", "thang"]``
    """
    return list(dict.fromkeys(re.findall(r"[^\W_]+", fold(text))))
