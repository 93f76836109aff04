"""Thanh tra Sở Khoa học và Công nghệ: its own criteria in Khối thi đua II.

The inspectorate's work as emulation criteria: planned inspections, facilities inspected, conclusions
issued on time, citizens received and complaints settled, anti-corruption reporting. The targets are
illustrative. Top-level criteria carry no parent and sum to the agreement's unit group (group B,
500 points in ``criteria/agreements/ktd-ii-2017.toml``); the suite attaches them to it when a year is
signed.
"""
from emulation.contract import CriterionSpec, UnitSpec
from emulation.plugin_kit import own_scores_check, own_unit_hooks, plan_targets_hook

UNIT = UnitSpec(
    code="TTRA",
    name="Thanh tra Sở Khoa học và Công nghệ",
    bloc="KTD-II",
    short_name="Thanh tra Sở",
    name_en="Inspectorate of the Department of Science and Technology",
)

CRITERIA = (
    CriterionSpec("TTRA.1", "Thanh tra, kiểm tra chuyên ngành khoa học và công nghệ", "group", 250,
                  name_en="Specialised inspections"),
    CriterionSpec("TTRA.1.1", "Cuộc thanh tra, kiểm tra theo kế hoạch được duyệt", "plan", 100, parent="TTRA.1",
                  name_en="Planned inspections carried out", target=12, measure="cuộc"),
    CriterionSpec("TTRA.1.2", "Cơ sở sản xuất, kinh doanh được thanh tra, kiểm tra", "count", 80, parent="TTRA.1",
                  name_en="Facilities inspected", measure="cơ sở", per_item=2),
    CriterionSpec("TTRA.1.3", "Kết luận thanh tra ban hành đúng thời hạn", "pass_fail", 70, parent="TTRA.1",
                  name_en="Inspection conclusions issued on time"),
    CriterionSpec("TTRA.2", "Tiếp công dân, giải quyết khiếu nại, tố cáo", "group", 150,
                  name_en="Receiving citizens, settling complaints and denunciations"),
    CriterionSpec("TTRA.2.1", "Tiếp công dân định kỳ theo lịch", "pass_fail", 50, parent="TTRA.2",
                  name_en="Citizens received on the scheduled days"),
    CriterionSpec("TTRA.2.2", "Đơn khiếu nại, tố cáo được giải quyết đúng thẩm quyền, đúng hạn", "points", 100,
                  parent="TTRA.2", name_en="Complaints and denunciations settled lawfully and on time"),
    CriterionSpec("TTRA.3", "Phòng, chống tham nhũng và báo cáo định kỳ", "points", 100,
                  name_en="Anti-corruption work and periodic reports"),
)


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
