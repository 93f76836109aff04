"""Demonstration data: the 2017 year of Khối thi đua II of the Cao Bằng Department of Science and Technology.

A pure builder: plain data in (the signed criteria), a ``YearData`` out; no database, no Flask.
The registration figures reproduce the bloc's published report exactly (14/14 collectives and
61/62 individuals registered; 14 for TTLDTT, 3 of them also for TTLDXS; 42 for LDTT, 19 for
CSTDCS). Plan figures come from the 2017 reports among the seed material. People and their
facts are invented but shaped to exercise the title rules: in CCTDC the 15% CSTDCS quota binds
(20 people can hold LDTT, so 3 places, for 8 candidates with an initiative; 7 of them are equal for
the last 2 places, so they stay undecided until the unit's council votes: the demo records no vote);
two people were recruited in 2017, so the months-worked condition matters.
"""
from __future__ import annotations

import csv
from datetime import date
from importlib import resources

from emulation.contract import CriterionSpec
from emulation.engine.criteria import ADJUSTMENT_KINDS
from emulation.engine.yeardata import (AwardData, CollectiveData, CollectiveFacts, PersonData, PersonFacts,
                                       RegistrationData, ScoreLineData, SheetData, SignedCriterion, UnitData, YearData)

BLOC = "KTD-II"
BLOC_NAME = "Khối thi đua II – Sở Khoa học và Công nghệ Cao Bằng"
YEAR = 2017
REVIEW_ON = date(2017, 12, 15)
AGREEMENT_NAME = "Giao ước thi đua năm 2017 của Khối thi đua II – Sở Khoa học và Công nghệ Cao Bằng"

UNITS = (
    UnitData("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Chi cục TC-ĐL-CL", "plugins.standards_quality"),
    UnitData("TTUD", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", "Trung tâm Ứng dụng tiến bộ KH&CN",
             "plugins.technology_application"),
    UnitData("TTTK", "Trung tâm Thông tin và Thống kê khoa học và công nghệ",
             "Trung tâm Thông tin và Thống kê KH&CN", "plugins.information_statistics"),
)

# code -> (name, task rating, plan completed, also registers TTLDXS)
COLLECTIVES = {
    "CCTDC-HC": ("Phòng Hành chính – Tổng hợp", "HTT", True, False),
    "CCTDC-TC": ("Phòng Quản lý Tiêu chuẩn – Chất lượng", "HTT", True, False),
    "CCTDC-DL": ("Phòng Quản lý Đo lường", "HTT", True, False),
    "CCTDC-KD": ("Phòng Kiểm định – Hiệu chuẩn", "HTXS", True, True),
    "CCTDC-TN": ("Phòng Thử nghiệm", "HTT", True, False),
    "TTUD-HC": ("Phòng Hành chính – Tổng hợp", "HTT", True, False),
    "TTUD-UD": ("Phòng Ứng dụng và Chuyển giao công nghệ", "HTT", True, False),
    "TTUD-SH": ("Phòng Công nghệ sinh học", "HTXS", True, True),
    "TTUD-SX": ("Phòng Sản xuất – Dịch vụ", "HT", True, False),
    "TTUD-TN": ("Phòng Kỹ thuật thực nghiệm", "HT", False, False),
    "TTTK-HC": ("Phòng Hành chính – Tổng hợp", "HTT", True, False),
    "TTTK-TT": ("Phòng Thông tin – Tư liệu", "HTXS", True, True),
    "TTTK-TK": ("Phòng Thống kê khoa học và công nghệ", "HTT", True, False),
    "TTTK-TH": ("Phòng Tin học – Mạng", "HTT", True, False),
}

# The bloc's people, one row each in unit order (their code is the unit's code and their rank in it):
# collective, name, position, recruitment, registered title, task rating, discipline and achievements.
PEOPLE_FILE = "demo_people.csv"

HISTORY = (
    AwardData(2015, "CSTDCS", person="CCTDC-01"),
    AwardData(2016, "CSTDCS", person="CCTDC-01"),
    AwardData(2015, "CSTDCS", person="TTUD-05"),
    AwardData(2016, "CSTDCS", person="TTUD-05"),
    AwardData(2016, "CSTDCS", person="TTTK-01"),
    AwardData(2016, "TTLDXS", collective="CCTDC-KD"),
    AwardData(2016, "CO_THI_DUA_TINH", unit="CCTDC"),
)

# unit -> sheet state; a reviewed sheet has every line accepted or adjusted
SHEET_STATES = {"CCTDC": "reviewed", "TTUD": "reviewed", "TTTK": "submitted"}

# Self-scores of the common criteria: (CCTDC, TTUD, TTTK)
COMMON_VALUES = {
    "A.1": (28, 27, 27), "A.2": (1, 1, 1), "A.3": (20, 20, 20), "A.4": (27, 26, 25), "A.5": (1, 1, 1),
    "A.6": (27, 26, 27),
    "C.1": (37, 36, 36), "C.2": (27, 28, 27), "C.3": (28, 27, 28),
    "D.1": (27, 26, 25), "D.2": (1, 1, 1), "D.3": (26, 25, 29), "D.4": (18, 17, 19),
    "E.1": (37, 36, 38), "E.2": (28, 27, 28), "E.3": (1, 1, 1),
    "TH.1": (1, 0, 0), "TH.2": (0, 0, 0), "TH.3": (1, 1, 1), "TH.4": (0, 1, 0),
    "TR.1": (0, 0, 0), "TR.2": (0, 0, 0), "TR.3": (0, 0, 0), "TR.4": (0, 0, 0), "TR.5": (1, 1, 0),
}

# Self-scores of the units' own criteria: actual figures of the 2017 reports where they exist.
UNIT_VALUES = {
    "CCTDC.1.1": 88, "CCTDC.1.2": 162, "CCTDC.1.3": 250, "CCTDC.1.4": 36, "CCTDC.2.1": 17, "CCTDC.2.2": 29,
    "CCTDC.2.3": 32, "CCTDC.2.4": 4, "CCTDC.2.5": 1, "CCTDC.3": 1, "CCTDC.4": 45,
    "TTUD.1.1": 1500, "TTUD.1.2": 200, "TTUD.1.3": 60, "TTUD.1.4": 210, "TTUD.1.5": 26, "TTUD.1.6": 29,
    "TTUD.2.1": 8069, "TTUD.2.2": 8000, "TTUD.2.3": 1511, "TTUD.2.4": 1, "TTUD.3.1": 5, "TTUD.3.2": 45,
    "TTTK.1.1": 2, "TTTK.1.2": 1000, "TTTK.1.3": 2000, "TTTK.1.4": 1, "TTTK.2.1": 6, "TTTK.2.2": 259,
    "TTTK.2.3": 8, "TTTK.2.4": 24, "TTTK.2.5": 1, "TTTK.3.1": 2, "TTTK.3.2": 0, "TTTK.3.3": 1, "TTTK.3.4": 27,
}

# (unit, criterion) -> (reviewed value, reason): the bloc's adjustments at the review
ADJUSTMENTS = {
    ("CCTDC", "CCTDC.2.1"): (12, "Chỉ tính 12 cơ quan hành chính nhà nước có biên bản kiểm tra, giám sát ISO trong "
                                 "năm 2017; 05 cơ quan còn lại chưa có biên bản."),
    ("CCTDC", "CCTDC.4"): (42, "Một số báo cáo tháng gửi Sở chậm so với quy định."),
    ("CCTDC", "A.4"): (25, "Chưa có văn bản đề xuất nhân rộng điển hình tiên tiến trong năm."),
    ("TTUD", "TH.4"): (0, "Mô hình chăn nuôi giun quế chưa có văn bản biểu dương, nhân rộng của cấp tỉnh."),
    ("TTUD", "TR.4"): (1, "Báo cáo sơ kết 6 tháng đầu năm gửi Khối chậm 03 ngày."),
    ("TTUD", "D.3"): (23, "Văn phòng điện tử chưa được sử dụng thường xuyên ở Phòng Kỹ thuật thực nghiệm."),
}

EVIDENCE = {
    "CCTDC.1.1": "Sổ theo dõi kiểm định; biên bản kiểm định cột đo xăng dầu năm 2017.",
    "CCTDC.1.2": "Sổ theo dõi kiểm định cân thông dụng; giấy chứng nhận kiểm định đã cấp.",
    "CCTDC.1.3": "Phiếu kết quả thử nghiệm mẫu vật liệu xây dựng.",
    "CCTDC.1.4": "Biên bản đo điện trở tiếp đất tại 36 công trình.",
    "CCTDC.2.1": "Kế hoạch kiểm tra, giám sát áp dụng ISO; biên bản kiểm tra tại các cơ quan.",
    "CCTDC.2.2": "Biên bản kiểm tra chất lượng, nhãn hàng hóa tại 29 cơ sở (gas, xăng dầu, men rượu, thức ăn "
                 "chăn nuôi, điện – điện tử, phân phối hàng hóa).",
    "CCTDC.2.3": "Biên bản kiểm tra nhà nước về đo lường tại 32 cơ sở (LPG, xăng dầu, khối lượng, hàng Tết).",
    "CCTDC.2.4": "Hồ sơ hướng dẫn công bố hợp quy, mã số mã vạch, kiểm tra hàng nhập khẩu (04 cơ sở).",
    "CCTDC.2.5": "Dự thảo kế hoạch áp dụng HTQLCL năm 2017 đã trình UBND tỉnh.",
    "CCTDC.3": "Sổ tay chất lượng và quy trình của Chi cục theo ISO 9001:2015.",
    "TTUD.1.1": "Sổ theo dõi mô hình lúa vụ xuân (tam nông) và vụ mùa (nếp pì pất), diện tích 1.500 m².",
    "TTUD.1.2": "Phiếu xuất kho lúa giống (200 kg).",
    "TTUD.1.3": "Phiếu bán giun quế giống cho bà con nông dân (60 kg).",
    "TTUD.1.4": "Sổ theo dõi phòng nuôi cấy mô: 80 lượt bình lan, 130 cây chuối đạt tiêu chuẩn xuất vườn.",
    "TTUD.1.5": "Biên bản nhận chuyển giao giống nấm với Trung tâm Ứng dụng tiến bộ KH&CN Thái Nguyên.",
    "TTUD.1.6": "Biên bản nhận chuyển giao giống nấm với Trung tâm Ứng dụng tiến bộ KH&CN Thái Nguyên.",
    "TTUD.2.1": "Sổ theo dõi sản xuất: 8.069 hộp trà giảo cổ lam thành phẩm.",
    "TTUD.2.2": "Hóa đơn bán hàng: 8.000 hộp trà giảo cổ lam.",
    "TTUD.2.3": "Bảng kê thu mua 1.511 kg nghệ vàng tươi.",
    "TTUD.2.4": "Báo cáo thử nghiệm: 10 kg nghệ tươi thu được 0,4 g tinh bột nghệ curcumin.",
    "TTUD.3.1": "Báo cáo tiến độ 04 đề tài và 01 dự án do Trung tâm chủ trì.",
    "TTTK.1.1": "Tài liệu Thông tin KH&CN số 1 và số 2 năm 2017.",
    "TTTK.1.2": "Sổ phát hành: 1.000 cuốn Thông tin KH&CN.",
    "TTTK.1.3": "Hợp đồng in và biên bản giao nhận 2.000 cuốn Lịch khoa học năm 2017.",
    "TTTK.2.1": "Kịch bản và lịch phát sóng 06 chương trình KH&CN và Đời sống.",
    "TTTK.2.2": "Thống kê trang khcncaobang.gov.vn: 259 tin, bài.",
    "TTTK.2.4": "Lịch phát sóng: 12 tin, 6 phóng sự, 6 tình huống về sở hữu trí tuệ.",
    "TTTK.3.1": "Báo cáo thống kê cơ sở và báo cáo thống kê tổng hợp về KH&CN năm 2017.",
    "TTTK.3.2": "Đang hoàn thiện nội dung, thủ tục; chưa đưa lên mạng Internet.",
    "TTTK.3.3": "Biên bản lắp đặt mạng VinaREN tại đơn vị.",
    "TH.1": "Cờ thi đua của UBND tỉnh năm 2016.",
    "TH.3": "Quyết định công nhận sáng kiến có phạm vi ảnh hưởng cấp tỉnh năm 2017.",
    "TH.4": "Mô hình chăn nuôi giun quế được nhân rộng tại các hộ nông dân.",
    "TR.5": "Quyết định kỷ luật trong năm 2017.",
}
GROUP_EVIDENCE = {
    "A": "Kế hoạch, văn bản phát động thi đua; bản đăng ký thi đua năm 2017.",
    "C": "Nghị quyết chi bộ; báo cáo tổng kết công đoàn, chi đoàn năm 2017.",
    "D": "Báo cáo cải cách hành chính năm 2017.",
    "E": "Báo cáo công khai tài chính; báo cáo thực hành tiết kiệm, chống lãng phí.",
}


def build_demo_year(criteria: list[SignedCriterion]) -> YearData:
    """Return the demonstration year of Khối thi đua II for 2017, scored on the signed `criteria`."""
    people, person_facts, registrations = _people()
    collectives = [CollectiveData(code, name, code.split("-")[0]) for code, (name, *_) in COLLECTIVES.items()]
    collective_facts = [CollectiveFacts(code, rating, plan) for code, (_, rating, plan, _) in COLLECTIVES.items()]
    registrations += _collective_registrations()
    common = [c.spec for c in criteria if c.unit is None]
    return YearData(
        bloc=BLOC, bloc_name=BLOC_NAME, year=YEAR, state="open", review_on=REVIEW_ON,
        agreement_name=AGREEMENT_NAME,
        total_max=float(sum(s.max_points for s in common if s.parent is None and s.kind != "deduction")),
        unit_group=_unit_group(criteria), units=list(UNITS), collectives=collectives, people=people,
        person_facts=person_facts, collective_facts=collective_facts, registrations=registrations,
        criteria=list(criteria), lines=_lines(criteria),
        sheets=[SheetData(unit.code, SHEET_STATES[unit.code]) for unit in UNITS], history=list(HISTORY),
    )


def demo_users() -> list[tuple[str, str, str | None]]:
    """Return the demo logins as (username, role, unit code or None): the secretariat and one head per unit."""
    return [("thuky", "secretariat", None)] + [(f"{u.code.lower()}.truong", "unit_head", u.code) for u in UNITS]


def _people() -> tuple[list[PersonData], list[PersonFacts], list[RegistrationData]]:
    people, facts, registrations = [], [], []
    numbers: dict[str, int] = {}
    with resources.files(__package__).joinpath(PEOPLE_FILE).open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            unit = row["unit"]
            numbers[unit] = numbers.get(unit, 0) + 1
            code = f"{unit}-{numbers[unit]:02d}"
            people.append(PersonData(code, row["full_name"], unit, row["position"], f"{unit}-{row['collective']}",
                                     date.fromisoformat(row["recruited_on"])))
            facts.append(PersonFacts(code, row["task_rating"], row["discipline"] or None, int(row["initiatives"]),
                                     row["research_accepted"] == "yes", row["provincial_initiative"] == "yes"))
            if row["registered_title"]:
                registrations.append(RegistrationData(row["registered_title"], person=code))
    return people, facts, registrations


def _collective_registrations() -> list[RegistrationData]:
    rows = [RegistrationData("TTLDTT", collective=code) for code in COLLECTIVES]
    rows += [RegistrationData("TTLDXS", collective=code) for code, (*_, excellent) in COLLECTIVES.items()
             if excellent]
    return rows


def _unit_group(criteria: list[SignedCriterion]) -> str:
    """Return the common group the units' own top-level criteria were attached to at signing."""
    common_groups = {c.spec.code for c in criteria if c.unit is None and c.spec.kind == "group"}
    parents = {c.spec.parent for c in criteria if c.unit is not None and c.spec.parent in common_groups}
    if len(parents) == 1:
        return parents.pop()
    cores = [c.spec.code for c in criteria if c.unit is None and c.spec.kind == "group" and c.spec.core]
    return cores[0] if cores else ""


def _lines(criteria: list[SignedCriterion]) -> list[ScoreLineData]:
    lines = []
    for index, unit in enumerate(UNITS):
        for signed in criteria:
            spec = signed.spec
            if spec.kind == "group" or signed.unit not in (None, unit.code):
                continue
            lines.append(_line(unit.code, spec, _self_value(spec, index)))
    return lines


def _self_value(spec: CriterionSpec, unit_index: int) -> float:
    if spec.code in COMMON_VALUES:
        return float(COMMON_VALUES[spec.code][unit_index])
    if spec.code in UNIT_VALUES:
        return float(UNIT_VALUES[spec.code])
    # A criterion added to the agreement after this data was written: a plausible middle value.
    if spec.kind == "points":
        return float(round(spec.max_points * 0.85))
    if spec.kind == "pass_fail":
        return 1.0
    if spec.kind == "plan" and spec.target:
        return float(spec.target)
    return 0.0


def _line(unit: str, spec: CriterionSpec, self_value: float) -> ScoreLineData:
    evidence = EVIDENCE.get(spec.code) or GROUP_EVIDENCE.get(spec.code.split(".")[0], "")
    if spec.kind in ADJUSTMENT_KINDS and not self_value:
        evidence = ""
    if SHEET_STATES[unit] != "reviewed":
        return ScoreLineData(unit, spec.code, self_value, evidence=evidence)
    adjustment = ADJUSTMENTS.get((unit, spec.code))
    if adjustment is None:
        return ScoreLineData(unit, spec.code, self_value, review_state="accepted", evidence=evidence)
    reviewed, reason = adjustment
    return ScoreLineData(unit, spec.code, self_value, float(reviewed), "adjusted", reason=reason, evidence=evidence)
