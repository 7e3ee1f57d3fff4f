"""Create a chapter's store: the ontology, the concept schemes and the seed graph.

``praxis init`` and ``make run`` (on first run) call :func:`init_store`. Everything
goes in as one validated transaction, so a broken seed file leaves an empty store
rather than half a graph. ``empty=True`` loads the ontology and vocabularies only.
The files ship inside the package (:mod:`graph.store.bundled`), so an installed wheel
creates a store from any folder.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import PraxisError
from graph.io.rdf import read_quads
from graph.practice import ensure_member_key
from graph.store import BundledFile, PraxisStore, ontology_files, seed_files

__all__ = ["bundled_quads", "init_store"]


def bundled_quads(files: tuple[BundledFile, ...]) -> list[ox.Quad]:
    """The statements of shipped files, each in its visibility graph (public unless it says)."""
    quads: list[ox.Quad] = []
    for bundled in files:
        quads += read_quads(
            bundled.read_bytes(), source=bundled.source, fmt=FORMAT, default=Visibility.PUBLIC
        )
    return quads


#: Every shipped file is Turtle.
FORMAT = ox.RdfFormat.TURTLE


def init_store(store: PraxisStore, *, viewer: Viewer, empty: bool = False) -> int:
    """Fill an empty store; return the number of statements written."""
    require(viewer, Permission.INIT)
    if not store.is_empty():
        raise PraxisError(
            f"The store {store.url} already holds data. To start again, remove it "
            "(for the default store: rm -r .praxis/store) and run praxis init."
        )
    quads = bundled_quads(ontology_files() + (() if empty else seed_files()))
    store.add_quads(quads, viewer=viewer)
    # made now, before anyone writes, so concurrent first writes agree on it (graph.practice.members)
    ensure_member_key(store)
    return len(quads)
