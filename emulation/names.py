"""The names people read for coded values: roles, task ratings, discipline levels, decision levels, pass/fail
values and titles. Pages, forms and messages show these, the code at most as a quiet hint beside the name.

Title names come from the catalogue (``criteria/titles.toml``, Vietnamese and English); the other names are
messages translated like any other.
"""
from __future__ import annotations

from flask import Flask, g, has_app_context
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from markupsafe import Markup

from emulation.i18n import format_number, localized
from emulation.storage.rule_files import app_catalogue

ROLE_NAMES = {"secretariat": _l("Thư ký khối"), "reviewer": _l("Người đánh giá"),
              "unit_head": _l("Trưởng đơn vị"), "viewer": _l("Người xem"),
              "board": _l("Ban Thi đua - Khen thưởng")}
RATING_NAMES = {"HTXS": _l("Hoàn thành xuất sắc nhiệm vụ"), "HTT": _l("Hoàn thành tốt nhiệm vụ"),
                "HT": _l("Hoàn thành nhiệm vụ"), "KHT": _l("Không hoàn thành nhiệm vụ")}
DISCIPLINE_NAMES = {"khien_trach": _l("Khiển trách"), "canh_cao": _l("Cảnh cáo"), "ha_bac_luong": _l("Hạ bậc lương"),
                    "giang_chuc": _l("Giáng chức"), "cach_chuc": _l("Cách chức"),
                    "buoc_thoi_viec": _l("Buộc thôi việc")}
DECISION_LEVEL_NAMES = {"unit": _l("Cấp đơn vị"), "bloc": _l("Cấp khối"), "ministry": _l("Cấp bộ, ngành"),
                        "province": _l("Cấp tỉnh"), "government": _l("Chính phủ"), "state": _l("Nhà nước")}
# A pass/fail criterion's value: "met" here, not the "passed" of a title decision (hence the context).
PASS_FAIL_NAMES = {1: lazy_pgettext("tiêu chí đạt/không đạt", "Đạt"),
                   0: lazy_pgettext("tiêu chí đạt/không đạt", "Không đạt")}
NOT_DISCIPLINED = _l("Không")


def rating_name(code: str | None) -> str:
    """Return the name of task rating `code` (Hoàn thành tốt nhiệm vụ); "—" when there is none."""
    return str(RATING_NAMES.get(code, code)) if code else "—"


def discipline_name(code: str | None) -> str:
    """Return the name of discipline level `code` (Khiển trách); "Không" (none) when there is none."""
    return str(DISCIPLINE_NAMES.get(code, code)) if code else str(NOT_DISCIPLINED)


def title_name(code: str) -> str:
    """Return the name of title `code` in the user's language (the catalogue's), the code itself when unknown."""
    info = _catalogue().get(code)
    return localized(info) if info else code


def title_label(code: str) -> Markup:
    """Return the title's name with its code as a quiet hint: ``Lao động tiên tiến <span class="code">LDTT</span>``."""
    return Markup('{} <span class="code">{}</span>').format(title_name(code), code)


def criterion_value(value: float | None, kind: str) -> str:
    """Return a score line's value as read: Đạt / Không đạt for a pass/fail criterion, else the number; "—" for none."""
    if value is None:
        return "—"
    if kind == "pass_fail" and value in PASS_FAIL_NAMES:
        return str(PASS_FAIL_NAMES[int(value)])
    return format_number(value)


def _catalogue() -> dict:
    """Return the title catalogue, read once per request (or application context)."""
    if not has_app_context():
        return {}
    if "title_catalogue" not in g:
        g.title_catalogue = app_catalogue()
    return g.title_catalogue


def init_templates(app: Flask) -> None:
    """Give the templates the name tables and the title and value lookups."""
    app.jinja_env.globals.update(
        role_names=ROLE_NAMES, rating_names=RATING_NAMES, discipline_names=DISCIPLINE_NAMES,
        level_names=DECISION_LEVEL_NAMES, pass_fail_names=PASS_FAIL_NAMES, rating_name=rating_name,
        discipline_name=discipline_name, title_name=title_name, title_label=title_label,
        criterion_value=criterion_value)
