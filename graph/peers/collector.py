"""Python's cyclic garbage collector, paused while a peer's dump is read and checked.

Reading and proving a dump of 100k statements makes some 100k dictionaries and sets
that live until the check ends (:mod:`graph.peers.conformance` indexes every statement),
and each of them counts towards the collector's next pass: a check spent a third of its
time in passes that found nothing to free (none of those objects refers back to
another), and, as a pass holds Python's lock, held up the store write beside it. A
sync of ten peers of 100k took 19-21 s with the collector, 12-14 s with it paused
during each check.

Only the automatic passes stop: objects are still freed by reference counting when the
check drops them, and the first allocation after the pause (in any thread) makes the
pass that was due, so garbage with cycles waits one check at most. Several checks may
run at once (a scheduled sync and one the organiser asked for): the collector runs
again when the last of them ends, and only if it ran before the first began.

>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["collector_paused"]

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block, no automatic pass of the cyclic garbage collector."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
