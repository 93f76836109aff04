"""The HR record's forms: a person, their identity, transfer, position, leave and departure; collectives."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from emulation.web.forms import BaseForm, DayField, SelectChoice, read_version

GENDER_NAMES = {"female": _l("Nữ"), "male": _l("Nam")}
EMPLOYMENT_NAMES = {"civil_servant": _l("Công chức"), "public_employee": _l("Viên chức"),
                    "employee": _l("Người lao động")}
LEAVE_NAMES = {"maternity": _l("Nghỉ thai sản"), "sick": _l("Nghỉ ốm"), "study": _l("Đi học, đào tạo"),
               "unpaid": _l("Nghỉ không lương"), "secondment": _l("Biệt phái")}
DEPARTURE_NAMES = {"retired": _l("Nghỉ hưu"), "transferred_out": _l("Chuyển công tác ra ngoài"),
                   "resigned": _l("Thôi việc"), "dismissed": _l("Buộc thôi việc"), "deceased": _l("Từ trần")}


def choices(pairs, blank=None) -> list:
    """The options of a select: `pairs` of (value, label), after a blank option when `blank` is given."""
    return [SelectChoice(value, label) for value, label in ([("", blank)] if blank is not None else []) + list(pairs)]


class _Versioned(BaseForm):
    version = HiddenField()

    def version_number(self, formdata) -> int | None:
        """The version the page was built from (None when the post carries none)."""
        return read_version(formdata, "version")


class PersonForm(BaseForm):
    """A new person of a unit."""

    full_name = StringField(_l("Họ và tên"), validators=[Length(max=200)])
    birth_date = DayField(_l("Ngày sinh"))
    gender = SelectField(_l("Giới tính"), choices=choices(GENDER_NAMES.items(), "—"), validate_choice=False)
    employment = SelectField(_l("Loại cán bộ"), choices=choices(EMPLOYMENT_NAMES.items(), "—"), validate_choice=False)
    position = StringField(_l("Chức vụ"), validators=[Length(max=200)])
    collective = SelectField(_l("Tập thể"), choices=[], validate_choice=False)
    recruited_on = DayField(_l("Ngày tuyển dụng"))
    code = StringField(_l("Mã (để trống: tự tạo)"), validators=[Length(max=40)])


class IdentityForm(_Versioned):
    """A person's identity, corrected."""

    full_name = StringField(_l("Họ và tên"), validators=[Length(max=200)])
    birth_date = DayField(_l("Ngày sinh"))
    gender = SelectField(_l("Giới tính"), choices=choices(GENDER_NAMES.items(), "—"), validate_choice=False)
    employment = SelectField(_l("Loại cán bộ"), choices=choices(EMPLOYMENT_NAMES.items(), "—"), validate_choice=False)


class TransferForm(_Versioned):
    """A move to another collective or unit from a date."""

    unit = SelectField(_l("Đơn vị"), choices=[], validate_choice=False)
    collective = SelectField(_l("Tập thể"), choices=[], validate_choice=False)
    starts_on = DayField(_l("Từ ngày"))


class PositionForm(_Versioned):
    """A new position from a date."""

    position = StringField(_l("Chức vụ mới"), validators=[Length(max=200)])
    starts_on = DayField(_l("Từ ngày"))


class LeaveForm(_Versioned):
    """A period of leave."""

    kind = SelectField(_l("Loại nghỉ"), choices=choices(LEAVE_NAMES.items()), validate_choice=False)
    starts_on = DayField(_l("Từ ngày"))
    ends_on = DayField(_l("Đến ngày (để trống: chưa kết thúc)"))
    note = TextAreaField(_l("Ghi chú"), validators=[Length(max=2000)])


class DepartureForm(_Versioned):
    """A departure and its date."""

    departure = SelectField(_l("Hình thức"), choices=choices(DEPARTURE_NAMES.items()), validate_choice=False)
    left_on = DayField(_l("Nghỉ từ ngày"))


class CollectiveForm(BaseForm):
    """A new collective of a unit."""

    code = StringField(_l("Mã tập thể"), validators=[Length(max=40)])
    name = StringField(_l("Tên tập thể"), validators=[Length(max=300)])


class CollectiveChangeForm(_Versioned):
    """A change of one collective: rename, merge into another or close."""

    action = SelectField(choices=choices((a, a) for a in ("rename", "merge", "close")), validate_choice=False)
    name = StringField(_l("Tên mới"), validators=[Length(max=300)])
    into = SelectField(_l("Hợp nhất vào"), choices=[], validate_choice=False)
    on = DayField(_l("Từ ngày"))
