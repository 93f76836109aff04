"""Languages and numbers: Vietnamese by default, English second; numbers in the user's locale."""
from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal
from flask import Flask, g, has_request_context, request, session
from flask_babel import get_locale
from markupsafe import Markup, escape

from emulation import i18n_reasons
from emulation.engine import numbers
from emulation.storage.rule_files import app_catalogue

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
_NUMBER_CHARS = re.compile(r"^[+-]?[0-9.,]+$")


def select_locale() -> str:
    """Return the language asked by ?lang=, else the one kept in the session, else Vietnamese (and outside a
    request: the CLI's messages are Vietnamese)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    asked, kept = request.args.get("lang"), session.get("lang")
    if asked in LANGUAGES and asked != kept:
        session["lang"] = kept = asked       # only when it changes: a changed session is signed and sent again
    return kept if kept in LANGUAGES else DEFAULT_LANGUAGE


def _formatted(value, digits: int, grouped: bool) -> str:
    """Return `value` by the one number formatter (``engine.numbers``) with the marks of the user's locale.

    A number is rounded as it prints (``Decimal(str(x))``: 2.675 gives 2,68); every finite value
    formats, so no stored value can make a page fail.
    """
    return _format_in(_language_of(get_locale()), _kind(value), value, digits, grouped)


def _kind(value):
    """The value's type as a cache key, marked for a negative zero: -0.0 == 0.0 as keys, but it prints "-0"."""
    if value == 0 and isinstance(value, (float, Decimal)) and math.copysign(1.0, value) < 0:
        return type(value), "-"
    return type(value)


@lru_cache(maxsize=4096)
def _format_in(language: str, kind: type, value, digits: int, grouped: bool) -> str:
    # Kept per language and type: a page formats the same few numbers (maxima, points) on every line, and
    # 1, 1.0 and Decimal(1) are equal keys that may print differently.
    decimal_mark, thousands_mark = _marks(language)
    if not isinstance(value, (float, Decimal)) or math.isfinite(value):
        value = value if isinstance(value, Decimal) else Decimal(str(value))
    return numbers.format_number(value, digits, grouped=grouped, decimal_mark=decimal_mark, thousands_mark=thousands_mark)


@lru_cache(maxsize=16)
def _language_of(locale) -> str:
    """The request's locale as its identifier ('vi', 'en'): Babel builds the string again on every ``str()``."""
    return str(locale or DEFAULT_LANGUAGE)


@lru_cache(maxsize=None)
def _marks(locale: str) -> tuple[str, str]:
    """The locale's decimal and thousands marks, looked up once per locale (Babel parses the locale on every call)."""
    return get_decimal_symbol(locale), get_group_symbol(locale)


def format_number(value, digits: int = 2) -> str:
    """Return `value` with the locale's separators and at most `digits` decimals (1.234,5 in Vietnamese)."""
    if value is None:
        return ""
    return _formatted(value, digits, grouped=True)


def number_formatter(language: str):
    """Return ``format_number`` for `language`, its locale looked up once: for a page that formats many numbers."""
    def formatted(value, digits: int = 2) -> str:
        return "" if value is None else _format_in(language, _kind(value), value, digits, True)
    return formatted


def input_number(value) -> str:
    """Return `value` as a form field shows it: no grouping, the locale's decimal mark."""
    if value is None:
        return ""
    return _formatted(value, 4, grouped=False)


def parse_number(text: str | None) -> float | None:
    """Return the number typed in `text` (None when blank); raise ValueError when it is not a number.

    The locale's own format comes first (8.069 and 12,5 in Vietnamese); a plain "12.5" is accepted
    in every language, since that is how many people type decimals whatever their locale.
    """
    text = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if not _NUMBER_CHARS.match(text):
        raise ValueError(text)
    try:
        number = float(parse_decimal(text, locale=str(get_locale() or DEFAULT_LANGUAGE), strict=True))
    except NumberFormatError:
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number + 0.0     # "-0" is zero, not a negative zero stored and shown as "-0"


def localized(thing, attribute: str = "name") -> str:
    """Return `thing`'s English name (`name_en`) in English where it has one, else its Vietnamese name."""
    if _language_of(get_locale()) == "en":
        english = getattr(thing, f"{attribute}_en", "") or (thing.get(f"{attribute}_en") if isinstance(thing, dict) else "")
        if english:
            return english
    return getattr(thing, attribute, None) or (thing.get(attribute, "") if isinstance(thing, dict) else "")


def current_language() -> str:
    """Return the language of the current request ('vi' outside one)."""
    return _language_of(get_locale()) if has_request_context() else DEFAULT_LANGUAGE


def _titles() -> dict:
    """The app's title catalogue, read once per request."""
    if "title_catalogue" not in g:
        g.title_catalogue = app_catalogue()
    return g.title_catalogue


def reason_text(reason) -> str:
    """Return why a condition is met or not, in the user's language."""
    return i18n_reasons.reason_text(reason, current_language(), _titles())


def title_name(code: str | None) -> str:
    """Return a title's name in the user's language (the code when the catalogue does not know it)."""
    return i18n_reasons.Writer(current_language(), _titles()).title(code)


def data_name(text) -> Markup:
    """Return text from Vietnamese data with no English of its own (a name, a position, a citation), marked
    lang="vi" on a page in another language so readers and screen readers know it is Vietnamese on purpose."""
    return data_name_in(text, current_language())


def data_name_in(text, language: str) -> Markup:
    """``data_name`` for a page in `language`, known already."""
    if text is None or text == "":
        return Markup("")
    if language == DEFAULT_LANGUAGE:
        return escape(text)
    return Markup('<span lang="vi">%s</span>') % text


def init_templates(app: Flask) -> None:
    """Give the templates the number filters and the current language."""
    app.jinja_env.filters["num"] = format_number
    app.jinja_env.filters["input_number"] = input_number
    app.jinja_env.filters["localized"] = localized
    app.jinja_env.filters["reason_text"] = reason_text
    app.jinja_env.filters["condition_label"] = lambda reason: i18n_reasons.condition_label(reason, current_language())
    app.jinja_env.filters["title_name"] = title_name
    app.jinja_env.filters["data_name"] = data_name
    app.jinja_env.globals["data_select"] = lambda: {} if current_language() == DEFAULT_LANGUAGE else {"lang": "vi"}
    app.jinja_env.globals["decision_word"] = lambda verdict: i18n_reasons.decision_word(verdict, current_language())
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
