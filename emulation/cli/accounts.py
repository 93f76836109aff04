"""Commands for logins: create one, reset a password."""
import sys
from contextlib import contextmanager

import click

from emulation.accounts.service import AccountError, create_user, reset_password
from emulation.cli.base import group
from emulation.models.user import ROLES

# The service names the accounts page's fields; the command line says which of its own inputs is at fault.
OPTION_NAMES = {"username": "USERNAME", "role": "--role", "unit": "--unit", "bloc": "--bloc",
                "password": "mật khẩu (password)"}


@contextmanager
def options_named():
    """Turn an AccountError into a message that names the command's option at fault, e.g. "--unit: ..."."""
    try:
        yield
    except AccountError as error:
        option = OPTION_NAMES.get(error.field)
        raise click.ClickException(f"{option}: {error.message}" if option else error.message) from error


@group("user")
def user():
    """Quản lý tài khoản (manage users)."""


@user.command("create")
@click.argument("username")
@click.option("--role", required=True, help=f"Một trong (one of): {', '.join(ROLES)}")
@click.option("--unit", "unit_code", default=None, help="Mã đơn vị (unit code), bắt buộc với unit_head")
@click.option("--bloc", "bloc_code", default=None,
              help="Chỉ làm việc với khối này (confine the login to one bloc; default: every bloc)")
def user_create(username, role, unit_code, bloc_code):
    """Tạo tài khoản; mật khẩu đọc từ đầu vào chuẩn (create a user; password read from stdin)."""
    password = sys.stdin.readline().rstrip("\r\n") if not sys.stdin.isatty() else \
        click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    with options_named():
        create_user(username, role, password, unit_code, bloc_code=bloc_code)
    click.echo(f"Đã tạo tài khoản {username} ({role}).")


@user.command("password")
@click.argument("username")
def user_password(username):
    """Đặt mật khẩu mới, kết thúc mọi phiên đăng nhập; mật khẩu đọc từ đầu vào chuẩn (reset a password)."""
    password = sys.stdin.readline().rstrip("\r\n") if not sys.stdin.isatty() else \
        click.prompt("Mật khẩu mới", hide_input=True, confirmation_prompt=True)
    with options_named():
        ended = reset_password(username, password)
    click.echo(f"Đã đặt mật khẩu mới cho {username}; {ended} phiên đăng nhập đã kết thúc "
               f"(password reset, {ended} sessions ended).")
