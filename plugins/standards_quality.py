"""Chi cục Tiêu chuẩn Đo lường Chất lượng: its own criteria in Khối thi đua II.

Targets are the 2017 plan figures of the half-year reports in the project's seed material (fuel
pumps 156, common scales 180, construction material samples 300, 25 agencies whose ISO system is
supervised). The unit's top-level criteria carry no parent: the core attaches them to the
agreement's unit group (500 points in ``criteria/agreements/ktd-ii-2017.toml``) when a year is signed.
"""
from emulation.contract import CriterionSpec, UnitSpec
from emulation.plugin_kit import own_scores_check, own_unit_hooks, plan_targets_hook, target_of

UNIT = UnitSpec(
    code="CCTDC",
    name="Chi cục Tiêu chuẩn Đo lường Chất lượng",
    bloc="KTD-II",
    short_name="Chi cục TC-ĐL-CL",
    name_en="Sub-department of Standards, Metrology and Quality",
)

CRITERIA = (
    CriterionSpec("CCTDC.1", "Kiểm định, thử nghiệm phương tiện đo và vật liệu", "group", 200,
                  name_en="Verification and testing services"),
    CriterionSpec("CCTDC.1.1", "Kiểm định cột đo xăng dầu", "plan", 60, parent="CCTDC.1",
                  name_en="Fuel dispensers verified", target=156, measure="cột đo"),
    CriterionSpec("CCTDC.1.2", "Kiểm định cân thông dụng", "plan", 50, parent="CCTDC.1",
                  name_en="Common scales verified", target=180, measure="cân"),
    CriterionSpec("CCTDC.1.3", "Thử nghiệm mẫu vật liệu xây dựng", "plan", 50, parent="CCTDC.1",
                  name_en="Construction material samples tested", target=300, measure="mẫu"),
    CriterionSpec("CCTDC.1.4", "Thử nghiệm đo điện trở tiếp đất công trình", "count", 40, parent="CCTDC.1",
                  name_en="Earth resistance tests of buildings", measure="công trình", per_item=1),
    CriterionSpec("CCTDC.2", "Quản lý nhà nước về tiêu chuẩn, đo lường, chất lượng", "group", 200,
                  name_en="State management of standards, metrology and quality"),
    CriterionSpec("CCTDC.2.1", "Kiểm tra, giám sát áp dụng HTQLCL theo TCVN ISO 9001:2008 tại cơ quan "
                  "hành chính nhà nước", "plan", 60, parent="CCTDC.2",
                  name_en="Public agencies whose ISO 9001 system was supervised", target=25, measure="cơ quan"),
    CriterionSpec("CCTDC.2.2", "Kiểm tra chất lượng sản phẩm, hàng hóa, nhãn hàng hóa tại cơ sở sản xuất, "
                  "kinh doanh", "count", 50, parent="CCTDC.2",
                  name_en="Facilities inspected for product quality and labelling", measure="cơ sở", per_item=1.5),
    CriterionSpec("CCTDC.2.3", "Kiểm tra nhà nước về đo lường tại cơ sở sản xuất, kinh doanh", "count", 50,
                  parent="CCTDC.2", name_en="Facilities inspected for metrology", measure="cơ sở", per_item=1.5),
    CriterionSpec("CCTDC.2.4", "Hướng dẫn cơ sở công bố hợp quy, đăng ký mã số mã vạch", "count", 20,
                  parent="CCTDC.2", name_en="Facilities guided on conformity and barcodes", measure="cơ sở",
                  per_item=5),
    CriterionSpec("CCTDC.2.5", "Trình UBND tỉnh kế hoạch áp dụng HTQLCL theo TCVN ISO 9001:2008 năm 2017",
                  "pass_fail", 20, parent="CCTDC.2",
                  name_en="Provincial ISO 9001 plan submitted to the People's Committee"),
    CriterionSpec("CCTDC.3", "Chuyển đổi HTQLCL của Chi cục sang phiên bản ISO 9001:2015", "pass_fail", 50,
                  name_en="Own quality system moved to ISO 9001:2015"),
    CriterionSpec("CCTDC.4", "Chất lượng tham mưu, báo cáo chuyên môn cho Sở và UBND tỉnh", "points", 50,
                  name_en="Quality of advice and reports to the Department and the province"),
)


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
