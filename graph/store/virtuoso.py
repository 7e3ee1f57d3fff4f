"""Virtuoso Open Source 7 (Debian's ``virtuoso-opensource``) as a backend.

``virtuoso+http://127.0.0.1:8890/sparql`` opens one. Virtuoso is not a drop-in SPARQL 1.1
endpoint; each difference below was measured on 7.2.5 (README, "SPARQL engines", lists
them with the query rewrites they needed):

- one endpoint for queries and updates, as form posts (a direct
  ``application/sparql-query`` post hangs);
- results as SPARQL XML: its TSV is not the W3C format (no IRI brackets, no datatypes,
  raw tabs and newlines in values) and its JSON writer is four times slower; blank nodes
  come as ``nodeID://b123``, renamed before pyoxigraph reads them;
- every read names its graphs in both dataset parameters: given only
  ``default-graph-uri``, ``GRAPH ?g`` sees every graph, and given none, a read sees
  Virtuoso's own graphs too; ``FROM`` or ``DEFINE`` in a query's text would add graphs
  (named queries hold none, and people's queries never come here);
- bound values as a sub-select, ``{ SELECT * WHERE { VALUES ... } }``: a bare
  ``VALUES`` block is dropped from a ``UNION`` branch that ends with ``BIND``, and a
  multi-row one is no start for a transitive path; a few thousand terms are refused
  (SP030 past 4,094; SQ199 from 4,000 IRIs the store does not hold), so larger sets are
  read in parts;
- a write is ONE ``DELETE { } INSERT { } WHERE { }`` operation: Virtuoso commits each
  operation of a request on its own, so a later failure would keep the earlier ones;
- ``CLEAR ALL`` answers 200 and does nothing: the three graphs are cleared by name;
- ``INSERT DATA`` refuses blank nodes, and a request over 10 MB is refused: a batch with
  blank nodes or too large for one request goes into staging graphs first (blank nodes in
  an ``INSERT { } WHERE { }`` per graph), which no reader sees, then is copied into each
  of our graphs by one request; a failure while staging (an ill-typed value, say) leaves
  our graphs as they were.
"""

from __future__ import annotations

import re
import urllib.parse
import uuid
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from graph.errors import PraxisError
from graph.store.backends import every_graph, first_in_where, quad_text, values_block
from graph.store.remote import RemoteBackend, dataset_fields
from graph.store.terms import to_python

__all__ = ["MAX_REQUEST", "MAX_VALUES", "VirtuosoBackend", "bind_in_subselect"]

_XML = "application/sparql-results+xml"
#: Virtuoso refuses a request over 10 MB ("string session is longer than 10Mb"); batches
#: are cut below this many bytes of query text.
MAX_REQUEST = 8_000_000
#: Terms bound to one variable per request. Virtuoso refuses a VALUES block of more than
#: 4,094 terms (SP030), and one of 4,000 IRIs it does not hold already (SQ199, "code vector
#: exceeded"; 3,500 pass), so sets are read 2,000 at a time.
MAX_VALUES = 2_000


def bind_in_subselect(query: str, bindings: dict[str, Any]) -> str:
    """Bindings as ``{ SELECT * WHERE { VALUES ... } }`` first in the outermost ``WHERE``.

    >>> bind_in_subselect("SELECT ?l WHERE { ?c ?p ?l }", {"c": ox.NamedNode("http://e/c")})
    'SELECT ?l WHERE { { SELECT * WHERE { VALUES ?c { <http://e/c> } } } ?c ?p ?l }'

    A query's own marks of where a variable is bound (``VALUES ?c { UNDEF }`` in a ``UNION``
    branch, for pyoxigraph: :func:`graph.store.backends.bind_with_values`) are taken out:
    Virtuoso drops a ``VALUES`` from a branch that ends with ``BIND``, and joins the
    sub-select into every branch itself.

    >>> bind_in_subselect("SELECT ?l WHERE { { VALUES ?c { UNDEF } ?c ?p ?l } }", {})
    'SELECT ?l WHERE { {  ?c ?p ?l } }'
    """
    query = _MARKS.sub("", query)
    if not bindings:
        return query
    return first_in_where(query, f"{{ SELECT * WHERE {{ {values_block(bindings)} }} }}")


#: Where a query marks a variable's binding for pyoxigraph (``VALUES ?x { UNDEF }``).
_MARKS = re.compile(r"VALUES \?\w+ \{ UNDEF \}")


def _parts(bindings: dict[str, Any]) -> list[dict[str, Any]]:
    """``bindings`` cut so that no variable is bound to more than :data:`MAX_VALUES` terms.
    Each part's rows are those of the values it holds (the named queries bound to large
    sets answer a row per bound value), so the parts' rows together are the answer."""
    for name, value in bindings.items():
        if isinstance(value, tuple) and len(value) > MAX_VALUES:
            return [
                part
                for start in range(0, len(value), MAX_VALUES)
                for part in _parts({**bindings, name: value[start : start + MAX_VALUES]})
            ]
    return [bindings]


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


class VirtuosoBackend(RemoteBackend):
    """Virtuoso's SPARQL endpoint (``http://HOST:PORT/sparql``), for queries and updates alike."""

    def __init__(self, endpoint: str, *, timeout: float = 600.0):
        super().__init__(endpoint, timeout=timeout)
        path = urllib.parse.urlsplit(self.base).path or "/sparql"
        self.query_url = self.update_url = self.base
        self._query_path = self._update_path = path

    # ---------------------------------------------------------------- reading
    def _results(self, query: str, graphs: list[ox.NamedNode]) -> Any:
        _kind, data = self._post(self._query_path, [("query", query), *dataset_fields(graphs)], _XML)
        data = data.replace(b"<bnode>nodeID://", b"<bnode>")
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)

    def solutions(self, query: str, graphs: list[ox.NamedNode], bindings: dict[str, Any]):
        """Variable names and rows of Python values, read from SPARQL XML."""
        names: list[str] = []
        rows: list[tuple[Any, ...]] = []
        converted: dict[Any, Any] = {}  # rows repeat the same IRIs: convert each term once

        def value(term: Any) -> Any:
            found = converted.get(term, converted)
            if found is converted:
                found = converted[term] = to_python(term)
            return found

        for part in _parts(bindings):
            result = self._results(bind_in_subselect(query, part), graphs)
            if isinstance(result, ox.QueryBoolean):
                return ["ask"], [("true" if bool(result) else "false",)]
            names = [variable.value for variable in result.variables]
            rows += [tuple(map(value, solution)) for solution in result]
        return names, rows

    def quads(self, graphs: list[ox.NamedNode]) -> Iterable[ox.Quad]:
        for s, p, o, g in self._results("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", graphs):
            yield ox.Quad(s, p, o, g)

    def _pattern(self, nodes: list[Any], predicate: ox.NamedNode | None) -> list[ox.Quad]:
        nodes = [node for node in nodes if isinstance(node, ox.NamedNode)]
        found: list[ox.Quad] = []
        pattern = f"?s {predicate} ?o" if predicate else "?s ?p ?o"
        query = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}"
        for start in range(0, len(nodes), 500):
            bound = bind_in_subselect(query, {"s": tuple(nodes[start : start + 500])})
            for s, p, o, g in self._results(bound, every_graph()):
                found.append(ox.Quad(s, predicate or p, o, g))
        return found

    # ---------------------------------------------------------------- writing
    def write(self, additions: list[ox.Quad], removals: list[ox.Quad], replace: list[ox.NamedNode]) -> None:
        """One ``DELETE { } INSERT { } WHERE { }`` operation, which Virtuoso applies whole or
        not at all. The ``WHERE`` has a branch per replaced record (its statements to delete)
        and an empty one, so the constant parts apply even when a record has none. Deletes
        come before inserts, so a statement both replaced and added stays."""
        blank_graphs = {quad.graph_name for quad in additions if _has_blank(quad)}
        if replace and blank_graphs:
            raise PraxisError(
                "Virtuoso cannot replace a record and add blank nodes in one change "
                "(each solution of the change would make its own copy of them)."
            )
        if len(blank_graphs) > 1:
            # measured: the request answers "SR002 string_output_string" and writes them all
            # the same, so it is refused before it is sent
            raise PraxisError(
                "Virtuoso cannot add blank nodes to two visibility levels in one change; "
                "write each level's statements on their own."
            )
        deletes, branches = [], []
        for number, subject in enumerate(replace):
            pattern = f"GRAPH ?g{number} {{ {subject} ?p{number} ?o{number} }}"
            deletes.append(pattern)
            branches.append(f"{{ {pattern} }}")
        deletes += map(quad_text, removals)
        branches.append("{ }")
        where = "WHERE { " + " UNION ".join(branches) + " }"
        text = "\n".join(["DELETE {", *deletes, "}", "INSERT {", *map(quad_text, additions), "}", where])
        if len(text.encode("utf-8")) > MAX_REQUEST:
            raise PraxisError(
                "This change is too large for one Virtuoso request (10 MB); import it as a file instead."
            )
        self.update(text)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads, all or nothing: as one ``INSERT DATA`` when they fit one request and hold
        no blank node, else into staging graphs (which no reader sees) published by one
        operation, then dropped."""
        quads = list(quads)
        if not quads:
            return
        requests = _insert_requests(quads)
        if len(requests) == 1 and len(requests[0]) == 1 and not any(map(_has_blank, quads)):
            self.update(requests[0][0])
            return
        stage = f"urn:praxis:staging:{uuid.uuid4().hex}/"
        targets = sorted({quad.graph_name.value for quad in quads})
        staged = [
            ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(stage + q.graph_name.value)) for q in quads
        ]
        try:
            for operations in _insert_requests(staged):
                self.update(" ;\n".join(operations))
            # one operation per graph: a template naming its graph by a variable, or naming
            # two graphs, answers "SR002 string_output_string" when it copies blank nodes
            # (and writes them all the same); copying stored terms cannot fail on the data
            copies = [
                f"INSERT {{ GRAPH <{to}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{stage}{to}> {{ ?s ?p ?o }} }}"
                for to in targets
            ]
            self.update(" ;\n".join(copies))
        finally:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{stage}{graph}>" for graph in targets))

    def clear(self) -> None:
        """The three graphs by name (``CLEAR ALL`` does nothing on Virtuoso)."""
        self.update(" ;\n".join(f"CLEAR GRAPH {graph}" for graph in every_graph()))


def _insert_requests(quads: list[ox.Quad]) -> list[list[str]]:
    """The operations adding ``quads``, grouped in requests under :data:`MAX_REQUEST`. Quads
    with blank nodes all go in the first request (a blank node's label names one node
    within one request only), as an ``INSERT { } WHERE { }`` per graph, since
    ``INSERT DATA`` refuses them."""
    blank = [quad for quad in quads if _has_blank(quad)]
    operations = [
        f"INSERT {{ GRAPH <{graph}> {{\n"
        + "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in blank if q.graph_name.value == graph)
        + "\n} } WHERE { }"
        for graph in sorted({quad.graph_name.value for quad in blank})
    ]
    size = sum(len(operation.encode("utf-8")) for operation in operations)
    requests: list[list[str]] = []
    lines: list[str] = []
    for quad in quads:
        if _has_blank(quad):
            continue
        line = quad_text(quad)
        if lines and size + len(line.encode("utf-8")) > MAX_REQUEST:
            requests.append([*operations, "INSERT DATA {\n" + "\n".join(lines) + "\n}"])
            operations, lines, size = [], [], 0
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
    if lines:
        operations.append("INSERT DATA {\n" + "\n".join(lines) + "\n}")
    if operations:
        requests.append(operations)
    return requests
