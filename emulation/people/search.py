"""Finding people by name whatever the diacritics and case: the folded name kept beside the full name."""
from __future__ import annotations

from emulation.text import fold

__all__ = ["fold"]
