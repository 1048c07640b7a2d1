"""focusdesk.base.bulk.gc_paused: the collector paused while a bulk step builds its objects."""

import gc
import weakref

from focusdesk.base.bulk import gc_paused


class Node:
    pass


def test_the_collector_is_paused_then_resumed_and_what_was_built_is_not_walked_again():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        rows = [(str(i), [i]) for i in range(50_000)]  # lists: objects the collector tracks
        assert gc.get_count()[0] > 50_000  # nothing collected while paused
    assert gc.isenabled()
    # What was built went straight to the oldest generation, where the collector would
    # have put it after walking it twice (the first young collection would have walked
    # all 100,000 objects at once).
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(rows[0][1]) in oldest and id(rows[-1][1]) in oldest
    assert len(rows) == 50_000


def test_cyclic_garbage_made_while_paused_is_still_collected():
    with gc_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a  # a reference cycle, unreachable once dropped
        watch = weakref.ref(a)
        del a, b
    assert watch() is not None  # reference counting alone cannot free a cycle
    gc.collect()
    assert watch() is None


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
