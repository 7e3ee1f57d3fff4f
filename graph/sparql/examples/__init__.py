"""Documented example queries for the SPARQL page, and a person's query as a table.

Each ``graph/sparql/examples/NN-name.rq`` starts with two comment lines: a title, then
a description (which may continue on further comment lines). The SPARQL page
offers them to start from; ``praxis query graph/sparql/examples/02-methods-never-assessed.rq``
runs one from the command line. A test runs every example against the seed graph.
The files are package data, read with :mod:`importlib.resources`.

:func:`run_table` runs a person's query read-only (through
:meth:`graph.store.PraxisStore.user_query`, so updates, ``LOAD`` and ``SERVICE``
are refused, the query runs in a worker process and the limits of
:mod:`graph.sparql.limits` apply) and
returns it ready for a table and a CSV download (cells a spreadsheet would run as
formulas get a leading ``'``, :func:`graph.text.escape_csv`).

>>> [e.name for e in list_examples()][:2]
['01-lessons-challenging-a-reading', '02-methods-never-assessed']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from graph.access import Viewer
from graph.sparql.limits import limit
from graph.sparql.results import PeoplesQueries, cell
from graph.text import escape_csv

__all__ = ["Example", "QueryTable", "examples", "run_table"]


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    text: str


@dataclass(frozen=True)
class QueryTable:
    """A query's answer: a table (SELECT), a yes/no (ASK) or Turtle (CONSTRUCT, DESCRIBE)."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    csv: bytes = b""
    boolean: bool | None = None
    turtle: str | None = None
    truncated: bool = False


@cache
def list_examples() -> tuple[Example, ...]:
    """Every example, in file order."""
    found = []
    entries = sorted((e for e in files(__name__).iterdir() if e.name.endswith(".rq")), key=lambda e: e.name)
    for path in entries:
        text = path.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("#").strip())
        if len(comments) < 2:
            raise ValueError(f"{path} must start with a '# title' line and a '# description' line")
        found.append(Example(path.name.removesuffix(".rq"), comments[0], " ".join(comments[1:]), text))
    return tuple(found)


def run_table(
    store: PeoplesQueries,
    viewer: Viewer,
    text: str,
    *,
    seconds: float | None = None,
    max_rows: int | None = None,
) -> QueryTable:
    """Run ``text`` read-only as ``viewer``; raises :class:`graph.errors.PraxisError` with a message."""
    rows_limit = int(max_rows or limit("PRAXIS_QUERY_ROWS"))
    data = store.user_query(
        text, viewer, fmt=ox.QueryResultsFormat.JSON, seconds=seconds, max_rows=rows_limit
    )
    try:
        result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    except SyntaxError:
        return QueryTable(turtle=data.decode("utf-8"))
    if isinstance(result, ox.QueryBoolean):
        return QueryTable(boolean=bool(result))
    columns = tuple(v.value for v in result.variables)
    rows = tuple(tuple(cell(solution[name]) for name in columns) for solution in result)
    csv = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(
        format=ox.QueryResultsFormat.CSV
    )
    return QueryTable(
        columns=columns, rows=rows, csv=escape_csv(csv or b""), truncated=len(rows) >= rows_limit
    )
