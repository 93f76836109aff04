"""The workbook in English (`emulation export --lang en`): titles, bands, verdicts and reasons in English."""
import openpyxl

from web.vietnamese import VIETNAMESE

from .conftest import as_dicts


def test_the_english_workbook_names_titles_and_says_why_in_english(export_file):
    book = openpyxl.load_workbook(export_file("english.xlsx", "--lang", "en"))
    rows = as_dicts(book["Danh hiệu cá nhân"], "STT")
    assert {r["Danh hiệu xét"] for r in rows} >= {"Advanced worker", "Grassroots emulation fighter"}
    assert {r["Kết quả"].split(" — ")[0] for r in rows} <= {"Passed", "Not passed", "Not considered",
                                                           "Undecided: the council must choose"}
    reasons = [r["Điều kiện và lý do"] for r in rows if r["Điều kiện và lý do"]]
    assert any("• Time worked in the year: Time worked up to " in text for text in reasons)
    assert all(not VIETNAMESE.search(text) for text in reasons), next(t for t in reasons if VIETNAMESE.search(t))
    ranking = as_dicts(book["Xếp hạng"], "Hạng")
    assert {r["Xếp loại"] for r in ranking} <= {"Excellent", "Good", "Fair", "Average"}
