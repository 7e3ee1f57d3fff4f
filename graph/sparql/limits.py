"""Limits on people's read-only queries, the errors they get, and reading a result.

The SPARQL page and ``praxis query`` accept text from people. It is checked on its
tokens and its parse (:mod:`graph.sparql.checks`: updates, ``LOAD`` and ``SERVICE``
refused, size and nesting depth bounded) and runs in a query worker process
(:mod:`graph.sparql.pool`, :mod:`graph.sparql.worker`) over a snapshot of the graphs
the viewer may read, never in the process that serves others.

Limits on a query that is allowed (settings in :data:`LIMITS`, read from the
environment each time):

* **time**: the worker is killed (SIGKILL) after ``PRAXIS_QUERY_SECONDS`` (10) and
  the person gets :class:`QueryTimeout`; nothing keeps computing.
* **memory**: each worker limits its own address space to ``PRAXIS_QUERY_MEMORY_MB``
  (2,048); a query that needs more ends its worker and gets a message.
* **running at once**: ``PRAXIS_QUERY_RUNNING`` (4) workers per process; a query
  that finds every one busy for its whole time limit gets a "busy" message.
* **rows**: at most ``PRAXIS_QUERY_ROWS`` (50,000) rows (or triples for
  ``CONSTRUCT``/``DESCRIBE``) are returned; the rest are not computed.

>>> LIMITS["PRAXIS_QUERY_ROWS"][0]  # the default; limit("PRAXIS_QUERY_ROWS") reads the setting
50000
"""

from __future__ import annotations

import json
import time
from typing import Any

import pyoxigraph as ox

from graph.access import Visibility
from graph.errors import PraxisError
from graph.settings import positive_number

__all__ = [
    "LIMITS",
    "MAX_QUERY_CHARS",
    "QueryTimeout",
    "RefusedQuery",
    "collect",
    "limit",
    "query_dataset",
    "timed_out",
]

#: Limits on people's queries: environment variable -> (default, what it limits).
LIMITS: dict[str, tuple[float, str]] = {
    "PRAXIS_QUERY_SECONDS": (10.0, "seconds a person's query may run before it is stopped"),
    "PRAXIS_QUERY_ROWS": (50_000, "most rows (or triples) a person's query returns"),
    "PRAXIS_QUERY_RUNNING": (4, "query worker processes, so people's queries running at once, per process"),
    "PRAXIS_QUERY_MEMORY_MB": (
        2048,
        "address space (MB) of each query worker; a query needing more is stopped",
    ),
}

#: Longest query text accepted from a person (characters).
MAX_QUERY_CHARS = 20_000


class RefusedQuery(PraxisError):
    """A query a read-only box will not run; the message says why."""


class QueryTimeout(RefusedQuery):
    """A query stopped at the time limit, or refused because too many are running."""


#: The named graphs every statement lives in, one per visibility level.
_EVERY_GRAPH = frozenset(ox.NamedNode(str(level.graph)) for level in Visibility)


def query_dataset(graphs: list[ox.NamedNode], store: ox.Store | None = None) -> dict[str, Any]:
    """pyoxigraph's options restricting a query to ``graphs`` (every read of the store
    and every query worker passes them).

    Every statement of ours lives in one of the three visibility graphs (the loader,
    ``PraxisStore.write`` and ``bulk_load`` put it there), so when all three are
    asked for (an organiser) and ``store`` holds no other graph (such as a peer's
    snapshot, :mod:`graph.peers`, which no read may see; a look costs a microsecond),
    the union of the whole store is the same data, and pyoxigraph reads it about twice
    as fast as an explicit list of graphs. So it is when ``graphs`` are ours and every
    graph the store holds besides.

    >>> query_dataset([])
    {'default_graph': [], 'named_graphs': []}
    """
    # every graph the store holds is asked for: also a read of ours and every followed
    # chapter's together (PraxisStore.with_peers, for an organiser)
    if store is not None and _EVERY_GRAPH <= frozenset(graphs) >= frozenset(store.named_graphs()):
        return {"use_default_graph_as_union": True}
    return {"default_graph": graphs, "named_graphs": graphs}


def limit(name: str) -> float:
    """The current value of a :data:`LIMITS` setting (the environment, else the default)."""
    default, what = LIMITS[name]
    return positive_number(name, default, what)


def collect(result: Any, fmt: ox.QueryResultsFormat, *, deadline: float, max_rows: int) -> bytes:
    """Read a pyoxigraph result up to ``max_rows`` and ``deadline``; its W3C serialisation.

    Call it in the thread that ran the query (pyoxigraph results cannot move
    between threads); the query worker does. ``CONSTRUCT``/``DESCRIBE`` results
    come back as Turtle.
    """
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=fmt)
    if isinstance(result, ox.QueryTriples):
        triples = _take(result, deadline, max_rows)
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b""
    names = [variable.value for variable in result.variables]
    bindings = [
        {name: _json_term(solution[name]) for name in names if solution[name] is not None}
        for solution in _take(result, deadline, max_rows)
    ]
    data = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode("utf-8")
    if fmt == ox.QueryResultsFormat.JSON:
        return data
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)


def _take(result: Any, deadline: float, max_rows: int) -> list[Any]:
    rows = []
    for item in result:
        if time.monotonic() > deadline:
            raise QueryTimeout("The query reached its deadline.")  # the caller has stopped waiting
        rows.append(item)
        if len(rows) >= max_rows:
            break
    return rows


def _json_term(term: Any) -> dict[str, Any]:
    """A term in the W3C SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            found["datatype"] = term.datatype.value
        return found
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def timed_out(seconds: float) -> QueryTimeout:
    """The message for a query stopped at its time limit."""
    return QueryTimeout(
        f"The query was stopped after {seconds:g} seconds, the time limit for queries here "
        "(PRAXIS_QUERY_SECONDS). Add LIMIT, narrow the patterns (fewer ?s ?p ?o), "
        "or ask an organiser to run it on the machine that holds the store."
    )
