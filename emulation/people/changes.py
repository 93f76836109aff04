"""What every change of the HR record shares: its refusals, its transaction, its audit row and its checks."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from emulation import clock
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.formatting import format_date
from emulation.models import EmulationYear
from emulation.sheets.service import transaction
from emulation.storage.audit import Actor, record

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


class RecordError(EmulationError):
    """A change of the HR record is refused and nothing was stored; ``fields`` holds a message per form field."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


class RecordConflict(RecordError):
    """The change was made on a page someone else's save has since made stale."""

    status = 409


def refuse(errors: dict[str, str]) -> None:
    """Raise RecordError with `errors` (by field) when there are any."""
    if errors:
        raise RecordError(_("Chưa lưu: %(count)s giá trị cần sửa.", count=len(errors)), errors)


def check_version(thing, version: int | None) -> None:
    """Refuse a change made from a page without a version, or built from an older version of `thing`."""
    if version is None:
        raise RecordError(_("Biểu mẫu không có phiên bản; hãy tải lại trang rồi lưu lại."))
    if version != thing.version:
        raise RecordConflict(_("Người khác vừa sửa hồ sơ này; hãy tải lại trang để xem rồi lưu lại."))


def change():
    """Commit what the block changed with its audit rows, or roll all of it back (a concurrent edit: RecordConflict)."""
    return transaction(RecordConflict)


def audit(actor: Actor, kind: str, key: str, action: str, before: dict | None, after: dict | None,
          bloc: str) -> None:
    """Add the change's audit row (kind "person" or "collective", keyed by its code) to the transaction."""
    record(actor, kind, key, action, before, after, bloc=bloc)


def today() -> date:
    """The current day, by the app's one clock."""
    return clock.now().date()


def check_past(errors: dict[str, str], field: str, day: date | None) -> None:
    """Refuse a date after today in `field`."""
    if day is not None and day > today():
        errors.setdefault(field, _("Ngày này chưa đến: không được sau hôm nay."))


def check_since_recruited(errors: dict[str, str], field: str, day: date | None, recruited_on: date | None) -> None:
    """Refuse a date before the person's recruitment in `field`."""
    if day is not None and recruited_on is not None and day < recruited_on:
        errors.setdefault(field, _("Không được trước ngày tuyển dụng (%(day)s).", day=format_date(recruited_on)))


def iso(day: date | None) -> str | None:
    """A date as the audit keeps it."""
    return day.isoformat() if day is not None else None


def check_unlocked_years(errors: dict[str, str], field: str, bloc_id: int, first: date | None,
                         last: date | None = None) -> None:
    """Refuse a change of time worked from `first` to `last` (None: today) that a locked year of the bloc counts.

    A locked year's results are computed from the record until they are published: they must not move.
    """
    if first is None:
        return
    last = last or today()
    locked = db.session.execute(select(EmulationYear.year).where(
        EmulationYear.bloc_id == bloc_id, EmulationYear.state == "locked",
        EmulationYear.year.between(first.year, max(first, last).year)).order_by(EmulationYear.year)).scalars().first()
    if locked is not None:
        errors.setdefault(field, _("Năm thi đua %(year)s đã khoá: hãy mở lại năm đó trước khi sửa thời gian công tác "
                                   "của năm.", year=locked))
