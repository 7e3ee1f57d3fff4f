"""The explorer's warm-up: the answers pages open with, made before anyone asks.

At a million statements a page's first view reads for one to three seconds: the
overview's counts, the tension ranking, the question choices, the whole map, the
suggestion model and the search index. The graph layer keeps each of those answers on
the store until the next change (:meth:`~graph.store.PraxisStore.memo`), and most of them
follow a write rather than being made again (the counts, the overview, the ranking's rows,
the question choices, the search index and the suggestion model re-read only what the write
touched). This thread asks for them, for every role, when the explorer starts and again
after each change, so that a member's first visit finds them made. A visit that comes while
one is being made waits for that one rather than reading beside it (``memo`` makes each
answer once). What it made is set aside from Python's cyclic garbage collector (:func:`_keep`).

It runs in the process that serves the explorer (``serve.py``, so ``make run`` and
``make serve``), from the moment it starts (:func:`begin`); page tests and commands do
without it. ``bench.probe`` times the pages after :func:`warm` and again after a
write, so the benchmark shows both.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import logging
import sys
import threading
import time
from collections.abc import Callable

from graph import network, strategy, theory, views
from graph.access import Role, Viewer
from graph.store import PraxisStore
from graph.suggest.model import model_for
from graph.views.search import index_for

__all__ = ["WarmUp", "begin", "warm"]

#: Libraries pages import on their first run (a second and a half of a first visit).
PAGE_LIBRARIES = ("pandas", "altair")

#: How often the thread looks for a change (the store's ``generation``, which on a served
#: store also follows other processes' writes).
LOOK_SECONDS = 1.0

_log = logging.getLogger(__name__)
_running: WarmUp | None = None
_lock = threading.Lock()


def _opening_answers(store: PraxisStore, viewer: Viewer) -> dict[str, Callable[[], object]]:
    """What the heavier pages ask first, as they ask it (the same arguments, so the same keys)."""
    today = dt.date.today()

    def whole_map() -> object:
        shown = [s.iri for s in views.list_schemes(store, viewer) if s.iri not in views.HIDDEN_SCHEMES]
        return views.whole_map(store, viewer, kinds=None, schemes=shown)

    answers = {
        "overview": lambda: views.overview(store, viewer),
        "tensions": lambda: theory.rank(store, viewer, today=today),
        "question choices": lambda: strategy.question_choices(store, viewer),
        "whole map": whole_map,
        "search index": lambda: index_for(store, viewer),
        "suggestion model": lambda: model_for(store, viewer),
    }
    if store.peer_graphs():  # each followed chapter's part, made after a sync (graph.network.tensions)
        answers["network tensions"] = lambda: network.network_rank(store, viewer, today=today)
        # each chapter's counts: What past actions taught counts the network's actions first
        answers["network counts"] = lambda: strategy.action_count(store.with_peers(), viewer)
    return answers


def warm(store: PraxisStore, roles: tuple[Role, ...] = tuple(Role)) -> dict[str, float]:
    """Make every opening answer for each of ``roles``; seconds spent on each (summed over roles).

    An answer that fails is logged and left for the page to make (and show its error)."""
    started = time.perf_counter()
    gc.unfreeze()  # what the last warm-up kept and has since dropped may now be collected
    for library in PAGE_LIBRARIES:
        importlib.import_module(library)
    spent: dict[str, float] = {"page libraries": time.perf_counter() - started}
    for role in roles:
        for name, answer in _opening_answers(store, Viewer(role)).items():
            started = time.perf_counter()
            try:
                answer()
            except Exception:  # the page will meet it too, and say so where it is read
                _log.exception("warm-up: %s as %s failed", name, role.value)
            _keep()
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
    return spent


def _keep() -> None:
    """Collect, then set what is left aside from Python's cyclic garbage collector.

    The answers are millions of objects at 1M statements; each full collection walks all of
    them (a second or more, the whole process waiting), which a page would meet at random,
    and the warm-up itself spent a third of its time so. Frozen, they are not walked again;
    they are still freed by reference counting when the store drops them, and the next
    warm-up unfreezes first, so a cycle among dropped answers is collected then."""
    gc.collect()
    gc.freeze()


class WarmUp:
    """The warm-up thread: :meth:`stop` ends it (a test does; the explorer's ends with it)."""

    def __init__(self, opener: Callable[[], PraxisStore]):
        self._opener = opener
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._follow, name="praxis-warm-up", daemon=True)
        #: the generation last warmed (for tests and the curious)
        self.warmed: int | None = None

    def start(self) -> WarmUp:
        self._thread.start()
        return self

    def stop(self) -> None:
        global _running
        self._stop.set()
        self._thread.join()
        with _lock:
            if _running is self:
                _running = None

    def _follow(self) -> None:
        """Warm now, then after every change, until stopped. A store that cannot be opened (held
        by another process) or read (its server restarting) is tried again a moment later; the
        first such failure is logged, and the page that meets it says why."""
        store, failed = None, False
        while not self._stop.is_set():
            try:
                store = store or self._opener()
                generation = store.generation
                if generation != self.warmed:
                    started = time.perf_counter()
                    warm(store)
                    if self.warmed is None:  # said once, for whoever watches the explorer start
                        took = time.perf_counter() - started
                        print(f"praxis: the pages' opening answers are made ({took:.1f} s).", file=sys.stderr)
                    self.warmed = generation
            except Exception:
                if not failed:
                    _log.exception("warm-up: the store could not be opened or read; trying again")
                failed = True
            self._stop.wait(LOOK_SECONDS)


def begin(opener: Callable[[], PraxisStore]) -> WarmUp | None:
    """Open the store with ``opener`` and keep it warm, in a thread of its own: one per process
    (``None`` when one runs already).

    ``serve.py`` calls it with :func:`explorer.state.store`, the store every page shares, as the
    explorer starts. A store that cannot be opened is logged and left: the first page says why."""
    global _running
    with _lock:
        if _running is not None:
            return None
        _running = WarmUp(opener)
        return _running.start()
