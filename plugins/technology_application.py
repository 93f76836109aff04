"""Trung tâm Ứng dụng tiến bộ KH&CN: its own criteria in Khối thi đua II.

The criteria follow the centre's 2017 work as the bloc reported it: rice line selection, tissue
culture, mushroom spawn received by technology transfer, trà giảo cổ lam made and sold, and the
research topics and project the centre chairs (4 topics + 1 project). The reports give no plan
figure for tea (8,000 boxes) or turmeric (1,500 kg): those targets are illustrative. Top-level
criteria sum to the agreement's unit group (500 points); the core attaches them to that group when
a year is signed.
"""
from emulation.contract import CriterionSpec, UnitSpec
from emulation.plugin_kit import own_scores_check, own_unit_hooks, plan_targets_hook, target_of

UNIT = UnitSpec(
    code="TTUD",
    name="Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
    bloc="KTD-II",
    short_name="Trung tâm Ứng dụng tiến bộ KH&CN",
    name_en="Centre for Application of Scientific and Technological Advances",
)

CRITERIA = (
    CriterionSpec("TTUD.1", "Ứng dụng, chuyển giao tiến bộ KH&CN và xây dựng mô hình", "group", 200,
                  name_en="Technology application, transfer and demonstration models"),
    CriterionSpec("TTUD.1.1", "Gieo trồng, chọn dòng lúa vụ xuân (tam nông) và vụ mùa (nếp pì pất)", "plan", 40,
                  parent="TTUD.1", name_en="Rice line selection area", target=1500, measure="m²"),
    CriterionSpec("TTUD.1.2", "Lúa giống cung cấp, tiêu thụ cho nông dân", "count", 20, parent="TTUD.1",
                  name_en="Rice seed supplied to farmers", measure="kg", per_item=0.1),
    CriterionSpec("TTUD.1.3", "Giun quế giống tiêu thụ từ mô hình chăn nuôi giun quế", "count", 30,
                  parent="TTUD.1", name_en="Breeding earthworms sold from the model", measure="kg",
                  per_item=0.5),
    CriterionSpec("TTUD.1.4", "Nhân giống cây trồng bằng nuôi cấy mô đạt tiêu chuẩn xuất vườn", "count", 40,
                  parent="TTUD.1", name_en="Tissue-culture plants and flasks fit for planting out",
                  measure="lượt bình, cây", per_item=0.2),
    CriterionSpec("TTUD.1.5", "Ống giống nấm hương cấp 1, 2 đạt tiêu chuẩn nhận chuyển giao", "count", 35,
                  parent="TTUD.1", name_en="Shiitake spawn tubes received to standard", measure="ống giống",
                  per_item=1),
    CriterionSpec("TTUD.1.6", "Ống giống nấm sò cấp 1, 2 đạt tiêu chuẩn nhận chuyển giao", "count", 35,
                  parent="TTUD.1", name_en="Oyster mushroom spawn tubes received to standard",
                  measure="ống giống", per_item=1),
    CriterionSpec("TTUD.2", "Hoạt động sản xuất, dịch vụ", "group", 150, name_en="Production and services"),
    CriterionSpec("TTUD.2.1", "Sản xuất trà giảo cổ lam thành phẩm", "plan", 50, parent="TTUD.2",
                  name_en="Gynostemma tea produced", target=8000, measure="hộp"),
    CriterionSpec("TTUD.2.2", "Tiêu thụ trà giảo cổ lam thành phẩm", "plan", 50, parent="TTUD.2",
                  name_en="Gynostemma tea sold", target=8000, measure="hộp"),
    CriterionSpec("TTUD.2.3", "Thu mua nguyên liệu nghệ vàng tươi", "plan", 30, parent="TTUD.2",
                  name_en="Fresh turmeric purchased", target=1500, measure="kg"),
    CriterionSpec("TTUD.2.4", "Sản xuất thử nghiệm tinh bột nghệ curcumin", "pass_fail", 20, parent="TTUD.2",
                  name_en="Trial production of curcumin starch"),
    CriterionSpec("TTUD.3", "Thực hiện đề tài, dự án KH&CN", "group", 150,
                  name_en="Research topics and projects"),
    CriterionSpec("TTUD.3.1", "Đề tài, dự án do Trung tâm chủ trì thực hiện đúng nội dung, tiến độ", "plan", 100,
                  parent="TTUD.3", name_en="Topics and projects chaired on schedule", target=5,
                  measure="đề tài, dự án",
                  description="04 đề tài (Ba kích, nho Cự phong và Tảo Hồng, Lan Kim Tuyến, lúa nếp Trùng Khánh) "
                              "và 01 dự án (rượu Hà thủ ô đỏ Cao Bằng)."),
    CriterionSpec("TTUD.3.2", "Chất lượng hồ sơ, báo cáo định kỳ đề tài, dự án", "points", 50, parent="TTUD.3",
                  name_en="Quality of project files and progress reports"),
)


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
