"""The form of an earlier year's title: title, year, decision number and date, the level that decided."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from emulation.engine.yeardata import DECISION_LEVELS
from emulation.names import DECISION_LEVEL_NAMES
from emulation.web.forms import BaseForm, SelectChoice, parse_day



class EarlierTitleForm(BaseForm):
    """A title of an earlier year and the decision that awarded it."""

    title = SelectField(_l("Danh hiệu"), choices=[])
    year = StringField(_l("Năm"), validators=[DataRequired(_l("Nhập năm."))])
    number = StringField(_l("Số quyết định"), validators=[DataRequired(_l("Nhập số quyết định.")), Length(max=60)])
    signed_on = StringField(_l("Ngày ký (dd/mm/yyyy)"), validators=[DataRequired(_l("Nhập ngày ký."))])
    level = SelectField(_l("Cấp quyết định"),
                        choices=[SelectChoice(level, DECISION_LEVEL_NAMES[level]) for level in DECISION_LEVELS])
    signer = StringField(_l("Người ký"), validators=[Length(max=200)])

    def validate_year(self, field) -> None:
        """A year is four digits."""
        if not re.fullmatch(r"\d{4}", field.data or ""):
            raise ValidationError(_("Năm phải là số có bốn chữ số."))

    def validate_signed_on(self, field) -> None:
        """A date as dd/mm/yyyy (or what a date input posts)."""
        if parse_day(field.data or "") is None:
            raise ValidationError(_("Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."))
