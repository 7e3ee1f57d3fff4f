"""Embedded against served, interleaved: ``python -m bench.served [--size 100k] [--rounds 5]``.

``make bench`` runs each backend in turn, minutes apart; on a machine whose other work
comes and goes, the load can differ several times over between the embedded run and the
remote one (the report prints the load average of each run), and so can the figures.
This runs both on the same dataset at the same time instead: two copies of the store
folder, one opened embedded, one behind ``oxigraph serve`` (as ``make serve`` serves it),
and each capability called on one then the other, round after round. The ratios it
prints (served over embedded, medians) are what the 2x target of the served path is about.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench import capabilities as caps
from bench import generate
from bench.server import Server
from graph.access import Role, Viewer
from graph.store import open_store

__all__ = ["main"]


def _timed(call, store=None) -> float:
    """Seconds ``call`` takes; with ``store``, making its answer (none kept from before)."""
    if store is not None:
        store.forget()
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(prog="python -m bench.served", description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, default=generate.DATA_DIR)
    args = parser.parse_args(argv)
    data = generate.dataset(args.size, seed=args.seed, directory=args.data_dir)
    with tempfile.TemporaryDirectory(prefix="praxis-served-") as work:
        for name in ("embedded", "served"):
            store = open_store(f"oxigraph:{Path(work) / name}")
            store.bulk_load(data.path, viewer=Viewer.organiser())
            store.backend.flush()
            del store
        gc.collect()
        server = Server(Path(work) / "served").start()
        try:
            stores = {
                "embedded": open_store(f"oxigraph:{Path(work) / 'embedded'}"),
                "served": open_store(server.url),
            }
            times: dict[tuple[str, str], list[float]] = {}
            lessons = 0
            for _ in range(args.rounds):
                for capability in caps.CAPABILITIES:
                    for kind, store in stores.items():
                        record = times.setdefault
                        if capability.name == "suggest":  # a write, the first suggestion after it, again
                            lessons += 1
                            _iri, statements = caps.lesson_statements(data.landmarks, 10_000 + lessons)
                            for role in Role:  # kept, as under the explorer: the write counts its change
                                store.stats(Viewer(role))
                            record((kind, "lesson_write"), []).append(
                                _timed(lambda s=store, st=statements: s.write(st, viewer=caps.WRITER))
                            )
                            record((kind, "suggest_cold"), []).append(
                                _timed(lambda s=store, c=capability: c.call(s, data.landmarks), store)
                            )
                        name = "suggest_warm" if capability.name == "suggest" else capability.name
                        record((kind, name), []).append(
                            _timed(lambda s=store, c=capability: c.call(s, data.landmarks), store)
                        )
        finally:
            server.stop()
    result = {}
    for name in sorted({name for _, name in times}):
        embedded, served = (statistics.median(times[(kind, name)]) for kind in ("embedded", "served"))
        result[name] = {"embedded_s": embedded, "served_s": served, "ratio": served / embedded}
        print(
            f"{name:14s} embedded {embedded * 1000:8.1f} ms  served {served * 1000:8.1f} ms  "
            f"{served / embedded:5.2f}x"
        )
    print(f"load average {os.getloadavg()[0]:.1f}; {args.rounds} rounds at {args.size}")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
