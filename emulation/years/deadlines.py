"""The year's deadlines, a setting the secretariat edits: checked, saved in one transaction with an audit row."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from flask_babel import gettext as _

from emulation.engine.deadlines import misordered
from emulation.engine.yeardata import DeadlinesData
from emulation.extensions import db
from emulation.formatting import format_date
from emulation.models import EmulationYear, YearDeadlines
from emulation.sheets.service import SheetConflict, SheetError, refuse_unversioned, transaction
from emulation.storage.audit import Actor, record, year_key
from emulation.storage.database import hold_year, year_deadlines
from emulation.years.forms import DEADLINE_LABELS

COLUMNS = {"registration": "registration_until", "submission": "submission_until", "review": "review_until",
           "publication": "publication_on"}


def stored_version(year: EmulationYear) -> int:
    """Return the version of the year's stored deadlines (0: none set yet), for the form to carry."""
    row = db.session.get(YearDeadlines, year.id)
    return row.version if row else 0


def deadline_errors(year: EmulationYear, deadlines: DeadlinesData) -> dict[str, str]:
    """Return the problems of `deadlines` by field: a date far from the year, or one before an earlier deadline."""
    first, last = date(year.year, 1, 1), date(year.year + 1, 12, 31)
    errors = {name: _("Ngày phải từ %(first)s đến %(last)s.", first=format_date(first), last=format_date(last))
              for name, day in asdict(deadlines).items() if day is not None and not first <= day <= last}
    for name, earlier in misordered(deadlines):
        errors.setdefault(name, _("Không được trước %(earlier)s.", earlier=str(DEADLINE_LABELS[earlier]).lower()))
    return errors


def save_deadlines(year: EmulationYear, deadlines: DeadlinesData, version: int | None, *, actor: Actor) -> None:
    """Store the year's deadlines, all or nothing, with one audit row; refuse a form built from older deadlines."""
    with transaction(SheetConflict):
        hold_year(year)
        refuse_unversioned({"version": version})
        if version != stored_version(year):
            raise SheetConflict(_("Chưa lưu: các hạn vừa được người khác thay đổi; hãy tải lại trang."),
                                {"version": _("Người khác vừa lưu các hạn này; xem lại rồi lưu lần nữa.")})
        errors = deadline_errors(year, deadlines)
        if errors:
            raise SheetError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=len(errors)), errors)
        before = asdict(year_deadlines(year))
        row = db.session.get(YearDeadlines, year.id) or YearDeadlines(year_id=year.id)
        db.session.add(row)
        for name, column in COLUMNS.items():
            setattr(row, column, getattr(deadlines, name))
        record(actor, "deadlines", year_key(year.bloc.code, year.year, "deadlines"), "save",
               _isoformat(before), _isoformat(asdict(deadlines)), bloc=year.bloc.code, year=year.year)


def _isoformat(deadlines: dict) -> dict:
    return {name: day.isoformat() if day else None for name, day in deadlines.items()}
