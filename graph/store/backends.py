"""The three engines behind :class:`~graph.store.PraxisStore`: memory, disk, remote.

A backend knows nothing about viewers or validation; it runs SPARQL against the
named graphs it is told to use and applies updates atomically. ``PraxisStore`` is
the only caller, and it always says which graphs a query may see. What it asks of
every backend is declared once, as the :class:`Backend` protocol (reads, writes, and
the snapshot a query worker runs people's queries on); an embedded store also
offers :class:`BulkLoading`.

- :class:`LocalBackend` wraps pyoxigraph: in memory (tests) or on disk (the
  default). On disk, RocksDB takes a lock file, so a second process that opens the
  same store fails at once; we turn that into :class:`graph.errors.StoreBusy`.
- :class:`~graph.store.remote.RemoteBackend` (``graph/store/remote.py``) speaks the
  SPARQL 1.1 protocol to ``oxigraph serve``, Fuseki or GraphDB, and
  :class:`~graph.store.virtuoso.VirtuosoBackend` to Virtuoso. Both get bound values
  as a ``VALUES`` block (:func:`bind_with_values`) written by the engine's own term
  serialiser, never as text from a person.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pyoxigraph as ox

from graph.access import Visibility
from graph.errors import PraxisError, StoreBusy
from graph.sparql import Snapshot, query_dataset
from graph.store.terms import rows_from_tsv

__all__ = [
    "CHECKPOINT_ABOVE",
    "RDF_TYPE",
    "Backend",
    "BulkLoading",
    "LocalBackend",
    "bind_with_values",
    "every_graph",
    "first_in_where",
    "private_folder",
    "quad_text",
    "update_text",
    "values_block",
]

#: An embedded store on disk holding more statements than this is snapshotted for
#: people's queries as a RocksDB checkpoint that the worker opens read-only: writing and
#: loading a million statements as N-Triples takes 12 to 27 s and 390 MB per worker, a
#: checkpoint (``Store.backup``: hard links, 2 ms) 0.03 s and 65 MB.
CHECKPOINT_ABOVE = 200_000

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def every_graph() -> list[ox.NamedNode]:
    """The three visibility graphs: every graph that holds our data."""
    return [ox.NamedNode(str(level.graph)) for level in Visibility]


class Backend(Protocol):
    """What :class:`~graph.store.PraxisStore` asks of an engine; nothing else calls one."""

    #: The folder of an embedded store on disk, else ``None``.
    path: Path | None
    #: True when other processes may write the same data (a server).
    shared: bool
    #: Seconds a snapshot for people's queries may serve (``None``: until the next write
    #: through this process; a remote endpoint may be written by others).
    snapshot_max_age: float | None

    def solutions(
        self, query: str, graphs: list[ox.NamedNode], bindings: dict[str, Any]
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a SELECT (or ASK) over ``graphs``: variable names and rows of Python values."""
        ...

    def update(self, update: str) -> None:
        """Apply one SPARQL update as one transaction."""
        ...

    def write(self, additions: list[ox.Quad], removals: list[ox.Quad], replace: list[ox.NamedNode]) -> None:
        """Delete every statement about ``replace`` and ``removals``, then add ``additions``:
        all of it or none (:meth:`graph.store.PraxisStore.write`)."""
        ...

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads, all or nothing."""
        ...

    def quads(self, graphs: list[ox.NamedNode]) -> Iterable[ox.Quad]: ...

    def named_graphs(self) -> list[ox.NamedNode]:
        """Every named graph the store holds (ours, and each followed chapter's)."""
        ...

    def triples_about(self, subjects: list[Any]) -> list[ox.Quad]:
        """Every quad whose subject is one of ``subjects``, in any graph."""
        ...

    def types_of(self, nodes: list[Any]) -> list[ox.Quad]:
        """The ``rdf:type`` quads of ``nodes``, in any graph."""
        ...

    def snapshot(self, graphs: list[ox.NamedNode], folder: Path) -> Snapshot:
        """Files holding exactly ``graphs``, for a query worker (:mod:`graph.sparql.pool`)."""
        ...

    def clear(self) -> None: ...

    def flush(self) -> None: ...


@runtime_checkable
class BulkLoading(Protocol):
    """What an embedded store adds: the engine's bulk loader and the checks made after it."""

    def bulk_load(self, path: Path, fmt: ox.RdfFormat) -> None: ...

    def bulk_add(
        self, triples: Iterable[ox.Triple], *, graph: ox.NamedNode, quads: Iterable[ox.Quad]
    ) -> None: ...

    def holds_anything(self, graph: Any = None) -> bool: ...

    def named_graphs(self) -> list[ox.NamedNode]: ...

    def count(self) -> int: ...

    def vocabulary_used(self) -> list[ox.NamedNode]: ...

    def scan(self, query: str) -> list[tuple[Any, ...]]:
        """Rows of engine terms of a query over the whole store (checks after a bulk load)."""
        ...


def private_folder(path: Path) -> None:
    """Make sure the store's folder exists and only its owner may enter it.

    Folders it creates (the store's and any missing parent, such as ``.praxis/``)
    are created with mode 0700, not tightened afterwards. The engine writes its
    files with the usual mode (0644), so the folder is what keeps other local
    users out of the restricted graph. A store folder made by an older version
    (0755) that belongs to this user is tightened when opened; a folder that
    belongs to someone else is left alone."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass  # another process made it in the meantime
        except OSError as error:
            raise PraxisError(f"Cannot create the store's folder {folder}: {error.strerror}") from None
    try:
        found = path.stat()
        if found.st_uid == os.getuid() and found.st_mode & 0o077:
            path.chmod(found.st_mode & 0o700)
    except OSError:
        pass  # the engine says what is wrong when it opens the folder


class LocalBackend:
    """pyoxigraph in memory (``path=None``) or on disk (a folder only its owner may enter)."""

    snapshot_max_age: float | None = None
    shared = False  # an embedded store is opened by one process at a time

    def __init__(self, path: Path | None = None):
        self.path = path
        if path is None:
            self.store = ox.Store()
            return
        private_folder(path)
        try:
            self.store = ox.Store(str(path))
        except OSError as error:
            if "lock" in str(error).lower():
                raise StoreBusy(
                    f"The store at {path} is in use by another process (probably the "
                    "explorer started by make run, or another praxis command). Stop that process "
                    "and try again, or serve the store with make serve (praxis serve): while it "
                    "runs, the explorer and every praxis command share the store."
                ) from None
            raise PraxisError(f"Cannot open the store at {path}: {error}") from None

    def solutions(self, query: str, graphs: list[ox.NamedNode], bindings: dict[str, Any]):
        """Run a SELECT; return (variable names, rows of Python values).

        Bindings go in as a ``VALUES`` block (:func:`bind_with_values`), as on a
        remote endpoint, not as pyoxigraph ``substitutions``: the engine does not
        push substituted values into ``UNION`` and ``OPTIONAL`` branches, and on
        such queries the block is from 3 to 300 times faster (bench/, 1M statements).
        The rows come as the engine's TSV (:func:`graph.store.terms.rows_from_tsv`): it
        evaluates the whole query without Python's lock, where iterating solutions
        takes the lock for every row."""
        text, substitutions = _bound(query, bindings)
        result = self.store.query(text, substitutions=substitutions, **query_dataset(graphs, self.store))
        try:
            if isinstance(result, ox.QueryBoolean):
                return ["ask"], [("true" if bool(result) else "false",)]
            tsv = result.serialize(format=ox.QueryResultsFormat.TSV)
        finally:
            # The engine's solutions may only be dropped on the thread that made them. An error
            # evaluating them (they are lazy) carries this frame in its traceback, and a read
            # of select_together raises it on another thread, which frees it there: without
            # this, the solutions went with it, and the engine leaked them with a warning.
            del result
        return rows_from_tsv(tsv)

    def update(self, update: str) -> None:
        self.store.update(update)

    def write(self, additions: list[ox.Quad], removals: list[ox.Quad], replace: list[ox.NamedNode]) -> None:
        self.store.update(update_text(additions, removals, replace))

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        self.store.extend(quads)

    def quads(self, graphs: list[ox.NamedNode]) -> Iterable[ox.Quad]:
        for graph in graphs:
            yield from self.store.quads_for_pattern(None, None, None, graph)

    def triples_about(self, subjects: list[Any]) -> list[ox.Quad]:
        """Every quad whose subject is one of ``subjects``, in any of our graphs (not a peer's)."""
        return [
            q for s in subjects for g in every_graph() for q in self.store.quads_for_pattern(s, None, None, g)
        ]

    def types_of(self, nodes: list[Any]) -> list[ox.Quad]:
        """The ``rdf:type`` quads of ``nodes``, in any of our graphs (not a peer's)."""
        return [
            q
            for n in nodes
            for g in every_graph()
            for q in self.store.quads_for_pattern(n, RDF_TYPE, None, g)
        ]

    def snapshot(self, graphs: list[ox.NamedNode], folder: Path) -> Snapshot:
        """N-Triples per graph in ``folder``; for a large store on disk, a RocksDB checkpoint
        (hard links, milliseconds at any size) in a folder beside the store, on its own disk."""
        if self.path is not None and self.count() > CHECKPOINT_ABOVE:
            beside = Path(tempfile.mkdtemp(prefix=".praxis-query-snapshot-", dir=self.path.parent))
            self.store.backup(str(beside / "store"))
            return Snapshot([[str(beside / "store"), "checkpoint", None]], beside)
        files = []
        for number, graph in enumerate(graphs):
            path = folder / f"{number}.nt"
            self.store.dump(str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            files.append([str(path), "nt", graph.value])
        return Snapshot(files, folder)

    def clear(self) -> None:
        self.store.clear()

    def flush(self) -> None:
        if self.path is not None:
            self.store.flush()

    # Bulk loading (``PraxisStore.bulk_load``): fast, not transactional, checked after.
    def bulk_load(self, path: Path, fmt: ox.RdfFormat) -> None:
        """pyoxigraph's parallel bulk loader, then a flush to disk."""
        self.store.bulk_load(path=str(path), format=fmt)
        self.flush()

    def bulk_add(
        self, triples: Iterable[ox.Triple], *, graph: ox.NamedNode, quads: Iterable[ox.Quad]
    ) -> None:
        """Add ``triples`` to ``graph``, and ``quads`` as they are, through the bulk loader: sorted
        files handed to the engine in one step, all or nothing (pyoxigraph 0.5), a quarter of
        the time of :meth:`extend`'s transaction.

        Written out as text first (the triples as N-Triples, read back into ``graph``): the
        engine's ``bulk_extend`` keeps Python's lock until it is done and wants a quad object
        per statement, ``bulk_load`` of bytes lets go of the lock after the tenth of a second
        the text takes, so another thread (the next peer's checks) runs meanwhile."""
        text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) + ox.serialize(
            quads, format=ox.RdfFormat.N_QUADS
        )
        self.store.bulk_load(text, format=ox.RdfFormat.N_QUADS, to_graph=graph)

    def holds_anything(self, graph: Any = None) -> bool:
        """True if the store (or ``graph`` of it) holds at least one quad."""
        return next(iter(self.store.quads_for_pattern(None, None, None, graph)), None) is not None

    def named_graphs(self) -> list[ox.NamedNode]:
        return [g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]

    def count(self) -> int:
        return len(self.store)

    def scan(self, query: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.store.query(query)]

    def vocabulary_used(self) -> list[ox.NamedNode]:
        """Every property and class used, once each (a scan of the store; ~0.3 s per million)."""
        found: list[ox.NamedNode] = []
        for query in (
            "SELECT DISTINCT ?t { GRAPH ?g { ?s ?t ?o } }",
            "SELECT DISTINCT ?t { GRAPH ?g { ?s a ?t } }",
        ):
            found += [row["t"] for row in self.store.query(query) if isinstance(row["t"], ox.NamedNode)]
        return found


def values_block(bindings: dict[str, Any]) -> str:
    """One ``VALUES`` block per variable; a tuple binds its variable to any of its terms.

    Blocks join like any other pattern, so several variables bound to several
    terms each keep the rows where all of them hold (an empty tuple keeps none)."""
    blocks = []
    for name, value in bindings.items():
        terms = value if isinstance(value, tuple) else (value,)
        blocks.append(f"VALUES ?{name} {{ {' '.join(map(str, terms))} }}")
    return " ".join(blocks)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_with_values(query: str, bindings: dict[str, Any]) -> str:
    r"""Bind variables for an endpoint that lacks SEP-0007 substitutions.

    The ``VALUES`` block goes first inside the outermost ``WHERE``, so named
    queries keep bound variables in their outer group (see ``graph/store/queries``).
    Terms are written by pyoxigraph, which escapes literals and IRIs.

    >>> bind_with_values("SELECT ?l WHERE { ?c ?p ?l }", {"c": ox.NamedNode("http://e/c")})
    'SELECT ?l WHERE { VALUES ?c { <http://e/c> } ?c ?p ?l }'
    >>> bind_with_values("# not here: WHERE { }\nSELECT ?c WHERE { ?c ?p ?o }", {"c": ox.Literal("x")})
    '# not here: WHERE { }\nSELECT ?c WHERE { VALUES ?c { "x" } ?c ?p ?o }'
    >>> bind_with_values("SELECT ?p WHERE { ?c ?p ?o }", {"c": (ox.NamedNode("http://e/a"), ox.NamedNode("http://e/b"))})
    'SELECT ?p WHERE { VALUES ?c { <http://e/a> <http://e/b> } ?c ?p ?o }'

    A query may say where a variable is bound instead, with ``VALUES ?c { UNDEF }`` (which
    binds nothing when the query runs unbound) in each branch of a ``UNION``: the values go
    there. pyoxigraph evaluates a ``UNION`` whole before joining it with a ``VALUES`` block
    outside it, so one concept's neighbours (``map_hop``) took 14 s at 1M statements;
    with the values in each branch it looks them up, in 8 ms.

    >>> either = "{ VALUES ?c { UNDEF } ?c ?p 1 } UNION { VALUES ?c { UNDEF } 1 ?p ?c }"
    >>> bind_with_values(f"SELECT ?p WHERE {{ {either} }}", {"c": ox.NamedNode("http://e/c")})
    'SELECT ?p WHERE { { VALUES ?c { <http://e/c> } ?c ?p 1 } UNION { VALUES ?c { <http://e/c> } 1 ?p ?c } }'
    """
    if not bindings:
        return query
    outer = {}
    for name, value in bindings.items():
        marker = f"VALUES ?{name} {{ UNDEF }}"
        if marker in query:
            query = query.replace(marker, values_block({name: value}))
        else:
            outer[name] = value
    return first_in_where(query, values_block(outer)) if outer else query


def first_in_where(query: str, pattern: str) -> str:
    """``query`` with ``pattern`` first inside its outermost ``WHERE`` (not one in a comment)."""
    for match in _WHERE.finditer(query):
        line = query[query.rfind("\n", 0, match.start()) + 1 : match.start()]
        if not line.lstrip().startswith("#"):  # not a WHERE in a comment
            return query[: match.end()] + " " + pattern + query[match.end() :]
    raise ValueError("a query with bindings needs a WHERE clause")


def _bound(query: str, bindings: dict[str, Any]) -> tuple[str, dict[ox.Variable, Any]]:
    """The query text and pyoxigraph substitutions for ``bindings``: a ``VALUES`` block
    when the query has a ``WHERE`` to put it in (``ASK { }`` may not), else substitutions."""
    try:
        return bind_with_values(query, bindings), {}
    except ValueError:
        if any(isinstance(value, tuple) for value in bindings.values()):
            raise ValueError("a query that binds a variable to several values needs a WHERE clause") from None
        return query, {ox.Variable(k): v for k, v in bindings.items()}


def quad_text(quad: ox.Quad) -> str:
    """One quad as a ``GRAPH`` block of an update, written by pyoxigraph."""
    return f"GRAPH {quad.graph_name} {{ {quad.subject} {quad.predicate} {quad.object} }}"


def update_text(additions: list[ox.Quad], removals: list[ox.Quad], replace: list[ox.NamedNode]) -> str:
    """A write as one SPARQL update request of up to three operations, every term written
    by pyoxigraph. Oxigraph applies a request as one transaction; an engine that commits
    each operation on its own (Virtuoso) needs one operation instead
    (:meth:`graph.store.virtuoso.VirtuosoBackend.write`). Replacing a record deletes its
    statements in our graphs only: a peer's snapshot (:mod:`graph.peers`) is not ours to edit.

    >>> s, p, g = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/g")
    >>> print(update_text([ox.Quad(s, p, ox.Literal("new"), g)], [], [s]))  # doctest: +ELLIPSIS
    DELETE { GRAPH ?g { <http://e/s> ?p ?o } } WHERE { VALUES ?g { ... } GRAPH ?g { <http://e/s> ?p ?o } } ;
    INSERT DATA {
    GRAPH <http://e/g> { <http://e/s> <http://e/p> "new" }
    }
    """
    ours = "VALUES ?g { " + " ".join(map(str, every_graph())) + " }"
    parts = [
        f"DELETE {{ GRAPH ?g {{ {subject} ?p ?o }} }} WHERE {{ {ours} GRAPH ?g {{ {subject} ?p ?o }} }}"
        for subject in replace
    ]
    for label, quads in (("DELETE DATA", removals), ("INSERT DATA", additions)):
        if quads:
            body = "\n".join(quad_text(q) for q in quads)
            parts.append(f"{label} {{\n{body}\n}}")
    return " ;\n".join(parts)
