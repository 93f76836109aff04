"""`emulation agreement check FILE`: a good file prints its tree; a bad one names file, criterion and field, exit 1."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from emulation.cli import COMMANDS
from emulation.cli.agreements import agreement

AGREEMENTS = Path(__file__).resolve().parents[2] / "criteria" / "agreements"
EXAMPLE = AGREEMENTS / "ctd-lmhtx-2024.toml"


def _check(*args):
    return CliRunner().invoke(agreement, ["check", *map(str, args)])


def test_the_command_is_part_of_emulation():
    assert agreement in COMMANDS and "check" in agreement.commands


def test_the_table_shows_kinds_scorers_panels_bands_grading_and_conferral():
    result = _check(EXAMPLE)
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "banded" in rows["A.1"] and "[0.8, +∞) → 20; [0.6, 0.8) → 15; (-∞, 0.6) → 10" in rows["A.1"]
    assert "đoàn kiểm tra" in rows["A.3"]
    assert "các đơn vị thành viên, trung bình bỏ cao nhất, thấp nhất, không tự chấm" in rows["B.1"]
    assert "Ban Thi đua" in rows["TH.1"] and "số điểm tự do, tối đa 15" in rows["TH.1"]
    assert "Xuất sắc: từ 90%, không tiêu chí nào dưới 85%" in result.output
    assert "Cờ thi đua của Liên minh Hợp tác xã Việt Nam (CO_THI_DUA_LMHTX), 1 đơn vị dẫn đầu" in result.output


def test_the_seed_agreement_prints_with_the_earlier_defaults():
    result = _check(AGREEMENTS / "ktd-ii-2017.toml")
    assert result.exit_code == 0, result.output
    assert "tổng điểm tối đa 1.000" in result.output and "nhóm của đơn vị: B" in result.output
    assert "theo criteria/ranking.toml" in result.output and "theo bộ quy tắc danh hiệu" in result.output


def test_json_gives_the_tree_as_data():
    result = _check(EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    tree = json.loads(result.output)
    assert (tree["bloc"], tree["total_max"], tree["base_max"], tree["unit_group"]) == ("CTD-LMHTX", 125, 100, "")
    nodes = {node["code"]: node for node in tree["criteria"]}
    assert (nodes["A"]["depth"], nodes["A.1"]["depth"]) == (0, 1)
    assert nodes["A.1"]["bands"][1] == {"points": 15, "interval": "[0.6, 0.8)"}
    assert (nodes["B.1"]["panel"], nodes["B.1"]["combine"], nodes["B.1"]["self_scoring"]) == (
        "members", "trimmed_mean", False)
    assert nodes["TR.1"]["scored_by"] == "board" and nodes["TH.1"]["amount"] is True
    assert [b["code"] for b in tree["grading"]] == ["xuat_sac", "tot", "kha", "trung_binh"]
    assert tree["conferral"]["count"] == 1


@pytest.mark.parametrize("old, new, message", [
    ("{ points = 15, lower = 0.6, upper = 0.8 }", "{ points = 15, lower = 0.6, upper = 0.9 }",
     "bad.toml: tiêu chí 'A.1', trường 'bands'"),
    ('combine = "trimmed_mean"', 'combine = "max"', "bad.toml: tiêu chí 'B.1', trường 'combine'"),
    ('scored_by = "reviewer"', 'scored_by = "mayor"', "bad.toml: tiêu chí 'A.3', trường 'scored_by'"),
])
def test_a_bad_file_names_file_criterion_and_field_and_exits_1(tmp_path, old, new, message):
    bad = tmp_path / "bad.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    bad.write_text(text.replace(old, new), encoding="utf-8")
    result = _check(bad)
    assert result.exit_code == 1 and message in result.output
