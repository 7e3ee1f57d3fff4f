"""Refuse what a read-only SPARQL box must never run, and stop what runs too long.

The SPARQL page and ``praxis query`` accept text from people. Before it reaches
the engine we refuse updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``...),
``SERVICE`` (pyoxigraph would send an HTTP request to another host from our
server) and very long texts. Keywords are looked for outside strings, IRIs and
comments, and not as parts of variables or prefixed names, so ``?service`` or
``"load the van"`` pass.

Limits on a query that is allowed (settings in :data:`LIMITS`, read from the
environment each time):

* **time**: :func:`run_limited` runs the query in a worker thread and stops
  waiting after ``PRAXIS_QUERY_SECONDS`` (10), with a :class:`QueryTimeout`
  message. pyoxigraph cannot cancel a query, so the worker checks the deadline
  between result rows and stops there; a query that computes for a long time
  before its first row (an aggregate or ``ORDER BY`` over a huge join) finishes
  in the background and its result is dropped. To keep such leftovers from
  piling up under many users, at most ``PRAXIS_QUERY_RUNNING`` (4) people's
  queries run at once per process, leftovers included; when all are busy a new
  query waits up to its time limit for a free place, then gets a "busy" message.
  A subprocess that could be killed is not an option: the explorer holds the
  embedded store, and opening it read-only from another process while it is
  written is undefined behaviour in RocksDB.
* **rows**: at most ``PRAXIS_QUERY_ROWS`` (50,000) rows (or triples for
  ``CONSTRUCT``/``DESCRIBE``) are returned; the rest are not computed.

>>> check_read_only("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
graph.readonly.RefusedQuery: SERVICE is refused: queries may not ask other servers for data.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import pyoxigraph as ox

from graph.errors import PraxisError

__all__ = [
    "LIMITS",
    "MAX_QUERY_CHARS",
    "QueryTimeout",
    "RefusedQuery",
    "check_read_only",
    "collect",
    "limit",
    "run_limited",
]

T = TypeVar("T")

#: Limits on people's queries: environment variable -> (default, what it limits).
LIMITS: dict[str, tuple[float, str]] = {
    "PRAXIS_QUERY_SECONDS": (10.0, "seconds a person's query may run before it is stopped"),
    "PRAXIS_QUERY_ROWS": (50_000, "most rows (or triples) a person's query returns"),
    "PRAXIS_QUERY_RUNNING": (4, "people's queries running at once in one process, stopped ones included"),
}

#: Longest query text accepted from a person (characters).
MAX_QUERY_CHARS = 20_000

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}

_SKIP = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_WORD = re.compile(r"(?<![?$:\w])([A-Za-z]+)(?![\w:])")


class RefusedQuery(PraxisError):
    """A query a read-only box will not run; the message says why."""


def check_read_only(text: str) -> None:
    """Raise :class:`RefusedQuery` unless ``text`` is safe to run read-only."""
    if len(text) > MAX_QUERY_CHARS:
        raise RefusedQuery(f"The query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}.")
    words = {word.upper() for word in _WORD.findall(_SKIP.sub(" ", text))}
    if "SERVICE" in words:
        raise RefusedQuery("SERVICE is refused: queries may not ask other servers for data.")
    found = sorted(words & _UPDATE_WORDS)
    if found:
        raise RefusedQuery(
            f"This looks like an update ({', '.join(found)}); only read queries "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE) may run here."
        )


class QueryTimeout(RefusedQuery):
    """A query stopped at the time limit, or refused because too many are running."""


def limit(name: str) -> float:
    """The current value of a :data:`LIMITS` setting (the environment, else the default)."""
    default, _ = LIMITS[name]
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        raise PraxisError(f"${name} must be a number ({LIMITS[name][1]}).") from None
    if value <= 0:
        raise PraxisError(f"${name} must be more than zero ({LIMITS[name][1]}).")
    return value


_SLOTS: threading.BoundedSemaphore | None = None
_SLOTS_LOCK = threading.Lock()


def _slots() -> threading.BoundedSemaphore:
    global _SLOTS
    with _SLOTS_LOCK:
        if _SLOTS is None:
            _SLOTS = threading.BoundedSemaphore(int(limit("PRAXIS_QUERY_RUNNING")))
        return _SLOTS


def run_limited(work: Callable[[float], T], *, seconds: float | None = None) -> T:
    """Run ``work(deadline)`` in a worker thread; wait at most ``seconds`` for it.

    ``deadline`` is a :func:`time.monotonic` time that ``work`` should stop at. The
    worker's exceptions reach the caller; past the limit the caller gets
    :class:`QueryTimeout` and the worker's eventual result is dropped.
    """
    seconds = limit("PRAXIS_QUERY_SECONDS") if seconds is None else seconds
    slots = _slots()
    if not slots.acquire(timeout=seconds):
        raise QueryTimeout(
            "The server is busy with other long queries; try again in a minute, "
            "or add LIMIT and narrower patterns to yours."
        )
    deadline = time.monotonic() + seconds
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            outcome["value"] = work(deadline)
        except BaseException as error:  # handed to the caller below
            # Drop the frames' locals here: a pyoxigraph result must be freed by
            # the thread that made it, not by whichever thread frees the traceback.
            traceback.clear_frames(error.__traceback__)
            outcome["error"] = error
        finally:
            slots.release()
            done.set()

    threading.Thread(target=target, name="praxis-user-query", daemon=True).start()
    if not done.wait(seconds):
        raise _timeout(seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def collect(result: Any, fmt: ox.QueryResultsFormat, *, deadline: float, max_rows: int) -> bytes:
    """Read a pyoxigraph result up to ``max_rows`` and ``deadline``; its W3C serialisation.

    Call it in the thread that ran the query (pyoxigraph results cannot move
    between threads). ``CONSTRUCT``/``DESCRIBE`` results come back as Turtle.
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


def _timeout(seconds: float) -> QueryTimeout:
    return QueryTimeout(
        f"The query was stopped after {seconds:g} seconds, the time limit for queries here "
        "(PRAXIS_QUERY_SECONDS). Add LIMIT, narrow the patterns (fewer ?s ?p ?o), "
        "or ask an organiser to run it on the machine that holds the store."
    )
