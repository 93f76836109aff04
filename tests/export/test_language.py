"""The workbook in English (`emulation export --lang en`): sheet names, headings, its own words, titles, bands,
verdicts and reasons in English; data (names, positions, notes, citations) and the wording Vietnamese law fixes for
official documents (the national motto, the signature blocks) as they are."""
import openpyxl
import pytest

from emulation.export.sheet_names import CORE_SHEETS, SheetNameError, check_sheet_names
from web.vietnamese import VIETNAMESE

from .conftest import as_dicts, table

ENGLISH_SHEETS = ["Ranking", "Registrations", "Collective titles", "Individual titles", "Proposed for commendation",
                  "Reward money"]
VIETNAMESE_SHEETS = ["Xếp hạng", "Đăng ký thi đua", "Danh hiệu tập thể", "Danh hiệu cá nhân", "Đề nghị khen thưởng",
                     "Tiền thưởng"]
UNITS = ["TTUD", "CCTDC", "TTTK"]
FIRST_HEADING = {"Ranking": "Rank", **{name: "No." for name in ENGLISH_SHEETS[1:]}, **{unit: "Code" for unit in UNITS}}
# What the workbook wrote itself in Vietnamese before it spoke English: none of it may be left in an English cell.
OWN_WORDS = ("Toàn khối", "Tỷ lệ đăng ký", "Cộng điểm", "TỔNG ĐIỂM", "Điều chỉnh", "Trả lại", "Kết quả đã có",
             "đăng ký danh hiệu", "Theo danh hiệu", "Theo đơn vị", "Tiền thưởng =", "Mức lương cơ sở", "Làm tròn",
             "Giao ước:", "Xét danh hiệu", "hiệu lực từ", "căn cứ:", "Khối thi đua:", "Xếp hạng ",
             "Năm thi đua", "Số liệu", "BẢNG ĐIỂM", "BẢNG TỔNG HỢP", "THỐNG KÊ ĐĂNG KÝ", "KẾT QUẢ XÉT",
             "DANH SÁCH ĐỀ NGHỊ", "TỔNG HỢP TIỀN", "Chưa có số liệu")


@pytest.fixture
def english(export_file):
    return openpyxl.load_workbook(export_file("english.xlsx", "--lang", "en"))


def test_the_english_workbook_names_titles_and_says_why_in_english(english):
    rows = as_dicts(english["Individual titles"], "No.")
    assert {r["Title considered"] for r in rows} >= {"Advanced worker", "Grassroots emulation fighter"}
    assert {r["Result"].split(" — ")[0] for r in rows} <= {"Passed", "Not passed", "Not considered",
                                                          "Undecided: the council must choose"}
    reasons = [r["Conditions and reasons"] for r in rows if r["Conditions and reasons"]]
    assert any("• Time worked in the year: Time worked up to " in text for text in reasons)
    assert all(not VIETNAMESE.search(text) for text in reasons), next(t for t in reasons if VIETNAMESE.search(t))
    ranking = as_dicts(english["Ranking"], "Rank")
    assert {r["Band"] for r in ranking} <= {"Excellent", "Good", "Fair", "Average"}


def test_the_english_workbook_has_english_sheet_names_and_headings(english):
    assert english.sheetnames[:len(ENGLISH_SHEETS) + len(UNITS)] == ["Ranking", *UNITS, *ENGLISH_SHEETS[1:]]
    assert not set(VIETNAMESE_SHEETS) & set(english.sheetnames)
    for name, first in FIRST_HEADING.items():
        ws = english[name]
        heading, _rows = table(ws, first)
        assert [h for h in heading if h and VIETNAMESE.search(h)] == [], name
        title_rows = [row[0] for row in ws.iter_rows(min_row=4, max_row=6, values_only=True)]
        # The sheet's title, its bloc and year, the year's state: English but for the bloc's and the unit's names.
        assert title_rows[0].startswith(("EMULATION", "PROPOSED", "REWARD")), title_rows
        assert title_rows[1].startswith("Emulation bloc: ") and title_rows[2] == "The emulation year is open: " \
            "the figures are not locked yet and are for reference only.", title_rows
        assert (ws.oddFooter.left.text.endswith(" – year 2017"), ws.oddFooter.right.text) == (True, "Page &P/&N")
    assert table(english["Registrations"], "No.")[0][:6] == [
        "No.", "Unit", "Collectives registered", "Collectives in all", "Individuals registered", "Individuals in all"]


def test_the_english_workbook_writes_its_own_words_in_english(english):
    cells = {ws.title: [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
             for ws in english.worksheets if ws.title in FIRST_HEADING}
    left = {(sheet, text) for sheet, texts in cells.items() for text in texts for words in OWN_WORDS if words in text}
    assert not left
    units = [v for sheet in UNITS for v in cells[sheet]]
    assert {"Content points", "Bonus points", "Deductions", "TOTAL POINTS"} <= set(units)
    assert any(v.startswith("Adjusted: ") for v in units)
    registrations = cells["Registrations"]
    assert {"Whole bloc", "Share registered"} <= set(registrations)
    assert any(v.startswith("Registered for ") for v in registrations)
    assert any(" individuals registered for the 2017 emulation (of which: " in v for v in registrations)
    rewards = cells["Reward money"]
    assert {"I. By title", "II. By unit", "Whole bloc"} <= set(rewards)
    assert any(v.startswith("Base salary 1,300,000 VND: ") for v in rewards)
    assert "Bloc KTD-II" in cells["Collective titles"]
    assert any(v.startswith("Rank 1, ") and v.endswith(" points") for v in cells["Proposed for commendation"])


def test_the_english_workbook_keeps_official_wording_and_data_in_vietnamese(english):
    ranking = [v for row in english["Ranking"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    # What Vietnamese law fixes for official documents, and names as stored.
    assert {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "NGƯỜI LẬP BIỂU",
            "TM. KHỐI THI ĐUA – TRƯỞNG KHỐI"} <= set(ranking)
    assert "Chi cục Tiêu chuẩn Đo lường Chất lượng" in ranking


def test_the_vietnamese_workbook_keeps_its_vietnamese_names_and_headings(workbook):
    assert workbook.sheetnames[:9] == ["Xếp hạng", *UNITS, *VIETNAMESE_SHEETS[1:]]
    assert table(workbook["Xếp hạng"], "Hạng")[0][:3] == ["Hạng", "Mã đơn vị", "Tên đơn vị"]
    units = [v for row in workbook["TTUD"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "TỔNG ĐIỂM" in units and any(v.startswith("Điều chỉnh: ") for v in units)


def test_every_core_sheet_name_obeys_excel_in_both_languages():
    assert set(ENGLISH_SHEETS + VIETNAMESE_SHEETS) == set(CORE_SHEETS)
    check_sheet_names([("core", name) for name in CORE_SHEETS], reserved=())


@pytest.mark.parametrize("name", ["Ranking", "INDIVIDUAL TITLES", "Xếp hạng"])
def test_a_plugin_sheet_named_like_a_core_sheet_of_either_language_is_refused(name):
    with pytest.raises(SheetNameError, match="Plugin 'p'.*trùng với một trang tính của lõi"):
        check_sheet_names([("p", name)])
