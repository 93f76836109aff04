"""Python's cycle collector paused around work that builds many objects and no reference cycles.

Reading a bloc's score lines, deciding its titles and decoding its cached results each create hundreds of
thousands of objects that live on. Each of the collector's full passes scans every live object again, so
with it running the cost of such work grows faster than the work (a ministry's title decisions: 2.7×
the CPU for 2× the people, against 2.0× paused). None of this work makes cycles worth collecting while
it runs; whatever it leaves is collected once the collector runs again.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused(keep: bool = False) -> Iterator[None]:
    """Run the block with the cycle collector paused, and restore it as it was.

    Only the caller that paused it starts it again, so a pause nested in another (or in another thread's)
    never leaves it stopped. With `keep` (what the block builds lives on: a bloc's decoded results), the young
    objects are moved to the oldest generation as the collector restarts (``promote_survivors``); inside a longer
    pause nothing is moved: that pause's caller frees what it built before restarting it.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
        if keep and running:
            promote_survivors()
    finally:
        if running:
            gc.enable()


def promote_survivors() -> None:
    """Move every object the collector tracks into its oldest generation, at no cost for their number.

    For objects just built that live on: left young, the first collection after a pause walks them all, and again
    as they are promoted; the oldest generation is walked only in full collections, which come as rarely as ever
    (unfreezing does not count them as new). Other young objects move too: a cycle among them is collected at
    the next full collection instead of a young one.
    """
    gc.freeze()
    gc.unfreeze()
