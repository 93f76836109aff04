"""`emulation agreement check FILE`: validate an agreement file and print its criteria tree, bands and conferral."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from emulation.cli.base import group
from emulation.cli.tables import text_table
from emulation.contract import CriterionSpec
from emulation.engine.criteria import Agreement, band_interval, load_agreement, walk_tree
from emulation.engine.numbers import format_number

SCORER_WORDS = {"unit": "đơn vị tự chấm", "secretariat": "thường trực khối", "reviewer": "đoàn kiểm tra",
                "board": "Ban Thi đua"}
LEVEL_WORDS = {"bloc": "khối", "cluster": "cụm", "association": "hiệp hội, liên minh", "ministry": "bộ, ngành",
               "province": "tỉnh", "government": "Chính phủ", "state": "Nhà nước"}
COMBINE_WORDS = {"mean": "trung bình", "median": "trung vị", "trimmed_mean": "trung bình bỏ cao nhất, thấp nhất"}


@group("agreement")
def agreement():
    """Giao ước thi đua (bloc agreements)."""


@agreement.command("check", with_appcontext=False)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
def check(file, output):
    """Kiểm tra tệp giao ước và in cây tiêu chí (validate an agreement file and print its tree); lỗi: mã 1."""
    tree = agreement_tree(load_agreement(file))
    click.echo(json.dumps(tree, ensure_ascii=False, indent=2) if output == "json" else format_tree(tree), nl=False)
    if output == "json":
        click.echo()


def agreement_tree(found: Agreement) -> dict:
    """Return an agreement as JSON-able data: its head, its criteria in tree order with depth, grading, conferral."""
    return {"file": found.source, "bloc": found.bloc, "year": found.year, "name": found.name,
            "total_max": found.total_max, "base_max": found.base_max, "unit_group": found.unit_group,
            "citation": found.citation,
            "criteria": [{"depth": depth, **_node(spec)} for depth, spec in walk_tree(found.criteria)],
            "grading": [asdict(band) for band in found.grading],
            "conferral": asdict(found.conferral) if found.conferral else None}


def _node(spec: CriterionSpec) -> dict:
    node = {"code": spec.code, "name": spec.name, "kind": spec.kind, "max": spec.max_points, "parent": spec.parent}
    if spec.kind != "group":
        node["scored_by"] = spec.scored_by
    if spec.kind in ("bonus", "deduction", "count"):
        node.update(amount=spec.amount, per_item=spec.per_item)
    if spec.kind == "banded":
        node.update(measure_of=spec.measure_of, target=spec.target,
                    bands=[{"points": b.points, "interval": band_interval(b)} for b in spec.bands])
    if spec.panel:
        node.update(panel=spec.panel, combine=spec.combine, self_scoring=spec.self_scoring)
    if spec.citation:
        node["citation"] = spec.citation
    return node


def _details(node: dict) -> str:
    if "bands" in node:
        return f"{node['measure_of']}: " + "; ".join(f"{b['interval']} → {_num(b['points'])}" for b in node["bands"])
    if node.get("amount"):
        return f"số điểm tự do, tối đa {_num(node['max'])}"
    if node.get("per_item") is not None:
        return f"{_num(node['per_item'])} điểm mỗi lần/mục"
    return ""


def _panel(node: dict) -> str:
    if "panel" not in node:
        return ""
    who = "các đơn vị thành viên" if node["panel"] == "members" else "mọi người chấm"
    own = "" if node["panel"] != "members" else (", tự chấm tính" if node["self_scoring"] else ", không tự chấm")
    return f"{who}, {COMBINE_WORDS[node['combine']]}{own}"


def _num(value: float) -> str:
    return format_number(value, 2, grouped=True)


def format_tree(tree: dict) -> str:
    """Render an agreement tree for a terminal: head, criteria table, grading bands, conferral."""
    head = ("Mã", "Tên", "Loại", "Tối đa", "Người chấm", "Nhiều người chấm", "Mức, cách tính")
    rows = [("  " * node["depth"] + node["code"], node["name"], node["kind"], _num(node["max"]),
             SCORER_WORDS.get(node.get("scored_by"), "—"), _panel(node), _details(node)) for node in tree["criteria"]]
    units = f"nhóm của đơn vị: {tree['unit_group']}" if tree["unit_group"] else "mọi tiêu chí là tiêu chí chung"
    lines = [f"{tree['file']}: {tree['name']}",
             (f"Khối {tree['bloc']}, năm {tree['year']}; tổng điểm tối đa {_num(tree['total_max'])}, "
              f"điểm nội dung (không tính thưởng) {_num(tree['base_max'])}; {units}"), ""]
    lines += text_table(head, rows, {3})
    lines += ["", "Xếp loại (trên điểm nội dung):" if tree["grading"] else
              "Xếp loại: theo criteria/ranking.toml (the configured bands)"]
    for band in tree["grading"]:
        floor = band["min_criterion_share"]
        lines.append(f"  {band['name']}: từ {_percent(band['min_share'])}"
                     + (f", không tiêu chí nào dưới {_percent(floor)} điểm tối đa của nó" if floor else "")
                     + (f" [{band['citation']}]" if band["citation"] else ""))
    conferral = tree["conferral"]
    if conferral:
        how_many = f"{conferral['count']} đơn vị" if conferral["count"] else f"{_percent(conferral['share'])} số đơn vị"
        lines += ["", (f"Danh hiệu cho đơn vị dẫn đầu: {conferral['name']} ({conferral['title']}), {how_many} "
                       f"dẫn đầu, cấp {LEVEL_WORDS[conferral['level']]} [{conferral['citation']}]")]
    else:
        lines += ["", "Danh hiệu cho đơn vị dẫn đầu: theo bộ quy tắc danh hiệu (the title rules' flag)"]
    return "\n".join(lines) + "\n"


def _percent(share: float) -> str:
    return f"{format_number(share * 100, 2)}%"
