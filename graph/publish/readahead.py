"""Many record pages from a few reads: the store's per-record queries asked once for a batch.

:func:`graph.views.records.record` builds the explorer's record page from named queries
bound to one record each (``record_facts``, ``record_links``, a lesson's or a claim's
history). A published site has a page for every record, and one ``record_links`` read
per record took 10 ms on the seed (4 s of a 6.5 s publish); the same query bound to all
the records at once takes 0.08 s. :class:`ReadAhead` stands in for the store when
``record`` runs: it asks each of those queries once for a whole batch of records (a
binding to a set, which :meth:`~graph.store.PraxisStore.select` allows) and answers each
one-record read with that record's rows, exactly the rows the one-record query gives,
since every one of those queries selects the variable it is bound by. Any other read
goes to the store, so a page is still right if ``record`` comes to ask something more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.store import PraxisStore

__all__ = ["PER_RECORD", "ReadAhead"]

#: The per-record queries read ahead, with the variable each is bound by.
PER_RECORD: dict[str, str] = {
    "record_facts": "record",
    "record_links": "node",
    "record_history": "record",
    "history_versions": "claim",
    "history_decisions": "claim",
}


class ReadAhead:
    """The store as ``viewer`` sees it, with :data:`PER_RECORD` read once for ``records``.

    Offers :meth:`select` only: all that :func:`~graph.views.records.record` asks of a store."""

    def __init__(self, store: PraxisStore, viewer: Viewer, records: Iterable[Any]):
        self.store = store
        self.viewer = viewer
        batch = {URIRef(str(iri)) for iri in records}
        self._rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for name, variable in PER_RECORD.items():
            grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in store.select(name, viewer, **{variable: batch}):
                grouped[str(row[variable])].append(row)
            self._rows[name] = grouped
        self._batch = {str(iri) for iri in batch}

    def select(self, name: str, viewer: Viewer, **bindings: Any) -> list[dict[str, Any]]:
        """The rows the store would give: from the batch when it holds them, else from the store."""
        variable = PER_RECORD.get(name)
        if viewer == self.viewer and variable is not None and list(bindings) == [variable]:
            value = bindings[variable]
            if isinstance(value, (str, URIRef)) and str(value) in self._batch:
                return [dict(row) for row in self._rows[name].get(str(value), [])]
        return self.store.select(name, viewer, **bindings)
