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

A backup always restores:

- Its first line states how many statements it holds
  (``# Praxis graph backup of URL, TIME, 5,512 statements.``). Restore and
  ``praxis load --bulk`` count what they read and refuse a file that holds another
  number (a backup cut short at a line boundary still parses), changing nothing.
  A file without that line (made by another tool) is restored with a warning.
- Every value was checked against :data:`graph.store.literals.MAX_VALUE_BYTES` when it
  was written, so the engine's parser (16 MiB per value) can read it back. A store
  written before that check may hold a larger value: :func:`backup` then refuses
  and names it, or, with ``shorten=True``, cuts it to the limit in the backup and
  says so, rather than writing a file that cannot be restored.

>>> stated_count(b"# Praxis graph backup of memory:, 2025-01-01T00:00:00+00:00, 5,512 statements.\\n<a>")
5512
>>> stated_count(b"<https://e.org/a> <https://e.org/b> <https://e.org/c> .\\n") is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput, PraxisError
from graph.io.report import ImportReport, ImportWarning, Progress, decode, step
from graph.namespaces import PREFIXES
from graph.store import (
    MAX_VALUE_BYTES,
    PraxisStore,
    ValueTooLarge,
    check_triples,
    first_long_line,
    refused_by_engine,
    size_text,
)

__all__ = ["Backup", "BackupFormat", "backup", "bulk_restore", "restore", "stated_count"]


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


@dataclass(frozen=True)
class Backup:
    """A backup's bytes, how many statements it holds, and the values it had to shorten."""

    data: bytes
    statements: int
    shortened: tuple[str, ...] = ()


_GRAPHS = {str(level.graph) for level in Visibility}
_HEADER = "# Praxis graph backup of {url}, {stamp}, {count:,} statements.\n"
_STATED = re.compile(rb"# Praxis graph backup of [^\n]*?, ([0-9][0-9,]*) statements\.[ \t\r]*(?:\n|$)")
_NO_COUNT = (
    "the file does not state how many statements it holds (it was not made by praxis backup), "
    "so a file cut short cannot be told from a whole one: check the count restored against the original"
)


def stated_count(data: bytes) -> int | None:
    """The statement count a backup's first line states, or ``None`` if it states none."""
    found = _STATED.match(data[:4096])
    return int(found.group(1).replace(b",", b"")) if found else None


def _shortened(quad: ox.Quad) -> ox.Quad:
    """``quad`` with its literal cut to :data:`MAX_VALUE_BYTES` (at a character boundary)."""
    value = quad.object
    text = value.value.encode("utf-8", "surrogatepass")[:MAX_VALUE_BYTES].decode("utf-8", "ignore")
    if value.language:
        cut = ox.Literal(text, language=value.language)
    else:
        cut = ox.Literal(text, datatype=value.datatype)
    return ox.Quad(quad.subject, quad.predicate, cut, quad.graph_name)


def backup(
    store: PraxisStore,
    *,
    viewer: Viewer | None = None,
    fmt: BackupFormat = BackupFormat.NQUADS,
    shorten: bool = False,
) -> Backup:
    """Every statement of every named graph, as N-Quads or TriG, with its count in the header.

    ``viewer`` defaults to the local organiser (the ``praxis`` command on the
    machine that holds the store); pages pass the signed-in viewer. A value over
    the limit (see the module notes) refuses the backup, naming the record and
    field, unless ``shorten``: then it is cut to the limit and listed."""
    viewer = viewer or Viewer.organiser()
    require(viewer, Permission.BACKUP)
    quads = sorted(store.quads(viewer), key=str)
    shortened: list[str] = []
    for index, quad in enumerate(quads):
        try:
            check_triples([(quad.subject, quad.predicate, quad.object)])
        except ValueTooLarge as error:
            if not shorten or not isinstance(quad.object, ox.Literal):
                raise ValueTooLarge(
                    f"{error.reason}. A backup holding it could not be restored, so none was written; "
                    "to write one with such values cut to the limit, use praxis backup --shorten "
                    "(the store keeps them as they are)",
                    record=error.record,
                    field=error.field,
                    size=error.size,
                ) from None
            quads[index] = _shortened(quad)
            cut = f"cut from {size_text(error.size)} to 1 MiB"
            shortened.append(f"{error.record}, field {error.field}: {cut}")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    header = _HEADER.format(url=store.url, stamp=stamp, count=len(quads))
    prefixes = dict(PREFIXES) if fmt is BackupFormat.TRIG else None
    data = header.encode("utf-8") + ox.serialize(quads, format=fmt.rdf, prefixes=prefixes)
    return Backup(data, len(quads), tuple(shortened))


def _parse(data: bytes, fmt: BackupFormat | None, source: str) -> list[ox.Quad]:
    tried = [fmt] if fmt else [BackupFormat.NQUADS, BackupFormat.TRIG]
    error = None
    for candidate in tried:
        try:
            return list(ox.parse(data, format=candidate.rdf))
        except SyntaxError as failed:
            error = failed
        except MemoryError:  # the engine's parser refuses a token over 16 MiB this way
            raise refused_by_engine(source=source, line=first_long_line([data])) from None
    raise BadInput(
        f"this is not a readable backup (N-Quads or TriG): {getattr(error, 'msg', error)}",
        source=source,
        line=getattr(error, "lineno", None),
    )


def _short_file(stated: int, found: int, source: str) -> BadInput:
    return BadInput(
        f"the backup's first line says it holds {stated:,} statements, but it holds {found:,}: "
        "the file is incomplete (cut short?) or was edited; nothing was restored. Use the complete "
        "backup.",
        source=source,
    )


def restore(
    store: PraxisStore,
    data: bytes,
    *,
    viewer: Viewer | None = None,
    source: str = "backup.nq",
    fmt: BackupFormat | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Load a backup into an empty store, all or nothing; ``added`` is the number of
    statements restored."""
    viewer = viewer or Viewer.organiser()
    require(viewer, Permission.RESTORE)
    if not store.is_empty():
        raise PraxisError(
            f"The store {store.url} already holds data; a backup is restored only into an empty "
            "store. Restore into a new store (for example praxis --store oxigraph:.praxis/restored "
            "restore FILE) and point the explorer at it."
        )
    step(progress, 0.0, "reading the backup")
    decode(data, source=source)  # size, encoding, emptiness: a clear message for each
    quads = _parse(data, fmt or BackupFormat.of(source), source)
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
    stated = stated_count(data)
    if stated is not None and stated != len(quads):
        raise _short_file(stated, len(quads), source)
    warnings = (ImportWarning(_NO_COUNT),) if stated is None else ()
    check_triples(((q.subject, q.predicate, q.object) for q in quads), source=source)
    step(progress, 0.5, f"restoring {len(quads):,} statements")
    # One transaction, deliberately without SHACL or an audit entry: a backup is
    # restored as it was made (see the module notes). Values are still checked.
    store.restore(quads, viewer=viewer)
    step(progress, 1.0, "done")
    return ImportReport(
        source=source, kind="statements", added=len(quads), statements=len(quads), warnings=warnings
    )


def bulk_restore(store: PraxisStore, path: Path, *, viewer: Viewer) -> ImportReport:
    """``praxis load --bulk``: the engine's bulk loader, checking a backup's stated count.

    A file that starts with a backup's header must hold exactly the statements it
    states, or the store is emptied again (see :meth:`PraxisStore.bulk_load`)."""
    try:
        with path.open("rb") as file:
            first = file.read(4096)
    except OSError as error:
        raise BadInput(f"cannot read the file ({error.strerror})", source=str(path)) from None
    stated = stated_count(first)
    count = store.bulk_load(path, viewer=viewer, expected=stated)
    warnings = (ImportWarning(_NO_COUNT),) if stated is None else ()
    return ImportReport(source=str(path), kind="statements", added=count, statements=count, warnings=warnings)
