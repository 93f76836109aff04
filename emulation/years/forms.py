"""The forms of a year's life: signing an agreement, its deadlines, reopening a year."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from emulation.engine.deadlines import DEADLINE_NAMES
from emulation.engine.yeardata import DeadlinesData
from emulation.web.forms import BaseForm, DayField, posted, read_version

DEADLINE_LABELS = {"registration": _l("Hạn đăng ký thi đua"), "submission": _l("Hạn gửi bảng điểm"),
                   "review": _l("Hạn đánh giá bảng điểm"), "publication": _l("Ngày công bố kết quả")}


class ReopenForm(BaseForm):
    """Reopen a locked or published year: the reason goes into the audit trail."""

    reason = StringField(_l("Lý do mở lại"), validators=[DataRequired(_l("Mở lại năm thi đua phải có lý do.")),
                                                        Length(max=500)])


class SignYearForm(BaseForm):
    """Sign an agreement file: open the year it describes."""

    agreement = SelectField(_l("Giao ước"), choices=[])


class DeadlinesForm(BaseForm):
    """The year's deadlines, each a date or left empty; `version` is the stored deadlines' as the form was built."""

    registration = DayField(DEADLINE_LABELS["registration"])
    submission = DayField(DEADLINE_LABELS["submission"])
    review = DayField(DEADLINE_LABELS["review"])
    publication = DayField(DEADLINE_LABELS["publication"])
    version = HiddenField()

    def deadlines(self, formdata, stored: DeadlinesData) -> DeadlinesData:
        """The deadlines the post sets; a field the post leaves out keeps its stored date."""
        return DeadlinesData(**{name: getattr(self, name).data if posted(formdata, name) else getattr(stored, name)
                                for name in DEADLINE_NAMES})

    def version_number(self, formdata) -> int | None:
        """The version the page was built from (None when the post carries none)."""
        return read_version(formdata, "version")
