"""Back up every named graph to one file, and restore it into an empty store.

A backup holds the public, members and restricted graphs (the audit log
included) as N-Quads (default: one statement per line, easy to diff and to
stream) or TriG. Restoring a backup into an **empty** store gives back the same
dataset, statement for statement (tests compare the two with
``rdflib.compare.isomorphic``). Restoring refuses a store that holds anything:
merging a backup into live data would resurrect deleted records.

Both are for organisers: a backup contains the restricted graph. Restore writes
the statements as they were, without SHACL and without an audit entry of its own,
so that what comes back is exactly what was saved.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from graph.access import Role, Viewer, Visibility
from graph.errors import BadInput, NotAllowed, PraxisError
from graph.io.report import Progress, decode, step
from graph.namespaces import PREFIXES
from graph.store import PraxisStore

__all__ = ["BackupFormat", "backup", "restore"]


class BackupFormat(Enum):
    NQUADS = "nq"
    TRIG = "trig"

    @property
    def rdf(self) -> ox.RdfFormat:
        return ox.RdfFormat.N_QUADS if self is BackupFormat.NQUADS else ox.RdfFormat.TRIG

    @classmethod
    def of(cls, name: str | Path) -> BackupFormat | None:
        suffix = Path(str(name)).suffix.lower().lstrip(".")
        return {"nq": cls.NQUADS, "nquads": cls.NQUADS, "trig": cls.TRIG}.get(suffix)


_GRAPHS = {str(level.graph) for level in Visibility}


def _organiser(viewer: Viewer, what: str) -> None:
    if viewer.role is not Role.ORGANISER:
        raise NotAllowed(f"Only an organiser can {what}: a backup holds the restricted graph.")


def backup(
    store: PraxisStore, *, viewer: Viewer | None = None, fmt: BackupFormat = BackupFormat.NQUADS
) -> bytes:
    """Every statement of every named graph, as N-Quads or TriG.

    ``viewer`` defaults to the local organiser (the ``praxis`` command on the
    machine that holds the store); pages pass the signed-in viewer."""
    viewer = viewer or Viewer.organiser()
    _organiser(viewer, "make a backup")
    quads = sorted(store.quads(viewer), key=str)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    header = f"# Praxis graph backup of {store.url}, {stamp}, {len(quads):,} statements.\n"
    prefixes = dict(PREFIXES) if fmt is BackupFormat.TRIG else None
    return header.encode("utf-8") + ox.serialize(quads, format=fmt.rdf, prefixes=prefixes)


def _parse(text: str, fmt: BackupFormat | None, source: str) -> list[ox.Quad]:
    tried = [fmt] if fmt else [BackupFormat.NQUADS, BackupFormat.TRIG]
    error = None
    for candidate in tried:
        try:
            return list(ox.parse(text.encode("utf-8"), format=candidate.rdf))
        except SyntaxError as failed:
            error = failed
    raise BadInput(
        f"this is not a readable backup (N-Quads or TriG): {getattr(error, 'msg', error)}",
        source=source,
        line=getattr(error, "lineno", None),
    )


def restore(
    store: PraxisStore,
    data: bytes,
    *,
    viewer: Viewer | None = None,
    source: str = "backup.nq",
    fmt: BackupFormat | None = None,
    progress: Progress | None = None,
) -> int:
    """Load a backup into an empty store; return the number of statements restored."""
    viewer = viewer or Viewer.organiser()
    _organiser(viewer, "restore a backup")
    if not store.is_empty():
        raise PraxisError(
            f"The store {store.url} already holds data; a backup is restored only into an empty "
            "store. Restore into a new store (for example praxis --store oxigraph:.praxis/restored "
            "restore FILE) and point the explorer at it."
        )
    step(progress, 0.0, "reading the backup")
    quads = _parse(decode(data, source=source), fmt or BackupFormat.of(source), source)
    outside = [
        q for q in quads if isinstance(q.graph_name, ox.DefaultGraph) or q.graph_name.value not in _GRAPHS
    ]
    if outside:
        raise BadInput(
            f"{len(outside):,} statements lie outside the public, members and restricted graphs: "
            "this is not a Praxis backup (to load other RDF, use praxis load)",
            source=source,
        )
    if not quads:
        raise BadInput("the backup holds no statements", source=source)
    step(progress, 0.5, f"restoring {len(quads):,} statements")
    # One transaction through the engine, deliberately without SHACL or an audit entry:
    # a backup is restored as it was made (see the module notes).
    store.backend.extend(quads)
    store.backend.flush()
    store.generation += 1
    step(progress, 1.0, "done")
    return len(quads)
