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
