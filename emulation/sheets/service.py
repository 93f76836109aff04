"""Score sheets as a unit head fills them and the bloc reviews them; the year's lock and publication.

Every change is one transaction: it is checked in full first, then written and committed, or
refused with a ``SheetError`` (a message for the user, and messages per criterion code) and
nothing stored. Views call these functions and render; the scores themselves come from the
scoring engine, the same one the results use.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from emulation.contract import CriterionSpec, UnitSpec
from emulation.engine.criteria import ADJUSTMENT_KINDS, largest_value, walk_tree
from emulation.engine.scoring import (ScoringError, SheetScore, bloc_bests, merge_bests, score_criterion, score_sheet,
                                      unit_criteria)
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.i18n import format_number
from emulation.models import EmulationYear, PanelScore, ScoreLine, ScoreSheet, SignedCriterion, Unit
from emulation.storage.audit import EMPTY_LINE, Actor, line_key, line_state, record, record_state
from emulation.sheets.reading import (StoredFile, StoredLine, StoredSheet, StoredUnit, StoredYear, lines_of,
                                     read_plan_lines, read_sheet, read_sheet_page)
from emulation.storage.database import hold_year

EDITABLE_STATES = ("draft", "returned")
REVIEWABLE_STATES = ("submitted", "reviewed")
REVIEW_ACTIONS = ("accept", "adjust", "return")


class SheetError(EmulationError):
    """A change the user asked for is refused; nothing was stored.

    ``fields`` maps a criterion code to the message shown beside its input.
    """

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


class SheetConflict(SheetError):
    """The change was based on a version that someone else has since replaced; ``fields`` show the newer values."""

    status = 409


@dataclass(frozen=True)
class Entry:
    """What a unit head typed for one criterion."""

    value: float | None
    evidence: str = ""
    version: int | None = None      # the line's version the form was built from (0: no line yet)


@dataclass(frozen=True)
class Review:
    """A reviewer's decision on one line: accept, adjust (value and reason) or return (comment)."""

    action: str
    value: float | None = None
    text: str = ""
    version: int | None = None      # the line's version the form was built from


@dataclass
class SheetRow:
    """One node of the sheet as a page shows it: depth in the tree, the criterion, its line and points."""

    depth: int
    spec: CriterionSpec
    line: ScoreLine | StoredLine | None = None
    points: float | None = None
    panel: dict[str, float] = field(default_factory=dict)     # a panel line's values, by scorer

    @property
    def by_unit(self) -> bool:
        """Whether the unit's head enters this line (else it is shown read-only with who scored it)."""
        return scored_by_unit(self.spec)


@dataclass
class SheetView:
    """A unit's sheet for a year: rows in tree order, the computed score and the bloc's best plan results."""

    year: EmulationYear | StoredYear        # ORM objects for a save, plain read-only data for a view
    unit: Unit | StoredUnit
    sheet: ScoreSheet | StoredSheet | None
    rows: list[SheetRow]
    score: SheetScore | None
    self_score: SheetScore | None
    best_excess: dict[str, float] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return self.sheet.state if self.sheet else "draft"

    @property
    def editable(self) -> bool:
        return self.year.state == "open" and self.state in EDITABLE_STATES

    @property
    def leaves(self) -> list[SheetRow]:
        return [row for row in self.rows if row.spec.kind != "group"]


def scored_by_unit(spec: CriterionSpec) -> bool:
    """Return whether the unit's head enters `spec`'s value on the unit's own sheet (not a role's, not a panel's)."""
    return spec.scored_by == "unit" and not spec.panel


@contextmanager
def transaction(conflict: type[EmulationError] | None = None):
    """Commit what the block changed, or roll it all back; a concurrent edit becomes `conflict` (a SheetError)."""
    try:
        yield
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise (conflict or SheetError)(_("Dữ liệu vừa được người khác thay đổi; hãy tải lại trang và thử lại.")) from exc
    except Exception:
        db.session.rollback()
        raise


def find_sheet(year: EmulationYear, unit: Unit) -> ScoreSheet | None:
    """Return the unit's sheet for the year, if it has one."""
    return db.session.execute(select(ScoreSheet).where(ScoreSheet.year_id == year.id,
                                                       ScoreSheet.unit_id == unit.id)).scalar_one_or_none()


def load_sheet(year: EmulationYear, unit: Unit, scored: bool = True) -> SheetView:
    """Return the unit's sheet with points computed by the scoring engine, as the results compute them.

    The bloc's bests come from its plan lines on the unit's criteria only (``sheets.reading``): nothing else of
    the other units changes a sheet's points. `scored` False leaves the points out, for a save that only needs the lines.
    """
    data, sheet, lines = read_sheet(year, unit)
    return scored_view(year, unit, data, sheet, lines, scored)


def load_sheet_page(bloc: str, year: int, unit: str) -> tuple[SheetView, dict[str, list[StoredFile]]] | None:
    """Return the sheet of the unit `unit` in the bloc's year as ``load_sheet`` scores it, read as plain read-only
    data in one query (``sheets.reading.read_sheet_page``), and its lines' evidence files by criterion code: what a
    view of the sheet shows. None when there is no such year or unit."""
    page = read_sheet_page(bloc, year, unit)
    if page is None:
        return None
    return scored_view(page.year, page.unit, page.data, page.sheet, page.lines), page.files


def scored_view(year: EmulationYear | StoredYear, unit: Unit | StoredUnit, data, sheet, lines: dict,
                scored: bool = True) -> SheetView:
    """Return the sheet `read_sheet` or `read_sheet_page` read (`data`, `sheet`, `lines`) with its rows in tree order
    and, unless `scored` is False, the points the scoring engine gives them."""
    specs = unit_criteria(data, unit.code)
    panel = _panel_values(sheet) if any(spec.panel for spec in specs) else {}
    score, self_score, others_best = None, None, {}
    if scored:
        plans = read_plan_lines(year, unit)
        try:
            reviewed, reviewed_bests = _values(lines, "reviewed"), bloc_bests(plans, "reviewed")
            score = score_sheet(specs, reviewed, *reviewed_bests, panel, unit.code)
            # The rest of the bloc's bests, which the page compares with, and the unit's own: together, the bloc's.
            others = bloc_bests(lines_of(plans, unit.code, False), "self")
            own = bloc_bests(lines_of(plans, unit.code, True), "self")
            own_values, own_bests = _values(lines, "self"), merge_bests(others, own)
            # Until a line is reviewed both scorings read the same values: the engine is pure, so score once.
            self_score = score if (own_values, own_bests) == (reviewed, reviewed_bests) else score_sheet(
                specs, own_values, *own_bests, panel, unit.code)
            others_best = others[0]
        except ScoringError:
            pass    # a stored value the engine refuses: the form still shows, the points do not
    rows = [SheetRow(depth, spec, lines.get(spec.code),
                     (score.groups.get(spec.code) if spec.kind == "group" else score.lines.get(spec.code))
                     if score else None, panel.get(spec.code, {}))
            for depth, spec in walk_tree(specs)]
    return SheetView(year, unit, sheet, rows, score, self_score, others_best)


def _values(lines: dict[str, ScoreLine], use: str) -> dict[str, float | None]:
    """The sheet's values as the engine scores them: self-scores, or the reviewed value where there is one."""
    return {code: (line.self_value if use == "self" or line.reviewed_value is None else line.reviewed_value)
            for code, line in lines.items()}


def _panel_values(sheet: ScoreSheet | None) -> dict[str, dict[str, float]]:
    """The sheet's panel values: criterion code -> scorer -> value, scorers in order."""
    found: dict[str, dict[str, float]] = {}
    if sheet is not None:
        for code, scorer, value in db.session.execute(
                select(SignedCriterion.code, PanelScore.scorer, PanelScore.value).join(PanelScore.criterion)
                .where(PanelScore.sheet_id == sheet.id).order_by(PanelScore.scorer)):
            found.setdefault(code, {})[scorer] = value
    return found


def check_value(spec: CriterionSpec, value: float | None) -> str | None:
    """Return why `value` cannot stand for `spec` (in the user's language), or None when it can."""
    if value is None:
        return None
    if value < 0:
        return _("Giá trị không được âm.")
    if spec.kind == "points" and value > spec.max_points:
        return _("Điểm phải từ 0 đến %(max)s.", max=format_number(spec.max_points))
    if spec.kind in ("count", *ADJUSTMENT_KINDS) and not spec.amount and value != int(value):
        return _("Phải là số nguyên.")
    if spec.kind == "pass_fail" and value not in (0, 1):
        return _("Chọn Đạt hoặc Không đạt.")
    if value > largest_value(spec):
        return _("Giá trị quá lớn: tối đa %(max)s.", max=format_number(largest_value(spec)))
    try:
        score_criterion(spec, value)
    except ScoringError as exc:
        return str(exc)
    return None


def lock_unit(unit: Unit) -> None:
    """Hold the unit's row until the transaction ends, so changes to its sheet and registrations go one at a time.

    The versions are then compared with the committed state (SQLite writes one at a time anyway).
    """
    db.session.execute(select(Unit.id).where(Unit.id == unit.id).with_for_update(key_share=True))
    db.session.expire_all()


def stale_lines(rows: list[SheetRow], versions: dict[str, int | None], describe) -> dict[str, str]:
    """Return, per criterion code posted with a version that is no longer the stored one, the newer value."""
    stale = {}
    for row in rows:
        posted = versions.get(row.spec.code)
        stored = row.line.version if row.line is not None else 0
        if posted is not None and posted != stored:
            stale[row.spec.code] = describe(row.line)
    return stale


def _describe_entry(line: ScoreLine | None) -> str:
    value = "—" if line is None or line.self_value is None else format_number(line.self_value)
    return _("Người khác vừa lưu giá trị %(value)s cho dòng này; xem lại rồi lưu lần nữa.", value=value)


def _describe_review(line: ScoreLine | None) -> str:
    state = {"pending": _("chờ đánh giá"), "accepted": _("chấp nhận"), "adjusted": _("điều chỉnh"),
             "returned": _("trả lại")}.get(line.review_state, line.review_state)
    value = "—" if line.self_value is None else format_number(line.self_value)
    reviewed = "" if line.reviewed_value is None else " → " + format_number(line.reviewed_value)
    return _("Dòng này vừa thay đổi: tự chấm %(value)s, %(state)s%(reviewed)s; xem lại rồi lưu lần nữa.",
             value=value, state=state, reviewed=reviewed)


def refuse_unversioned(versions: dict[str, int | None]) -> None:
    """Refuse a save whose form did not say which version of a field it was built from; nothing is applied blind.

    :param versions: the posted version per field (None: the post carried none).
    """
    missing = {code: _("Biểu mẫu không cho biết dòng này được đọc ở phiên bản nào; hãy tải lại trang.")
               for code, version in versions.items() if version is None}
    if missing:
        raise SheetError(_("Chưa lưu: %(count)s dòng gửi lên không kèm phiên bản; hãy tải lại trang rồi lưu lại.",
                           count=len(missing)), missing)


def refuse_stale(stale: dict[str, str]) -> None:
    """Raise SheetConflict when any field was built from a version since replaced (`stale`: field -> newer value)."""
    if stale:
        raise SheetConflict(_("Chưa lưu: %(count)s dòng vừa được người khác thay đổi; giá trị mới ở bên cạnh.",
                              count=len(stale)), stale)


def hold_open_year(year: EmulationYear, *, exclusive: bool = False) -> None:
    """Hold the year for a write of its data (exclusively to change its state; see `hold_year`); refuse when it
    is not open."""
    if hold_year(year, exclusive=exclusive) != "open":
        raise SheetError(_("Năm thi đua %(year)s đã khoá; không thể thay đổi.", year=year.year))


def save_lines(year: EmulationYear, unit: Unit, entries: dict[str, Entry], submit: bool = False,
               errors: dict[str, str] | None = None, *, actor: Actor) -> ScoreSheet:
    """Store the unit head's values and evidence (and submit the sheet when asked), all or nothing.

    Every line that changes, and the sheet's state when it changes, leaves one audit row by `actor`.

    :param errors: problems already found while reading the form (a value that is not a number),
        reported together with the ones found here.
    """
    with transaction():
        view = open_for_entry(year, unit)
        leaves = {row.spec.code: row.spec for row in view.leaves if row.by_unit}
        others = sorted(row.spec.code for row in view.leaves if row.spec.code in entries and not row.by_unit)
        if others:
            raise SheetError(_("Chưa lưu: dòng %(code)s do người khác chấm, đơn vị không nhập được.", code=others[0]),
                             {others[0]: _("Dòng này do người khác chấm.")})
        entries = {code: entry for code, entry in entries.items() if code in leaves}
        refuse_unversioned({c: e.version for c, e in entries.items()})
        refuse_stale(stale_lines(view.leaves, {c: e.version for c, e in entries.items()}, _describe_entry))
        errors = {**{code: msg for code, entry in entries.items()
                     for msg in [check_value(leaves[code], entry.value)] if msg}, **(errors or {})}
        # What the sheet will hold: the posted values, and the stored ones of lines the post left out.
        values = {row.spec.code: row.line.self_value for row in view.leaves if row.line is not None}
        values.update({code: entry.value for code, entry in entries.items()})
        if submit:
            for code, spec in leaves.items():
                if spec.kind not in ADJUSTMENT_KINDS and values.get(code) is None:
                    errors.setdefault(code, _("Cần nhập giá trị trước khi gửi."))
        if errors:
            raise SheetError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=len(errors)), errors)
        _check_plugins(unit, {code: value for code, value in values.items() if value is not None})
        sheet = sheet_of(view)
        _write_entries(sheet, view, entries, leaves, actor)
        if submit:
            _set_sheet_state(view, sheet, "submitted", "submit", actor)
    return sheet


def open_for_entry(year: EmulationYear, unit: Unit) -> SheetView:
    """Hold the open year and the unit for a change of its sheet by its head; return the sheet, or refuse when it
    is not the head's to change (submitted, reviewed, or the year locked)."""
    hold_open_year(year)
    lock_unit(unit)
    view = load_sheet(year, unit, scored=False)
    if not view.editable:
        raise SheetError(_("Bảng điểm đã gửi đi, đang chờ đánh giá; không sửa được."))
    return view


def sheet_of(view: SheetView) -> ScoreSheet:
    """Return the unit's sheet, added as a draft when it has none yet."""
    sheet = view.sheet or ScoreSheet(year=view.year, unit=view.unit, state="draft")
    db.session.add(sheet)
    return sheet


def new_line(sheet: ScoreSheet, criterion: SignedCriterion) -> ScoreLine:
    """Add an empty line (no value, nothing reviewed) for `criterion` to `sheet`, and return it."""
    line = ScoreLine(sheet=sheet, criterion=criterion, review_state="pending", reviewed_value=None, reason="",
                     comment="")
    db.session.add(line)
    return line


def _check_plugins(unit: Unit, scores: dict[str, float]) -> None:
    host = current_app.extensions["emulation.plugins"]
    errors = host.validate_scores(UnitSpec(unit.code, unit.name, unit.bloc.code, unit.short_name), scores)
    if errors:
        raise SheetError(" ".join(errors))


def _set_sheet_state(view: SheetView, sheet: ScoreSheet, state: str, action: str, actor: Actor) -> None:
    record_state(view.year, "sheet", (view.unit.code,), action, sheet.state, state, actor)
    sheet.state = state


def _write_entries(sheet: ScoreSheet, view: SheetView, entries: dict[str, Entry], leaves: dict,
                   actor: Actor) -> None:
    criteria = {c.code: c for c in db.session.execute(select(SignedCriterion).where(
        SignedCriterion.year_id == view.year.id, SignedCriterion.code.in_(leaves))).scalars()}
    lines = {row.spec.code: row.line for row in view.leaves}
    for code, entry in entries.items():
        if code not in leaves:
            continue
        line = lines.get(code)
        before = line_state(line) or EMPTY_LINE
        if line is None:
            line = new_line(sheet, criteria[code])
        # A changed value or a returned line goes back to the reviewer.
        if line.review_state == "returned" or line.self_value != entry.value:
            line.review_state, line.reviewed_value, line.reason = "pending", None, ""
        line.self_value, line.evidence = entry.value, entry.evidence.strip()
        _record_line(view, code, "enter", before, line, actor)


def _record_line(view: SheetView, code: str, action: str, before: dict | None, line: ScoreLine, actor: Actor,
                 reason: str = "") -> None:
    record_line_change(view, code, action, before, line_state(line), actor, reason)


def record_line_change(view: SheetView, code: str, action: str, before: dict | None, after: dict | None,
                       actor: Actor, reason: str = "") -> None:
    """Record, as one audit row by `actor`, a change of the line `code` of the sheet from `before` to `after`."""
    year = view.year
    record(actor, "line", line_key(year.bloc.code, year.year, view.unit.code, code), action, before, after, reason,
           bloc=year.bloc.code, year=year.year)


def review_sheet(year: EmulationYear, unit: Unit, reviews: dict[str, Review],
                 errors: dict[str, str] | None = None, *, actor: Actor) -> ScoreSheet:
    """Apply the reviewer's decisions; the sheet goes back to the unit head if any line is returned.

    Every line that changes, and the sheet's state when it changes, leaves one audit row by `actor`.

    :param errors: problems already found while reading the form, reported with the ones found here.
    """
    with transaction():
        hold_open_year(year)
        lock_unit(unit)
        view = load_sheet(year, unit, scored=False)
        if view.sheet is None or view.state not in REVIEWABLE_STATES:
            raise SheetError(_("Bảng điểm chưa được gửi để đánh giá."))
        lines = {row.spec.code: row for row in view.leaves if row.line is not None and row.by_unit}
        reviews = {code: review for code, review in reviews.items() if code in lines}
        refuse_unversioned({c: r.version for c, r in reviews.items()})
        refuse_stale(stale_lines(list(lines.values()), {c: r.version for c, r in reviews.items()}, _describe_review))
        errors = dict(errors or {})
        for code, review in reviews.items():
            if code in lines and review.action:
                message = _review_error(lines[code].spec, review)
                if message:
                    errors[code] = message
        if errors:
            raise SheetError(_("Chưa lưu: %(count)s dòng cần sửa.", count=len(errors)), errors)
        for code, review in reviews.items():
            if code in lines and review.action:
                line = lines[code].line
                before = line_state(line)
                _apply_review(line, review)
                _record_line(view, code, "review", before, line, actor, review.text.strip())
        states = {row.line.review_state for row in lines.values()}
        _set_sheet_state(view, view.sheet, "returned" if "returned" in states else
                         "reviewed" if states <= {"accepted", "adjusted"} else "submitted", "review", actor)
    return view.sheet


def _review_error(spec: CriterionSpec, review: Review) -> str | None:
    if review.action not in REVIEW_ACTIONS:
        return _("Chọn chấp nhận, điều chỉnh hoặc trả lại.")
    if review.action == "adjust":
        if review.value is None:
            return _("Nhập giá trị điều chỉnh.")
        if not review.text.strip():
            return _("Điều chỉnh phải có lý do.")
        return check_value(spec, review.value)
    if review.action == "return" and not review.text.strip():
        return _("Trả lại phải có nhận xét.")
    return None


def _apply_review(line: ScoreLine, review: Review) -> None:
    if review.action == "accept":
        line.review_state, line.reviewed_value, line.reason = "accepted", None, ""
    elif review.action == "adjust":
        line.review_state, line.reviewed_value, line.reason = "adjusted", review.value, review.text.strip()
    else:
        line.review_state, line.reviewed_value, line.comment = "returned", None, review.text.strip()


