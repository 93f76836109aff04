"""Commands that fill the database: the demo bloc, a synthetic ministry-scale year."""
import secrets

import click
from flask import current_app
from flask.cli import with_appcontext

from emulation.accounts.service import create_user
from emulation.cli.base import command, registry
from emulation.devdata.demo import build_demo_year, demo_users
from emulation.devdata.synth import SynthPlan, synthesize, template_agreement
from emulation.extensions import db
from emulation.models import User
from emulation.storage.database import write_year, year_exists
from emulation.years.signing import new_year

DEMO_BLOC, DEMO_YEAR = "KTD-II", 2017


@command("demo")
@with_appcontext
def demo():
    """Nạp khối thi đua mẫu KTD-II năm 2017 (load the demo bloc; safe to run again)."""
    if year_exists(DEMO_BLOC, DEMO_YEAR):
        click.echo(f"Dữ liệu mẫu {DEMO_BLOC} năm {DEMO_YEAR} đã có; không nạp lại (demo already loaded).")
    else:
        signed = new_year(registry(), current_app.config["EMULATION_CRITERIA_DIR"], DEMO_BLOC, DEMO_YEAR)
        write_year(build_demo_year(signed.criteria))
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


@command("synth")
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
    counts = synthesize(plan, template_agreement(current_app.config["EMULATION_CRITERIA_DIR"]),
                        lambda stage, count, elapsed: click.echo(f"  {stage:<18} {count:>9,}  {elapsed:7.1f} s"))
    codes = plan.bloc_codes()
    click.echo(f"Đã tạo năm {year}: {counts['blocs']} khối ({codes[0]}…{codes[-1]}), {counts['units']:,} đơn vị, "
               f"{counts['people']:,} cá nhân, {counts['score lines']:,} dòng điểm.")
