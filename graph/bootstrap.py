"""Create a chapter's store: the ontology, the concept schemes and the seed graph.

``praxis init`` and ``make run`` (on first run) call :func:`init_store`. Everything
goes in as one validated transaction, so a broken seed file leaves an empty store
rather than half a graph. ``empty=True`` loads the ontology and vocabularies only.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.access import Viewer, Visibility
from graph.errors import PraxisError
from graph.io.rdf import format_of, read_quads
from graph.store import PraxisStore
from graph.validate import ontology_files

__all__ = ["SEED_DIR", "init_store", "seed_files"]

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "seed"


def seed_files() -> list[Path]:
    """The seed graph's files, in a stable order."""
    return sorted(SEED_DIR.glob("*.ttl"))


def init_store(store: PraxisStore, *, viewer: Viewer, empty: bool = False) -> int:
    """Fill an empty store; return the number of statements written."""
    if not store.is_empty():
        raise PraxisError(
            f"The store {store.url} already holds data. To start again, remove it "
            "(for the default store: rm -r .praxis/store) and run praxis init."
        )
    files = ontology_files() + ([] if empty else seed_files())
    quads: list[ox.Quad] = []
    for path in files:
        quads.extend(
            read_quads(path.read_bytes(), source=str(path), fmt=format_of(path), default=Visibility.PUBLIC)
        )
    store.add_quads(quads, viewer=viewer)
    # made now, before anyone writes, so concurrent first writes agree on it (graph.members)
    from graph.members import ensure_member_key

    ensure_member_key(store)
    return len(quads)
