"""Dates and times as people read them: one style per language, times in the bloc's time zone.

Vietnamese writes ``15/12/2017`` and ``15/12/2017 14:05``; English ``15 Dec 2017`` and ``15 Dec 2017 14:05``.
The database keeps times in UTC without a zone (``clock.now()``); they are shown in EMULATION_TIMEZONE
(Asia/Ho_Chi_Minh by default). ISO dates stay in machine output only: the API, the year file, and the
``datetime`` attribute of the ``<time>`` elements the template filters write.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from flask import Flask, current_app, has_app_context
from flask_babel import get_locale
from markupsafe import Markup

from emulation.config import DEFAULT_TIMEZONE

DATE_PATTERNS = {"vi": "dd/MM/y", "en": "d MMM y"}
TIME_PATTERN = "HH:mm"
INPUT_DATE_FORMAT = "%d/%m/%Y"      # what the date fields of the forms read, in either language


def _language(locale: str | None) -> str:
    """Return `locale`, else the request's language, else Vietnamese; one of DATE_PATTERNS."""
    language = str(locale or get_locale() or "vi")
    return language if language in DATE_PATTERNS else "vi"


def display_zone() -> ZoneInfo:
    """Return the zone times are shown in: the app's EMULATION_TIMEZONE, Asia/Ho_Chi_Minh outside an app."""
    name = current_app.config.get("EMULATION_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def local_time(value: datetime) -> datetime:
    """Return the stored UTC time `value` (naive means UTC) in the display zone."""
    aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return aware.astimezone(display_zone())


def _day(value: date | datetime | str) -> date:
    """Return the day `value` names: a date; a stored UTC time's day in the display zone; an ISO date's day."""
    if isinstance(value, datetime):
        return local_time(value).date()
    return date.fromisoformat(value) if isinstance(value, str) else value


def format_date(value: date | datetime | str | None, locale: str | None = None) -> str:
    """Return the date of `value` in the language's one style (15/12/2017, 15 Dec 2017); "" for None.

    A datetime is a stored UTC time (its day in the display zone counts); a string is an ISO date, as the
    results and the snapshots carry dates.
    """
    if value is None or value == "":
        return ""
    language = _language(locale)
    return written_date(_day(value), DATE_PATTERNS[language], language)


def written_date(day: date, pattern: str, language: str) -> str:
    """Return `day` in the CLDR `pattern` as babel writes it in `language`; the two patterns of DATE_PATTERNS
    directly (babel takes about 30 µs a date, and a ministry's workbooks write tens of thousands)."""
    if pattern == "dd/MM/y":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if pattern == "d MMM y":
        return f"{day.day} {_month_abbreviations(language)[day.month - 1]} {day.year}"
    return babel_format_date(day, pattern, locale=language)


@cache
def _month_abbreviations(language: str) -> tuple[str, ...]:
    return tuple(babel_format_date(date(2000, month, 1), "MMM", locale=language) for month in range(1, 13))


def format_datetime(value: datetime | None, locale: str | None = None) -> str:
    """Return the stored UTC time `value` in the display zone (15/12/2017 14:05, 15 Dec 2017 14:05); "" for None."""
    if value is None:
        return ""
    shown = local_time(value)
    return f"{format_date(shown.date(), locale)} {shown:%H:%M}"


def input_date(value: date | None) -> str:
    """Return `value` as a date field shows it and reads it back (dd/mm/yyyy); "" for None."""
    return "" if value is None else value.strftime(INPUT_DATE_FORMAT)


def date_element(value: date | datetime | str | None) -> Markup:
    """Return ``<time datetime="ISO">15/12/2017</time>`` for a date (see ``format_date``); "" for None."""
    if value is None or value == "":
        return Markup("")
    day = _day(value)
    return _time_element(day.isoformat(), format_date(day))


def datetime_element(value: datetime | None) -> Markup:
    """Return ``<time datetime="ISO">15/12/2017 14:05</time>`` for a stored UTC time, in the display zone."""
    if value is None:
        return Markup("")
    return _time_element(local_time(value).isoformat(timespec="minutes"), format_datetime(value))


def _time_element(iso: str, shown: str) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(iso, shown)


def init_templates(app: Flask) -> None:
    """Give the templates `date` and `datetime` (a <time> element in the user's style) and `input_date`."""
    app.jinja_env.filters["date"] = date_element
    app.jinja_env.filters["datetime"] = datetime_element
    app.jinja_env.filters["input_date"] = input_date
