"""The forms of a year's life: signing an agreement, reopening a year."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from emulation.web.forms import BaseForm


class ReopenForm(BaseForm):
    """Reopen a locked or published year: the reason goes into the audit trail."""

    reason = StringField(_l("Lý do mở lại"), validators=[DataRequired(_l("Mở lại năm thi đua phải có lý do.")),
                                                        Length(max=500)])


class SignYearForm(BaseForm):
    """Sign an agreement file: open the year it describes."""

    agreement = SelectField(_l("Giao ước"), choices=[])
