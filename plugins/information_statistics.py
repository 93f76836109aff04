"""Trung tâm Thông tin và Thống kê KH&CN: its own criteria in Khối thi đua II.

The criteria follow the centre's 2017 work as the bloc reported it: information bulletins and the
science calendar it publishes, the "KH&CN và Đời sống" television programmes, news on the
Department's website, and the science and technology statistics it files. The website target
(240 news items) is illustrative; the reports give only the result (259). Top-level criteria sum
to the agreement's unit group (500 points); the core attaches them to that group at signing.
"""
from emulation.contract import CriterionSpec, UnitSpec
from emulation.plugin_kit import own_scores_check, own_unit_hooks, plan_targets_hook

UNIT = UnitSpec(
    code="TTTK",
    name="Trung tâm Thông tin và Thống kê khoa học và công nghệ",
    bloc="KTD-II",
    short_name="Trung tâm Thông tin và Thống kê KH&CN",
    name_en="Centre for Science and Technology Information and Statistics",
)

CRITERIA = (
    CriterionSpec("TTTK.1", "Xuất bản, phát hành ấn phẩm KH&CN", "group", 150,
                  name_en="Science and technology publications"),
    CriterionSpec("TTTK.1.1", "Xuất bản tài liệu Thông tin KH&CN", "plan", 40, parent="TTTK.1",
                  name_en="Information bulletin issues published", target=2, measure="số"),
    CriterionSpec("TTTK.1.2", "Phát hành tài liệu Thông tin KH&CN", "plan", 40, parent="TTTK.1",
                  name_en="Information bulletin copies distributed", target=1000, measure="cuốn"),
    CriterionSpec("TTTK.1.3", "Xuất bản Lịch khoa học", "plan", 50, parent="TTTK.1",
                  name_en="Science calendars published", target=2000, measure="cuốn"),
    CriterionSpec("TTTK.1.4", "Phân phối Lịch khoa học đến các đơn vị đăng ký kịp thời, đủ số lượng",
                  "pass_fail", 20, parent="TTTK.1", name_en="Calendars delivered on time and in full"),
    CriterionSpec("TTTK.2", "Thông tin, tuyên truyền về KH&CN", "group", 200,
                  name_en="Science and technology communication"),
    CriterionSpec("TTTK.2.1", "Chương trình \"KH&CN và Đời sống\" phát sóng trên Đài PT-TH tỉnh", "plan", 60,
                  parent="TTTK.2", name_en="Television programmes broadcast", target=6, measure="chương trình"),
    CriterionSpec("TTTK.2.2", "Tin, bài cập nhật trên trang thông tin điện tử khcncaobang.gov.vn", "plan", 60,
                  parent="TTTK.2", name_en="News items posted on the Department's website", target=240,
                  measure="tin, bài"),
    CriterionSpec("TTTK.2.3", "Tin, bài đăng trên Báo Cao Bằng và các tạp chí, bản tin khác", "count", 30,
                  parent="TTTK.2", name_en="Articles in the provincial newspaper and journals",
                  measure="tin, bài", per_item=2),
    CriterionSpec("TTTK.2.4", "Tin, phóng sự, tình huống về sở hữu trí tuệ phát sóng", "count", 30,
                  parent="TTTK.2", name_en="Broadcast news, reports and cases on intellectual property",
                  measure="tin, phóng sự, tình huống", per_item=1),
    CriterionSpec("TTTK.2.5", "Duy trì hoạt động ổn định trang thông tin điện tử tổng hợp của Sở",
                  "pass_fail", 20, parent="TTTK.2", name_en="Department website kept running"),
    CriterionSpec("TTTK.3", "Thống kê KH&CN và hạ tầng thông tin", "group", 150,
                  name_en="Statistics and information infrastructure"),
    CriterionSpec("TTTK.3.1", "Báo cáo thống kê cơ sở và thống kê tổng hợp về KH&CN nộp đúng hạn", "plan", 60,
                  parent="TTTK.3", name_en="Statistics reports filed on time", target=2, measure="báo cáo"),
    CriterionSpec("TTTK.3.2", "Đưa hệ thống Webgiscaobang lên mạng Internet", "pass_fail", 30, parent="TTTK.3",
                  name_en="Webgiscaobang published on the Internet"),
    CriterionSpec("TTTK.3.3", "Lắp đặt, kết nối mạng thông tin KH&CN VinaREN tại đơn vị", "pass_fail", 30,
                  parent="TTTK.3", name_en="VinaREN network connected"),
    CriterionSpec("TTTK.3.4", "Quản trị hệ thống văn phòng điện tử của Sở và các đơn vị trực thuộc", "points", 30,
                  parent="TTTK.3", name_en="Administration of the Department's e-office system"),
)


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
