"""Commands for the installation: the schema and the loaded unit plugins."""
import json

import click
from flask.cli import with_appcontext

from emulation.cli.base import command, registry
from emulation.storage.schema import ensure_schema


@command("init-db")
@with_appcontext
def init_db():
    """Tạo hoặc nâng cấp lược đồ cơ sở dữ liệu (create or upgrade the schema)."""
    upgraded = ensure_schema()
    click.echo("Đã nâng cấp cơ sở dữ liệu." if upgraded else "Cơ sở dữ liệu đã ở phiên bản mới nhất.")


@command("plugins")
@with_appcontext
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table")
def plugins(output):
    """Liệt kê các plugin đơn vị đã nạp (list the loaded unit plugins)."""
    rows = [{"unit": code, "name": unit.spec.name, "bloc": unit.spec.bloc, "plugin": unit.plugin,
             "origin": unit.origin, "criteria": len(unit.criteria)}
            for code, unit in sorted(registry().units.items())]
    if output == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'Mã ĐV':<10} {'Khối':<8} {'Tiêu chí':>8}  {'Nguồn':<28} Tên đơn vị")
    for row in rows:
        click.echo(f"{row['unit']:<10} {row['bloc']:<8} {row['criteria']:>8}  {row['origin']:<28} {row['name']}")
