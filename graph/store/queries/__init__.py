"""Named SPARQL queries: one ``.rq`` file per question the graph is asked.

Values go in as bindings, never by formatting strings: a ``VALUES`` block
written by the engine's own serialiser, first in the outermost ``WHERE`` (see
:func:`graph.store.backends.bind_with_values`), so a bound variable is used in the
outermost group of the query and is projected (with ``GROUP BY``, grouped by).
A set of values binds a variable to any of them, so one query can ask about many
nodes. A comment's "(bind ?x)" tells the benchmark what to bind. The standard
prefixes (:data:`graph.namespaces.PROLOGUE`) are declared for every file. The files
are package data, read with :mod:`importlib.resources`.

>>> "SELECT" in load("stats")
True
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from graph.namespaces import PROLOGUE

__all__ = ["load", "names"]

_HERE = files(__name__)


@cache
def load(name: str) -> str:
    """The text of ``graph/store/queries/<name>.rq`` with the standard prologue."""
    found = _HERE / f"{name}.rq"
    if not found.is_file():
        raise KeyError(f"no named query {name!r} (looked for {found})")
    return PROLOGUE + found.read_text(encoding="utf-8")


def names() -> list[str]:
    """Every named query, for benchmarks and the docs."""
    return sorted(entry.name.removesuffix(".rq") for entry in _HERE.iterdir() if entry.name.endswith(".rq"))
