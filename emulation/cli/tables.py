"""Plain-text tables for the terminal: a year's results (`emulation results --format table`) and any rows."""
from __future__ import annotations

import unicodedata
from typing import Mapping

from emulation.engine.titles import AWARDED
from emulation.i18n_reasons import VIETNAMESE, Writer, condition_label, decision_word, reason_text

# --- terminal table ----------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def text_table(head: tuple[str, ...], rows: list[tuple[str, ...]], right: frozenset[int] | set[int] = frozenset()
               ) -> list[str]:
    """Return the lines of a plain-text table: the head, a rule, the rows; columns in `right` aligned right."""
    widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = []
    for row in [head, *rows]:
        lines.append("  ".join(_pad(cell, widths[i], i in right) for i, cell in enumerate(row)).rstrip())
        if row is head:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def format_table(results: dict, lang: str = VIETNAMESE, titles: Mapping | None = None) -> str:
    """Render results for a terminal in `lang`: the units table, then registration and title counts, then why.

    :param titles: the title catalogue (code -> info), to name the titles; without it they show by code.
    """
    w = Writer(lang, titles)
    head = (w("Hạng"), w("Mã"), w("Đơn vị"), w("Tự chấm"), w("Điểm"), w("Thưởng"), w("Trừ"), w("Tối đa"),
            w("Xếp loại"), w("Danh hiệu"))
    right = {0, 3, 4, 5, 6, 7}
    rows = [tuple(str(x) for x in (u["rank"], u["code"], u["name"])) +
            tuple(w.number(u[k], 2, fixed=True) for k in ("self_total", "total", "bonus", "deductions", "max")) +
            (w.name_of(u, "band"), ", ".join(w.title(d["title"]) for d in u["decisions"]
                                             if d["decision"] == AWARDED) or "—")
            for u in results["units"]]
    lines = [w("Khối thi đua %(bloc)s — năm %(year)s — bộ quy tắc %(code)s: %(name)s", bloc=results["bloc"],
               year=results["year"], code=results["rule_set"]["code"], name=w.name_of(results["rule_set"])), ""]
    lines += text_table(head, rows, right)
    stats = results["registration_stats"]
    lines += ["", w("Đăng ký thi đua: tập thể %(collectives)s, cá nhân %(individuals)s; theo danh hiệu: %(titles)s",
                    collectives=f"{stats['collectives']['registered']}/{stats['collectives']['total']}",
                    individuals=f"{stats['individuals']['registered']}/{stats['individuals']['total']}",
                    titles=", ".join(f"{w.title(t)} {n}" for t, n in stats["by_title"].items()))]
    awarded: dict[str, int] = {}
    for entity in results["collectives"] + results["individuals"] + results["units"]:
        for d in entity["decisions"]:
            if d["decision"] == AWARDED:
                awarded[d["title"]] = awarded.get(d["title"], 0) + 1
    lines.append(w("Danh hiệu đạt: %(titles)s", titles=", ".join(f"{w.title(t)} {n}" for t, n in sorted(awarded.items()))
                   or w("không có")))
    for heading, key in ((w("Đơn vị"), "units"), (w("Tập thể"), "collectives"), (w("Cá nhân"), "individuals")):
        lines += ["", w("Quyết định danh hiệu — %(level)s", level=heading)]
        lines += [line for entity in results[key] for line in _decision_lines(entity, w)]
    return "\n".join(lines) + "\n"


def _decision_lines(entity: dict, w: Writer) -> list[str]:
    """One line per decision of an entity, then the conditions it failed with why and their citation."""
    lines = []
    for d in entity["decisions"]:
        verdict = decision_word(d["decision"], w.lang).upper()
        lines.append(f"  {entity['code']:<10} {entity['name']} — {w.title(d['title'])}: {verdict}")
        lines += [f"      ✗ {condition_label(r, w.lang)}: {reason_text(r, w.lang, w.titles)} [{r['citation']}]"
                  for r in d["reasons"] if not r["met"]]
    return lines
