"""SPARQL 1.1 endpoints over HTTP: kept-alive connections, and the generic remote backend.

:class:`Connections` holds HTTP/1.1 connections to one server and lends them to
whichever thread asks (a pool, not one per thread: Streamlit runs each page run in a
thread of its own). A connection stays open between requests, so a page's many small
reads pay no TCP set-up; reads from different threads use different connections and
run on the server at the same time (:meth:`graph.store.PraxisStore.select_together`).

:class:`RemoteBackend` speaks the protocol to ``oxigraph serve`` (and Fuseki, GraphDB):
``BASE/query`` and ``BASE/update``. Results come as W3C SPARQL TSV, read by the same
code as the embedded store's (:func:`graph.store.terms.rows_from_tsv`): at 100k
statements "what was taught" went from 0.59 s with JSON over a new connection per read
to the figures in ``make bench``. Graph restriction uses the protocol's
``default-graph-uri`` and ``named-graph-uri`` parameters, always both, and never an
empty list (an endpoint given none reads every graph). Bound values go in as a
``VALUES`` block written by the engine's own term serialiser, never as text from a
person. :mod:`graph.store.virtuoso` builds on both for Virtuoso.
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import PraxisError
from graph.sparql import Snapshot
from graph.store.backends import RDF_TYPE, bind_with_values, every_graph, quad_text, update_text
from graph.store.terms import rows_from_tsv

__all__ = ["NO_GRAPH", "REMOTE_REFRESH", "Connections", "RemoteBackend"]

#: Seconds after which a snapshot of a remote endpoint, which other processes may
#: write, is made again for people's queries.
REMOTE_REFRESH = 60.0
#: Sent as the only graph when a read may see none: an endpoint given no graph at all
#: reads every graph it holds (restricted ones, and Virtuoso's own).
NO_GRAPH = ox.NamedNode("urn:praxis:no-graph")
#: Idle connections kept per server; more are closed when handed back.
_IDLE = 16
_FORM = "application/x-www-form-urlencoded"
_TSV = "text/tab-separated-values"
#: Failures of a connection the server closed while it lay idle: the request is sent
#: again once, on a new connection. Every request we send may be sent twice: reads, and
#: updates whose text is the same set of statements to add and remove.
_STALE = (
    http.client.RemoteDisconnected,
    http.client.CannotSendRequest,
    ConnectionResetError,
    BrokenPipeError,
)


class Connections:
    """Kept-alive connections to one HTTP server, lent to one request at a time.

    >>> Connections("http://127.0.0.1:7878").address
    '127.0.0.1:7878'
    """

    def __init__(self, base: str, *, timeout: float = 600.0):
        parts = urllib.parse.urlsplit(base)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.https else 80)
        self.timeout = timeout
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def _new(self) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        return kind(self.host, self.port, timeout=self.timeout)

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str]
    ) -> tuple[int, str, bytes]:
        """Send one request; its status, content type and body. Raises :class:`PraxisError`
        when the server cannot be reached."""
        for attempt in (0, 1):
            with self._lock:
                reused = bool(self._idle)
                connection = self._idle.pop() if reused else self._new()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except _STALE as error:
                connection.close()
                if reused and attempt == 0:
                    continue
                raise self._unreachable(error) from None
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                raise self._unreachable(error) from None
            if response.will_close:
                connection.close()
            else:
                with self._lock:
                    if len(self._idle) < _IDLE:
                        self._idle.append(connection)
                        connection = None
                if connection is not None:
                    connection.close()
            return response.status, response.getheader("Content-Type", ""), data
        raise AssertionError("unreachable")

    def _unreachable(self, error: BaseException) -> PraxisError:
        return PraxisError(
            f"Cannot reach the SPARQL endpoint at {self.address} ({error}). Is the server running?"
        )

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


def dataset_fields(graphs: list[ox.NamedNode]) -> list[tuple[str, str]]:
    """The protocol's dataset parameters for ``graphs``: both kinds, never none."""
    fields = []
    for graph in graphs or [NO_GRAPH]:
        fields.append(("default-graph-uri", graph.value))
        fields.append(("named-graph-uri", graph.value))
    return fields


class RemoteBackend:
    """A SPARQL 1.1 endpoint: queries to ``BASE/query``, updates to ``BASE/update``."""

    snapshot_max_age: float | None = REMOTE_REFRESH
    shared = True

    def __init__(self, base: str, *, timeout: float = 600.0):
        self.base = base.rstrip("/")
        self.path: Path | None = None
        self.connections = Connections(self.base, timeout=timeout)
        prefix = urllib.parse.urlsplit(self.base).path
        self.query_url, self.update_url = self.base + "/query", self.base + "/update"
        self._query_path, self._update_path = prefix + "/query", prefix + "/update"

    def _post(self, path: str, fields: list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        body = urllib.parse.urlencode(fields).encode()
        status, kind, data = self.connections.request(
            "POST", path, body=body, headers={"Content-Type": _FORM, "Accept": accept}
        )
        if status >= 300:
            detail = data.decode("utf-8", "replace").split("\n\nSPARQL query:")[0][:500]
            if fields[0][0] == "update":
                raise PraxisError(f"The SPARQL endpoint {self.base} refused the change ({status}): {detail}")
            if status == 400:
                raise SyntaxError(detail)
            raise PraxisError(f"The SPARQL endpoint {self.base} answered {status}: {detail}")
        return kind, data

    def _select(self, query: str, graphs: list[ox.NamedNode]) -> bytes:
        return self._post(self._query_path, [("query", query), *dataset_fields(graphs)], _TSV)[1]

    def solutions(self, query: str, graphs: list[ox.NamedNode], bindings: dict[str, Any]):
        """Variable names and rows of Python values, read from the endpoint's TSV."""
        data = self._select(bind_with_values(query, bindings), graphs)
        if data.strip() in (b"true", b"false"):  # an ASK query's answer
            return ["ask"], [(data.strip().decode(),)]
        return rows_from_tsv(data)

    def named_graphs(self) -> list[ox.NamedNode]:
        """The endpoint's named graphs: its own dataset (no graph parameters), SPARQL XML,
        which Oxigraph and Virtuoso both write. For PraxisStore.peer_graphs."""
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
        data = self._post(self._query_path, [("query", query)], "application/sparql-results+xml")[1]
        rows = ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)
        return [row[0] for row in rows if isinstance(row[0], ox.NamedNode)]

    def update(self, update: str) -> None:
        self._post(self._update_path, [("update", update)], "*/*")

    def write(self, additions: list[ox.Quad], removals: list[ox.Quad], replace: list[ox.NamedNode]) -> None:
        """One request, which Oxigraph (and Fuseki) apply as one transaction."""
        self.update(update_text(additions, removals, replace))

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """One ``INSERT DATA`` request, so the endpoint applies it all or not at all."""
        lines = [quad_text(quad) for quad in quads]
        if lines:
            self.update("INSERT DATA {\n" + "\n".join(lines) + "\n}")

    def quads(self, graphs: list[ox.NamedNode]) -> Iterable[ox.Quad]:
        """Every quad of ``graphs``, read in one query: one consistent state of the store."""
        data = self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", graphs)
        for s, p, o, g in ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV):
            yield ox.Quad(s, p, o, g)

    def triples_about(self, subjects: list[Any]) -> list[ox.Quad]:
        return self._pattern(subjects, None)

    def types_of(self, nodes: list[Any]) -> list[ox.Quad]:
        return self._pattern(nodes, RDF_TYPE)

    def _pattern(self, nodes: list[Any], predicate: ox.NamedNode | None) -> list[ox.Quad]:
        """Quads in any of our graphs about ``nodes`` (and with ``predicate``), 500 nodes a query.
        A blank node cannot be named in a request, so it has none to find."""
        nodes = [node for node in nodes if isinstance(node, ox.NamedNode)]
        found: list[ox.Quad] = []
        pattern = f"?s {predicate} ?o" if predicate else "?s ?p ?o"
        query = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}"
        for start in range(0, len(nodes), 500):
            chunk = tuple(nodes[start : start + 500])
            data = self._select(bind_with_values(query, {"s": chunk}), every_graph())
            for s, p, o, g in ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV):
                found.append(ox.Quad(s, predicate or p, o, g))
        return found

    def snapshot(self, graphs: list[ox.NamedNode], folder: Path) -> Snapshot:
        """N-Quads of our own read of ``graphs``: the endpoint never sees a person's query."""
        path = folder / "graphs.nq"
        ox.serialize(self.quads(graphs), str(path), format=ox.RdfFormat.N_QUADS)
        return Snapshot([[str(path), "nq", None]], folder)

    def clear(self) -> None:
        self.update("CLEAR ALL")

    def flush(self) -> None:
        pass
