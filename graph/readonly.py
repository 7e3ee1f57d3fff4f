"""Refuse what a read-only SPARQL box must never run.

The SPARQL page and ``praxis query`` accept text from people. Before it reaches
the engine we refuse updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``...),
``SERVICE`` (pyoxigraph would send an HTTP request to another host from our
server) and very long texts. Keywords are looked for outside strings, IRIs and
comments, and not as parts of variables or prefixed names, so ``?service`` or
``"load the van"`` pass.

>>> check_read_only("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
graph.readonly.RefusedQuery: SERVICE is refused: queries may not ask other servers for data.
"""

from __future__ import annotations

import re

from graph.errors import PraxisError

__all__ = ["MAX_QUERY_CHARS", "RefusedQuery", "check_read_only"]

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
