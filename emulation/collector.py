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
def collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector paused, and restore it as it was.

    Only the caller that paused it starts it again, so a pause nested in another (or in another thread's)
    never leaves it stopped.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
