"""Large bindings read in chunks: the engine looks a thousand values up, but scans for more.

A read that binds a variable to many values (:meth:`~graph.store.PraxisStore.select` with a
set) goes to the engine as one ``VALUES`` block. Up to about a thousand values pyoxigraph
(0.5) looks each one up; above that it scans the pattern and joins it with the block,
which grows with the store rather than with the answer: the 4,300 actions of one concept's
answer over ten followed chapters (56,000 actions, 1M statements) took 24 s as one block
against 0.5 s in chunks of a thousand (``python -m bench.network``). So a larger binding
is split, when the rows of the parts add up to the rows of the whole: the variable is one
the query returns (rows of different chunks differ in it, so ``DISTINCT`` holds too), and
nothing counts, groups, orders or cuts the rows.

>>> query = "SELECT ?a ?b WHERE { ?a ?p ?b }"
>>> [len(part["a"]) for part in chunked(query, {"a": tuple(range(2500))}, size=1000)]
[1000, 1000, 500]
>>> len(chunked("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b }", {"a": tuple(range(2500))}, size=1000))
1
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["CHUNK", "chunked"]

#: The most values a variable is bound to in one read.
CHUNK = 1000

_WHOLE = re.compile(r"\b(GROUP|ORDER|LIMIT|OFFSET|COUNT|SUM|MIN|MAX|AVG|SAMPLE)\b", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)


def chunked(query: str, bindings: dict[str, Any], *, size: int = CHUNK) -> list[dict[str, Any]]:
    """``bindings`` as the parts to read one after the other (one part when it cannot be split).

    Only one variable bound to over ``size`` values is split; bindings are in the engine's
    form (a tuple binds a variable to any of its terms)."""
    large = [name for name, value in bindings.items() if isinstance(value, tuple) and len(value) > size]
    if len(large) != 1:
        return [bindings]
    (name,) = large
    text = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#"))
    returned = _SELECT.search(text)
    if _WHOLE.search(text) or returned is None or not re.search(rf"\?{name}\b", returned.group(1)):
        return [bindings]
    values = bindings[name]
    return [{**bindings, name: values[start : start + size]} for start in range(0, len(values), size)]
