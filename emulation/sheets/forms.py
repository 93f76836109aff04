"""The sheet and review forms, built from the unit's criteria (one field per leaf), and reading them back."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from emulation.i18n import input_number, parse_number
from emulation.names import PASS_FAIL_NAMES
from emulation.sheets.service import Entry, Review, SheetView
from emulation.web.forms import BaseForm, SelectChoice, posted, read_version


def value_name(code: str) -> str:
    return f"value-{code}"


def text_name(code: str) -> str:
    return f"text-{code}"


def action_name(code: str) -> str:
    return f"action-{code}"


def version_name(code: str) -> str:
    return f"version-{code}"


def sheet_form(view: SheetView, formdata=None) -> BaseForm:
    """Return the unit head's form for `view`: one input per leaf (its kind decides which) and an evidence note."""
    data = {}
    for row in view.leaves:
        spec, line = row.spec, row.line
        data[value_name(spec.code)] = _value_default(spec.kind, line.self_value if line else None)
        data[text_name(spec.code)] = line.evidence if line else ""
    return _sheet_form_class(tuple((row.spec.code, row.spec.kind, row.spec.name) for row in view.leaves))(
        formdata, data=data)


@lru_cache(maxsize=512)
def _sheet_form_class(leaves: tuple[tuple[str, str, str], ...]) -> type[BaseForm]:
    """The form class of a sheet with these leaves (code, kind, name), made once per process: the stored values
    come in as the form's data, so one class serves every sheet of the same criteria."""
    class SheetForm(BaseForm):
        save = SubmitField(_l("Lưu nháp"))
        submit = SubmitField(_l("Gửi đánh giá"))

    for code, kind, name in leaves:
        setattr(SheetForm, value_name(code), _value_field(kind, name))
        setattr(SheetForm, text_name(code), TextAreaField(_l("Minh chứng"), validators=[Length(max=4000)]))
    return SheetForm


@dataclass(frozen=True)
class ShownLine:
    """What a line's inputs show: the value as typed or stored, the evidence note, and the note's errors."""

    value: str | None       # a pass/fail line's chosen option (None: none), else the text of its input
    note: str
    note_errors: tuple[str, ...] = ()


def shown_lines(view: SheetView, form: BaseForm) -> dict[str, ShownLine]:
    """Return, per leaf code, what its inputs show after a refused save: the posted `form`'s fields. (A view of the
    stored values builds no form: ``stored_inputs`` gives each line's, from its stored value and note.)"""
    return {row.spec.code: ShownLine(_shown_value(form[value_name(row.spec.code)]), form[text_name(row.spec.code)]._value(),
                                     tuple(form[text_name(row.spec.code)].errors)) for row in view.leaves}


def stored_inputs(kind: str, value: float | None, note: str) -> ShownLine:
    """Return what the inputs of a line of `kind` show for its stored `value` and evidence `note`."""
    return ShownLine(_value_default(kind, value), note)


def _shown_value(field) -> str:
    """The value a field shows: a choice's data (the option selected), a text field's text."""
    return field.data if isinstance(field, SelectField) else field._value()


def pass_fail_choices() -> list[tuple[str, str]]:
    """The options of a pass/fail line's value, in the user's language: none chosen, Đạt, Không đạt."""
    return [("", "—"), *((str(value), str(name)) for value, name in PASS_FAIL_NAMES.items())]


def _value_default(kind: str, current: float | None) -> str:
    """What the value field of a line of `kind` shows for the stored `current`."""
    if kind == "pass_fail":
        return "" if current is None else str(int(current))
    return input_number(current)


def _value_field(kind: str, label, default: str | None = None):
    """Return the field of a line's value: Đạt / Không đạt for a pass/fail criterion, else a number typed in."""
    if kind == "pass_fail":
        choices = [SelectChoice("", "—"), *(SelectChoice(str(value), name) for value, name in PASS_FAIL_NAMES.items())]
        return SelectField(label, choices=choices, validate_choice=False, default=default)
    return StringField(label, default=default)


def read_entries(form: BaseForm, view: SheetView, formdata=None) -> tuple[dict[str, Entry], dict[str, str]]:
    """Return the entries typed in `form` and, per criterion code, the values that are not numbers.

    Each entry carries the line's version posted in `formdata` (the hidden ``version-<code>`` fields).
    """
    def entry(code: str, errors: dict[str, str]) -> Entry:
        value = _number(form, code, errors)
        note = (form[text_name(code)].data or "").replace("\r\n", "\n")      # a browser sends CRLF line breaks
        return Entry(value, note, read_version(formdata, version_name(code)))
    return _read_lines(view.leaves, formdata, (value_name, text_name, version_name), entry)


def _read_lines(rows, formdata, names, read_line) -> tuple[dict, dict[str, str]]:
    """Return what `read_line(code, errors)` reads of each row the post mentions in one of the fields `names`, and
    per criterion code the values that are not numbers; a line the post does not mention stays as it is."""
    read, errors = {}, {}
    for row in rows:
        code = row.spec.code
        if posted(formdata, *(name(code) for name in names)):
            line = read_line(code, errors)
            if code not in errors:
                read[code] = line
    return read, errors


def _number(form: BaseForm, code: str, errors: dict[str, str]) -> float | None:
    """Return the number typed in the line's value field, or note in `errors` that it is not one."""
    raw = form[value_name(code)].data
    try:
        return parse_number(raw)
    except ValueError:
        errors[code] = _("'%(text)s' không phải là số.", text=raw)
        return None


REVIEW_CHOICES = [SelectChoice("accept", _l("Chấp nhận")), SelectChoice("adjust", _l("Điều chỉnh")),
                  SelectChoice("return", _l("Trả lại"))]


_ACTION_OF_STATE = {"accepted": "accept", "adjusted": "adjust", "returned": "return"}


def review_form(view: SheetView, formdata=None) -> BaseForm:
    """Return the reviewer's form: per line an action, an adjusted value and a reason or comment."""
    class ReviewForm(BaseForm):
        save = SubmitField(_l("Lưu đánh giá"))

    for row in view.leaves:
        line = row.line
        if line is None or not row.by_unit:     # a line scored by a role is that role's: nothing to review
            continue
        code = row.spec.code
        setattr(ReviewForm, action_name(code), RadioField(
            _l("Đánh giá"), choices=REVIEW_CHOICES, default=_ACTION_OF_STATE.get(line.review_state), validate_choice=False))
        adjusted = _value_field(row.spec.kind, _l("Giá trị điều chỉnh"), _value_default(row.spec.kind, line.reviewed_value))
        setattr(ReviewForm, value_name(code), adjusted)
        text = line.reason if line.review_state == "adjusted" else line.comment if line.review_state == "returned" else ""
        setattr(ReviewForm, text_name(code), TextAreaField(_l("Lý do / nhận xét"), default=text,
                                                           validators=[Length(max=4000)]))
    return ReviewForm(formdata)


def read_reviews(form: BaseForm, view: SheetView, formdata=None) -> tuple[dict[str, Review], dict[str, str]]:
    """Return the decisions in `form` and, per criterion code, adjusted values that are not numbers.

    Each decision carries the line's version posted in `formdata` (the hidden ``version-<code>`` fields).
    """
    def review(code: str, errors: dict[str, str]) -> Review:
        action = form[action_name(code)].data or ""
        value = _number(form, code, errors) if action == "adjust" else None
        return Review(action, value, form[text_name(code)].data or "", read_version(formdata, version_name(code)))
    stored = [row for row in view.leaves if row.line is not None and row.by_unit]
    return _read_lines(stored, formdata, (action_name, value_name, text_name), review)
