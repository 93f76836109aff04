"""Texts of a criterion that depend only on the criterion and the language, made once per language.

The score-entry page shows them on every line; building them in a macro per line was a large part of
the page's time. Specs are frozen, so a spec and a language make a sound cache key.
"""
from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext
from markupsafe import Markup

from emulation.contract import CriterionSpec
from emulation.i18n import current_language, data_name, format_number as num


def kind_hint(spec: CriterionSpec) -> Markup:
    """Return what a line's value means and how it scores (e.g. "Điểm, tối đa 30"), in the user's language."""
    return _kind_hint(spec, current_language())


def _t(translated: str, **values) -> Markup:
    """`translated` (a ``gettext`` call, where extraction finds it) with `values` escaped into it: what ``_()``
    gives inside an autoescaped template."""
    return Markup(translated) % values


@lru_cache(maxsize=4096)
def _kind_hint(spec: CriterionSpec, _language: str) -> Markup:
    kind, most, per = spec.kind, num(spec.max_points), num(spec.per_item or spec.max_points)
    if kind == "points":
        return _t(gettext("Điểm, tối đa %(max)s"), max=most)
    if kind == "plan":
        measure = Markup(" ") + data_name(spec.measure) if spec.measure else Markup("")
        return (_t(gettext("Kết quả thực hiện; chỉ tiêu %(target)s"), target=num(spec.target)) + measure
                + Markup("; ") + _t(gettext("tối đa %(max)s điểm"), max=most))
    if kind == "count":
        return _t(gettext("Số mục × %(per)s điểm, tối đa %(max)s"), per=num(spec.per_item), max=most)
    if kind == "pass_fail":
        return _t(gettext("Đạt: %(max)s điểm"), max=most)
    if kind == "bonus":
        return _t(gettext("Điểm thưởng: số lần × %(per)s, tối đa %(max)s"), per=per, max=most)
    if kind == "deduction":
        return _t(gettext("Điểm trừ: số lần × %(per)s, tối đa %(max)s"), per=per, max=most)
    return Markup("")


def init_templates(app) -> None:
    """Give the templates `kind_hint_text` (the one implementation of a criterion's hint)."""
    app.jinja_env.globals["kind_hint_text"] = kind_hint
