"""Filling and opening a store on each backend, beside the raw engine doing the same.

- **embedded** (``oxigraph:PATH``): ours is :meth:`graph.store.PraxisStore.bulk_load`
  into a fresh folder (pyoxigraph's bulk loader, then the checks that keep it
  all-or-nothing); raw is ``pyoxigraph.Store(path).bulk_load``. Opening is
  ``open_store`` plus one label read, against ``pyoxigraph.Store(path)`` plus
  the same query. Up to 15k statements the fully validated import
  (``praxis load``: pySHACL over everything) is timed too.
- **memory** (``memory:``): the same bulk loads in memory; there is nothing to open.
- **remote** (a real ``oxigraph serve``): ours is ``praxis load``'s path without
  SHACL (one ``INSERT DATA`` request); raw is the Graph Store Protocol
  (``POST /store`` with the N-Quads). Above :data:`REMOTE_INSERT_MAX` only the
  raw load is run. Opening is connecting and one query, beside the same query sent
  with plain HTTP. Everything after loading runs on a fresh server over a folder the
  embedded loader filled, as ``make serve`` serves a chapter's store.
"""

from __future__ import annotations

import gc
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from bench.generate import Dataset
from bench.measure import Call, Figure, RawHttp, paired, timed
from bench.server import Server
from graph.access import Viewer
from graph.store import PraxisStore, open_store, queries

__all__ = ["ORGANISER", "REMOTE_INSERT_MAX", "VALIDATED_MAX", "Loaded", "load"]

ORGANISER = Viewer.organiser("bench")
#: Largest dataset our remote client loads with INSERT DATA (beyond, the server's own loader).
REMOTE_INSERT_MAX = 150_000
#: The fully validated import (``praxis load``) is timed up to this size: pySHACL is slow.
VALIDATED_MAX = 15_000


@dataclass
class Loaded:
    """A store holding the dataset, the figures of getting it there, and the server if any."""

    store: PraxisStore
    figures: dict[str, Figure] = field(default_factory=dict)
    server: Server | None = None


def _figure(ours: list[float], raw: list[float], rdflib_s: float | None, note: str = "") -> Figure:
    from statistics import median

    if not rdflib_s:
        note = "; ".join(filter(None, [note, "rdflib not run at this size"]))
    return Figure(
        ours=median(ours), raw=median(raw) if raw else None, rdflib=rdflib_s, samples=ours, note=note
    )


def _label_call(marks: dict[str, str]) -> Call:
    """The first read the explorer makes, as a backend call: one label."""
    node = ox.NamedNode(marks["lesson"])
    return Call("solutions", (queries.load("label_of"), PraxisStore.graphs_for(ORGANISER), {"node": node}))


def load(kind: str, data: Dataset, work: Path, *, repeat: int, rdflib_s: float | None) -> Loaded:
    """Load ``data`` on backend ``kind`` (``repeat`` times, alternating with raw)."""
    return {"embedded": _embedded, "memory": _memory, "remote": _remote}[kind](data, work, repeat, rdflib_s)


def _embedded(data: Dataset, work: Path, repeat: int, rdflib_s: float | None) -> Loaded:
    path, folder, scratch = data.path, work / "store", work / "raw"

    def ours() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        open_store(f"oxigraph:{folder}").bulk_load(path, viewer=ORGANISER)

    def raw() -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        engine = ox.Store(str(scratch))
        engine.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        engine.flush()

    figures = {"bulk_load": _figure(*paired(ours, raw, repeat, between=gc.collect), rdflib_s)}
    shutil.rmtree(scratch, ignore_errors=True)
    url, call = f"oxigraph:{folder}", _label_call(data.landmarks)
    node = URIRef(data.landmarks["lesson"])

    def open_ours() -> None:
        open_store(url).select("label_of", ORGANISER, node=node)

    def open_raw() -> None:
        engine = ox.Store(str(folder))
        query, graphs, bindings = call.args
        substitutions = {ox.Variable(k): v for k, v in bindings.items()}
        list(engine.query(query, default_graph=graphs, named_graphs=graphs, substitutions=substitutions))

    # a store closes when its last reference goes, inside each call; collect outside the timing
    opened = _figure(*paired(open_ours, open_raw, repeat, between=gc.collect), rdflib_s)
    opened.note = "open and read one label; rdflib: parse the file again (it keeps nothing on disk)"
    figures["store_open"] = opened
    if data.triples <= VALIDATED_MAX:
        from graph.io.rdf import load_file

        seconds, _ = timed(lambda: load_file(open_store("memory:"), path, viewer=ORGANISER))
        figures["import_validated"] = Figure(
            ours=seconds, samples=[seconds], note="praxis load: full SHACL validation (pySHACL), once"
        )
    return Loaded(open_store(url), figures)


def _memory(data: Dataset, work: Path, repeat: int, rdflib_s: float | None) -> Loaded:
    kept: list[PraxisStore] = []

    def ours() -> None:
        kept[:] = [open_store("memory:")]
        kept[0].bulk_load(data.path, viewer=ORGANISER)

    def raw() -> None:
        ox.Store().bulk_load(path=str(data.path), format=ox.RdfFormat.N_QUADS)

    figures = {
        "bulk_load": _figure(*paired(ours, raw, repeat), rdflib_s),
        "store_open": Figure.missing("an in-memory store is filled, not opened: see bulk load"),
    }
    return Loaded(kept[0], figures)


def _remote(data: Dataset, work: Path, repeat: int, rdflib_s: float | None) -> Loaded:
    """Load timings on a scratch server; then the reads and writes on what ``make serve`` serves:
    ``oxigraph serve`` over a store folder filled by the embedded loader. The scratch server
    was filled and emptied ``repeat`` times (``CLEAR ALL``): its RocksDB is full of deleted keys
    that every read steps over until compaction (a map ring about twice as slow at 10k, three
    clears against a folder the embedded loader filled), which is the bench's doing, not a
    chapter's."""
    server = Server(work / "scratch").start()
    try:
        loaded = _fill_remote(server, data, repeat, rdflib_s)
    finally:
        server.stop()
    shutil.rmtree(work / "scratch", ignore_errors=True)
    filled = open_store(f"oxigraph:{work / 'served'}")
    filled.bulk_load(data.path, viewer=ORGANISER)
    filled.backend.flush()
    del filled
    gc.collect()
    served = Server(work / "served").start()
    try:
        return Loaded(open_store(served.url), loaded.figures, served)
    except BaseException:
        served.stop()
        raise


def _fill_remote(server: Server, data: Dataset, repeat: int, rdflib_s: float | None) -> Loaded:
    store = open_store(server.url)
    path = data.path
    if data.triples <= REMOTE_INSERT_MAX:
        from graph.io.rdf import format_of, read_quads

        def ours() -> None:
            quads = read_quads(path.read_bytes(), source=str(path), fmt=format_of(path))
            store.add_quads(quads, viewer=ORGANISER, validate=False)

        times = paired(ours, lambda: server.post_dataset(path), repeat, between=store.backend.clear)
        loaded = _figure(*times, rdflib_s, "ours: one INSERT DATA request; raw: Graph Store Protocol POST")
        ours()  # leave the store holding what our path loads
    else:
        seconds, _ = timed(lambda: server.post_dataset(path))
        loaded = Figure(raw=seconds, status="n/a", samples=[seconds])
        loaded.note = "loaded with the server's Graph Store Protocol (POST /store); see README"
    call, raw = _label_call(data.landmarks), RawHttp(store.backend)
    node = URIRef(data.landmarks["lesson"])
    opened = _figure(
        *paired(
            lambda: open_store(server.url).select("label_of", ORGANISER, node=node),
            lambda: raw.replay([call]),
            repeat,
        ),
        None,
    )
    opened.note = "connect and first query, beside the same query sent with plain HTTP"
    return Loaded(store, {"bulk_load": loaded, "store_open": opened}, server)
