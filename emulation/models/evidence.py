"""Evidence files (minh chứng) attached to a score line; the content itself is a blob named by its hash."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emulation.extensions import db


class EvidenceFile(db.Model):
    """One file a unit head attached to a line of the unit's sheet.

    A removed file's row is deleted; its audit row keeps what it was (hash, name, type, size). The
    blob stays in the evidence folder: another line, or the trail, may name the same hash.
    """

    __tablename__ = "evidence_files"
    __table_args__ = (
        UniqueConstraint("line_id", "sha256"),
        CheckConstraint("length(sha256) = 64", name="sha256"),
        CheckConstraint("size >= 0", name="size"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("score_lines.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))          # sanitised, for display and the download's name only
    media_type: Mapped[str] = mapped_column(String(100))    # detected from the content, never from the name
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(80))    # the username then, or 'cli'
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, naive
    line = relationship("ScoreLine")
