"""The one clock: the current time as the database stores it (UTC, without a zone).

Call it through the module (``clock.now()``), so a test that sets ``emulation.clock.now`` moves every
timestamp of the app at once: audit rows, snapshots, sessions and the sign-in throttle.
"""
from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    """Return the current UTC time without a zone, as the timestamp columns store it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
