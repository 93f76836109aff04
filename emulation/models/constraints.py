"""What the models share: CHECK constraint conditions, and the columns of year rows and versioned rows."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship


def one_of(column: str, values) -> str:
    """Return the SQL condition that `column` holds one of `values`."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def exactly_one(columns, name: str) -> CheckConstraint:
    """Return a CHECK constraint that exactly one of `columns` is not NULL."""
    terms = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in columns)
    return CheckConstraint(f"{terms} = 1", name=name)


class YearRow:
    """A row of one emulation year, deleted with it: ``id``, ``year_id`` and the ``year`` relationship."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)      # first, as in the migrations
    year_id: Mapped[int] = mapped_column(ForeignKey("emulation_years.id", ondelete="CASCADE"), index=True,
                                         sort_order=-1)

    @declared_attr
    def year(cls):
        return relationship("EmulationYear")


class Versioned:
    """A row saved under optimistic locking: an update from a stale ``version`` fails instead of overwriting."""

    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}
