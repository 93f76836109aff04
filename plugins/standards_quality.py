"""Chi cục Tiêu chuẩn Đo lường Chất lượng: its own criteria in Khối thi đua II.

Its unit and criteria are data: standards_quality.toml beside this module, with the sources of the
plan targets. Here is what data cannot say: no more agencies supervised for ISO 9001 than the plan lists.
"""
from pathlib import Path

from emulation.plugin_kit import load_unit, own_scores_check, own_unit_hooks, plan_targets_hook, target_of

UNIT, CRITERIA = load_unit(Path(__file__).with_suffix(".toml"))
register_units, register_criteria = own_unit_hooks(UNIT, CRITERIA)
register_export_sheets = plan_targets_hook(UNIT, CRITERIA)


@own_scores_check(UNIT)
def validate_scores(scores):
    """Return errors where the Chi cục's figures contradict each other."""
    errors = []
    # Every agency applying ISO 9001 is listed in the plan, so the plan is the ceiling.
    planned = target_of(CRITERIA, "CCTDC.2.1")
    supervised = scores.get("CCTDC.2.1")
    if supervised is not None and supervised > planned:
        errors.append(f"Số cơ quan được kiểm tra, giám sát ISO ({supervised:g}) không thể vượt số cơ quan "
                      f"trong kế hoạch ({planned:g}).")
    return errors
