"""Trung tâm Thông tin và Thống kê KH&CN: its own criteria in Khối thi đua II.

Its unit and criteria are data: information_statistics.toml beside this module, with the sources of
the targets. Here is what data cannot say: nothing distributed that was not published.
"""
from pathlib import Path

from emulation.plugin_kit import load_unit, own_scores_check, own_unit_hooks, plan_targets_hook

UNIT, CRITERIA = load_unit(Path(__file__).with_suffix(".toml"))
register_units, register_criteria = own_unit_hooks(UNIT, CRITERIA)
register_export_sheets = plan_targets_hook(UNIT, CRITERIA)


@own_scores_check(UNIT)
def validate_scores(scores):
    """Return errors where the centre's figures contradict each other."""
    errors = []
    if (scores.get("TTTK.1.2") or 0) > 0 and scores.get("TTTK.1.1") == 0:
        errors.append("Có số cuốn Thông tin KH&CN phát hành (TTTK.1.2) nhưng không có số nào được xuất bản "
                      "(TTTK.1.1 = 0).")
    if scores.get("TTTK.1.4") == 1 and scores.get("TTTK.1.3") == 0:
        errors.append("Không thể phân phối Lịch khoa học (TTTK.1.4) khi chưa xuất bản cuốn lịch nào (TTTK.1.3 = 0).")
    return errors
