"""Forms. One base form owns CSRF and whitespace stripping; sheet forms are built from the unit's criteria."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from .i18n import input_number, parse_number
from .text import has_control_characters

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:     # WTForms before 3.2 takes plain (value, label) pairs
    def SelectChoice(value, label):
        return (value, label)
from .sheets import Entry, Review, SheetView


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def no_control_characters(_form, field) -> None:
    """Refuse text holding control characters (other than tab and line breaks)."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(_("Không được chứa ký tự điều khiển."))


# WTForms' own messages that the app's fields can raise. WTForms ships no Vietnamese catalogue, so
# they go through the app's: Vietnamese first, English from translations/en like every other text.
_WTFORMS_MESSAGES = {
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": _l("Lựa chọn không hợp lệ."),
    "This field is required.": _l("Trường này là bắt buộc."),
    "Field cannot be longer than %(max)d character.": _l("Không được dài quá %(max)d ký tự."),
}


class _WTFormsMessages:
    """The translations object WTForms asks for its built-in messages (``Meta.get_translations``)."""

    def gettext(self, string: str) -> str:
        found = _WTFORMS_MESSAGES.get(string)
        return str(found) if found is not None else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = _WTFORMS_MESSAGES.get(singular)
        return str(found) if found is not None else (singular if n == 1 else plural)


class BaseForm(FlaskForm):
    """Every form of the app: CSRF protected (Flask-WTF), surrounding whitespace stripped, no control characters."""

    class Meta:
        def get_translations(self, form):
            return _WTFormsMessages()

        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", [])
            # A password's whitespace is part of it (NIST SP 800-63B): never stripped.
            if not issubclass(unbound_field.field_class, PasswordField) and not any(f is _strip for f in filters):
                unbound_field.kwargs["filters"] = [*filters, _strip]
            validators = unbound_field.kwargs.get("validators") or []
            if issubclass(unbound_field.field_class, StringField) and no_control_characters not in validators:
                unbound_field.kwargs["validators"] = [*validators, no_control_characters]
            return unbound_field.bind(form=form, **options)


class LoginForm(BaseForm):
    """Sign-in."""

    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=80)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Nhập mật khẩu."))])


class ActionForm(BaseForm):
    """A button that changes something (sign out, lock, publish): only the CSRF token."""


class ReopenForm(BaseForm):
    """Reopen a locked or published year: the reason goes into the audit trail."""

    reason = StringField(_l("Lý do mở lại"), validators=[DataRequired(_l("Mở lại năm thi đua phải có lý do.")),
                                                        Length(max=500)])


def form_problem(form: BaseForm) -> str:
    """Return why a posted form did not validate: an expired CSRF token, or a field too long."""
    if "csrf_token" in form.errors:
        return _("Phiên làm việc đã hết hạn; vui lòng gửi lại.")
    return _("Chưa lưu: %(count)s giá trị cần sửa.", count=len(form.errors))


def value_name(code: str) -> str:
    return f"value-{code}"


def text_name(code: str) -> str:
    return f"text-{code}"


def action_name(code: str) -> str:
    return f"action-{code}"


def version_name(code: str) -> str:
    return f"version-{code}"


def read_version(formdata, name: str) -> int | None:
    """Return the version a form was built from (None when it carries none; -1, never stored, when garbled)."""
    raw = formdata.get(name) if formdata is not None else None
    if raw is None:
        return None
    return int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else -1


def sheet_form(view: SheetView, formdata=None) -> BaseForm:
    """Return the unit head's form for `view`: one input per leaf (its kind decides which) and an evidence note."""
    class SheetForm(BaseForm):
        save = SubmitField(_l("Lưu nháp"))
        submit = SubmitField(_l("Gửi đánh giá"))

    for row in view.leaves:
        spec, line = row.spec, row.line
        current = line.self_value if line else None
        if spec.kind == "pass_fail":
            field = SelectField(spec.name, choices=[SelectChoice("", "—"), SelectChoice("1", _l("Đạt")),
                                                     SelectChoice("0", _l("Không đạt"))], validate_choice=False,
                                default="" if current is None else str(int(current)))
        else:
            field = StringField(spec.name, default=input_number(current))
        setattr(SheetForm, value_name(spec.code), field)
        setattr(SheetForm, text_name(spec.code), TextAreaField(_l("Minh chứng"), default=line.evidence if line else "",
                                                               validators=[Length(max=4000)]))
    return SheetForm(formdata)


def read_entries(form: BaseForm, view: SheetView, formdata=None) -> tuple[dict[str, Entry], dict[str, str]]:
    """Return the entries typed in `form` and, per criterion code, the values that are not numbers.

    Each entry carries the line's version posted in `formdata` (the hidden ``version-<code>`` fields).
    """
    entries, errors = {}, {}
    for row in view.leaves:
        code = row.spec.code
        if not _posted(formdata, value_name(code), text_name(code), version_name(code)):
            continue        # a line the post does not mention stays as it is
        value = _number(form, code, errors)
        if code not in errors:
            entries[code] = Entry(value, form[text_name(code)].data or "", read_version(formdata, version_name(code)))
    return entries, errors


def _posted(formdata, *names: str) -> bool:
    """Return whether the post carries any of the fields `names` (absent fields never mean "clear it")."""
    return formdata is not None and any(name in formdata for name in names)


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
        if line is None:
            continue
        code = row.spec.code
        setattr(ReviewForm, action_name(code), RadioField(
            _l("Đánh giá"), choices=REVIEW_CHOICES, default=_ACTION_OF_STATE.get(line.review_state), validate_choice=False))
        setattr(ReviewForm, value_name(code), StringField(_l("Giá trị điều chỉnh"),
                                                          default=input_number(line.reviewed_value)))
        text = line.reason if line.review_state == "adjusted" else line.comment if line.review_state == "returned" else ""
        setattr(ReviewForm, text_name(code), TextAreaField(_l("Lý do / nhận xét"), default=text,
                                                           validators=[Length(max=4000)]))
    return ReviewForm(formdata)


def read_reviews(form: BaseForm, view: SheetView, formdata=None) -> tuple[dict[str, Review], dict[str, str]]:
    """Return the decisions in `form` and, per criterion code, adjusted values that are not numbers.

    Each decision carries the line's version posted in `formdata` (the hidden ``version-<code>`` fields).
    """
    reviews, errors = {}, {}
    for row in view.leaves:
        code = row.spec.code
        if row.line is None or not _posted(formdata, action_name(code), value_name(code), text_name(code)):
            continue
        action = form[action_name(code)].data or ""
        value = _number(form, code, errors) if action == "adjust" else None
        if code in errors:
            continue
        reviews[code] = Review(action, value, form[text_name(code)].data or "",
                               read_version(formdata, version_name(code)))
    return reviews, errors


def read_registrations(formdata, current) -> tuple[dict, dict, dict[str, str]]:
    """Return (collective entries, person entries, errors by field name) from the registrations page's fields."""
    from .registrations import CollectiveEntry, PersonEntry

    collectives, people, errors = {}, {}, {}
    for collective, _titles, fact in current.collectives:
        code = collective.code
        names = [f"c-version-{code}", f"c-rating-{code}", f"c-plan-{code}",
                 *(f"c-title-{code}-{t.code}" for t in current.collective_titles)]
        if not _posted(formdata, *names):
            continue        # a collective the post does not mention stays as it is
        # Check boxes are absent when unticked; the row's version field says the row was on the form.
        titles = frozenset(t.code for t in current.collective_titles if formdata.get(f"c-title-{code}-{t.code}"))
        collectives[code] = CollectiveEntry(
            titles, _choice(formdata, f"c-rating-{code}", fact.task_rating if fact else None),
            bool(formdata.get(f"c-plan-{code}")), read_version(formdata, f"c-version-{code}"))
    for person, title, fact in current.people:
        code = person.code
        if not _posted(formdata, *(f"p-{name}-{code}" for name in ("version", "title", "rating", "discipline",
                                                                    "initiatives"))):
            continue        # a person the post does not mention stays as they are
        raw = formdata.get(f"p-initiatives-{code}", str(fact.initiatives if fact else 0)).strip()
        if not re.fullmatch(r"[0-9]{1,4}", raw):
            errors[f"p-initiatives-{code}"] = _("Số sáng kiến phải là số nguyên không âm.")
            continue
        people[code] = PersonEntry(_choice(formdata, f"p-title-{code}", title),
                                   _choice(formdata, f"p-rating-{code}", fact.task_rating if fact else None),
                                   _choice(formdata, f"p-discipline-{code}", fact.discipline if fact else None),
                                   int(raw), read_version(formdata, f"p-version-{code}"))
    return collectives, people, errors


def _choice(formdata, name: str, stored: str | None) -> str | None:
    """Return the option chosen in `name` ("" chooses none), or `stored` when the post does not carry the field."""
    return (formdata.get(name) or None) if name in formdata else stored


class UserForm(BaseForm):
    """A new login, created by the secretariat."""

    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=80)])
    role = SelectField(_l("Vai trò"), choices=[])
    unit = SelectField(_l("Đơn vị"), choices=[])
    bloc = SelectField(_l("Khối"), choices=[], default="")     # "": every bloc
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Nhập mật khẩu."))])


class SignYearForm(BaseForm):
    """Sign an agreement file: open the year it describes."""

    agreement = SelectField(_l("Giao ước"), choices=[])
