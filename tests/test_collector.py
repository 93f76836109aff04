"""The cycle collector paused around a block comes back as it was, and a nested pause never leaves it stopped."""
import gc

from emulation.collector import collector_paused


def test_a_pause_restores_the_collector_and_a_nested_one_does_not_start_it_early():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()           # the inner pause did not start what the outer one paused
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_block_fails():
    try:
        with collector_paused():
            raise ValueError("refused")
    except ValueError:
        pass
    assert gc.isenabled()


def test_promoted_objects_are_still_collected_and_nothing_stays_frozen():
    """Promoting the young objects moves them to the oldest generation: a cycle among them is still collected by a
    full collection (no object left in the permanent generation, no leak)."""
    import weakref

    from emulation.collector import promote_survivors

    class Node:
        pass
    node = Node()
    node.me = node                  # a cycle: only the collector frees it
    gone = weakref.ref(node)
    promote_survivors()
    assert gc.get_freeze_count() == 0
    del node
    gc.collect(0)
    gc.collect(1)
    gc.collect()
    assert gone() is None


def test_a_keeping_pause_inside_a_longer_one_moves_nothing(monkeypatch):
    """Inside a longer pause (the workbook's), what the block built is freed before the collector restarts: moving
    young objects to the oldest generation would only keep the outer work's garbage cycles until a full collection."""
    import emulation.collector as collector
    moved = []
    monkeypatch.setattr(collector, "promote_survivors", lambda: moved.append(True))
    with collector_paused():
        with collector_paused(keep=True):
            pass
    assert moved == []
    with collector_paused(keep=True):
        pass
    assert moved == [True] and gc.isenabled()
