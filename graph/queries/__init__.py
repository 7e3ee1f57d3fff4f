"""Named SPARQL queries: one ``.rq`` file per question the graph is asked.

Values go in as bindings (pyoxigraph ``substitutions``; a ``VALUES`` block on a
remote endpoint), never by formatting strings. Two rules make both ways of
binding mean the same thing: a bound variable is used in the outermost group of
the query, and it is projected (pyoxigraph refuses to substitute a variable
that the ``SELECT`` does not return; with ``GROUP BY``, group by it). The
standard prefixes (``graph.namespaces.PREFIXES``) are declared for every file.

>>> "SELECT" in load("stats")
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graph.namespaces import PREFIXES

__all__ = ["PROLOGUE", "load", "names"]

HERE = Path(__file__).parent

#: ``PREFIX`` lines for every standard prefix, put before named and user queries.
PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


@cache
def load(name: str) -> str:
    """The text of ``graph/queries/<name>.rq`` with the standard prologue."""
    path = HERE / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no named query {name!r} (looked for {path})")
    return PROLOGUE + path.read_text(encoding="utf-8")


def names() -> list[str]:
    """Every named query, for benchmarks and the docs."""
    return sorted(path.stem for path in HERE.glob("*.rq"))
