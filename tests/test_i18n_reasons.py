"""The reasons' renderer: every message key written in Vietnamese and in English, numbers and dates the language's way."""
from pathlib import Path

import pytest

from emulation.engine.rules import load_title_catalogue
from emulation.engine.titles import LEVEL_CONDITION, RULE_CONDITION, VOTE_CONDITION
from emulation.i18n_reasons import MESSAGES, condition_label, decision_word, message_text, reason_text

from web.vietnamese import VIETNAMESE

TITLES = load_title_catalogue(Path(__file__).resolve().parents[1] / "criteria" / "titles.toml")
QUOTA = {"unit": "U1", "share": 0.15, "base_count": 9, "base": "LDTT", "raw": 1.35, "size": 1, "rounding": "floor"}
ORDER = ["council_votes", "women", "provincial_initiative", "initiatives", "research", "task_rating"]
SAMPLES = {
    "registration.missing": {"title": "CSTDCS"}, "registration.done": {"title": "LDTT"},
    "task_rating": {"year": 2017, "rating": "HT", "accepted": ["HTXS", "HTT"]},
    "months_worked": {"review_on": "2017-12-31", "months": 9, "recruited_on": "2017-03-02", "not_counted": 1,
                      "wanted": 10},
    "discipline.none": {}, "discipline.found": {"level": "canh_cao", "bar": "khien_trach", "barred": True},
    "holds_title": {"title": "LDTT", "year": 2017, "held": False},
    "achievement": {"accepts": ["initiative", "research", "htxs", "provincial_initiative"], "initiatives": 2,
                    "research": False, "rating": None, "provincial_initiative": True},
    "provincial_initiative.yes": {}, "provincial_initiative.no": {},
    "consecutive_years": {"title": "CSTDCS", "count": 0, "year": 2017, "years": [], "wanted": 3},
    "plan_completed.yes": {}, "plan_completed.no": {}, "members.none": {},
    "members_title_share": {"count": 5, "total": 8, "share": 0.625, "wanted": 0.5, "strict": True, "title": "LDTT"},
    "members_task_share": {"count": 9, "total": 10, "share": 0.9, "wanted": 1.0, "strict": False,
                           "accepted": ["HTXS", "HTT", "HT"]},
    "members_title_count": {"title": "CSTDCS", "holders": ["T-01"], "wanted": 1},
    "member_discipline.none": {"bar": "canh_cao"},
    "member_discipline.found": {"bar": "canh_cao", "members": [["T-02", "cach_chuc"]]},
    "bloc_rank.none": {}, "bloc_rank": {"rank": 2, "size": 3, "top": 1},
    "plan_targets.none": {},
    "plan_targets": {"wanted": 1.0, "strict": False, "short": 2, "total": 3,
                     "lines": [{"code": "KH", "actual": 1234.5, "target": 1000, "ratio": 1.2345, "ok": True},
                               {"code": "KH2", "missing": "target", "ok": False},
                               {"code": "KH3", "missing": "value", "ok": False}]},
    "level": {"title": "TTLDTT", "level": "collective", "entity": "Z2"},
    "rule.missing": {"rule_set": "B", "title": "CSTD_TINH"},
    "council.no_members": {},
    "council.no_quorum": {"held_on": "2017-12-20", "present": 5, "members": 9, "attendance": 5 / 9, "quorum": 2 / 3},
    "council.vote": {"held_on": "2017-12-20", "present": 9, "members": 9, "votes_for": 5, "base": 9, "share": 5 / 9,
                     "wanted": 2 / 3, "strict": False, "denominator": "members", "met": False},
    "quota.not_eligible": {"quota": QUOTA},
    "quota.tied": {"tied": ["P1", "P2"], "seats": 1, "order": ORDER, "quota": QUOTA},
    "quota.place": {"within": False, "place": 2, "eligible": 3, "order": ORDER, "quota": QUOTA},
}


def test_every_message_has_a_sample():
    assert set(SAMPLES) == set(MESSAGES)


@pytest.mark.parametrize("message", sorted(MESSAGES))
def test_every_message_reads_in_english_without_a_vietnamese_word(message):
    for met in (True, False):
        english = message_text(message, SAMPLES[message], met, "en", TITLES)
        assert english and not VIETNAMESE.search(english), english
        assert message_text(message, SAMPLES[message], met, "vi", TITLES) != english or not SAMPLES[message]


def test_numbers_percentages_dates_and_titles_follow_the_language():
    vote = SAMPLES["council.vote"]
    assert message_text("council.vote", vote, False, "vi", TITLES) == (
        "Chỉ đạt 5/9 phiếu đồng ý (55,6%) trên tổng số thành viên Hội đồng, cần từ 66,7% "
        "(phiên họp 20/12/2017, 9/9 thành viên có mặt)")
    assert message_text("council.vote", vote, False, "en", TITLES) == (
        "Only 5/9 votes for (55.6%) of all council members, at least 66.7% needed "
        "(session of 20 Dec 2017, 9/9 members present)")
    quota = message_text("quota.place", SAMPLES["quota.place"], False, "en", TITLES)
    assert "15% × 9 holders of Advanced worker = 1.35 → 1 (rounded down)" in quota
    assert "1,35 → 1 (làm tròn xuống)" in message_text("quota.place", SAMPLES["quota.place"], False, "vi", TITLES)
    assert "KH 1234.5/1000 (" in message_text("plan_targets", SAMPLES["plan_targets"], False, "en", TITLES)
    assert "KH 1234,5/1000 (" in message_text("plan_targets", SAMPLES["plan_targets"], False, "vi", TITLES)


def test_labels_verdicts_and_reasons_stored_in_words():
    label = {"condition": "Thời gian công tác trong năm", "condition_en": "Time worked in the year"}
    assert (condition_label(label, "vi"), condition_label(label, "en")) == (label["condition"], label["condition_en"])
    for engine_label in (LEVEL_CONDITION, RULE_CONDITION, VOTE_CONDITION):     # the engine's own checks
        assert not VIETNAMESE.search(condition_label({"condition": engine_label}, "en"))
    assert condition_label({"condition": "Nhãn riêng của tổ chức"}, "en") == "Nhãn riêng của tổ chức"
    assert decision_word("undecided", "en") == "Undecided: the council must choose"
    old = {"condition": "Đăng ký thi đua", "met": True, "detail": "Đã đăng ký", "citation": ""}  # a 2026 snapshot
    assert reason_text(old, "en") == "Đã đăng ký"


def test_a_writer_writes_each_number_as_its_own():
    """A Writer keeps the numbers it wrote (a workbook writes the same shares thousands of times): each number,
    type, precision and language is written as its own, whatever came before, and what is kept stays bounded."""
    from emulation.i18n_reasons import _NUMBERS_KEPT, Writer
    words = Writer("vi")
    asked = [(0.5, 2), (0.25, 2), (0.5, 2), (0.25, 1), (1, 2), (1.0, 2), (True, 2), (0.0, 1), (-0.0, 1), (1234.5, 2)]
    assert [words.number(v, d) for v, d in asked] == ["0,5", "0,25", "0,5", "0,2", "1", "1", "1", "0", "-0", "1234,5"]
    assert words.number(1234.5, 2, fixed=True) == "1234,50" and words.number(1234.5, 2, grouped=True) == "1.234,5"
    assert words.percent(0.625) == "62,5%" and words.percent(0.6) == "60%"
    assert Writer("en").number(1234.5, 2, grouped=True) == "1,234.5"
    for n in range(_NUMBERS_KEPT + 10):
        assert words.number(n + 0.5, 1) == f"{n},5"
    assert len(words._numbers) <= _NUMBERS_KEPT and words.number(0.5) == "0,5"
