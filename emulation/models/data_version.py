"""The data version: one number that every committed write to the app's inputs moves (``storage.data_version``)."""
from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from emulation.extensions import db


class DataVersion(db.Model):
    """The one row (id 1) whose ``version`` the commit of any write to an input table moves.

    The results cache keys its entries by it, so a committed write makes every older entry unreadable.
    """

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)
