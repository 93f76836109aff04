"""Trung tâm Ứng dụng tiến bộ KH&CN: its own criteria in Khối thi đua II.

Its unit and criteria are data: technology_application.toml beside this module, with the sources of
the targets. Here is what data cannot say: no more tea sold than made, no more topics on schedule than
the centre chairs.
"""
from pathlib import Path

from emulation.plugin_kit import load_unit, own_scores_check, own_unit_hooks, plan_targets_hook, target_of

UNIT, CRITERIA = load_unit(Path(__file__).with_suffix(".toml"))
register_units, register_criteria = own_unit_hooks(UNIT, CRITERIA)
register_export_sheets = plan_targets_hook(UNIT, CRITERIA)


@own_scores_check(UNIT)
def validate_scores(scores):
    """Return errors where the centre's figures contradict each other."""
    errors = []
    made, sold = scores.get("TTUD.2.1"), scores.get("TTUD.2.2")
    if made is not None and sold is not None and sold > made:
        errors.append(f"Số hộp trà giảo cổ lam tiêu thụ ({sold:g}) không thể lớn hơn số hộp sản xuất ({made:g}).")
    chaired = target_of(CRITERIA, "TTUD.3.1")
    on_schedule = scores.get("TTUD.3.1")
    if on_schedule is not None and on_schedule > chaired:
        errors.append(f"Số đề tài, dự án đúng tiến độ ({on_schedule:g}) không thể vượt số đề tài, dự án "
                      f"Trung tâm chủ trì ({chaired:g}).")
    return errors
