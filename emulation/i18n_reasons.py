"""Reasons in words: the engine's message keys and parameters written in the reader's language.

The title engine (``engine.titles``) and the council's vote (``engine.council``) say why as data: a
message key and plain parameters (numbers, ISO dates, codes). This module is the one place that turns
them into a sentence, for every presentation alike: pages and the API in the request's language, the
CLI and the workbook in the language they are asked for, official documents in Vietnamese.

The sentences are Vietnamese msgids translated by the app's catalogue (``emulation/translations``),
loaded with babel's ``support.Translations`` so no request is needed. Numbers, percentages and dates
are written the language's way (66,7% and 31/12/2026 in Vietnamese; 66.7% and Dec 31, 2026 in English).
Title codes become the catalogue's names in the language. A reason stored before reasons were data
(a published snapshot) has its Vietnamese ``detail`` and is shown as it was.
"""
from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Callable, Mapping

from babel import support

from emulation import formatting
from emulation.engine import numbers

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
VIETNAMESE = "vi"
MARKS = {"vi": (",", "."), "en": (".", ",")}      # decimal mark, thousands mark
_KEPT_NUMBERS = (int, float)        # the types whose words a Writer keeps (``Writer.number``)
_NUMBERS_KEPT = 10_000              # numbers kept per Writer (memory stays bounded for any workbook)


def N_(msgid: str) -> str:
    """Mark `msgid` as a message translated when it is written, not when it is defined."""
    return msgid


RATING_NAMES = {"HTXS": N_("hoàn thành xuất sắc nhiệm vụ"), "HTT": N_("hoàn thành tốt nhiệm vụ"),
                "HT": N_("hoàn thành nhiệm vụ"), "KHT": N_("không hoàn thành nhiệm vụ")}
DISCIPLINE_NAMES = {"khien_trach": N_("khiển trách"), "canh_cao": N_("cảnh cáo"), "ha_bac_luong": N_("hạ bậc lương"),
                    "giang_chuc": N_("giáng chức"), "cach_chuc": N_("cách chức"),
                    "buoc_thoi_viec": N_("buộc thôi việc")}
LEVEL_NAMES = {"individual": N_("cá nhân"), "collective": N_("tập thể"), "unit": N_("đơn vị")}
ROUNDING_NAMES = {"floor": N_("làm tròn xuống"), "ceil": N_("làm tròn lên"), "half_up": N_("làm tròn")}
DENOMINATOR_NAMES = {"members": N_("tổng số thành viên Hội đồng"), "present": N_("số thành viên có mặt")}
PRIORITY_NAMES = {"council_votes": N_("phiếu bầu của Hội đồng"), "women": N_("nữ (ưu tiên theo luật)"),
                  "provincial_initiative": N_("sáng kiến cấp tỉnh"), "initiatives": N_("số sáng kiến"),
                  "research": N_("đề tài nghiệm thu"), "task_rating": N_("xếp loại")}
DECISION_WORDS = {"awarded": N_("Đạt"), "not_awarded": N_("Không đạt"), "not_considered": N_("Không xét"),
                  "undecided": N_("Chưa quyết định: Hội đồng phải chọn")}


@cache
def translations(lang: str) -> support.NullTranslations:
    """Return the app's message catalogue for `lang` (Vietnamese, the msgids' language, needs none)."""
    if lang == VIETNAMESE or lang not in MARKS:
        return support.NullTranslations()
    return support.Translations.load(str(TRANSLATIONS_DIR), [lang], domain="messages")


class Writer:
    """Writes messages, numbers, dates and names in one language; `titles` is the title catalogue (code -> info)."""

    def __init__(self, lang: str = VIETNAMESE, titles: Mapping | None = None):
        self.lang = lang if lang in MARKS else VIETNAMESE
        self.titles = titles or {}
        self._catalogue = translations(self.lang)
        self._dates: dict[str, str] = {}        # ISO date -> words: babel takes ~0.1 ms a date, a year has few dates
        self._numbers: dict[tuple, str] = {}    # (type, value, digits, fixed, grouped) -> words (``number``)

    def __call__(self, msgid: str, **params) -> str:
        """Return `msgid` translated, with `params` put in."""
        text = self._catalogue.gettext(msgid)
        return text % params if params else text

    def in_context(self, context: str, msgid: str, **params) -> str:
        """Return `msgid` as translated in `context` (its msgctxt: the same Vietnamese may read otherwise there)."""
        text = self._catalogue.pgettext(context, msgid)
        return text % params if params else text

    def number(self, value, digits: int = 2, fixed: bool = False, grouped: bool = False) -> str:
        """Return `value` with at most (`fixed`: exactly) `digits` decimals and the language's decimal mark
        (`grouped`: and thousands marks, as amounts of money are written)."""
        # Kept per Writer: a workbook's reasons write the same few shares and counts thousands of times, and
        # format_number rounds through Decimal. Only for a nonzero int or float: its type is in the key (1 and
        # True are written apart), and -0.0 equals 0.0 but is written "-0".
        kept = value.__class__ in _KEPT_NUMBERS and value
        if kept:
            key = (value.__class__, value, digits, fixed, grouped)
            shown = self._numbers.get(key)
            if shown is not None:
                return shown
        decimal, thousands = MARKS[self.lang]
        shown = numbers.format_number(value, digits, fixed=fixed, grouped=grouped, decimal_mark=decimal,
                                      thousands_mark=thousands)
        if kept:
            if len(self._numbers) >= _NUMBERS_KEPT:
                self._numbers.clear()
            self._numbers[key] = shown
        return shown

    def percent(self, share: float) -> str:
        """Return a share (0..1) as a percentage with one decimal: 66,7% (vi), 66.7% (en)."""
        return f"{self.number(float(share) * 100, 1)}%"

    def date(self, iso: str | None) -> str:
        """Return an ISO date as the language writes it in a sentence."""
        if not isinstance(iso, str):
            return formatting.format_date(iso, self.lang)
        shown = self._dates.get(iso)
        if shown is None:
            shown = self._dates[iso] = formatting.format_date(iso, self.lang)    # the pages' one style of the language
        return shown

    def title(self, code: str | None) -> str:
        """Return a title's name in the language (its code when the catalogue does not know it)."""
        info = self.titles.get(code)
        if info is None:
            return code or ""
        return (self.lang != VIETNAMESE and getattr(info, "name_en", "")) or info.name

    def name_of(self, thing: Mapping, attribute: str = "name") -> str:
        """Return a data entry's name in the language: its `attribute`_en in English where given."""
        return (self.lang != VIETNAMESE and thing.get(f"{attribute}_en")) or thing.get(attribute) or ""

    def named(self, names: Mapping[str, str], code: str | None) -> str:
        """Return the name of `code` from one of this module's name tables, translated; the code when unknown."""
        return self(names[code]) if code in names else (code or "")

    def rating(self, code: str | None) -> str:
        """Return 'HTXS (hoàn thành xuất sắc nhiệm vụ)', or that there is no rating."""
        return f"{code} ({self.named(RATING_NAMES, code)})" if code in RATING_NAMES else self("chưa có xếp loại")

    def words(self, items) -> str:
        """Return a list joined with commas."""
        return ", ".join(str(item) for item in items)


def _sign(met: bool, strict: bool) -> str:
    return (">" if met else "≤") if strict else ("≥" if met else "<")


Said = Callable[[Writer, dict, bool], str]


def _plain(msgid: str) -> Said:
    """A message whose parameters go in as they are."""
    return lambda w, p, met: w(msgid, **p)


def _titled(msgid: str) -> Said:
    """A message whose `title` is a title code, written as the title's name."""
    return lambda w, p, met: w(msgid, **{**p, "title": w.title(p["title"])})


def _months_worked(w: Writer, p: dict, met: bool) -> str:
    since = w("tuyển dụng %(date)s", date=w.date(p["recruited_on"])) if p["recruited_on"] else w("cả năm")
    if p["not_counted"]:
        since += w("; không tính %(months)s tháng", months=p["not_counted"])
    return w("Thời gian công tác tính đến %(date)s: %(months)s tháng (%(since)s) %(sign)s %(wanted)s tháng",
             date=w.date(p["review_on"]), months=p["months"], since=since, sign=_sign(met, False), wanted=p["wanted"])


def _discipline(w: Writer, p: dict, met: bool) -> str:
    msgid = "Bị kỷ luật %(level)s (từ mức %(bar)s)" if p["barred"] else "Bị kỷ luật %(level)s (nhẹ hơn mức %(bar)s)"
    return w(msgid, level=w.named(DISCIPLINE_NAMES, p["level"]), bar=w.named(DISCIPLINE_NAMES, p["bar"]))


def _achievement(w: Writer, p: dict, met: bool) -> str:
    yes_no = {True: w("có"), False: w("không")}
    shown = {"initiative": lambda: w("%(count)s sáng kiến được công nhận", count=p["initiatives"]),
             "research": lambda: w("đề tài được nghiệm thu, áp dụng: %(answer)s", answer=yes_no[bool(p["research"])]),
             "htxs": lambda: w("xếp loại %(rating)s", rating=p["rating"] or w("chưa có")),
             "provincial_initiative": lambda: w("sáng kiến cấp tỉnh: %(answer)s",
                                                answer=yes_no[bool(p["provincial_initiative"])])}
    ending = w(" — đạt") if met else w(" — chưa đạt điều kiện nào")
    return "; ".join(shown[a]() for a in p["accepts"] if a in shown) + ending


def _consecutive_years(w: Writer, p: dict, met: bool) -> str:
    return w("Đạt %(title)s liên tục %(count)s năm đến %(year)s (%(years)s) %(sign)s %(wanted)s năm",
             title=w.title(p["title"]), count=p["count"], year=p["year"], years=w.words(p["years"]) or w("không có"),
             sign=_sign(met, False), wanted=p["wanted"])


def _share(msgid: str, **names: Callable[[Writer, dict], str]) -> Said:
    """A share of a collective's members compared with the rule's share."""
    return lambda w, p, met: w(msgid, count=p["count"], total=p["total"], share=w.percent(p["share"]),
                               sign=_sign(met, p["strict"]), wanted=w.percent(p["wanted"]),
                               **{key: name(w, p) for key, name in names.items()})


def _members_title_count(w: Writer, p: dict, met: bool) -> str:
    names = f" ({w.words(p['holders'])})" if p["holders"] else ""
    return w("%(count)s thành viên đạt %(title)s%(names)s %(sign)s %(wanted)s", count=len(p["holders"]),
             title=w.title(p["title"]), names=names, sign=_sign(met, False), wanted=p["wanted"])


def _member_discipline(w: Writer, p: dict, met: bool) -> str:
    listed = w.words(f"{code} ({w.named(DISCIPLINE_NAMES, level)})" for code, level in p["members"])
    return w("%(count)s thành viên bị kỷ luật từ mức %(bar)s trở lên: %(members)s", count=len(p["members"]),
             bar=w.named(DISCIPLINE_NAMES, p["bar"]), members=listed)


def _bloc_rank(w: Writer, p: dict, met: bool) -> str:
    msgid = ("Xếp hạng %(rank)s/%(size)s trong khối, thuộc nhóm dẫn đầu (hạng ≤ %(top)s)" if met
             else "Xếp hạng %(rank)s/%(size)s trong khối, không thuộc nhóm dẫn đầu (hạng ≤ %(top)s)")
    return w(msgid, **p)


def _plan_targets(w: Writer, p: dict, met: bool) -> str:
    sign, wanted = ">" if p["strict"] else "≥", w.percent(p["wanted"])
    head = (w("Tất cả %(total)s chỉ tiêu kế hoạch đạt %(sign)s %(wanted)s", total=p["total"], sign=sign, wanted=wanted)
            if not p["short"] else w("%(short)s/%(total)s chỉ tiêu chưa đạt %(sign)s %(wanted)s", short=p["short"],
                                     total=p["total"], sign=sign, wanted=wanted))
    return f"{head}: {'; '.join(_plan_line(w, line) for line in p['lines'])}"


def _plan_line(w: Writer, line: dict) -> str:
    if line.get("missing") == "target":
        return w("%(code)s chưa có chỉ tiêu", code=line["code"])
    if line.get("missing") == "value":
        return w("%(code)s chưa có số liệu", code=line["code"])
    return f"{line['code']} {w.number(line['actual'])}/{w.number(line['target'])} ({w.percent(line['ratio'])})"


def _level(w: Writer, p: dict, met: bool) -> str:
    return w("Danh hiệu %(title)s dành cho %(level)s, không xét cho %(entity)s", title=w.title(p["title"]),
             level=w.named(LEVEL_NAMES, p["level"]), entity=p["entity"])


def _no_quorum(w: Writer, p: dict, met: bool) -> str:
    return w("Phiên họp không đủ số thành viên: %(present)s/%(members)s có mặt (%(attendance)s), cần từ %(quorum)s",
             present=p["present"], members=p["members"], attendance=w.percent(p["attendance"]),
             quorum=w.percent(p["quorum"]))


def vote_threshold(w: Writer, p: dict) -> str:
    """'từ 66,7%' or 'trên 50%': the approval share a vote must reach (params of a vote rule)."""
    return w("trên %(share)s" if p["strict"] else "từ %(share)s", share=w.percent(p["wanted"]))


def _vote(w: Writer, p: dict, met: bool) -> str:
    msgid = ("Đạt %(votes)s/%(base)s phiếu đồng ý (%(share)s) trên %(denominator)s, cần %(wanted)s "
             "(phiên họp %(date)s, %(present)s/%(members)s thành viên có mặt)" if met else
             "Chỉ đạt %(votes)s/%(base)s phiếu đồng ý (%(share)s) trên %(denominator)s, cần %(wanted)s "
             "(phiên họp %(date)s, %(present)s/%(members)s thành viên có mặt)")
    return w(msgid, votes=p["votes_for"], base=p["base"], share=w.percent(p["share"]),
             denominator=w.named(DENOMINATOR_NAMES, p["denominator"]), wanted=vote_threshold(w, p),
             date=w.date(p["held_on"]), present=p["present"], members=p["members"])


def _quota_text(w: Writer, q: dict) -> str:
    base = w("cá nhân") if q["base"] == "headcount" else w("người đạt %(title)s", title=w.title(q["base"]))
    return w("chỉ tiêu của đơn vị %(unit)s: %(share)s × %(count)s %(base)s = %(raw)s → %(size)s (%(rounding)s)",
             unit=q["unit"], share=w.percent(q["share"]), count=q["base_count"], base=base, raw=w.number(q["raw"]),
             size=q["size"], rounding=w.named(ROUNDING_NAMES, q["rounding"]))


def _order(w: Writer, p: dict) -> str:
    return w.words(w.named(PRIORITY_NAMES, key) for key in p["order"])


def _quota_not_eligible(w: Writer, p: dict, met: bool) -> str:
    return w("Chưa xét trong chỉ tiêu vì chưa đạt điều kiện khác; %(quota)s", quota=_quota_text(w, p["quota"]))


def _quota_tied(w: Writer, p: dict, met: bool) -> str:
    return w("Chưa quyết định: %(count)s ứng viên ngang nhau (%(tied)s) cho %(seats)s suất còn lại ở ranh giới chỉ "
             "tiêu (thứ tự ưu tiên: %(order)s); Hội đồng Thi đua - Khen thưởng phải chọn; %(quota)s",
             count=len(p["tied"]), tied=w.words(p["tied"]), seats=p["seats"], order=_order(w, p),
             quota=_quota_text(w, p["quota"]))


def _quota_place(w: Writer, p: dict, met: bool) -> str:
    msgid = ("Trong chỉ tiêu: xếp thứ %(place)s/%(eligible)s ứng viên đủ điều kiện (thứ tự ưu tiên: %(order)s); "
             "%(quota)s" if p["within"] else
             "Ngoài chỉ tiêu: xếp thứ %(place)s/%(eligible)s ứng viên đủ điều kiện (thứ tự ưu tiên: %(order)s); "
             "%(quota)s")
    return w(msgid, place=p["place"], eligible=p["eligible"], order=_order(w, p), quota=_quota_text(w, p["quota"]))


MESSAGES: dict[str, Said] = {
    "registration.missing": _titled("Chưa đăng ký thi đua danh hiệu %(title)s hoặc danh hiệu cao hơn"),
    "registration.done": _titled("Đã đăng ký thi đua danh hiệu %(title)s"),
    "task_rating": lambda w, p, met: w("Xếp loại năm %(year)s: %(rating)s; yêu cầu: %(accepted)s", year=p["year"],
                                       rating=w.rating(p["rating"]), accepted=w.words(p["accepted"])),
    "months_worked": _months_worked,
    "discipline.none": _plain("Không bị kỷ luật trong năm"),
    "discipline.found": _discipline,
    "holds_title": lambda w, p, met: w("Đạt danh hiệu %(title)s năm %(year)s" if p["held"] else
                                       "Không đạt danh hiệu %(title)s năm %(year)s",
                                       title=w.title(p["title"]), year=p["year"]),
    "achievement": _achievement,
    "provincial_initiative.yes": _plain("Có sáng kiến hiệu quả, phạm vi cấp tỉnh"),
    "provincial_initiative.no": _plain("Chưa có sáng kiến hiệu quả phạm vi cấp tỉnh"),
    "consecutive_years": _consecutive_years,
    "plan_completed.yes": _plain("Hoàn thành kế hoạch được giao"),
    "plan_completed.no": _plain("Chưa hoàn thành kế hoạch được giao"),
    "members.none": _plain("Tập thể chưa có thành viên nào"),
    "members_title_share": _share("%(count)s/%(total)s thành viên đạt %(title)s (%(share)s) %(sign)s %(wanted)s",
                                  title=lambda w, p: w.title(p["title"])),
    "members_task_share": _share("%(count)s/%(total)s thành viên xếp loại %(accepted)s (%(share)s) %(sign)s %(wanted)s",
                                 accepted=lambda w, p: w.words(p["accepted"])),
    "members_title_count": _members_title_count,
    "member_discipline.none": lambda w, p, met: w("Không có thành viên bị kỷ luật từ mức %(bar)s trở lên",
                                                  bar=w.named(DISCIPLINE_NAMES, p["bar"])),
    "member_discipline.found": _member_discipline,
    "bloc_rank.none": _plain("Chưa có kết quả xếp hạng của khối"),
    "bloc_rank": _bloc_rank,
    "plan_targets.none": _plain("Đơn vị không có chỉ tiêu kế hoạch nào được giao"),
    "plan_targets": _plan_targets,
    "level": _level,
    "rule.missing": _titled("Bộ quy tắc %(rule_set)s không quy định danh hiệu %(title)s"),
    "council.no_members": _plain("Phiên họp của Hội đồng chưa ghi thành viên nào"),
    "council.no_quorum": _no_quorum,
    "council.vote": _vote,
    "quota.not_eligible": _quota_not_eligible,
    "quota.tied": _quota_tied,
    "quota.place": _quota_place,
}


def message_text(message: str, params: Mapping, met: bool, lang: str = VIETNAMESE,
                 titles: Mapping | None = None, words: Writer | None = None) -> str:
    """Return the sentence of one message key and its parameters in `lang`.

    :param words: a Writer to write with instead of one for `lang` and `titles` (a caller writing
        thousands of reasons, such as the workbook, keeps one).
    """
    return MESSAGES[message](words or Writer(lang, titles), dict(params), met)


def reason_text(reason: Mapping, lang: str = VIETNAMESE, titles: Mapping | None = None,
                words: Writer | None = None) -> str:
    """Return why a condition is met or not, in `lang` (or `words`' language; a reason stored in words keeps them)."""
    if "message" not in reason:
        return reason.get("detail", "")
    return message_text(reason["message"], reason["params"], reason["met"], lang, titles, words)


def condition_label(reason: Mapping, lang: str = VIETNAMESE) -> str:
    """Return the condition's label in `lang`: the rule data's English label, else the label translated."""
    if lang != VIETNAMESE and reason.get("condition_en"):
        return reason["condition_en"]
    return Writer(lang)(reason["condition"]) if reason.get("condition") else ""


def has_words_in(reason: Mapping, lang: str) -> bool:
    """Whether the condition's label can be written in `lang` (else it is Vietnamese data, shown as it is)."""
    return lang == VIETNAMESE or condition_label(reason, lang) != reason.get("condition")


def rendered_reason(reason: Mapping, lang: str = VIETNAMESE, titles: Mapping | None = None) -> dict:
    """Return the reason as clients get it: key, params and citation, with its label and text in `lang`."""
    return {"code": reason.get("code", ""), "condition": condition_label(reason, lang), "met": reason["met"],
            "message": reason.get("message", ""), "params": dict(reason.get("params", {})),
            "text": reason_text(reason, lang, titles), "citation": reason.get("citation", "")}


@lru_cache(maxsize=64)        # a handful of verdicts and languages; the workbook writes one per decision row
def decision_word(decision: str, lang: str = VIETNAMESE) -> str:
    """Return 'Đạt', 'Không đạt', ... for a decision's verdict, in `lang`."""
    return Writer(lang).named(DECISION_WORDS, decision)


def localized_results(results: Mapping, lang: str = VIETNAMESE, titles: Mapping | None = None) -> dict:
    """Return a copy of a results dict whose every reason also carries its label and text in `lang`."""
    def decisions(rows: list[dict]) -> list[dict]:
        return [{**row, "decisions": [{**d, "title_name": Writer(lang, titles).title(d["title"]),
                                       "reasons": [rendered_reason(r, lang, titles) for r in d["reasons"]]}
                                      for d in row.get("decisions", [])]} for row in rows]
    return {**results, **{key: decisions(results.get(key, [])) for key in ("units", "collectives", "individuals")}}
