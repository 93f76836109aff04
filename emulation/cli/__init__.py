"""The `emulation` command: a Flask CLI group over create_app."""
from __future__ import annotations

import json
import secrets
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from emulation.accounts.service import AccountError, create_user, reset_password
from emulation.cli.tables import format_table
from emulation.devdata.demo import build_demo_year, demo_users
from emulation.devdata.synth import (
    SynthError,
    SynthPlan,
    synthesize,
    template_agreement,
)
from emulation.engine.criteria import CriteriaError
from emulation.engine.rules import RulesError
from emulation.engine.scoring import ScoringError
from emulation.export.workbook import ExportError, export_year
from emulation.extensions import db
from emulation.models import User
from emulation.plugin_host.host import PluginError
from emulation.storage.audit import CLI, format_event, matches
from emulation.storage.database import (
    StoreError,
    read_audit,
    read_year,
    write_year,
    year_exists,
)
from emulation.storage.schema import ensure_schema
from emulation.storage.snapshots import year_snapshots
from emulation.storage.yearfile import YearFileError, from_json, to_json
from emulation.years.results import year_results
from emulation.years.signing import new_year, sign_year

DEMO_BLOC, DEMO_YEAR = "KTD-II", 2017


def _create_app(*_args, **_kwargs) -> Flask:
    # Imported here: the app factory registers these very commands.
    from emulation.app import create_app
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main():
    """Bộ chấm điểm thi đua (emulation scoring suite)."""


def register_commands(app: Flask) -> None:
    """Attach the emulation commands to `app.cli` so `flask --app wsgi ...` has them too."""
    for command in (init_db, demo, plugins, sign, dump, load, results, export, synth, user, history):
        app.cli.add_command(command)


def _registry():
    return current_app.extensions["emulation.registry"]


@click.command("init-db")
@with_appcontext
def init_db():
    """Tạo hoặc nâng cấp lược đồ cơ sở dữ liệu (create or upgrade the schema)."""
    upgraded = ensure_schema()
    click.echo("Đã nâng cấp cơ sở dữ liệu." if upgraded else "Cơ sở dữ liệu đã ở phiên bản mới nhất.")


@click.command("demo")
@with_appcontext
def demo():
    """Nạp khối thi đua mẫu KTD-II năm 2017 (load the demo bloc; safe to run again)."""

    if year_exists(DEMO_BLOC, DEMO_YEAR):
        click.echo(f"Dữ liệu mẫu {DEMO_BLOC} năm {DEMO_YEAR} đã có; không nạp lại (demo already loaded).")
    else:
        try:
            signed = new_year(_registry(), current_app.config["EMULATION_CRITERIA_DIR"], DEMO_BLOC, DEMO_YEAR)
            write_year(build_demo_year(signed.criteria))
        except (CriteriaError, StoreError) as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Đã nạp khối {DEMO_BLOC} năm {DEMO_YEAR} (demo loaded).")
    created = []
    for username, role, unit_code in demo_users():
        if db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none():
            continue
        password = secrets.token_urlsafe(9)
        create_user(username, role, password, unit_code)
        created.append((username, role, unit_code or "", password))
    if created:
        click.echo("Tài khoản mới (mật khẩu chỉ hiện một lần / passwords are shown once):")
        for username, role, unit_code, password in created:
            click.echo(f"  {username:<16} {role:<12} {unit_code:<8} {password}")


@click.command("plugins")
@with_appcontext
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table")
def plugins(output):
    """Liệt kê các plugin đơn vị đã nạp (list the loaded unit plugins)."""
    rows = [{"unit": code, "name": unit.spec.name, "bloc": unit.spec.bloc, "plugin": unit.plugin,
             "origin": unit.origin, "criteria": len(unit.criteria)}
            for code, unit in sorted(_registry().units.items())]
    if output == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'Mã ĐV':<10} {'Khối':<8} {'Tiêu chí':>8}  {'Nguồn':<28} Tên đơn vị")
    for row in rows:
        click.echo(f"{row['unit']:<10} {row['bloc']:<8} {row['criteria']:>8}  {row['origin']:<28} {row['name']}")


@click.command("sign")
@with_appcontext
@click.option("--bloc", required=True, help="Mã khối thi đua (bloc code)")
@click.option("--year", required=True, type=int)
@click.option("--bloc-name", default="", help="Tên khối khi tạo mới (bloc name for a new bloc)")
def sign(bloc, year, bloc_name):
    """Ký giao ước: đóng băng tiêu chí của năm (sign the agreement and freeze the year's criteria)."""
    try:
        data = sign_year(_registry(), current_app.config["EMULATION_CRITERIA_DIR"], bloc, year, bloc_name, actor=CLI)
    except (CriteriaError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Đã ký giao ước khối {bloc} năm {year}: {len(data.units)} đơn vị, {len(data.criteria)} tiêu chí.")


@click.command("dump")
@with_appcontext
@click.option("--bloc", required=True)
@click.option("--year", required=True, type=int)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
def dump(bloc, year, output):
    """In cả năm thi đua dạng JSON (print the whole year as JSON)."""
    try:
        data = read_year(bloc, year)
        data.audit = read_audit(bloc, year)
        data.snapshots = year_snapshots(bloc, year)
        document = to_json(data)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    output.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


@click.command("results")
@with_appcontext
@click.option("--bloc", required=True)
@click.option("--year", required=True, type=int)
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table")
def results(bloc, year, output):
    """Kết quả: tổng điểm, xếp hạng, danh hiệu kèm lý do (totals, ranks and title decisions with reasons)."""

    try:
        computed = year_results(bloc, year)
    except (StoreError, RulesError, ScoringError) as exc:
        raise click.ClickException(str(exc)) from exc
    if output == "json":
        click.echo(json.dumps(computed, ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(computed))


@click.command("export")
@with_appcontext
@click.option("--bloc", required=True, help="Mã khối thi đua (bloc code)")
@click.option("--year", required=True, type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Tệp .xlsx cần ghi (the workbook to write)")
def export(bloc, year, output):
    """Xuất sổ tổng kết năm ra tệp XLSX (write the year-end workbook)."""

    try:
        export_year(bloc, year, output)
    except (StoreError, RulesError, ScoringError, PluginError, ExportError) as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"Không ghi được tệp '{output}': {exc}") from exc
    click.echo(f"Đã xuất sổ tổng kết khối {bloc} năm {year} ra {output}.")


@click.command("load")
@with_appcontext
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--replace", is_flag=True, help="Thay năm đã có (replace an existing open year)")
def load(file, replace):
    """Nạp một năm thi đua từ tệp JSON (load a year from a dump file); all or nothing."""
    try:
        document = json.load(file)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"Tệp không phải JSON hợp lệ, dòng {exc.lineno} cột {exc.colno}: {exc.msg}")
    try:
        data = from_json(document)
        write_year(data, replace=replace, actor=CLI, action="replace" if replace else "load",
                   reason=f"tệp {file.name}")
    except (YearFileError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Đã nạp khối {data.bloc} năm {data.year}: {len(data.units)} đơn vị, {len(data.people)} cá nhân.")


@click.command("synth")
@with_appcontext
@click.option("--units", default=1000, show_default=True, type=click.IntRange(1))
@click.option("--people", default=100_000, show_default=True, type=click.IntRange(1))
@click.option("--blocs", default=0, type=click.IntRange(0), help="Số khối (default: một khối mỗi 25 đơn vị)")
@click.option("--collectives-per-unit", default=5, show_default=True, type=click.IntRange(0))
@click.option("--criteria-per-unit", default=12, show_default=True, type=click.IntRange(1))
@click.option("--year", default=2025, show_default=True, type=int)
@click.option("--seed", default=1, show_default=True, type=int)
def synth(units, people, blocs, collectives_per_unit, criteria_per_unit, year, seed):
    """Tạo một năm thi đua tổng hợp quy mô bộ, ngành (fill the database with a synthetic year for benchmarks)."""

    plan = SynthPlan(units, people, blocs, collectives_per_unit, criteria_per_unit, year, seed)
    try:
        counts = synthesize(plan, template_agreement(current_app.config["EMULATION_CRITERIA_DIR"]),
                            lambda stage, count, elapsed: click.echo(f"  {stage:<18} {count:>9,}  {elapsed:7.1f} s"))
    except (SynthError, CriteriaError) as exc:
        raise click.ClickException(str(exc)) from exc
    codes = plan.bloc_codes()
    click.echo(f"Đã tạo năm {year}: {counts['blocs']} khối ({codes[0]}…{codes[-1]}), {counts['units']:,} đơn vị, "
               f"{counts['people']:,} cá nhân, {counts['score lines']:,} dòng điểm.")


@click.group("user", cls=AppGroup)
def user():
    """Quản lý tài khoản (manage users)."""


@user.command("create")
@click.argument("username")
@click.option("--role", required=True, help="secretariat, reviewer, unit_head hoặc viewer")
@click.option("--unit", "unit_code", default=None, help="Mã đơn vị (unit code), bắt buộc với unit_head")
@click.option("--bloc", "bloc_code", default=None,
              help="Chỉ làm việc với khối này (confine the login to one bloc; default: every bloc)")
def user_create(username, role, unit_code, bloc_code):
    """Tạo tài khoản; mật khẩu đọc từ đầu vào chuẩn (create a user; password read from stdin)."""
    password = sys.stdin.readline().rstrip("\r\n") if not sys.stdin.isatty() else \
        click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    try:
        create_user(username, role, password, unit_code, bloc_code=bloc_code)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Đã tạo tài khoản {username} ({role}).")


@user.command("password")
@click.argument("username")
def user_password(username):
    """Đặt mật khẩu mới, kết thúc mọi phiên đăng nhập; mật khẩu đọc từ đầu vào chuẩn (reset a password)."""
    password = sys.stdin.readline().rstrip("\r\n") if not sys.stdin.isatty() else \
        click.prompt("Mật khẩu mới", hide_input=True, confirmation_prompt=True)
    try:
        ended = reset_password(username, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Đã đặt mật khẩu mới cho {username}; {ended} phiên đăng nhập đã kết thúc "
               f"(password reset, {ended} sessions ended).")


@click.command("history")
@with_appcontext
@click.option("--bloc", required=True, help="Mã khối thi đua (bloc code)")
@click.option("--year", required=True, type=int)
@click.option("--unit", default=None, help="Chỉ đơn vị này (only this unit)")
@click.option("--criterion", default=None, help="Chỉ dòng điểm của tiêu chí này (only this criterion's lines)")
def history(bloc, year, unit, criterion):
    """In lịch sử thay đổi của năm thi đua, cũ trước (print the year's audit trail, or a unit's or a line's)."""

    if not year_exists(bloc, year):
        raise click.ClickException(f"Khối {bloc} chưa có năm thi đua {year} (no such bloc year)")
    events = [event for event in read_audit(bloc, year) if matches(event, unit, criterion)]
    for event in events:
        click.echo(format_event(event))
    if not events:
        click.echo("Chưa có thay đổi nào được ghi lại (no recorded changes).")
