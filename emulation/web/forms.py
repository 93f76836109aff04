"""Forms. One base form owns CSRF and whitespace stripping; sheet forms are built from the unit's criteria."""
from __future__ import annotations

import re
from datetime import date

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms import PasswordField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import DateInput

from emulation.text import has_control_characters


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


def parse_day(text: str) -> date | None:
    """Return the day typed as the browser's date input sends it (yyyy-mm-dd) or as people write it (dd/mm/yyyy).

    None when `text` is neither or names no real day (31/02/2024).
    """
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if found is None:
        return None
    parts = [int(p) for p in found.groups()]
    try:
        return date(*parts) if len(found.group(1)) == 4 else date(parts[2], parts[1], parts[0])
    except ValueError:
        return None


def place_errors(form, fields: dict[str, str]) -> list[str]:
    """Put each message of `fields` beside the form's field of that name; return the messages no field took."""
    for name, message in fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
    return [message for name, message in fields.items() if name not in form]


def show_refusal(form, error) -> tuple[str, int]:
    """Put a refused save's messages beside their fields; return the page's message and status.

    `error` is an EmulationError with ``fields`` (field name -> message); a message no field of the form
    takes is added to the page's message.
    """
    return " ".join([error.message, *place_errors(form, error.fields)]), error.status


class DayField(StringField):
    """A date typed as the browser's date input sends it (yyyy-mm-dd) or as people write it (dd/mm/yyyy)."""

    widget = DateInput()

    def process_formdata(self, valuelist):
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = parse_day(self.raw) if self.raw else None
        if self.raw and self.data is None:
            raise ValueError(_("Ngày không hợp lệ: nhập ngày/tháng/năm, ví dụ 01/03/2024."))

    def _value(self):
        if isinstance(self.data, date):
            return self.data.isoformat()
        return getattr(self, "raw", "") or ""


class ActionForm(BaseForm):
    """A button that changes something (sign out, lock, publish): only the CSRF token."""


def csrf_input() -> Markup:
    """Return the hidden CSRF field of a button's form, as ``ActionForm().csrf_token`` renders it ("" when CSRF
    is off), without building a form: every signed-in page has one (sign out), and a form costs ten times more."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return Markup("")
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return Markup('<input id="{0}" name="{0}" type="hidden" value="{1}">').format(name, generate_csrf())


def init_templates(app: Flask) -> None:
    """Give the templates ``csrf_input()`` for the forms of their buttons."""
    app.jinja_env.globals["csrf_input"] = csrf_input


def form_problem(form: BaseForm) -> str:
    """Return why a posted form did not validate: an expired CSRF token, or a field too long."""
    if "csrf_token" in form.errors:
        return _("Phiên làm việc đã hết hạn; vui lòng gửi lại.")
    return _("Chưa lưu: %(count)s giá trị cần sửa.", count=len(form.errors))


def read_version(formdata, name: str) -> int | None:
    """Return the version a form was built from (None when it carries none; -1, never stored, when garbled)."""
    raw = formdata.get(name) if formdata is not None else None
    if raw is None:
        return None
    return int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else -1


def posted(formdata, *names: str) -> bool:
    """Return whether the post carries any of the fields `names` (absent fields never mean "clear it")."""
    return formdata is not None and any(name in formdata for name in names)


