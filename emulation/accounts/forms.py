"""The forms of sign-in and of the accounts page."""
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

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
