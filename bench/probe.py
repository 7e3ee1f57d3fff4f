"""An explorer-like process: open the store, do what the pages do, report time and memory.

``python -m bench.probe --store URL --landmarks FILE [--load FILE] [--pages]``
prints one JSON object. The benchmark runs it as a separate process so that its
peak memory (``ru_maxrss``) is that of a process serving the explorer, not of
the benchmark with its rdflib baseline in memory.

With ``--pages``, the explorer's warm-up runs (``explorer.warmup``, as ``serve.py``
starts it), then every ``explorer/pages/*.py`` found at run time is run with
Streamlit's ``AppTest`` as the local organiser: the time of its first run (the page's
own caches cold) and of a second run, any exception, and the process's peak
memory after it (:func:`peak_mb`); then a member records a lesson and every page's
first run is timed again, before any warm-up (``pages_after_write``). A page that loads
the whole graph into Python shows here as a slow first run and a jump in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["PAGES_DIR", "main", "page_names", "peak_mb"]

PAGES_DIR = Path(__file__).resolve().parent.parent / "explorer" / "pages"


def peak_mb() -> float:
    """This process's peak resident memory in MiB.

    On Linux, ``VmHWM`` from ``/proc/self/status``: ``ru_maxrss`` survives
    ``execve``, so a process started by the (much larger) benchmark would report
    the benchmark's peak rather than its own. Elsewhere, ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / (1024 * 1024) if sys.platform == "darwin" else usage / 1024


def page_names() -> list[str]:
    """The explorer's pages (every file in ``explorer/pages``)."""
    return sorted(path.stem for path in PAGES_DIR.glob("*.py") if not path.name.startswith("_"))


def _capabilities(store: Any, landmarks: dict[str, str]) -> dict[str, Any]:
    from bench.capabilities import CAPABILITIES, READER

    found: dict[str, Any] = {}
    started = time.perf_counter()
    store.stats(READER)
    found["stats"] = {"s": time.perf_counter() - started}
    for capability in CAPABILITIES:
        if capability.name == "record_lesson":
            continue
        started = time.perf_counter()
        try:
            capability.call(store, landmarks)
        except Exception as error:
            found[capability.name] = {"status": "error", "note": f"{type(error).__name__}: {error}"[:300]}
            continue
        found[capability.name] = {"s": time.perf_counter() - started, "peak_mb": peak_mb()}
    return found


def _pages(timeout: float, runs: tuple[str, ...] = ("first_s", "again_s")) -> dict[str, Any]:
    from streamlit.testing.v1 import AppTest

    from graph.access import Viewer

    found: dict[str, Any] = {}
    for name in page_names():
        entry: dict[str, Any] = {}
        try:
            app = AppTest.from_file(str(PAGES_DIR / f"{name}.py"), default_timeout=timeout)
            app.session_state["viewer"] = Viewer.organiser("bench")
            for run in runs:
                started = time.perf_counter()
                app.run()
                entry[run] = time.perf_counter() - started
            errors = [str(e.message)[:200] for e in app.exception]
            entry["status"] = "error" if errors else "ok"
            if errors:
                entry["note"] = "; ".join(errors)
        except Exception as error:
            entry.update(status="error", note=f"{type(error).__name__}: {error}"[:300])
        entry["peak_mb"] = peak_mb()
        found[name] = entry
    return found


def _warm_then_pages(store: Any, landmarks: dict[str, str], timeout: float) -> dict[str, Any]:
    """As the explorer serves: its warm-up (explorer.warmup), every page's first visit and a
    second one; then a member's lesson and every page's first visit straight after it (the
    warm-up not yet caught up: the answers that follow writes are updated, the others made)."""
    from bench.capabilities import WRITER, lesson_statements
    from explorer import warmup

    store.forget()  # the capabilities above made some answers: the warm-up starts from none
    started = time.perf_counter()
    spent = warmup.warm(store)
    found: dict[str, Any] = {"warm_up_s": time.perf_counter() - started, "warm_up": spent}
    found["pages"] = _pages(timeout)
    _iri, statements = lesson_statements(landmarks, 0xFFFFF)
    store.write(statements, viewer=WRITER)
    found["pages_after_write"] = _pages(timeout, ("first_s",))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store", required=True, help="store URL (oxigraph:PATH, memory:, sparql+http://...)"
    )
    parser.add_argument("--landmarks", required=True, type=Path, help="the dataset's JSON sidecar")
    parser.add_argument("--load", type=Path, help="N-Quads file to load first (for memory:)")
    parser.add_argument("--pages", action="store_true", help="also run every explorer page with AppTest")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per page run")
    args = parser.parse_args(argv)

    from graph.access import Viewer
    from graph.store import open_store

    landmarks = json.loads(args.landmarks.read_text(encoding="utf-8"))["landmarks"]
    report: dict[str, Any] = {}
    started = time.perf_counter()
    os.environ["PRAXIS_STORE"] = args.store
    if args.pages:
        from explorer import state

        store = state.store()  # the one object every page will share, as in the explorer
    else:
        store = open_store(args.store)
    if args.load:
        store.bulk_load(args.load, viewer=Viewer.organiser("bench"))
    report["open_s"] = time.perf_counter() - started
    report["capabilities"] = _capabilities(store, landmarks)
    report["peak_mb_capabilities"] = peak_mb()
    if args.pages:
        report.update(_warm_then_pages(store, landmarks, args.timeout))
    report["peak_mb"] = peak_mb()
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
