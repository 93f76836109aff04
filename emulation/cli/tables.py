"""Plain-text tables for the terminal: a year's results (`emulation results --format table`) and any rows."""
from __future__ import annotations

import unicodedata

from emulation.engine.numbers import format_number
from emulation.engine.titles import AWARDED

# --- terminal table ----------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _num(value: float) -> str:
    return format_number(value, 2, fixed=True)


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


def format_table(results: dict) -> str:
    """Render results for a terminal: the units table, then registration and title counts."""
    head = ("Hạng", "Mã", "Đơn vị", "Tự chấm", "Điểm", "Thưởng", "Trừ", "Tối đa", "Xếp loại", "Danh hiệu")
    right = {0, 3, 4, 5, 6, 7}
    rows = [tuple(str(x) for x in (u["rank"], u["code"], u["name"])) +
            tuple(_num(u[k]) for k in ("self_total", "total", "bonus", "deductions", "max")) +
            (u["band"], ", ".join(d["title"] for d in u["decisions"] if d["decision"] == AWARDED) or "—")
            for u in results["units"]]
    lines = [f"Khối thi đua {results['bloc']} — năm {results['year']} — bộ quy tắc "
             f"{results['rule_set']['code']}: {results['rule_set']['name']}", ""]
    lines += text_table(head, rows, right)
    stats = results["registration_stats"]
    lines += ["", f"Đăng ký thi đua: tập thể {stats['collectives']['registered']}/{stats['collectives']['total']}, "
                  f"cá nhân {stats['individuals']['registered']}/{stats['individuals']['total']}; theo danh hiệu: "
                  + ", ".join(f"{t} {n}" for t, n in stats["by_title"].items())]
    awarded: dict[str, int] = {}
    for entity in results["collectives"] + results["individuals"] + results["units"]:
        for d in entity["decisions"]:
            if d["decision"] == AWARDED:
                awarded[d["title"]] = awarded.get(d["title"], 0) + 1
    lines.append("Danh hiệu đạt: " + (", ".join(f"{t} {n}" for t, n in sorted(awarded.items())) or "không có"))
    for heading, key in (("Đơn vị", "units"), ("Tập thể", "collectives"), ("Cá nhân", "individuals")):
        lines += ["", f"Quyết định danh hiệu — {heading}"]
        lines += [line for entity in results[key] for line in _decision_lines(entity)]
    return "\n".join(lines) + "\n"


_DECISION_WORDS = {"awarded": "ĐẠT", "not_awarded": "KHÔNG ĐẠT", "not_considered": "KHÔNG XÉT",
                   "undecided": "CHƯA QUYẾT ĐỊNH (HỘI ĐỒNG PHẢI CHỌN)"}


def _decision_lines(entity: dict) -> list[str]:
    """One line per decision of an entity, then the conditions it failed with their detail and citation."""
    lines = []
    for d in entity["decisions"]:
        lines.append(f"  {entity['code']:<10} {entity['name']} — {d['title']}: {_DECISION_WORDS[d['decision']]}")
        lines += [f"      ✗ {r['condition']}: {r['detail']} [{r['citation']}]" for r in d["reasons"] if not r["met"]]
    return lines
