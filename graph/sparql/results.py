"""Show the results of a person's SPARQL query as a table, JSON or CSV.

JSON is the W3C SPARQL 1.1 Query Results JSON format and CSV the W3C CSV format,
both written by the engine; CSV cells a spreadsheet would run as formulas get a
leading ``'`` (:func:`graph.text.escape_csv`). The table shortens IRIs with
the standard prefixes. The query runs through anything that offers
:class:`PeoplesQueries` (a :class:`~graph.store.PraxisStore` does).
"""

from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox

from graph.access import Viewer
from graph.namespaces import PREFIXES
from graph.text import escape_csv

__all__ = ["PeoplesQueries", "ResultFormat", "cell", "render", "shorten", "table"]

#: The W3C results formats a person's query can answer in.
ResultFormat = ox.QueryResultsFormat


class PeoplesQueries(Protocol):
    """What runs a person's query: :meth:`graph.store.PraxisStore.user_query`."""

    def user_query(
        self,
        text: str,
        viewer: Viewer,
        *,
        fmt: ResultFormat = ...,
        seconds: float | None = None,
        max_rows: int | None = None,
    ) -> bytes: ...


def shorten(iri: str) -> str:
    """``https://w3id.org/praxis/ontology#Lesson`` -> ``prx:Lesson``."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def cell(term: object) -> str:
    """One result term as table text: IRIs shortened, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def table(names: list[str], rows: list[list[str]]) -> str:
    """A plain text table with a header line."""
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def render(store: PeoplesQueries, text: str, viewer: Viewer, fmt: str) -> str:
    """Run ``text`` read-only as ``viewer`` and render it as ``table``, ``json`` or ``csv``."""
    if fmt == "csv":
        data = store.user_query(text, viewer, fmt=ox.QueryResultsFormat.CSV)
        if b"\r\n" not in data:  # the W3C CSV ends every row with CRLF; Turtle and ASK do not
            return data.decode("utf-8")
        return escape_csv(data).decode("utf-8")
    data = store.user_query(text, viewer, fmt=ox.QueryResultsFormat.JSON)
    if fmt == "json":
        return data.decode("utf-8") + "\n"
    try:
        result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    except SyntaxError:
        return data.decode("utf-8")  # CONSTRUCT / DESCRIBE: already Turtle
    if isinstance(result, ox.QueryBoolean):
        return ("yes" if bool(result) else "no") + "\n"
    names = [v.value for v in result.variables]
    rows = [[cell(solution[n]) for n in names] for solution in result]
    return table(names, rows) + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"
