"""Named SPARQL queries: one ``.rq`` file per question the graph is asked.

Values go in as bindings, never by formatting strings: a ``VALUES`` block
written by the engine's own serialiser, first in the outermost ``WHERE`` (see
``graph.backends.bind_with_values``), so a bound variable is used in the
outermost group of the query and is projected (with ``GROUP BY``, grouped by).
A set of values binds a variable to any of them, so one query can ask about many
nodes. A comment's "(bind ?x)" tells the benchmark what to bind. The standard
prefixes (``graph.namespaces.PREFIXES``) are declared for every file.

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
