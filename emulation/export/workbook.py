"""The year-end workbook (XLSX): the official tables a bloc hands to the emulation council.

This module and its worksheet class (``export.inline_sheet``) are the only ones that import xlsxwriter.
``export_year`` is the service the CLI and the download route call; ``write_workbook`` writes the workbook from
a ``WorkbookSource``: the results' bloc-wide head (the newest snapshot's for a published year, else the results
cache's when it holds the year's results at its data version, as the results pages read them, else
``results_head`` computed now by the same engines as ``emulation results``), the bloc's standings, and the year
in batches of units with each batch's collectives and individuals (read from the snapshot's unit parts or the
cached results, or decided now by ``results.unit_parts``).

Safety: user text is always written as text (strings_to_formulas, strings_to_urls and
strings_to_numbers are off, and text goes through ``write_string``), so a name such as
``=HYPERLINK(...)`` stays a name.

Memory: the workbook is written in ``constant_memory`` mode, every sheet row by row in order, so
XlsxWriter keeps one row per sheet in memory; the year is read from the database a batch of units
at a time (``store.iter_slices``), three passes over the score data for the bloc's bests, ranks and
units' titles, then one pass over everything. The proposal list, printed title by title, waits in
memory up to a bound (``_PROPOSALS_HELD`` rows), beyond it in temporary files. What stays in memory for the whole year is one small row per unit, and on a results
cache hit the cached results themselves (the results page holds as much); a miss never reads the whole year.
"""
from __future__ import annotations

import json
import marshal
import math
import tempfile
from itertools import chain, repeat
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Callable, Iterable, Iterator, Mapping, Sequence

import xlsxwriter
import xlsxwriter.exceptions

from emulation.collector import collector_paused
from emulation.contract import CriterionSpec, ExportSheet
from emulation.engine.council import CouncilRules
from emulation.engine.criteria import walk_tree
from emulation.engine.decisions import attach_decisions, mark_signed
from emulation.engine.ranking import RankingConfig
from emulation.engine.results import Standings, add_stats, bloc_standings, registration_stats, results_head, unit_parts
from emulation.engine.rewards import PROPOSED, SalaryStep, SignedAward, compute_rewards
from emulation.engine.rules import LEVELS, RuleSet, TitleInfo, review_date
from emulation.engine.scoring import SheetScore, unit_criteria
from emulation.engine.titles import AWARDED
from emulation.engine.yeardata import YearData
from emulation.errors import EmulationError
from emulation.export.inline_sheet import InlineSheet
from emulation.export.sheet_names import (COLLECTIVE_DECISIONS_SHEET, CORE_SHEETS, INDIVIDUAL_DECISIONS_SHEET,
                                          PROPOSAL_SHEET, RANKING_SHEET, REGISTRATION_SHEET, REWARDS_SHEET, WORKBOOK,
                                          check_sheet_names, unit_sheet_names)
from emulation.i18n_reasons import N_, VIETNAMESE, Writer, condition_label, decision_word, reason_text
from emulation.storage.council_files import app_council_rules
from emulation.storage.database import find_year, iter_slices, read_decisions, read_header
from emulation.storage.rule_files import app_base_salaries, app_catalogue, app_ranking_config, app_rule_set
from emulation.storage.signed_awards import signed_awards
from emulation.storage.snapshots import ENTITY_KEYS, published_snapshot, snapshot_head, snapshot_parts
from emulation.years.results import kept_live_results

def _decision_word(decision: dict, words: Writer) -> str:
    """The result column: the decision, and for an awarded title the signed decision that awards it, if any."""
    word = decision_word(decision["decision"], words.lang)
    signed = decision.get("signed")
    if decision["decision"] != AWARDED or not signed:
        return word
    day = f" {words('ngày %(date)s', date=words.date(signed['signed_on']))}" if signed["signed_on"] else ""
    return f"{word} — {words('QĐ số %(number)s', number=signed['number'])}{day}"


YEAR_STATE_NOTES = {
    "open": N_("Năm thi đua đang mở: số liệu chưa được khóa, chỉ dùng để tham khảo."),
    "locked": N_("Năm thi đua đã khóa sổ; số liệu chờ công bố."),
    "published": N_("Số liệu đã công bố chính thức."),
}
PASS_FAIL = "tiêu chí đạt/không đạt"     # the msgctxt of a pass/fail criterion's value: "Met", not a title's "Passed"
_LEVEL_ORDER = {level: order for order, level in enumerate(reversed(LEVELS))}     # unit, collective, individual


# --- what the workbook is written from ------------------------------------------------------------

class ExportError(EmulationError):
    """The workbook cannot be written as asked; the message is for the user."""


@dataclass(frozen=True)
class WorkbookSource:
    """Everything the workbook is written from, read batch by batch.

    ``head`` is the bloc-wide part of the results (``results_head`` or a snapshot's own row):
    the ranked units with their titles and the rule set. ``standings`` is computed now from the
    score data: the bloc's bests, with which each batch's per-line points are computed, and the
    content points. ``slices`` yields the year's units with all their rows in batches, anew on
    each call; ``parts`` gives the collectives and individuals of a batch's units, decided now or
    read from a snapshot. ``rewards`` prices a part of the results (``engine.rewards.compute_rewards``
    with the year's rule set, base salaries and signed decisions), or is None: a snapshot's head
    carries its rewards whole, and a year without base salaries has none.
    """

    year: YearData
    head: dict
    standings: Standings
    slices: Callable[[], Iterable[YearData]]
    parts: Callable[[YearData], Mapping[str, dict]]
    rewards: Callable[[dict], dict] | None = None


def live_source(year: YearData, slices: Callable[[bool], Iterable[YearData]], rule_set: RuleSet,
                config: RankingConfig, catalogue: Mapping[str, TitleInfo], council: CouncilRules | None = None,
                salaries: Sequence[SalaryStep] = (), signed: Iterable[SignedAward] = ()) -> WorkbookSource:
    """Return a source that computes the results now, with the engines every presentation shares.

    :param year: the year's own fields (bloc, names, state, review date); its rows are not read.
    :param slices: ``slices(people)`` yields the units in batches, with or without their people.
    :param salaries: the base-salary timeline; none leaves the rewards out.
    :param signed: the titles of signed decisions (their dates price the rewards).
    """
    standings = bloc_standings(lambda: slices(False), rule_set, config, catalogue, council)
    head = attach_decisions(results_head(year, rule_set, standings), year.decisions)
    signed, review = tuple(signed), review_date(year.year, year.review_on)
    rewards = (lambda part: compute_rewards(part, rule_set, salaries, review, catalogue, signed)) if salaries else None
    def parts(part: YearData) -> Mapping[str, dict]:
        with collector_paused():        # a batch's title decisions: many objects, no cycles (emulation.collector)
            return unit_parts(part, rule_set, standings.ranks, catalogue, council)

    return WorkbookSource(year, head, standings, lambda: slices(True), _signed(parts), rewards)


def _signed(parts: Callable[[YearData], Mapping[str, dict]]) -> Callable[[YearData], Mapping[str, dict]]:
    """Mark the awarded titles of each batch's parts with the decision that signed them (``engine.decisions``)."""
    return lambda part: {unit: attach_decisions(found, part.decisions) for unit, found in parts(part).items()}


def year_source(year: YearData, rule_set: RuleSet, config: RankingConfig, catalogue: Mapping[str, TitleInfo],
                council: CouncilRules | None = None, salaries: Sequence[SalaryStep] = ()) -> WorkbookSource:
    """Return a live source over a year held in memory (one batch); the inputs of ``compute_results``."""
    return live_source(year, lambda people: [year], rule_set, config, dict(catalogue), council, salaries)


def stored_source(bloc: str, year: int, batch_size: int, catalogue: Mapping[str, TitleInfo]) -> WorkbookSource:
    """Return the source of a stored year: its newest snapshot when published, else the results the results
    cache holds for its data version (``years.results.kept_live_results``), else computed now.

    Reads the year `batch_size` units at a time (``store.iter_slices``), with the app's rules
    (``reports.app_rule_set``). Needs an app context.

    :raises StoreError: no such bloc year.
    """

    header, config = read_header(bloc, year), app_ranking_config()
    header.decisions = read_decisions(find_year(bloc, year))

    lean = _kept_if_single(lambda: iter_slices(bloc, year, batch_size, people=False))

    def slices(people: bool) -> Iterable[YearData]:
        return iter_slices(bloc, year, batch_size, people=people) if people else lean()

    snapshot = published_snapshot(bloc, year)
    # Titles already decided for the results pages at this data version are read, not decided again. On a miss
    # they are decided batch by batch: computing the whole year's results here would hold every person at once.
    kept = None if snapshot is not None else kept_live_results(bloc, year)
    if snapshot is None and kept is None:
        return live_source(header, slices, app_rule_set(review_date(year, header.review_on), catalogue), config,
                           catalogue, app_council_rules(), app_base_salaries(), signed_awards(year))
    # The units' titles are in the results: the standings only score (bests, totals) for the unit sheets, and the
    # batches need their people only to list and count them.
    listed = lambda: iter_slices(bloc, year, batch_size, titles=False)     # noqa: E731
    if len((kept if kept is not None else snapshot.results)["units"]) <= batch_size:
        # One batch (a bloc of up to a batch of units): read once with its people listed, and that batch kept for
        # the standings' passes and the sheets alike, instead of a read for the standings and another for the sheets.
        listed = _kept_if_single(listed)
        standings = bloc_standings(listed, None, config, catalogue)
    else:
        standings = bloc_standings(lambda: slices(False), None, config, catalogue)
    if kept is not None:
        return cached_source(header, kept, standings, listed)
    head = attach_decisions(snapshot_head(snapshot.results), header.decisions)
    return WorkbookSource(header, head, standings, listed,
                          _signed(lambda part: snapshot_parts(snapshot, [u.code for u in part.units])))


def cached_source(year: YearData, results: dict, standings: Standings,
                  slices: Callable[[], Iterable[YearData]]) -> WorkbookSource:
    """Return a source over whole-year results the caller owns: the results pages' own, from the results cache.

    The titles are those of the results cache, decided once per data version for every presentation, not
    again per batch; the rewards come whole in ``results["rewards"]`` as in a snapshot. The results are
    marked with the year's signed decisions in place.

    :param year: the year's own fields and its signed decisions (``YearData.decisions``).
    :param standings: the bloc's bests and totals, computed now from the score data (``bloc_standings``).
    """
    mark_signed(results, year.decisions)
    units = {unit["code"]: {key: [] for key in ENTITY_KEYS} for unit in results["units"]}
    for key in ENTITY_KEYS:
        for entity in results[key]:
            units.setdefault(entity["unit"], {k: [] for k in ENTITY_KEYS})[key].append(entity)
    head = snapshot_head(results)
    return WorkbookSource(year, head, standings, slices,
                          lambda part: {unit.code: units.pop(unit.code, {}) for unit in part.units})


def _kept_if_single(read: Callable[[], Iterable[YearData]]) -> Callable[[], Iterator[YearData]]:
    """Return `read`, reading only once when the year comes in a single batch (a bloc of up to a batch of units).

    The standings pass three times over the score data (bests, totals, titles); a year of one batch is then
    read once and its batch kept, which holds no more than a pass does. A year of several batches is read
    anew on each pass, one batch at a time, as before.
    """
    kept: list[YearData] = []

    def slices() -> Iterator[YearData]:
        if kept:
            yield kept[0]
            return
        only = None
        for index, part in enumerate(read()):
            only = part if index == 0 else None       # a second batch: nothing is kept
            yield part
        if only is not None:
            kept.append(only)
    return slices


# --- the service -----------------------------------------------------------------------------------

def export_year(bloc: str, year: int, target: str | IO[bytes], batch_size: int | None = None,
                lang: str = VIETNAMESE) -> None:
    """Write the year-end workbook of a stored bloc year to `target` (a path or a binary stream).

    The results are those of ``reports.year_results`` (the newest snapshot of a published year,
    else computed now), read from the database `batch_size` units at a time (default: the app's
    EMULATION_EXPORT_BATCH), so memory follows the largest batch rather than the year. Adds the
    plugins' sheets. Needs an app context.

    :param lang: the workbook's language ("vi" or "en"; see ``write_workbook``).

    :raises StoreError: no such bloc year.
    :raises RulesError, ScoringError: the results cannot be computed (user-fixable data).
    :raises SheetNameError: a plugin asks for a sheet name Excel rejects (the message names it).
    :raises ExportError: a published snapshot no longer matches the year's scores.
    """
    from flask import current_app

    # The plugins' code runs first, with the collector on: it may make cycles (its sheets are plain tuples).
    extra = current_app.extensions["emulation.plugins"].export_sheets(bloc, year)
    # The cached results decoded for the workbook (hundreds of thousands of objects, no cycles) live until it is
    # closed. The collector stays paused until they are gone, not only around each step: the first collection
    # after a pause walks every object the pause let pile up, and again when they are promoted (emulation.collector).
    with collector_paused():
        _export_stored(bloc, year, target, batch_size, lang, extra)


def _export_stored(bloc: str, year: int, target: str | IO[bytes], batch_size: int | None, lang: str,
                   extra: list[tuple[str, ExportSheet]]) -> None:
    """``export_year``'s work; its source, and the results it holds, are freed when it returns."""
    from flask import current_app

    catalogue = app_catalogue()
    source = stored_source(bloc, year, batch_size or current_app.config["EMULATION_EXPORT_BATCH"], catalogue)
    write_workbook(target, source, extra, catalogue=catalogue, lang=lang)


def write_workbook(target: str | IO[bytes], source: WorkbookSource,
                   extra_sheets: Sequence[ExportSheet | tuple[str, ExportSheet]], *,
                   catalogue: Mapping[str, TitleInfo], lang: str = VIETNAMESE) -> None:
    """Write the year-end workbook: ranking, one sheet per unit, registrations, decisions, proposals, plugins.

    Every sheet is written row by row in ``constant_memory`` mode while the source's batches are
    read once, so neither XlsxWriter nor this module holds more than one batch of the year.

    :param extra_sheets: plugin sheets, bare or as (plugin name, sheet) pairs as
        ``PluginHost.export_sheets`` returns them (the pairs let a bad name be blamed on its plugin).
    :param catalogue: the title catalogue the results were computed with.
    :param lang: the workbook's language: its sheet names, headings, the words it writes itself, title names,
        bands, criteria, decisions and their reasons. Names of units, people and the bloc, the reviewers' notes
        and the legal citations are data and stay as stored; the national motto and the signature blocks are
        the wording of Vietnamese official documents (Decree 30/2020/NĐ-CP) and stay Vietnamese.
    :raises SheetNameError: a plugin sheet name Excel would reject; nothing is written then.
    :raises ExportError: the head's totals are not those of the year's scores.
    :raises OSError: the target cannot be written.
    """
    catalogue = dict(catalogue)
    pairs = [item if isinstance(item, tuple) else ("?", item) for item in extra_sheets]
    units = source.head["units"]
    unit_names = unit_sheet_names(u["code"] for u in units)
    check_sheet_names(((plugin, sheet.title) for plugin, sheet in pairs),
                      CORE_SHEETS + tuple(unit_names.values()))
    _check_totals(units, source.standings)
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    with _Proposals(catalogue) as proposals:
        book = _Book(workbook, source, Writer(lang, catalogue), proposals)
        # Hundreds of thousands of cells, each a few short-lived objects without cycles, while a cached year's
        # results stay alive: every collection would walk them again (emulation.collector). ``export_year`` pauses
        # it for longer; this is for callers of ``write_workbook`` itself.
        with collector_paused():
            book.ranking()
            book.open_sheets(unit_names)
            for part in source.slices():
                book.batch(part, source.parts(part))
            book.close_sheets()
        for _plugin, sheet in pairs:
            book.plugin_sheet(sheet)
        try:
            workbook.close()
        except xlsxwriter.exceptions.FileCreateError as exc:
            raise OSError(f"không tạo được tệp (cannot create the file): {exc}") from exc


def _check_totals(units: list[dict], standings: Standings) -> None:
    """Refuse a head whose unit totals are not those the year's scores give now."""
    live = {u["code"]: (u["total"], u["self_total"]) for u in standings.units}
    for unit in units:
        if live.get(unit["code"]) != (unit["total"], unit["self_total"]):
            raise ExportError(f"Đơn vị {unit['code']}: điểm tính lại từ bảng điểm ({live.get(unit['code'])}) không "
                              f"khớp với kết quả ({unit['total']}); hãy mở lại và công bố lại năm thi đua "
                              f"(the sheet scores disagree with the results)")


_encode_row = json.JSONEncoder(ensure_ascii=False).encode     # one encoder: json.dumps builds one per call


_PROPOSALS_HELD = 5_000       # proposal rows held in memory (about 1 MB); the rows after them wait in temporary files


class _Proposals:
    """The list proposed for commendation, gathered per title while the batches pass.

    The list is printed title by title, highest first, yet the batches come unit by unit: each awarded entity's
    row waits until the sheet is written. The first ``_PROPOSALS_HELD`` rows wait in memory (a bloc's list is a few thousand
    short rows); any after them wait on disk, in a temporary file per title, so memory stays bounded for any year.
    """

    def __init__(self, catalogue: Mapping[str, TitleInfo]):
        self.catalogue = catalogue
        self.room = _PROPOSALS_HELD         # rows that may still wait in memory
        self.held: dict[str, list[tuple]] = {}
        self.files: dict[str, IO[str]] = {}
        self.counts: dict[str, int] = {}

    def __enter__(self) -> "_Proposals":
        return self

    def __exit__(self, *exc) -> None:
        for file in self.files.values():
            file.close()

    def add(self, title: str, row: tuple) -> None:
        """Keep one row (code, name, position, unit, note) of the list of `title`."""
        if title not in self.counts:
            self.counts[title] = 0
            self.held[title] = []
        self.counts[title] += 1
        if self.room:
            self.room -= 1
            self.held[title].append(row)
            return
        if title not in self.files:
            self.files[title] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.files[title].write(_encode_row(row) + "\n")

    def titles(self) -> list[str]:
        """The titles with someone proposed: units' first, then collectives', then individuals'; highest first."""
        def order(code: str):
            info = self.catalogue.get(code)
            return (_LEVEL_ORDER.get(info.level, 9), -info.order) if info else (9, 0)
        return sorted(self.counts, key=lambda code: (order(code), code))

    def rows(self, title: str) -> Iterator[tuple]:
        """The rows kept for `title`, in the order they came (those held in memory came first)."""
        yield from self.held[title]
        file = self.files.get(title)
        if file is not None:
            file.seek(0)
            for text in file:
                yield tuple(json.loads(text))


class _RewardTotals:
    """The rewards gathered batch by batch: totals per title and per unit, never a line per entity kept."""

    def __init__(self, published: dict | None = None):
        self.by_title: dict[str, dict] = {}
        self.by_unit: dict[str, dict] = {}
        self.total = {"count": 0, "amount": 0, "proposed": 0}
        self.salaries: dict[int, str] = {}
        self.rounding: dict | None = None
        self.found = False
        if published:
            self.add(published)

    def add(self, rewards: dict | None) -> None:
        """Add the lines of one part's rewards (``compute_rewards``) to the totals."""
        if rewards is None:
            return
        self.found = True
        self.rounding = rewards.get("rounding") or self.rounding
        by_title, by_unit, salaries, total = self.by_title, self.by_unit, self.salaries, self.total
        # The bloc's totals added up in locals, line after line as the title's and unit's rows are (thousands of lines).
        count, amount_sum, proposed_sum = total["count"], total["amount"], total["proposed"]
        for line in rewards["lines"]:
            amount = line["amount"]
            proposed = amount if line["status"] == PROPOSED else 0
            title, unit = by_title.get(line["title"]), by_unit.get(line["unit"])
            if title is None:       # a title's coefficient and citation: those of its first line
                title = by_title[line["title"]] = {"count": 0, "amount": 0, "proposed": 0,
                                                   "coefficient": line["coefficient"],
                                                   "citation": line["coefficient_citation"]}
            if unit is None:
                unit = by_unit[line["unit"]] = {"count": 0, "amount": 0, "proposed": 0}
            title["count"] += 1
            title["amount"] += amount
            title["proposed"] += proposed
            unit["count"] += 1
            unit["amount"] += amount
            unit["proposed"] += proposed
            count, amount_sum, proposed_sum = count + 1, amount_sum + amount, proposed_sum + proposed
            salaries[line["base_salary"]] = line["base_salary_citation"]
        total.update(count=count, amount=amount_sum, proposed=proposed_sum)

    def rounding_text(self, said: Callable[..., str], money: Callable[[int], str]) -> str:
        """The rounding rule as a sentence with its citation, in the words of `said` (``_Book.said``)."""
        if not self.rounding:
            return ""
        return said("Làm tròn lên bội số của %(step)s đồng (%(citation)s).", step=money(self.rounding["step"]),
                    citation=self.rounding["citation"])


# --- layout ----------------------------------------------------------------------------------------

_FONT = {"font_name": "Times New Roman", "font_size": 12}
_CELL = {**_FONT, "border": 1, "valign": "top"}


class _Formats:
    """Every format of one workbook, created once."""

    def __init__(self, workbook):
        add = lambda **props: workbook.add_format({**_FONT, **props})  # noqa: E731
        cell = lambda **props: workbook.add_format({**_CELL, **props})  # noqa: E731
        self.org = add(bold=True, align="center", text_wrap=True)
        self.motto = add(bold=True, underline=1, align="center")
        self.title = add(bold=True, font_size=14, align="center", valign="vcenter", text_wrap=True)
        self.subtitle = add(align="center", text_wrap=True)
        self.note = add(italic=True, align="center", text_wrap=True)
        self.paragraph = add(text_wrap=True, valign="top", align="justify")
        self.header = cell(bold=True, align="center", valign="vcenter", text_wrap=True, bg_color="#D9E1F2")
        self.text = cell(text_wrap=True)
        self.bold = cell(text_wrap=True, bold=True)
        self.center = cell(align="center")
        self.bold_center = cell(align="center", bold=True)
        self.indent = [cell(text_wrap=True, indent=level) for level in range(4)]
        self.integer = cell(num_format="#,##0", align="center")
        self.bold_integer = cell(num_format="#,##0", align="center", bold=True)
        self.number_vnd = cell(num_format="#,##0")
        self.bold_vnd = cell(num_format="#,##0", bold=True)
        self.number = cell(num_format="#,##0.00")
        self.bold_number = cell(num_format="#,##0.00", bold=True)
        self.plain_number = cell(num_format="#,##0.##")
        self.percent = cell(num_format="0.0%", align="center")
        self.bold_percent = cell(num_format="0.0%", align="center", bold=True)
        self.section = cell(bold=True, bg_color="#F2F2F2", text_wrap=True)
        self.sign_date = add(italic=True, align="center")
        self.sign_role = add(bold=True, align="center")
        self.sign_hint = add(italic=True, align="center")


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")


class _Sheet:
    """One worksheet written strictly row by row (constant_memory): title block, header, rows, signatures."""

    def __init__(self, book: "_Book", name: str, widths: Sequence[float]):
        # What the sheet needs of its book, not the book itself: a sheet the book holds that held the book would
        # make a cycle, and the workbook (its rows, its sheets' files) would wait for the collector to be freed.
        self.fmt, self.yes_no = book.fmt, book.yes_no
        self.heading = (book.organisation, book.subtitle, book.state_note)
        self.ws = book.workbook.add_worksheet(name, worksheet_class=InlineSheet)
        self.widths, self.ncols = tuple(widths), len(widths)
        self.one_line = tuple(max(w * _CHARS_PER_WIDTH - 1, 1) for w in widths)     # longest text one line holds
        self._measures: dict[int | None, tuple] = {}      # cells' `measured` -> what each cell's line holds, or None
        self.row = 0
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        self.text_width = sum(widths)
        ws = self.ws
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        ws.center_horizontally()
        ws.set_footer(book.footer, {"margin": 0.3})

    def span(self, text: str, fmt, first: int = 0, last: int | None = None) -> None:
        """Write `text` across columns first..last of the current row (merged when wider than one)."""
        last = self.ncols - 1 if last is None else last
        if last > first:
            self.ws.merge_range(self.row, first, self.row, last, text, fmt)
        else:
            self.ws.write_string(self.row, first, text, fmt)

    def next_row(self, height: float | None = None) -> None:
        self.row += 1
        if height is not None:
            self.ws.set_row(self.row, height)

    def title_block(self, title: str, subtitle: str = "") -> None:
        """Write the organisation and national motto, the sheet title, the bloc and year, the year's state."""
        (organisation, book_subtitle, state_note), fmt = self.heading, self.fmt
        half = max(self.ncols // 2, 1)
        self.ws.set_row(0, 32)
        self.span(organisation, fmt.org, 0, half - 1)
        # The national motto is the heading Vietnamese law fixes for official documents: Vietnamese in every language.
        if half < self.ncols:
            self.span("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt.org, half)
        self.next_row()
        if half < self.ncols:
            self.span("Độc lập – Tự do – Hạnh phúc", fmt.motto, half)
        self.next_row()
        self.next_row(40)
        self.span(title.upper(), fmt.title)
        self.next_row()
        self.span(subtitle or book_subtitle, fmt.subtitle)
        self.next_row()
        self.span(state_note, fmt.note)
        self.next_row()
        self.next_row()

    def paragraph(self, text: str) -> None:
        """Write a wrapped paragraph across the sheet, with a row tall enough to show it."""
        self.ws.set_row(self.row, _LINE_HEIGHT * (_wrapped_lines(text, self.text_width) + 1))
        self.span(text, self.fmt.paragraph)
        self.next_row()

    def header(self, columns: Sequence[str], freeze_cols: int = 0) -> None:
        """Write the table header, repeated on every printed page and frozen on screen."""
        height = _lines_height(*(str(name) for name in columns), widths=[w * _BOLD_WIDTH for w in self.widths])
        self.ws.set_row(self.row, max(height or 0, 2 * _LINE_HEIGHT))
        for col, name in enumerate(columns):
            self.ws.write_string(self.row, col, str(name), self.fmt.header)
        self.ws.repeat_rows(self.row)
        self.ws.freeze_panes(self.row + 1, freeze_cols)
        self.next_row()

    def cells(self, values: Sequence, formats: Sequence, lines: int = 1, measured: int | None = None) -> None:
        """Write one row: str as text, numbers as numbers, None as an empty bordered cell.

        The row is made tall enough for its longest wrapped text: LibreOffice prints a row at its stored
        height, so a two-line name in a one-line row is cut.

        :param measured: how many of the first cells are measured here; the caller measured the others (their
            wrapped lines at their columns' widths, ``_wrapped_lines``) and gives their tallest as `lines`.
        """
        ws, row, widths = self.ws, self.row, self.widths
        # XlsxWriter's undecorated writers: the public ones first try the row as A1 notation, for every cell.
        write_string, write_number, write_blank = ws._write_string, ws._write_number, ws._write_blank
        col = 0
        measures = self._measures.get(measured)
        if measures is None:
            measures = self._measures[measured] = self.one_line[:measured] + (None,) * _UNMEASURED
        if len(values) > len(measures):
            measures = tuple(chain(measures, repeat(None, len(values) - len(measures))))
        # One pass: each text is measured for the row's height as it is written (a cell past the last column has
        # no width, and is not measured).
        for value, fmt, one_line in zip(values, formats, measures):
            kind = type(value)
            if kind is str:
                if one_line is not None and (len(value) > one_line or "\n" in value):
                    lines = max(lines, _wrapped_lines(value, widths[col]))
                write_string(row, col, value, fmt)
            elif value is None:
                write_blank(row, col, None, fmt)
            elif kind is bool:
                write_string(row, col, self.yes_no[value], fmt)
            elif (kind is float or kind is int or isinstance(value, (int, float))) and math.isfinite(value):
                write_number(row, col, value, fmt)
            else:
                write_string(row, col, str(value), fmt)
            col += 1
        if lines > 1:       # the row is still the current one: its height goes out with it
            ws.set_row(row, _LINE_HEIGHT * lines)
        self.row = row + 1

    def signatures(self) -> None:
        """Write the place and date line and the two signature blocks at the foot of the table.

        Their wording is that of Vietnamese official documents (who signs for whom): Vietnamese in every language.
        """
        fmt, half = self.fmt, max(self.ncols // 2, 1)
        self.next_row()
        if half < self.ncols:
            self.span("......, ngày ..... tháng ..... năm ..........", fmt.sign_date, half)
        self.next_row()
        self.span("NGƯỜI LẬP BIỂU", fmt.sign_role, 0, half - 1)
        if half < self.ncols:
            self.span("TM. KHỐI THI ĐUA – TRƯỞNG KHỐI", fmt.sign_role, half)
        self.next_row()
        self.span("(Ký, ghi rõ họ tên)", fmt.sign_hint, 0, half - 1)
        if half < self.ncols:
            self.span("(Ký tên, đóng dấu)", fmt.sign_hint, half)
        self.next_row()


_LINE_HEIGHT = 15.5          # points per line of 12 pt Times New Roman
_UNMEASURED = 16             # cells past a sheet's last column a row may have without a longer tuple built for it
_CHARS_PER_WIDTH = 1.15      # Vietnamese text in 12 pt Times fits about this many characters per width unit


_BOLD_WIDTH = 0.88           # bold letters are wider: a bold cell holds about this share of the characters


def _wrapped_lines(text: str, width: float) -> int:
    """Return about how many lines `text` takes when wrapped word by word in a column `width` characters wide."""
    per_line = max(width * _CHARS_PER_WIDTH - 1, 1)
    count = 0
    for part in text.split("\n"):      # a loop, not sum() over a generator: thousands of reasons cells per bloc
        count += 1 if len(part) <= per_line else _part_lines(part, per_line)
    return count


@lru_cache(maxsize=20_000)
def _part_lines(part: str, per_line: float) -> int:
    # Cached: the reasons column repeats the same lines (one per condition) for thousands of people.
    # Words joined by single spaces (whitespace other than a space is not printable; no double, leading or trailing
    # space): each line ends at the last space that keeps it within the column, the same lines as the word-by-word
    # count at a fraction of its cost (a bloc's reasons column has thousands of distinct lines).
    if part.isprintable() and "  " not in part and part[:1] != " " and part[-1:] != " ":
        room, start, count, end = int(per_line), 0, 1, len(part)
        while end - start > room:
            cut = part.rfind(" ", start, start + room + 1)
            if cut <= start:            # a word longer than the column: counted word by word
                return _counted_lines(part, per_line)
            start, count = cut + 1, count + 1
        return count
    return _counted_lines(part, per_line)


def _counted_lines(part: str, per_line: float) -> int:
    """Return the lines `part` (no newline) takes wrapped word by word in lines of `per_line` characters."""
    count, used = 1, 0.0
    for size in map(len, part.split()):
        if used and used + 1 + size > per_line:
            count, used = count + 1, 0.0
        used += (1 if used else 0) + size
        while used > per_line:                  # a word longer than the column breaks inside it
            count, used = count + 1, used - per_line
    return count


def _lines_height(*texts: str, widths: Sequence[float]) -> float | None:
    """Return a row height that shows every wrapped text, or None for one line."""
    lines = max((_wrapped_lines(text, width) for text, width in zip(texts, widths) if text), default=1)
    return _LINE_HEIGHT * lines if lines > 1 else None


class _Book:
    """The sheets of one workbook: opened in their printed order, then filled batch by batch."""

    def __init__(self, workbook, source: WorkbookSource, words: Writer, proposals: _Proposals):
        self.workbook, self.source, self.words, self.proposals = workbook, source, words, proposals
        self.catalogue = words.titles
        self.year, self.head = source.year, source.head
        self.english = words.lang != VIETNAMESE
        # The words the workbook writes itself, each translated once per workbook (not once per cell).
        said = self.said
        year = self.year
        self.yes_no = {True: said("Có"), False: said("Không")}
        self.pass_fail = {True: words.in_context(PASS_FAIL, "Đạt"), False: words.in_context(PASS_FAIL, "Không đạt")}
        self.adjusted, self.returned = said("Điều chỉnh"), said("Trả lại")
        self.whole_bloc = said("Toàn khối")
        self.footer = (f"&L{_footer_text(year.bloc_name or year.bloc)} – {said('năm %(year)s', year=year.year)}"
                       f"&R{_footer_text(said('Trang'))} &P/&N")
        self.organisation = (year.bloc_name or said("Khối thi đua %(bloc)s", bloc=year.bloc)).upper()
        self.subtitle = said("Khối thi đua: %(name)s (%(bloc)s) – năm %(year)s", name=year.bloc_name, bloc=year.bloc,
                             year=year.year)
        self.state_note = said(YEAR_STATE_NOTES[year.state]) if year.state in YEAR_STATE_NOTES else ""
        self.fmt = _Formats(workbook)
        self.unit_rows = {u["code"]: u for u in self.head["units"]}
        self.content = {u["code"]: u["content"] for u in source.standings.units}
        self.unit_sheets: dict[str, _Sheet] = {}
        self.counters = {"units": 0, "collectives": 0, "individuals": 0}
        self.stats: list[dict] = []
        self._reason_lines: dict[tuple, tuple[str, int]] = {}       # memo key -> (line, its wrapped lines)
        self._citation_columns: dict[tuple, tuple[str, int]] = {}   # (citations..., width) -> (column, its lines)
        self._reason_frames: dict[tuple, tuple[str, str]] = {}     # (condition, condition_en, met) -> frame
        self._title_names: dict[str | None, str] = {}               # title code -> its name (``title_name``)
        self.rewards = _RewardTotals(self.head.get("rewards"))
        if source.rewards:
            self.rewards.add(source.rewards({"units": self.head["units"]}))

    def reason_columns(self, decision: dict | None, widths: tuple[float, float]) -> tuple[str, str, int]:
        """The reasons column, one line per condition ("• label: why (met or not)"), and the citations column, each
        legal citation once in the order the reasons give them; both empty without a decision. Also the wrapped
        lines of the taller of the two in columns of `widths` (a column's count is the sum of its lines' counts,
        ``_wrapped_lines``: the lines repeat across thousands of people, and are counted once each)."""
        if not decision:
            return "", "", 1
        reasons_width, citations_width = widths
        lines, citations, memo, tall = [], {}, self._reason_lines, 0
        # Thousands of people share the same reason (same rating, same review date): writing one takes babel's
        # date and message formatting, so each distinct reason is written once per workbook. A miss only costs the
        # writing.
        for reason in decision["reasons"]:      # one pass over the reasons for both columns
            key = (reason.get("condition"), reason.get("condition_en"), reason.get("message"), reason.get("detail"),
                   reason["met"], _params_key(reason.get("params")), reasons_width)
            found = memo.get(key)
            if found is None:
                found = self._reason_line(key, reason)
            lines.append(found[0])
            tall += found[1]
            if reason["citation"]:
                citations[reason["citation"]] = None
        if not citations:
            return "\n".join(lines), "", max(tall, 1)
        cited_key = (*citations, citations_width)
        cited = self._citation_columns.get(cited_key)
        if cited is None:
            if len(self._citation_columns) >= _REASON_MEMO:
                self._citation_columns.clear()
            text = "\n".join(citations)
            cited = self._citation_columns[cited_key] = (text, _wrapped_lines(text, citations_width))
        return "\n".join(lines), cited[0], max(tall, cited[1], 1)

    def _reason_line(self, key: tuple, reason: dict) -> tuple[str, int]:
        """Write a reason not yet written in this workbook as its line and that line's wrapped lines in the reasons
        column (`key`: its memo key, ``reason_columns``, the column's width last)."""
        if len(self._reason_lines) >= _REASON_MEMO:
            self._reason_lines.clear()
        # A reason that differs per person (a hire date) still shares its condition's label and verdict with
        # every other: those are written once per condition, only the reason's own words per distinct reason.
        frame = self._reason_frames.get(key[:2] + key[4:5])
        if frame is None:
            frame = self._reason_frames[key[:2] + key[4:5]] = _reason_frame(reason, self.words)
        line = f"{frame[0]}{reason_text(reason, words=self.words)}{frame[1]}"
        found = self._reason_lines[key] = (line, _wrapped_lines(line, key[-1]))
        return found

    def said(self, msgid: str, **params) -> str:
        """Return the workbook's own words (`msgid`, its Vietnamese) in the workbook's language."""
        return self.words.in_context(WORKBOOK, msgid, **params)

    def headings(self, *msgids: str) -> tuple[str, ...]:
        """Return a table's column headings in the workbook's language."""
        return tuple(self.said(msgid) for msgid in msgids)

    def money(self, amount) -> str:
        """Return an amount of đồng as the language writes it (90.000 in Vietnamese, 90,000 in English)."""
        return self.words.number(amount, 0, grouped=True)

    def criterion_name(self, spec: CriterionSpec) -> str:
        """Return a criterion's name in the workbook's language: its English name where the agreement gives one."""
        return (self.english and spec.name_en) or spec.name

    def title_name(self, code: str | None) -> str:
        """Return a title's name in the workbook's language ("—" for none); kept per code, as every decision row
        names two titles."""
        name = self._title_names.get(code)
        if name is None:
            name = self.words.title(code) or "—"
            if len(self._title_names) < _TITLES_KEPT:
                self._title_names[code] = name
        return name

    def awarded_titles(self, decisions: list[dict]) -> str:
        return ", ".join(self.title_name(d["title"]) for d in decisions if d["decision"] == AWARDED) or "—"

    def _rule_set_period(self, rule_set: dict) -> str:
        """The rule set's period and the review date that chose it, as a clause; empty for an older snapshot."""
        if not rule_set.get("effective_from"):
            return ""
        said, date = self.said, self.words.date
        period = said("hiệu lực từ %(date)s", date=date(rule_set["effective_from"]))
        if rule_set.get("effective_until"):
            period += " " + said("đến %(date)s", date=date(rule_set["effective_until"]))
        if self.head.get("review_date"):
            period += ", " + said("áp dụng theo ngày xét %(date)s", date=date(self.head["review_date"]))
        return f" ({period}; {said('căn cứ: %(citation)s', citation=rule_set.get('citation', ''))})"

    # --- the ranking, written whole before anything else -------------------------------------------

    def ranking(self) -> None:
        """Sheet 1: the bloc ranking."""
        fmt = self.fmt
        said = self.said
        sheet = _Sheet(self, said(RANKING_SHEET), (7, 10, 40, 11, 13, 10, 10, 11, 10, 12, 28))
        rule_set = self.head["rule_set"]
        sheet.title_block(said("Bảng tổng hợp kết quả chấm điểm, xếp hạng thi đua năm %(year)s", year=self.year.year))
        sheet.paragraph(said("Giao ước: %(agreement)s.", agreement=self.year.agreement_name or "—") + " " +
                        said("Xét danh hiệu theo bộ quy tắc %(code)s: %(name)s%(period)s.", code=rule_set["code"],
                             name=self.words.name_of(rule_set), period=self._rule_set_period(rule_set)))
        sheet.header(self.headings("Hạng", "Mã đơn vị", "Tên đơn vị", "Điểm tự chấm", "Điểm khối chấm (nội dung)",
                                   "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Điểm tối đa", "Xếp loại",
                                   "Danh hiệu đề nghị"), 3)
        for unit in self.head["units"]:
            sheet.cells((unit["rank"], unit["code"], unit["name"], unit["self_total"], self.content[unit["code"]],
                         unit["bonus"], unit["deductions"], unit["total"], unit["max"], self.words.name_of(unit, "band"),
                         self.awarded_titles(unit["decisions"])),
                        (fmt.integer, fmt.center, fmt.text, fmt.number, fmt.number, fmt.number, fmt.number,
                         fmt.bold_number, fmt.number, fmt.center, fmt.text))
        sheet.signatures()

    # --- the other sheets, opened before the first batch ---------------------------------------------

    def open_sheets(self, unit_names: Mapping[str, str]) -> None:
        """Add every sheet in its printed order and write the tops; the units' decisions are known already."""
        year, said, headings = self.year, self.said, self.headings
        self.unit_heading = headings("Mã", "Nhóm", "Tiêu chí", "Đơn vị tính", "Điểm tối đa", "Chỉ tiêu",
                                     "Đơn vị báo cáo", "Khối xác nhận", "Điểm tự chấm", "Điểm khối chấm",
                                     "Ý kiến của khối")
        self.total_labels = headings("Cộng điểm nội dung", "Cộng điểm thưởng", "Cộng điểm trừ", "TỔNG ĐIỂM")
        for unit in self.head["units"]:
            self.unit_sheets[unit["code"]] = self._unit_top(unit, unit_names[unit["code"]])
        self.levels = [(t, info) for t, info in sorted(self.catalogue.items(), key=lambda kv: (
            _LEVEL_ORDER.get(kv[1].level, 9), kv[1].order)) if info.level in ("collective", "individual")]
        self.registrations = _Sheet(self, said(REGISTRATION_SHEET), (6, 40, 11, 11, 11, 11) + (14,) * len(self.levels))
        self.registrations.title_block(said("Thống kê đăng ký thi đua năm %(year)s", year=year.year))
        self.registrations.header(headings("STT", "Đơn vị", "Tập thể đăng ký", "Tổng số tập thể", "Cá nhân đăng ký",
                                           "Tổng số cá nhân")
                                  + tuple(said("Đăng ký %(title)s", title=self.title_name(t)) for t, _ in self.levels),
                                  2)
        self.collectives = _Sheet(self, said(COLLECTIVE_DECISIONS_SHEET), (6, 11, 32, 22, 20, 20, 11, 60, 30))
        self.collectives.title_block(said("Kết quả xét danh hiệu thi đua tập thể năm %(year)s", year=year.year))
        self.collectives.header(headings("STT", "Mã", "Tập thể", "Thuộc đơn vị", "Danh hiệu đăng ký", "Danh hiệu xét",
                                         "Kết quả", "Điều kiện và lý do", "Căn cứ"), 3)
        bloc = said("Khối %(bloc)s", bloc=year.bloc)
        for unit in sorted(self.head["units"], key=lambda u: u["code"]):
            self._entity(self.collectives, "collectives", dict(unit, registered=None), None, bloc,
                         said("Xếp hạng %(rank)s, %(points)s điểm", rank=unit["rank"],
                              points=self.words.number(unit["total"], 2)))
        self.individuals = _Sheet(self, said(INDIVIDUAL_DECISIONS_SHEET), (6, 11, 24, 18, 20, 20, 20, 11, 60, 30))
        self.individuals.title_block(said("Kết quả xét danh hiệu thi đua cá nhân năm %(year)s", year=year.year))
        self.individuals.header(headings("STT", "Mã", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu đăng ký",
                                         "Danh hiệu xét", "Kết quả", "Điều kiện và lý do", "Căn cứ"), 3)
        self.proposal_sheet = _Sheet(self, said(PROPOSAL_SHEET), (7, 12, 36, 24, 34, 22))
        self.proposal_sheet.title_block(said("Danh sách đề nghị công nhận danh hiệu thi đua năm %(year)s",
                                             year=year.year))
        self.proposal_sheet.header(headings("STT", "Mã", "Tên tập thể, cá nhân", "Chức vụ", "Đơn vị", "Ghi chú"), 3)
        self.rewards_sheet = _Sheet(self, said(REWARDS_SHEET), (7, 40, 9, 11, 16, 16, 50))
        self.rewards_sheet.title_block(said("Tổng hợp tiền thưởng danh hiệu thi đua năm %(year)s", year=year.year))
        self.rewards_sheet.header(headings("STT", "Danh hiệu / đơn vị", "Hệ số", "Số lượng", "Thành tiền (đồng)",
                                           "Trong đó đề nghị", "Căn cứ"), 2)

    def _unit_top(self, unit: dict, name: str) -> "_Sheet":
        year = self.year
        sheet = _Sheet(self, name, _UNIT_WIDTHS)
        said, number = self.said, self.words.number
        sheet.title_block(said("Bảng điểm thi đua năm %(year)s: %(unit)s", year=year.year, unit=unit["name"]),
                          said("Khối thi đua: %(name)s (%(bloc)s) – xếp hạng %(rank)s – tổng điểm %(total)s/%(max)s",
                               name=year.bloc_name, bloc=year.bloc, rank=unit["rank"], total=number(unit["total"], 2),
                               max=number(unit["max"], 2)))
        sheet.header(self.unit_heading, 3)
        return sheet

    # --- one batch of units --------------------------------------------------------------------------

    def batch(self, part: YearData, entities: Mapping[str, dict]) -> None:
        """Write everything about the units of one batch: their sheets, statistics, decisions and proposals."""
        standings = self.source.standings
        reviewed, self_scored = standings.scores(part, "reviewed"), standings.scores(part, "self")
        lines: dict[str, dict] = {}
        for line in part.lines:
            lines.setdefault(line.unit, {})[line.criterion] = line
        people = {p.code: p for p in part.people}
        own = part.by_unit()
        for unit in part.units:
            if unit.code in self.unit_sheets:
                self._unit_lines(self.unit_sheets.pop(unit.code), part, unit.code, lines.get(unit.code, {}),
                                 reviewed[unit.code], self_scored[unit.code])
            self._registration_row(unit.name, registration_stats(own[unit.code], self.catalogue))
            found, unit_name = entities.get(unit.code, {}), unit.short_name or unit.name
            for entity in found.get("collectives", []):
                self._entity(self.collectives, "collectives", entity, None, unit_name)
            for entity in found.get("individuals", []):
                person = people.get(entity["code"])
                self._entity(self.individuals, "individuals", entity, (person.position if person else "") or "",
                             unit_name)
        if self.source.rewards:
            self.rewards.add(self.source.rewards({key: [e for own in entities.values() for e in own.get(key, [])]
                                                  for key in ("collectives", "individuals")}))

    def _entity(self, sheet: "_Sheet", key: str, entity: dict, position: str | None, unit_name: str,
                note: str | None = None) -> None:
        """Write an entity's decision rows and keep each title it was awarded for the proposal list.

        `position` is None on sheets without a position column (units and collectives).
        """
        self._decision_rows(sheet, key, entity, () if position is None else (position or None,), unit_name)
        for decision in entity["decisions"]:
            if decision["decision"] == AWARDED:
                self.proposals.add(decision["title"], (entity["code"], entity["name"], position or None, unit_name,
                                                       note))

    def _unit_lines(self, sheet: "_Sheet", part: YearData, code: str, lines: dict, reviewed: SheetScore,
                    self_scored: SheetScore) -> None:
        """A unit's sheet below its header: every criterion line, group subtotals and the totals."""
        fmt = self.fmt
        for depth, spec in walk_tree(unit_criteria(part, code)):
            if spec.kind == "group":
                sheet.cells((spec.code, spec.parent, self.criterion_name(spec), None, spec.max_points, None, None, None,
                             self_scored.groups.get(spec.code), reviewed.groups.get(spec.code), None),
                            (fmt.bold, fmt.center, fmt.indent[0] if depth == 0 else fmt.bold, fmt.text,
                             fmt.bold_number, fmt.text, fmt.text, fmt.text, fmt.bold_number, fmt.bold_number,
                             fmt.text))
                continue
            line = lines.get(spec.code)
            note = _review_note(line, self.adjusted, self.returned)
            sheet.cells((spec.code, spec.parent, self.criterion_name(spec), spec.measure or None, spec.max_points,
                         spec.target, _shown_value(spec, line.self_value if line else None, self.pass_fail),
                         _shown_value(spec, _confirmed_value(line), self.pass_fail),
                         self_scored.lines.get(spec.code), reviewed.lines.get(spec.code), note or None),
                        (fmt.text, fmt.center, fmt.indent[min(depth, 3)], fmt.text, fmt.number, fmt.plain_number,
                         fmt.plain_number, fmt.plain_number, fmt.number, fmt.number, fmt.text))
        for label, attr, sign in zip(self.total_labels, ("content", "bonus", "deductions", "total"), (1, 1, -1, 1)):
            sheet.cells((None, None, label, None, reviewed.max if attr == "total" else None, None, None, None,
                         sign * getattr(self_scored, attr) + 0.0, sign * getattr(reviewed, attr) + 0.0, None),
                        (fmt.text, fmt.text, fmt.bold, fmt.text, fmt.bold_number, fmt.text, fmt.text, fmt.text,
                         fmt.bold_number, fmt.bold_number, fmt.text))
        sheet.signatures()

    def _registration_row(self, name: str, stats: dict) -> None:
        fmt = self.fmt
        self.counters["units"] += 1
        self.stats.append(stats)
        self.registrations.cells((self.counters["units"], name) + _stat_row(stats, self.levels),
                                 (fmt.center, fmt.text) + (fmt.integer,) * (4 + len(self.levels)))

    def _decision_rows(self, sheet: "_Sheet", key: str, entity: dict, position: tuple, unit_name: str) -> None:
        """One row per decision of an entity (or one row of dashes when it has none), numbered per sheet."""
        fmt = self.fmt
        self.counters[key] = index = self.counters[key] + 1
        registered = entity.get("registered")
        first = (index, entity["code"], entity["name"]) + position + (
            unit_name, self.title_name(registered) if registered else "—")
        formats = (fmt.center, fmt.text, fmt.text) + (fmt.text,) * len(position) + (
            fmt.text, fmt.text, fmt.text, fmt.bold_center, fmt.text, fmt.text)
        measured = len(formats) - 2         # the reasons and citations: reason_columns counts their lines
        widths = sheet.widths[measured:measured + 2]
        for decision in entity["decisions"] or [None]:
            reasons, citations, lines = self.reason_columns(decision, widths)
            sheet.cells(first + (self.title_name(decision["title"]) if decision else "—",
                                 _decision_word(decision, self.words) if decision else "—", reasons or None,
                                 citations or None), formats, lines, measured)

    # --- the feet, once every batch is written -------------------------------------------------------

    def close_sheets(self) -> None:
        """Write the bloc's registration totals and sentence, the proposal list and every signature block."""
        fmt, levels = self.fmt, self.levels
        stats = add_stats(self.stats, self.catalogue)
        sheet = self.registrations
        sheet.cells((None, self.whole_bloc) + _stat_row(stats, levels),
                    (fmt.center, fmt.bold) + (fmt.bold_integer,) * (4 + len(levels)))
        col, ind = stats["collectives"], stats["individuals"]
        sheet.cells((None, self.said("Tỷ lệ đăng ký"), _share(col), None, _share(ind), None)
                    + tuple(_share({"registered": stats["by_title"].get(t, 0),
                                    "total": (col if info.level == "collective" else ind)["total"]})
                            for t, info in levels),
                    (fmt.center, fmt.bold) + (fmt.bold_percent,) * (4 + len(levels)))
        sheet.next_row()
        sheet.paragraph(registration_sentence(stats, self.year.year, self.catalogue, self.words.lang))
        sheet.signatures()
        self.collectives.signatures()
        self.individuals.signatures()
        sheet = self.proposal_sheet
        for number, title in enumerate(self.proposals.titles(), start=1):
            sheet.span(f"{_roman(number)}. {self.title_name(title)} ({self.proposals.counts[title]})", fmt.section)
            sheet.next_row()
            for index, row in enumerate(self.proposals.rows(title), start=1):
                sheet.cells((index,) + row, (fmt.center, fmt.text, fmt.text, fmt.text, fmt.text, fmt.text))
        sheet.signatures()
        self._rewards_sheet()

    def _rewards_sheet(self) -> None:
        """The reward money: per title (with its coefficient and citation), per unit, and the bloc's total."""
        fmt, sheet, totals, said = self.fmt, self.rewards_sheet, self.rewards, self.said
        if not totals.found:
            sheet.paragraph(said("Chưa có số liệu tiền thưởng: kết quả được công bố trước khi tính tiền thưởng, hoặc "
                                 "thư mục tiêu chí không có mức lương cơ sở (base-salary.toml)."))
            sheet.signatures()
            return
        amounts = (fmt.center, fmt.text, fmt.plain_number, fmt.integer, fmt.number_vnd, fmt.number_vnd, fmt.text)
        sheet.span(f"I. {said('Theo danh hiệu')}", fmt.section)
        sheet.next_row()
        for index, (code, row) in enumerate(sorted(totals.by_title.items(), key=lambda i: self._title_order(i[0])), 1):
            sheet.cells((index, self.title_name(code), row["coefficient"], row["count"], row["amount"],
                         row["proposed"], row["citation"]), amounts)
        sheet.span(f"II. {said('Theo đơn vị')}", fmt.section)
        sheet.next_row()
        for index, code in enumerate(sorted(totals.by_unit), 1):
            row = totals.by_unit[code]
            name = self.unit_rows[code]["name"] if code in self.unit_rows else row.get("name", code)
            sheet.cells((index, name, None, row["count"], row["amount"], row["proposed"], ""), amounts)
        total = totals.total
        sheet.cells((None, self.whole_bloc, None, total["count"], total["amount"], total["proposed"], ""),
                    (fmt.center, fmt.bold, fmt.text, fmt.bold_integer, fmt.bold_vnd, fmt.bold_vnd, fmt.text))
        sheet.next_row()
        sheet.paragraph(said("Tiền thưởng = hệ số × mức lương cơ sở tại ngày ký quyết định khen thưởng (danh hiệu "
                             "chưa có quyết định: tại ngày xét, ghi là đề nghị).") + " "
                        + totals.rounding_text(said, self.money))
        for amount, citation in sorted(totals.salaries.items()):
            sheet.paragraph(said("Mức lương cơ sở %(amount)s đồng: %(citation)s.", amount=self.money(amount),
                                 citation=citation))
        sheet.signatures()

    def _title_order(self, code: str) -> tuple:
        info = self.catalogue.get(code)
        return (_LEVEL_ORDER.get(info.level, 9), -info.order) if info else (9, 0)

    def plugin_sheet(self, extra: ExportSheet) -> None:
        """A sheet a unit plugin adds: its columns and rows as given, in the same print layout."""
        fmt = self.fmt
        widths = [max(10.0, min(50.0, 1.2 * max([len(str(c)) for c in extra.columns] +
                                                 [len(str(r[i])) for r in extra.rows[:200] if i < len(r)]) + 2))
                  for i in range(len(extra.columns))] or [20.0]
        sheet = _Sheet(self, extra.title, widths)
        sheet.title_block(extra.title)
        sheet.header(extra.columns, 1)
        for row in extra.rows:
            values = tuple(row) + (None,) * (len(widths) - len(row))
            sheet.cells(values[:len(widths)], tuple(fmt.plain_number if isinstance(v, (int, float)) and
                                                    not isinstance(v, bool) else fmt.text for v in values))
        sheet.signatures()


_UNIT_WIDTHS = (9, 7, 46, 11, 9, 10, 11, 11, 10, 10, 34)


# --- pure helpers ----------------------------------------------------------------------------------

def _shown_value(spec: CriterionSpec, value: float | None, pass_fail: Mapping[bool, str]):
    """A line's figure as printed: a pass/fail criterion's in words (`pass_fail`: met -> its word)."""
    if value is None:
        return None
    if spec.kind == "pass_fail":
        return pass_fail[value == 1]
    return value


def _confirmed_value(line) -> float | None:
    """Return the value the bloc confirmed: its own where it adjusted one, the unit's where it accepted it."""
    if line is None:
        return None
    return line.value if line.review_state in ("accepted", "adjusted") else line.reviewed_value


def _review_note(line, adjusted: str, returned: str) -> str:
    """The bloc's note on a line: its reason and comment, headed by `adjusted` or `returned` (the workbook's words)."""
    if line is None:
        return ""
    parts = []
    if line.review_state == "adjusted":
        parts.append(f"{adjusted}: {line.reason}" if line.reason else adjusted)
    elif line.reason:
        parts.append(line.reason)
    if line.comment:
        parts.append(f"{returned}: {line.comment}" if line.review_state == "returned" else line.comment)
    return "\n".join(parts)


_REASON_MEMO = 20_000        # distinct reason lines kept per workbook (memory stays bounded for any bloc)
_TITLES_KEPT = 1_000         # title names kept per workbook: a catalogue has a few dozen titles


def _params_key(params) -> bytes | str:
    """A reason's parameters as part of a memo key: equal keys for equal values of equal types only (12 and 12.0,
    True and 1 are written apart). marshal's version 2 (no back-references) writes equal values as equal bytes, at
    less cost than repr, which stays for a value marshal cannot write."""
    try:
        return marshal.dumps(params, 2)
    except ValueError:
        return repr(params)


def _reason_frame(reason: dict, words: Writer) -> tuple[str, str]:
    """What a line of the reasons column, "• label: why (met or not)", has around the why: ("• label: ", " (met)")."""
    return (f"• {condition_label(reason, words.lang)}: ", f" ({words('đạt') if reason['met'] else words('không đạt')})")


def _stat_row(stats: dict, levels) -> tuple:
    return (stats["collectives"]["registered"], stats["collectives"]["total"], stats["individuals"]["registered"],
            stats["individuals"]["total"]) + tuple(stats["by_title"].get(t, 0) for t, _ in levels)


def _share(part: dict) -> float | None:
    return part["registered"] / part["total"] if part["total"] else None


def _count(n: int, total: int) -> str:
    return f"{n}/{total}" if n == total else f"{n:02d}"


def registration_sentence(stats: dict, year: int, catalogue: Mapping[str, TitleInfo], lang: str = VIETNAMESE) -> str:
    """Return the registration statistics in the words of the bloc's reports (seed 004), in `lang`.

    E.g. "14/14 tập thể và 61/62 cá nhân tham gia đăng ký thi đua năm 2017 (trong đó: 14/14 tập thể
    đăng ký danh hiệu Tập thể lao động tiên tiến, 03 tập thể đăng ký ...)."
    """
    words = Writer(lang, catalogue)
    said = lambda msgid, **params: words.in_context(WORKBOOK, msgid, **params)  # noqa: E731
    col, ind = stats["collectives"], stats["individuals"]
    parts = []
    for level, msgid, base in (("collective", "%(count)s tập thể đăng ký danh hiệu %(title)s", col["total"]),
                               ("individual", "%(count)s cá nhân đăng ký danh hiệu %(title)s", ind["total"])):
        for code, info in sorted(catalogue.items(), key=lambda kv: kv[1].order):
            n = stats["by_title"].get(code, 0)
            if info.level == level and n:
                parts.append(said(msgid, count=_count(n, base), title=words.title(code)))
    detail = f" ({said('trong đó: %(parts)s', parts=', '.join(parts))})" if parts else ""
    return said("Kết quả đã có %(collectives)s tập thể và %(individuals)s cá nhân tham gia đăng ký thi đua năm "
                "%(year)s%(detail)s.", collectives=f"{col['registered']}/{col['total']}",
                individuals=f"{ind['registered']}/{ind['total']}", year=year, detail=detail)


def _roman(number: int) -> str:
    numerals = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
                ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
    text = ""
    for letter, value in numerals:
        while number >= value:
            text, number = text + letter, number - value
    return text
