"""The forms of sign-in and of the accounts pages."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from emulation.web.forms import BaseForm


class LoginForm(BaseForm):
    """Sign-in."""

    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=80)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Nhập mật khẩu."))])


class UserForm(BaseForm):
    """A new login, created by the secretariat."""

    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=80)])
    role = SelectField(_l("Vai trò"), choices=[])
    unit = SelectField(_l("Đơn vị"), choices=[])
    bloc = SelectField(_l("Khối"), choices=[], default="")     # "": every bloc
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Nhập mật khẩu."))])


class AccountForm(BaseForm):
    """A login's role, unit and bloc, changed by the secretariat; `version` is the login's as the form was built."""

    role = SelectField(_l("Vai trò"), choices=[])
    unit = SelectField(_l("Đơn vị"), choices=[])
    bloc = SelectField(_l("Khối"), choices=[], default="")     # "": every bloc
    version = HiddenField(validators=[DataRequired(_l("Biểu mẫu thiếu phiên bản; hãy tải lại trang.")),
                                      Regexp(r"^\d{1,9}$", message=_l("Biểu mẫu thiếu phiên bản; hãy tải lại trang."))])


class PasswordResetForm(BaseForm):
    """A reset by the secretariat: the password they choose, or none for a temporary one shown once."""

    password = PasswordField(_l("Mật khẩu mới (để trống: tạo mật khẩu tạm)"))
