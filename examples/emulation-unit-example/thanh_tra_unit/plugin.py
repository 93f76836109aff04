"""Thanh tra Sở Khoa học và Công nghệ: its own criteria in Khối thi đua II.

The unit and its criteria are data, in plugin.toml beside this module; the check between its figures
is here.
"""
from pathlib import Path

from emulation.plugin_kit import load_unit, own_scores_check, own_unit_hooks, plan_targets_hook

UNIT, CRITERIA = load_unit(Path(__file__).with_suffix(".toml"))
register_units, register_criteria = own_unit_hooks(UNIT, CRITERIA)
register_export_sheets = plan_targets_hook(UNIT, CRITERIA)


@own_scores_check(UNIT)
def validate_scores(scores):
    """Return errors where the inspectorate's figures contradict each other."""
    # Conclusions cannot be on time when no inspection took place.
    if scores.get("TTRA.1.1") == 0 and scores.get("TTRA.1.3") == 1:
        return ["Không có cuộc thanh tra nào (TTRA.1.1 = 0) thì không thể có kết luận thanh tra đúng hạn "
                "(TTRA.1.3)."]
    return []
