"""Timing, and the baselines every figure is compared with.

A figure is "ours" (through :class:`graph.store.PraxisStore`) beside two
baselines run in the same process on the same data:

- **raw pyoxigraph**: the very SPARQL our code sent, replayed straight on the
  engine. :func:`recording` swaps the store's backend for a proxy that notes
  every call (query text, graphs, bindings; updates; pattern lookups), so even
  a capability that runs several queries and some Python is compared with the
  engine time of exactly those queries. ``overhead = ours / raw``.
- **rdflib**: the same calls replayed on rdflib's in-memory ``Dataset`` (what
  the project would be without Oxigraph). ``speedup = rdflib / ours``.

Times are medians of several runs, in seconds.
"""

from __future__ import annotations

import statistics
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

__all__ = [
    "Call",
    "Figure",
    "RawHttp",
    "RawLocal",
    "RdflibBaseline",
    "Recording",
    "median_time",
    "paired",
    "recording",
    "timed",
]

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: Backend methods whose calls are replayed on the baselines.
_RECORDED = ("solutions", "ask", "serialized", "update", "triples_about", "types_of", "quads", "extend")


@dataclass
class Figure:
    """One measured figure: ours, the baselines, and the ratios between them."""

    ours: float | None = None
    raw: float | None = None
    rdflib: float | None = None
    status: str = "ok"
    note: str = ""
    samples: list[float] = field(default_factory=list)
    first: float | None = None

    @property
    def overhead(self) -> float | None:
        return self.ours / self.raw if self.ours and self.raw else None

    @property
    def speedup(self) -> float | None:
        return self.rdflib / self.ours if self.ours and self.rdflib else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ours_s": self.ours,
            "raw_s": self.raw,
            "rdflib_s": self.rdflib,
            "overhead": self.overhead,
            "speedup": self.speedup,
            "status": self.status,
            "note": self.note,
            "samples_s": self.samples,
            "first_s": self.first,
        }

    @classmethod
    def missing(cls, note: str, status: str = "n/a") -> Figure:
        return cls(status=status, note=note)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, list[float]]:
    samples = [timed(fn)[0] for _ in range(max(1, repeat))]
    return statistics.median(samples), samples


def paired(
    ours: Callable[[], Any], raw: Callable[[], Any], repeat: int, *, between: Callable[[], Any] | None = None
) -> tuple[list[float], list[float]]:
    """Raw then ours, ``repeat`` times, so that a change in the machine's load hits
    both alike; ``between`` runs untimed after each call. Returns (ours, raw) samples."""
    ours_s: list[float] = []
    raw_s: list[float] = []
    for _ in range(max(1, repeat)):
        for fn, samples in ((raw, raw_s), (ours, ours_s)):
            samples.append(timed(fn)[0])
            if between is not None:
                between()
    return ours_s, raw_s


@dataclass(frozen=True)
class Call:
    """One backend call: the method and its arguments."""

    method: str
    args: tuple


class Recording:
    """A backend proxy that notes each call it forwards."""

    def __init__(self, backend: Any):
        self._backend = backend
        self.calls: list[Call] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._backend, name)
        if name not in _RECORDED:
            return attribute

        def forward(*args: Any) -> Any:
            self.calls.append(Call(name, args))
            return attribute(*args)

        return forward


@contextmanager
def recording(store: Any) -> Iterator[Recording]:
    """Note every backend call ``store`` makes inside the ``with`` block."""
    original = store.backend
    proxy = Recording(original)
    store.backend = proxy
    try:
        yield proxy
    finally:
        store.backend = original


def _consume(result: Any) -> Any:
    """Read every value of a query result, as raw pyoxigraph code would."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return [tuple(triple) for triple in result]
    return [tuple(solution) for solution in result]


class RawLocal:
    """Replays calls straight on a pyoxigraph ``Store`` (the engine under our store)."""

    def __init__(self, store: ox.Store):
        self.store = store

    def replay(self, calls: list[Call]) -> None:
        for call in calls:
            getattr(self, "_" + call.method)(*call.args)

    def _query(self, query: str, graphs: list, bindings: dict | None = None) -> Any:
        # the same text and dataset options our backend sends to the engine
        from graph.sparql import query_dataset
        from graph.store import bind_with_values

        try:
            text, substitutions = bind_with_values(query, bindings or {}), {}
        except ValueError:  # no WHERE to hold a VALUES block (ASK { }): as our backend does
            text, substitutions = query, {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self.store.query(text, substitutions=substitutions, **query_dataset(graphs, self.store))

    def _solutions(self, query: str, graphs: list, bindings: dict) -> None:
        _consume(self._query(query, graphs, bindings))

    def _ask(self, query: str, graphs: list, bindings: dict) -> None:
        bool(self._query(query, graphs, bindings))

    def _serialized(self, query: str, graphs: list, fmt: Any) -> None:
        result = self._query(query, graphs)
        if isinstance(result, ox.QueryTriples):
            result.serialize(format=ox.RdfFormat.TURTLE)
        else:
            result.serialize(format=fmt)

    def _update(self, text: str) -> None:
        self.store.update(text)

    def _extend(self, quads: Any) -> None:
        self.store.extend(quads)

    def _quads(self, graphs: list) -> None:
        for graph in graphs:
            list(self.store.quads_for_pattern(None, None, None, graph))

    def _triples_about(self, subjects: list) -> None:
        for subject in subjects:
            list(self.store.quads_for_pattern(subject, None, None, None))

    def _types_of(self, nodes: list) -> None:
        for node in nodes:
            list(self.store.quads_for_pattern(node, _RDF_TYPE, None, None))


class RawHttp(RawLocal):
    """Replays calls on a SPARQL endpoint with plain HTTP, without our client code.

    Bindings go in as the same ``VALUES`` block our remote backend writes (an
    endpoint has no substitutions); pattern lookups and loads go through the
    backend itself, since they are HTTP calls either way."""

    def __init__(self, backend: Any):
        self.backend = backend

    def _post(self, url: str, fields: list[tuple[str, str]], accept: str) -> bytes:
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.read()

    def _query(self, query: str, graphs: list, bindings: dict | None = None) -> Any:
        from graph.store import bind_with_values

        fields = [("query", bind_with_values(query, bindings or {}))]
        for graph in graphs:
            fields += [("default-graph-uri", graph.value), ("named-graph-uri", graph.value)]
        data = self._post(self.backend.query_url, fields, "application/sparql-results+json")
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    def _serialized(self, query: str, graphs: list, fmt: Any) -> None:
        fields = [("query", query)]
        for graph in graphs:
            fields += [("default-graph-uri", graph.value), ("named-graph-uri", graph.value)]
        self._post(self.backend.query_url, fields, "application/sparql-results+json")

    def _update(self, text: str) -> None:
        self._post(self.backend.update_url, [("update", text)], "*/*")

    def _extend(self, quads: Any) -> None:
        self.backend.extend(quads)

    def _quads(self, graphs: list) -> None:
        list(self.backend.quads(graphs))

    def _triples_about(self, subjects: list) -> None:
        self.backend.triples_about(subjects)

    def _types_of(self, nodes: list) -> None:
        self.backend.types_of(nodes)


class RdflibBaseline:
    """rdflib's in-memory ``Dataset`` holding the same file, replaying the same calls.

    Every statement is readable (the benchmark reads as an organiser, who sees
    all three graphs), so the default graph is the union of the named graphs."""

    def __init__(self, path: Path):
        from rdflib import Dataset

        self.dataset = Dataset(default_union=True)
        self.load_s, _ = timed(lambda: self.dataset.parse(str(path), format="nquads"))

    def replay(self, calls: list[Call]) -> None:
        from graph.store import bind_with_values, from_ox

        data = self.dataset
        for call in calls:
            method, args = call.method, call.args
            if method in ("solutions", "ask"):
                query, _graphs, bindings = args
                result = data.query(bind_with_values(query, bindings))  # the text our engine runs
                if result.type == "ASK":
                    bool(result.askAnswer)
                else:
                    list(result)
            elif method == "serialized":
                data.query(args[0]).serialize(format="json")
            elif method == "update":
                data.update(args[0])
            elif method == "extend":
                for quad in args[0]:
                    data.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
            elif method in ("triples_about", "types_of"):
                predicate = from_ox(_RDF_TYPE) if method == "types_of" else None
                for node in args[0]:
                    list(data.quads((from_ox(node), predicate, None, None)))
            elif method == "quads":
                list(data.quads((None, None, None, None)))
