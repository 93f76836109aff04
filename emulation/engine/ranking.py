"""Ranking of a bloc's units: ordering, the tie-break chain, shared ranks and grading bands.

The tie-break chain and the bands are data (``criteria/ranking.toml``), loaded by
``load_ranking_config``. Units are ordered by total, then by each key of the chain in turn:

* ``deductions``: fewer deduction points first;
* ``core``: higher score in the core-tasks group first;
* ``content``: higher content score (without bonus) first;
* ``code``: unit code, ascending (stands in for the bloc's vote).

Units still equal on every key share a rank and the next rank is skipped (1, 2, 2, 4).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Hashable, Iterable, Mapping

from emulation.errors import EmulationError

TIE_BREAKS = ("deductions", "core", "content", "code")


class RankingError(EmulationError):
    """The ranking configuration is invalid; the message names the file and the field."""


@dataclass(frozen=True)
class Band:
    """A grading band (xếp loại): reached when total >= min_share × maximum.

    With ``min_criterion_share`` the band also needs every criterion at that share of its own
    maximum or more (an agreement's band: "xuất sắc: 90% and no criterion under 85%").
    """

    code: str
    name: str
    min_share: float
    min_criterion_share: float | None = None
    name_en: str = ""
    citation: str = ""


@dataclass(frozen=True)
class Conferral:
    """What the ranking confers: the title given to the bloc's leading units, how many, and by whom.

    ``count`` leading units, or the leading ``share`` of the bloc (rounded down, at least one).
    """

    title: str
    name: str
    level: str
    count: int | None = None
    share: float | None = None
    name_en: str = ""
    citation: str = ""

    def how_many(self, units: int) -> int:
        """Return how many leading units of a bloc of `units` receive the title."""
        if self.count is not None:
            return min(self.count, units)
        return min(units, max(1, int(units * (self.share or 0) + 1e-9)))


@dataclass(frozen=True)
class RankingConfig:
    """The tie-break chain and the bands (highest first)."""

    tie_breaks: tuple[str, ...]
    bands: tuple[Band, ...]
    citation: str = ""
    source: str = ""


@dataclass(frozen=True)
class RankEntry:
    """What ranking needs of one unit."""

    code: str
    total: float
    deductions: float = 0.0
    core: float = 0.0
    content: float = 0.0


@dataclass(frozen=True)
class Ranked:
    """An entry with its rank (shared ranks repeat: 1, 2, 2, 4)."""

    rank: int
    entry: RankEntry


def load_ranking_config(path: Path | str) -> RankingConfig:
    """Read a ranking configuration (a criteria folder's ``ranking.toml``); raise RankingError if invalid."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RankingError(f"{path.name}: không đọc được tệp cấu hình xếp hạng (cannot read): {exc}") from exc
    head = data.get("ranking", {})
    chain = head.get("tie_breaks", [])
    if not isinstance(chain, list) or any(k not in TIE_BREAKS for k in chain) or len(set(chain)) != len(chain):
        raise RankingError(f"{path.name}: [ranking], trường 'tie_breaks': chỉ dùng các khóa không trùng trong "
                           f"{', '.join(TIE_BREAKS)} (unknown or repeated tie-break key)")
    bands = read_bands(path.name, "band", data.get("band", []), "min_share", RankingError, required=True)
    return RankingConfig(tuple(chain), bands, head.get("citation", ""), path.name)


def read_bands(filename: str, table_name: str, tables, share_key: str, error: type[EmulationError], *,
               floors: bool = False, required: bool = False) -> tuple[Band, ...]:
    """Read the grading bands of the ``[[table_name]]`` tables of `filename`, highest first.

    `share_key` names the share of the maximum a band starts at (0 when left out); with `floors` a band
    may also ask every criterion for a share of its own maximum (``min_criterion_share``). The lowest
    band must take every total; with `required` there must be bands. Raise `error` naming the file, the
    band and the field.
    """
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise error(f"{filename}: [[{table_name}]]: phải là danh sách các mức xếp loại (a list of bands)")
    allowed = {"code", "name", "name_en", "citation", share_key} | ({"min_criterion_share"} if floors else set())
    bands = []
    for number, table in enumerate(tables, start=1):
        place = f"[[{table_name}]] thứ {number}"
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise error(f"{filename}: {place}, trường '{unknown[0]}': trường không được hỗ trợ (unknown field)")
        for key in ("code", "name"):
            if not isinstance(table.get(key), str) or not table[key].strip():
                raise error(f"{filename}: {place}, trường '{key}': thiếu hoặc sai kiểu (missing or wrong type)")
        for key in (share_key, "min_criterion_share"):
            value = table.get(key, 0 if key == share_key else None)
            if value is not None and not _is_share(value):
                raise error(f"{filename}: {place} '{table['code']}', trường '{key}': phải là số trong khoảng 0..1 "
                            f"(a share)")
        floor = table.get("min_criterion_share")
        bands.append(Band(table["code"], table["name"], float(table.get(share_key, 0)),
                          None if floor is None else float(floor), table.get("name_en", ""), table.get("citation", "")))
    bands.sort(key=lambda b: (-b.min_share, -(b.min_criterion_share or 0)))
    if (bands or required) and (not bands or bands[-1].min_share != 0 or bands[-1].min_criterion_share):
        raise error(f"{filename}: [[{table_name}]], trường '{share_key}': cần một mức từ 0 không có điểm sàn để mọi "
                    f"tổng điểm đều được xếp loại (a band must start at 0 and take every total)")
    return tuple(bands)


def _is_share(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1


def sort_key(entry: RankEntry, tie_breaks: Iterable[str]) -> tuple:
    """Return the key that orders `entry`: lower is better."""
    key: list = [-entry.total]
    for name in tie_breaks:
        if name == "deductions":
            key.append(entry.deductions)
        elif name in ("core", "content"):
            key.append(-getattr(entry, name))
        elif name == "code":
            key.append(entry.code)
        else:
            raise RankingError(f"khóa phân định '{name}' không được hỗ trợ (unknown tie-break key)")
    return tuple(key)


def shared_ranks(keys: Mapping[str, Hashable]) -> dict[str, int]:
    """Return code -> rank for sortable keys (lower is better); equal keys share a rank (1, 2, 2, 4)."""
    ordered = sorted(keys.items(), key=lambda item: (item[1], item[0]))
    ranks: dict[str, int] = {}
    for position, (code, key) in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        ranks[code] = ranks[previous[0]] if previous is not None and previous[1] == key else position
    return ranks


def rank_entries(entries: Iterable[RankEntry], config: RankingConfig) -> list[Ranked]:
    """Rank `entries` by total and the configured tie-break chain; return them best first."""
    by_code = {e.code: e for e in entries}
    ranks = shared_ranks({code: sort_key(e, config.tie_breaks) for code, e in by_code.items()})
    return [Ranked(rank, by_code[code]) for code, rank in sorted(ranks.items(), key=lambda i: (i[1], i[0]))]


def band_for(total: float, maximum: float, config: RankingConfig,
             lines: Iterable[tuple[float, float]] = ()) -> Band:
    """Return the highest band of `config` whose share of `maximum` the total reaches.

    A band with a per-criterion floor also needs every line of `lines` ((points, maximum) of each
    content criterion) at that share of its own maximum.
    """
    total_d, maximum_d = Decimal(str(total)), Decimal(str(maximum))
    lines = [(Decimal(str(points)), Decimal(str(most))) for points, most in lines]
    for band in config.bands:
        if maximum_d > 0 and total_d >= Decimal(str(band.min_share)) * maximum_d and (
                band.min_criterion_share is None
                or all(points >= Decimal(str(band.min_criterion_share)) * most for points, most in lines)):
            return band
    return config.bands[-1]


def confer(ranks: Mapping[str, int], conferral: Conferral) -> dict[str, dict]:
    """Decide the agreement's conferral for every ranked unit: the leading ``how_many`` ranks receive it.

    A shared rank inside the leading group gives the title to every unit holding it. Returns unit
    code -> a decision in the results' form (title, decision, reasons) with the agreement's citation.
    """
    size = len(ranks)
    leading = conferral.how_many(size)
    decisions = {}
    for code, rank in ranks.items():
        met = rank <= leading
        # The same message as a rule set's bloc-rank condition, so the renderer writes it in any language.
        reason = {"code": "conferral", "condition": f"Dẫn đầu khối: {conferral.name}",
                  "condition_en": f"Leading the bloc: {conferral.name_en or conferral.name}", "met": met,
                  "message": "bloc_rank", "params": {"rank": rank, "size": size, "top": leading},
                  "citation": conferral.citation}
        decisions[code] = {"title": conferral.title, "decision": "awarded" if met else "not_awarded",
                           "reasons": [reason]}
    return decisions


def entries_from_scores(scores: Mapping[str, object]) -> list[RankEntry]:
    """Build rank entries from unit code -> SheetScore (as returned by ``scoring.score_bloc``)."""
    return [RankEntry(code, s.total, s.deductions, s.core, s.content) for code, s in sorted(scores.items())]
