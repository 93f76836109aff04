"""Finding Vietnamese UI text in a page: its letters with diacritics, outside the elements marked as data."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# The letters only Vietnamese uses here: ă â đ ê ô ơ ư and the vowels with a tone mark (both cases).
VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
                        "ÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


class _Text(HTMLParser):
    """Collects the text a reader sees (and the attributes read aloud), skipping lang="vi" elements and scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []         # open elements: (tag, whether its text is skipped)
        self.found: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skip = self._skipping() or attributes.get("lang") == "vi" or tag in ("script", "style")
        if not skip:
            self.found += [attributes[a] for a in SHOWN_ATTRIBUTES if attributes.get(a)]
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        if tag in VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.found.append(data.strip())


def vietnamese_text(html: str) -> list[str]:
    """Return the pieces of visible text with Vietnamese letters outside elements marked lang="vi"."""
    parser = _Text()
    parser.feed(html)
    return [text for text in parser.found if VIETNAMESE.search(text)]
