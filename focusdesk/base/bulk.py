"""Building many small objects at once (a 100,000-row trial balance)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk step runs.

    Reading a big trial balance makes hundreds of thousands of tuples, lists and
    Decimals, none of them in a reference cycle; every few hundred allocations the
    collector would walk all of them again, which costs a third of the parse. Reference
    counting still frees what is dropped; the collector resumes afterwards.

    What the step built is long-lived (a stored trial balance), so on the way out it is
    moved straight to the collector's oldest generation — `gc.freeze()` then
    `gc.unfreeze()` — where the collector would put it anyway after walking it twice; the
    first young collection after the pause would otherwise walk all of it at once (30–50
    ms for 100,000 rows). That moves every object the process tracks, not only the new
    ones: cyclic garbage already waiting is freed at a later full collection rather than
    a young one (reference counting, which frees nearly everything, is not affected).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()
