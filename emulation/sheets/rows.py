"""The rows of the score-entry table (``templates/sheets/sheet.html``), written as the template wrote them.

Rendering these rows cell by cell in Jinja was about half of a first view's time. What a row shows apart from
its values (labels, hints, data attributes, the inputs' names, the upload control) depends only on the
criterion, the language and whether the viewer may change the line; it is made once per such key and kept,
and a view fills in the values. The few parts a row rarely has (files, a line scored by others) still come
from the template's macros, passed in.
"""
from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext
from markupsafe import Markup, escape

from emulation.contract import CriterionSpec
from emulation.i18n import current_language, data_name_in, localized, number_formatter
from emulation.names import criterion_value
from emulation.sheets.forms import ShownLine, stored_inputs
from emulation.sheets.labels import kind_hint


def sheet_rows(view, shown_inputs: dict | None, errors: dict, files: dict, editable: bool, history_url, pass_fail,
               accepted: str, file_list, scored_by) -> Markup:
    """Return the HTML of the sheet's table rows (``tbody``'s content) as the template's loop wrote it.

    :param shown_inputs: what each line's inputs show after a refused save (``forms.shown_lines``); None for the
        stored values (``forms.stored_inputs``, made only for a row not kept already).
    :param file_list: the template's ``file_list`` macro; :param scored_by: its ``scored_by`` macro.
    """
    language = current_language()
    number = number_formatter(language)
    choices = tuple(pass_fail)
    out = []
    for row in view.rows:
        spec = row.spec
        if spec.kind == "group":
            out.append(_group_row(spec, row.depth, language, number(row.points), number(spec.max_points)))
            continue
        code, line = spec.code, row.line
        # Everything the row shows, as values: the row is written once per distinct set of them (``_line_row``).
        stored = (False, 0, None, None, None, None, None, "") if line is None else (
            True, line.version, line.review_state, line.comment, line.reviewed_value, line.reason, line.self_value,
            line.evidence)
        error, shown = errors.get(code), None if shown_inputs is None else shown_inputs[code]
        by_others = "" if row.by_unit else str(scored_by(row))
        listed = str(file_list(view, code, files[code], removable=editable and row.by_unit)) if files.get(code) else ""
        # A refused post's rows (posted text, errors) and rows of long texts are written, never kept.
        kept = shown is None and not error and _text_length(stored, by_others, listed) <= KEPT_TEXT
        out.append((_line_row if kept else write_line_row)(
            _static(spec, row.depth, language, editable, row.by_unit, accepted), spec.kind, row.by_unit,
            editable and row.by_unit, error, view.best_excess.get(code, 0), *stored,
            history_url(code) if line else "", shown, row.points, choices, language, by_others, listed))
    return Markup("".join(out))


KEPT_TEXT = 600         # characters of a row's own texts (note, comment, reason, files) for it to be kept
KEPT_ROWS = 2048        # rows of at most KEPT_TEXT characters, at most about 6 KB each kept: under 16 MB a process


def _text_length(stored: tuple, *parts: str) -> int:
    _stored, _version, _state, comment, _reviewed, reason, _value, note = stored
    return len(note) + len(comment or "") + len(reason or "") + sum(map(len, parts))


def write_line_row(static: _Static, kind: str, by_unit: bool, own: bool, error: str | None, best: float,
                   stored: bool, version: int, review_state: str | None, comment: str | None,
                   reviewed_value: float | None, reason: str | None, self_value: float | None, note: str,
                   history: str, shown: ShownLine | None, points: float | None, pass_fail: tuple, language: str,
                   scored_by: str, files: str) -> str:
    """The HTML of one line's row, from what it shows and nothing else: `static` (its criterion, depth, language and
    editability), the posted `error`, the bloc's `best` excess, whether a line is `stored` and its version, review
    state, comment, reviewed value, reason, value and note, its `history` URL, the `shown` inputs of a refused save
    (None: the stored value and note), its `points`, the pass/fail choices, and the HTML of its `scored_by` and
    `files` parts (rendered by the template's macros).

    ``_line_row`` keeps it per process, unlike the page cache not by data version: after a save, only the rows
    whose values changed are written again. The arguments are the whole of what the row shows (``typed``: 1 and
    1.0, or a text and Markup, print differently and are kept apart), so a kept row is always the row of these
    values.
    """
    shown = shown or stored_inputs(kind, self_value, note)
    out = [static.row_start, "invalid" if error else "", static.row_middle, escape(best), static.row_end]
    if stored:
        out.append(f' · <a class="history-link hint" href="{escape(history)}">{static.history}</a>')
    out.append("</div>\n          ")
    if review_state == "returned" and comment:
        out.append(f'<div class="comment">{static.comment}: {escape(comment)}</div>')
    out.append("\n          ")
    if review_state == "adjusted":
        adjusted = Markup(gettext("Đã điều chỉnh thành %(value)s")) % {"value": criterion_value(reviewed_value, kind)}
        out.append(f'<div class="comment">{adjusted}: {escape(reason)}</div>')
    out.append("\n        </td>\n        ")
    error_div = f'<div class="field-error" id="error-{static.code}">{escape(error)}</div>' if error else ""
    if by_unit:
        out.append(static.open_value)
        if kind == "pass_fail":
            out.append("".join(f'<option {"selected " if value == shown.value else ""}value="{escape(value)}">'
                               f'{escape(label)}</option>' for value, label in pass_fail))
            out.append("</select>")
        else:
            out.append(f'{escape(shown.value)}">')
        out.append(f'\n          <input type="hidden" name="version-{static.code}" '
                   f'value="{escape(version)}">\n          {error_div}</td>\n        ')
    else:
        out.append(f'\n        {static.value_cell}{scored_by}\n          {error_div}</td>\n        ')
    shown_points = "" if points is None else escape(number_formatter(language)(points))
    out.append(f'\n        <td class="num points" data-label="{static.points}">{shown_points}</td>\n        '
               f'{static.open_evidence}')
    if own:
        out.append(f'{escape(shown.note)}</textarea>')
    else:
        out.append(f'<div class="evidence-note" style="white-space: pre-line; overflow-wrap: anywhere">'
                   f'{data_name_in(shown.note, language)}</div>')
    out.extend(f'<div class="field-error">{escape(e)}</div>' for e in shown.note_errors)
    out.append(f"\n          {files}\n          {static.upload}</td>\n      </tr>\n      \n    ")
    return "".join(out)


_line_row = lru_cache(maxsize=KEPT_ROWS, typed=True)(write_line_row)


def upload_forms(view, upload_url, token: str) -> Markup:
    """Return the hidden upload form of each of the sheet's lines (``_evidence.html``'s ``evidence_forms``), as its
    loop wrote them: `upload_url` gives a criterion's upload URL, `token` is the request's CSRF token."""
    token = escape(token)
    return Markup("".join(
        f'\n<form id="upload-{escape(row.spec.code)}" method="post" enctype="multipart/form-data" hidden\n'
        f'      action="{escape(upload_url(row.spec.code))}">\n'
        f'  <input type="hidden" name="csrf_token" value="{token}"></form>\n' for row in view.leaves))


def _t(message: str) -> Markup:
    """`message` translated, as ``_()`` gives it in a template (the translation is trusted, not escaped)."""
    return Markup(gettext(message))


@lru_cache(maxsize=8192)
def _group_row(spec: CriterionSpec, depth: int, _language: str, points: str, most: str) -> str:
    return (f'\n      \n      \n      <tr class="group depth-{escape(depth)}"><td colspan="2"><span class="code">'
            f'{escape(spec.code)}</span> {escape(localized(spec))}</td><td class="num" data-label="{_t("Điểm")}">'
            f'{escape(points)} / {escape(most)}</td><td></td></tr>\n      \n    ')


class _Static:
    """What a line's row shows whatever its values: pieces of HTML around the values, escaped."""

    __slots__ = ("code", "row_start", "row_middle", "row_end", "history", "comment", "open_value", "value_cell", "points", "open_evidence", "upload")


@lru_cache(maxsize=8192)
def _static(spec: CriterionSpec, depth: int, _language: str, editable: bool, by_unit: bool, accepted: str) -> _Static:
    code, name = escape(spec.code), escape(localized(spec))
    l_value, l_evidence = _t("Giá trị"), _t("Minh chứng")
    own = editable and by_unit
    target = "" if spec.target is None else escape(spec.target)
    static = _Static()
    static.code = code
    # ``sheet_rows`` writes the row's class (invalid or not) between row_start and row_middle, and its best after
    # row_middle.
    static.row_start = '\n      \n      \n      \n      <tr class="line '
    static.row_middle = (f'" id="line-{code}" data-code="{code}" data-kind="{escape(spec.kind)}" '
                         f'data-max="{escape(spec.max_points)}"\n          data-target="{target}" '
                         f'data-formula="{escape(spec.formula)}" data-per="{escape(spec.per_item or spec.max_points)}" '
                         'data-best="')
    static.row_end = (f'">\n        <td style="padding-left: {escape(depth * 1.2)}rem"><span class="code">{code}</span> '
                      f'<span id="name-{code}">{name}</span>\n          <div class="hint">{kind_hint(spec)}')
    static.history = _t("Lịch sử")
    static.comment = _t("Nhận xét")
    disabled = "" if editable else " disabled"
    label = f'{l_value}: {name} ({code})'
    if spec.kind == "pass_fail":
        static.open_value = (f'\n        <td data-label="{l_value}"><select aria-label="{label}" class="value"{disabled} '
                             f'id="value-{code}" inputmode="decimal" name="value-{code}">')
    else:
        static.open_value = (f'\n        <td data-label="{l_value}"><input aria-label="{label}" class="value"{disabled} '
                             f'id="value-{code}" inputmode="decimal" name="value-{code}" type="text" value="')
    static.value_cell = f'<td data-label="{l_value}" class="scored-by-others">'
    static.points = _t("Điểm")
    static.open_evidence = f'<td class="block" data-label="{l_evidence}">'
    if own:
        static.open_evidence += (f'<textarea aria-label="{l_evidence}: {name} ({code})" id="text-{code}" '
                                 f'maxlength="4000" name="text-{code}" rows="3">\r\n')
    static.upload = "" if not own else (
        '\n<div class="evidence-upload" style="display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; '
        'max-width: 100%">\n  <input type="file" name="files" multiple form="upload-' f'{code}" accept="{escape(accepted)}" '
        'style="max-width: 100%; min-width: 0"\n         aria-label="' f'{_t("Tệp minh chứng")}: {name} ({code})">'
        '\n  <button type="submit" class="btn secondary" form="upload-' f'{code}">{_t("Tải lên")}</button>\n</div>\n')
    return static
