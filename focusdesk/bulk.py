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
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
