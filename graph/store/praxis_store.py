"""The one door to the data: open a store, read as a viewer, write all-or-nothing.

>>> store = open_store("memory:")
>>> store.select("triple_count", Viewer.visitor())
[{'count': 0}]

Three backends share this interface (the :class:`~graph.store.backends.Backend` protocol):

=========================  =================================================
``memory:``                pyoxigraph in memory, for tests
``oxigraph:PATH``          pyoxigraph on disk, the default (``.praxis/store``);
                           while ``praxis serve`` serves it, its server
``sparql+http://H/B``      a SPARQL 1.1 endpoint: ``H/B/query`` and ``H/B/update``
``virtuoso+http://H/E``    Virtuoso 7's endpoint ``H/E`` (usually ``/sparql``)
=========================  =================================================

Reads take a :class:`~graph.access.Viewer` and see only the named graphs its role
allows; this module is the only place that rule is applied. Other chapters' public
graphs (``graph/peer/NAME``, filled by ``praxis peers sync``) are read only through
:meth:`PraxisStore.with_peers`, a read-only view that adds them for every role. Writes check the
viewer's right to write each visibility level, validate the delta with SHACL
(:mod:`graph.store.validate`) and go to the engine as one transaction. ``generation``
counts writes made through this object, so caches can tell when to refresh. Every
read and write of the library goes through these methods: nothing outside this
package touches a backend or the engine.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.access import Permission, Role, Viewer, Visibility, readable_graphs, require, require_write
from graph.errors import BadInput, Finding, PraxisError, ValidationFailed
from graph.labels import local_name
from graph.namespaces import GRAPH, PRX
from graph.sparql import ResultFormat, Source, run_query
from graph.store.audit import audit_statements
from graph.store.backends import Backend, BulkLoading, LocalBackend, update_text
from graph.store.chunks import chunked
from graph.store.literals import OVERSIZED_QUERY, check_triples, first_long_line, refused_by_engine
from graph.store.queries import load as load_query
from graph.store.remote import RemoteBackend
from graph.store.server import served_url
from graph.store.terms import Statement, from_ox, to_ox
from graph.store.validate import unknown_terms, validate_delta, validate_graph
from graph.store.virtuoso import VirtuosoBackend

__all__ = ["DEFAULT_URL", "PraxisStore", "open_store"]

#: Where the embedded store lives unless ``--store`` or ``PRAXIS_STORE`` says otherwise.
DEFAULT_URL = "oxigraph:.praxis/store"


def open_store(url: str | None = None) -> PraxisStore:
    """Open the store named by ``url``, ``$PRAXIS_STORE`` or :data:`DEFAULT_URL`."""
    url = url or os.environ.get("PRAXIS_STORE") or DEFAULT_URL
    if url == "memory:":
        return PraxisStore(LocalBackend(None), url)
    if url.startswith("oxigraph:"):
        path = url.removeprefix("oxigraph:")
        if not path:
            raise BadInput("oxigraph: needs a folder, for example oxigraph:.praxis/store", source="--store")
        served = served_url(Path(path))  # make serve is running: the store is behind its server
        if served:
            return PraxisStore(RemoteBackend(served.removeprefix("sparql+")), served)
        return PraxisStore(LocalBackend(Path(path)), url)
    if url.startswith(("sparql+http://", "sparql+https://")):
        return PraxisStore(RemoteBackend(url.removeprefix("sparql+")), url)
    if url.startswith(("virtuoso+http://", "virtuoso+https://")):
        return PraxisStore(VirtuosoBackend(url.removeprefix("virtuoso+")), url)
    raise BadInput(
        f"unknown store {url!r}: use memory:, oxigraph:PATH, sparql+http://HOST:PORT/PATH or "
        "virtuoso+http://HOST:PORT/sparql",
        source="--store",
    )


def _engine_bindings(bindings: dict[str, Any]) -> dict[str, Any]:
    """Bindings as engine terms; a collection becomes a tuple of terms (any of them)."""
    return {
        name: tuple(map(to_ox, value)) if isinstance(value, (set, frozenset, list, tuple)) else to_ox(value)
        for name, value in bindings.items()
    }


#: Seconds between two looks at whether other processes changed a shared store.
FOLLOW_SECONDS = 1.0

#: Reads one :meth:`PraxisStore.select_together` runs at once: the engine is busy on
#: every core while it evaluates (pyoxigraph lets go of Python's lock), and more at once
#: only wait for that lock longer.
_CORES = os.cpu_count() or 2
#: How many answers :meth:`PraxisStore.memo` keeps (each with the generation it is of).
MEMO_KEEP = 256
#: Helper threads, shared: more than the cores, so that one person's long read does not
#: keep another's short ones waiting for a thread.
_READERS = ThreadPoolExecutor(max_workers=4 * _CORES, thread_name_prefix="praxis-read")


class PraxisStore:
    """A store seen through viewers. Safe to share between threads."""

    def __init__(self, backend: Backend, url: str):
        self.backend = backend
        self.url = url
        self._generation = 0
        self._write_lock = threading.Lock()
        #: a shared store's change count when last looked at, and when that was
        self._seen: int | None = None
        self._looked = 0.0
        self._look_lock = threading.Lock()
        #: (generation, subjects) of the latest writes through :meth:`write`, for caches that
        #: follow changes rather than rebuild (:meth:`touched_since`).
        #: with, for each role whose counts were kept then, how the write changed them.
        self._journal: deque[tuple[int, frozenset, dict[Role, dict[str, int]]]] = deque(maxlen=256)
        #: (generation, graphs) of the other chapters' graphs last found (:meth:`peer_graphs`)
        self._peers: tuple[int, tuple[ox.NamedNode, ...]] | None = None
        self._with_peers: PraxisStore | None = None
        #: what :meth:`memo` keeps: key -> (generation, value)
        self._memo: dict[Hashable, tuple[int, Any]] = {}  # oldest first
        self._building: dict[Hashable, threading.Lock] = {}
        self._memo_lock = threading.Lock()
        #: True while a write is going to the engine (a memo made meanwhile is not kept)
        self._writing = False
        #: (generation, graph) of each other chapter's graph replaced, and what :meth:`graph_memo` keeps
        self._replaced: deque[tuple[int, str]] = deque(maxlen=256)
        self._graph_memo: dict[Hashable, tuple[int, Any]] = {}

    def memo(
        self,
        key: Hashable,
        build: Callable[[], Any],
        *,
        follow: Callable[[Any, int], Any] | None = None,
    ) -> Any:
        """``build()``'s value for ``key``, kept until the next change to the data.

        A derived answer (a label index, the tension ranking, the overview's counts) kept on
        the store it was read from: unlike a module-level ``lru_cache`` keyed on the store, it
        never keeps a store alive, so a closed embedded store's lock is released and its
        memory freed. With ``follow``, a value kept from before this object's own writes is
        brought up to date by ``follow(value, generation it was made at)`` rather than built
        again, from what those writes touched (:meth:`touched_since`) and the counts they
        changed (:meth:`counted_since`); it returns ``None`` to have the value built again, as
        a write the journal cannot account for always has.

        One build at a time per key: a second reader of the same key waits for the first
        one's value instead of doing the same work beside it (at 1M statements the explorer's
        warm-up, :mod:`explorer.warmup`, and a member opening the page after a write would
        otherwise each spend seconds on it). The newest :data:`MEMO_KEEP` keys are kept."""
        generation = self.generation
        with self._memo_lock:
            kept = self._memo.get(key)
            building = self._building.setdefault(key, threading.Lock())
        if kept is not None and kept[0] == generation:
            return kept[1]
        with building:
            with self._memo_lock:
                kept = self._memo.get(key)
            if kept is not None and kept[0] == generation:
                return kept[1]
            writing = self._writing
            value = None
            if kept is not None and follow is not None and self.touched_since(kept[0]) is not None:
                value = follow(kept[1], kept[0])
            if value is None:
                value = build()
            if writing or self._writing or self.generation != generation:
                # a write went on while it was made: it may hold some of that write or none,
                # so it is not kept under either generation (following it would count twice)
                return value
            with self._memo_lock:
                self._memo.pop(key, None)
                self._memo[key] = (generation, value)
                while len(self._memo) > MEMO_KEEP:
                    oldest = next(iter(self._memo))
                    del self._memo[oldest]
                    self._building.pop(oldest, None)
        return value

    def forget(self, *, per_graph: bool = True) -> None:
        """Drop every answer :meth:`memo` keeps (and, unless ``per_graph`` is false, those
        :meth:`graph_memo` keeps), so the next asks make them again (the benchmark times the
        making of an answer, not its keeping)."""
        with self._memo_lock:
            self._memo.clear()
            if per_graph:
                self._graph_memo.clear()
        if self._with_peers is not None:
            self._with_peers.forget(per_graph=per_graph)

    def graph_memo(self, graph: ox.NamedNode, key: Hashable, build: Callable[[], Any]) -> Any:
        """``build()``'s value for ``key``, an answer read from one other chapter's graph alone.

        Kept while that graph stays as it was: through our own writes (:meth:`write` never
        touches another chapter's graph) and other chapters' syncs (:meth:`replace_graph`),
        which :meth:`memo` does not outlive; so a sync of one of a hundred chapters has only
        that chapter's answers made again (:mod:`graph.network.tensions`). Any change this
        object cannot account for drops them. The newest ``4 * MEMO_KEEP`` keys are kept."""
        generation = self.generation
        with self._memo_lock:
            kept = self._graph_memo.get(key)
        if kept is not None and self._graph_unchanged(graph.value, kept[0]):
            return kept[1]
        value = build()
        if generation == self.generation and not self._writing:
            with self._memo_lock:
                self._graph_memo.pop(key, None)
                self._graph_memo[key] = (generation, value)
                while len(self._graph_memo) > 4 * MEMO_KEEP:
                    del self._graph_memo[next(iter(self._graph_memo))]
        return value

    def _graph_unchanged(self, graph: str, generation: int) -> bool:
        """Whether every change after ``generation`` is a write of ours or another graph's sync."""
        current = self.generation
        with self._write_lock:
            known = {entry[0] for entry in self._journal}
            known.update(at for at, replaced in self._replaced if replaced != graph)
        return known.issuperset(range(generation + 1, current + 1))

    @property
    def generation(self) -> int:
        """How many changes to the data this object has seen: its own writes and, on a store
        other processes write too (a server, ``backend.shared``), theirs, looked for at most
        every :data:`FOLLOW_SECONDS` (the audit log's change count, one small query). Caches
        keyed on it refresh when it moves on."""
        if self.backend.shared and time.monotonic() - self._looked >= FOLLOW_SECONDS:
            self._follow()
        return self._generation

    @generation.setter
    def generation(self, value: int) -> None:
        self._generation = value

    def _follow(self, *, own: int = 0) -> None:
        """Look at a shared store's change count; others wrote if it moved by more than ``own``."""
        with self._look_lock:
            count = self.select("change_count", Viewer.organiser())[0]["changes"]
            if self._seen is not None and count != self._seen + own:
                self._generation += 1
            self._seen, self._looked = count, time.monotonic()

    # ----------------------------------------------------------------- reading
    @staticmethod
    def graphs_for(viewer: Viewer) -> list[ox.NamedNode]:
        """The visibility levels' graphs ``viewer``'s role may read."""
        return list(_graphs_for_role(viewer.role))

    def read_graphs(self, viewer: Viewer) -> list[ox.NamedNode]:
        """The named graphs ``viewer``'s reads through this object see: :meth:`graphs_for`
        (and, through :meth:`with_peers`, the other chapters' graphs too)."""
        return self.graphs_for(viewer)

    def peer_graphs(self) -> tuple[ox.NamedNode, ...]:
        """The other chapters' graphs the store holds (``graph/peer/NAME``), sorted; looked for
        once per :attr:`generation` (a sync is a write), on the embedded store or through the
        endpoint (:meth:`~graph.store.remote.RemoteBackend.named_graphs`)."""
        generation = self.generation
        found = self._peers
        if found is None or found[0] != generation:
            held = self.backend.named_graphs()
            prefix = str(GRAPH["peer/"])
            # a sync's staging graph (NAME#incoming, replace_graph) is no chapter
            peers = (g for g in held if g.value.startswith(prefix) and "#" not in g.value)
            graphs = tuple(sorted(peers, key=lambda g: g.value))
            found = self._peers = (generation, graphs)
        return found[1]

    def with_peers(self) -> PraxisStore:
        """This store as seen with every followed chapter's public graph added to each read,
        whatever the viewer's role (what peers publish is public). Read-only: its writes raise.
        The same object every time, so caches kept per store (the suggestion model) keep it."""
        if self._with_peers is None:
            self._with_peers = _WithPeers(self)
        return self._with_peers

    def chapter(self, graph: ox.NamedNode) -> PraxisStore:
        """A read-only view of one followed chapter's graph (one of :meth:`peer_graphs`) alone,
        for answers made per chapter and kept until it is synced again (:meth:`graph_memo`)."""
        return _OneGraph(self, graph)

    def select(self, name: str, viewer: Viewer, **bindings: Any) -> list[dict[str, Any]]:
        """Run the named query ``graph/store/queries/<name>.rq``; rows of Python values.

        A binding that is a set, list or tuple binds its variable to any of its
        values, so one query asks about many nodes at once (an empty one matches nothing)."""
        query, graphs, found = load_query(name), self.read_graphs(viewer), []
        for part in chunked(query, _engine_bindings(bindings)):  # a large binding in parts (chunks)
            names, rows = self.backend.solutions(query, graphs, part)
            found += [dict(zip(names, row, strict=True)) for row in rows]
        return found

    def select_together(
        self, viewer: Viewer, reads: Mapping[str, tuple[str, dict[str, Any]]]
    ) -> dict[str, list[dict[str, Any]]]:
        """Run named queries that do not depend on one another at the same time.

        ``reads`` maps the caller's name for each read to ``(query, bindings)`` as for
        :meth:`select`; the rows come back under the same names. Reads start in the
        order given (put the longest first), and an error any of them raises is raised
        here. The
        embedded engine evaluates each read without Python's lock (it hands over TSV,
        see :meth:`~graph.store.backends.LocalBackend.solutions`); turning rows into values
        needs the lock, so on two cores two reads take about 60% of their sum (90% when
        rows came as engine objects, which take the lock for every row).
        """
        todo: queue.SimpleQueue[tuple[str, tuple[str, dict[str, Any]]]] = queue.SimpleQueue()
        for item in reads.items():
            todo.put(item)
        rows: dict[str, list[dict[str, Any]]] = {}

        def work() -> None:
            while True:
                try:
                    key, (name, bindings) = todo.get_nowait()
                except queue.Empty:
                    return
                rows[key] = self.select(name, viewer, **bindings)

        helpers = [_READERS.submit(work) for _ in range(min(_CORES, len(reads)) - 1)]
        work()  # this thread reads too
        for helper in helpers:
            helper.result()
        return {key: rows[key] for key in reads}

    def user_query(
        self,
        text: str,
        viewer: Viewer,
        *,
        fmt: ResultFormat = ResultFormat.JSON,
        seconds: float | None = None,
        max_rows: int | None = None,
    ) -> bytes:
        """Run a person's read-only query in a query worker; the W3C results format as bytes.

        The text is checked on its tokens and its parse (:mod:`graph.sparql.checks`:
        updates, ``LOAD`` and ``SERVICE`` refused, size and nesting bounded; text that
        is not SPARQL becomes :class:`~graph.errors.BadInput` naming the line and
        column as typed), then its canonical text runs in a worker process over a
        snapshot of the graphs ``viewer`` may read (:mod:`graph.sparql.pool`; the
        backend writes the snapshot, :meth:`~graph.store.backends.Backend.snapshot`),
        for every backend: a remote endpoint never receives a person's query. Stops
        after ``seconds`` with :class:`~graph.sparql.QueryTimeout` (the worker is
        killed) and returns at most ``max_rows`` rows (defaults:
        :data:`graph.sparql.LIMITS`).
        """
        graphs = self.read_graphs(viewer)
        source = Source(
            owner=self,
            role=viewer.role.value,
            generation=self.generation,
            graphs=tuple(graph.value for graph in graphs),
            make=partial(self.backend.snapshot, graphs),
            max_age=self.backend.snapshot_max_age,
        )
        return run_query(source, text, fmt=fmt, seconds=seconds, max_rows=max_rows)

    def quads(self, viewer: Viewer, levels: Iterable[Visibility] | None = None) -> Iterable[ox.Quad]:
        """Every quad in the graphs ``viewer`` may see (and, if given, of ``levels``)."""
        allowed = readable_graphs(viewer)
        chosen = [level for level in (levels or allowed) if level in allowed]
        return self.backend.quads([ox.NamedNode(str(level.graph)) for level in chosen])

    #: The reads behind :meth:`stats`, for a caller that runs them beside its own
    #: (:meth:`select_together`) and sums them up with :meth:`counted`.
    STATS_READS: ClassVar[Mapping[str, tuple[str, dict[str, Any]]]] = MappingProxyType(
        {"statements": ("triple_count", {}), "kinds": ("stats", {})}
    )

    def stats(self, viewer: Viewer) -> dict[str, int]:
        """Statements and records of each kind that ``viewer`` can see (kept per role until
        the next change: counting a million statements takes the engine half a second)."""
        role = viewer.role
        reads = self.STATS_READS
        kept = self.memo(
            ("stats", role),
            lambda: self.counted(self.select_together(Viewer(role), reads)),
            follow=lambda counts, since: self.counts_after(counts, self.counted_since(since, role)),
        )
        return dict(kept)

    @staticmethod
    def counts_after(counts: dict[str, int], changed: dict[str, int] | None) -> dict[str, int] | None:
        """``counts`` (of :meth:`stats`) with ``changed`` added, in the same form (kinds sorted,
        none at zero); ``None`` when the change is unknown."""
        if changed is None:
            return None
        total = Counter(counts)
        total.update(changed)
        kinds = sorted((kind, n) for kind, n in total.items() if kind != "statements" and n > 0)
        return {"statements": total["statements"], **dict(kinds)}

    @staticmethod
    def counted(rows: Mapping[str, list[dict[str, Any]]]) -> dict[str, int]:
        """:meth:`stats` from the rows of :data:`STATS_READS`."""
        counts = {"statements": rows["statements"][0]["count"]}
        found = {local_name(row["kind"]): row["count"] for row in rows["kinds"]}
        counts.update(sorted(found.items()))
        return counts

    def is_empty(self) -> bool:
        """True if none of our graphs holds a statement (a followed chapter's does not count)."""
        return not self.select("any_statement", Viewer.organiser())

    def changes(self, viewer: Viewer, *, limit: int = 50) -> list[dict[str, Any]]:
        """The audit log's latest changes, newest first (:mod:`graph.store.audit`): organisers only."""
        require(viewer, Permission.READ_AUDIT_LOG)
        return self.select("audit_log", viewer)[:limit]

    def validate(self) -> list[Finding]:
        """Check everything in the store against the shapes, as a batch (``praxis validate``)."""
        data = Graph()
        for quad in self.quads(Viewer.organiser()):
            data.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return validate_graph(data)

    # ----------------------------------------------------------------- writing
    def write(
        self,
        additions: Iterable[Statement] = (),
        removals: Iterable[Statement] = (),
        *,
        viewer: Viewer,
        replace: Iterable[URIRef] = (),
        validate: bool = True,
        once: str | None = None,
    ) -> bool:
        """Apply one change atomically, or raise and change nothing.

        ``replace`` names records whose current statements (in every graph) are
        deleted in the same transaction, so editing a record is "replace it with
        its new description". ``once`` is a form instance's key: a change made with a
        key already used writes nothing and returns False (a double-clicked save), checked
        and recorded (on the audit entry) under the write lock, in the same update.
        """
        additions, removals, replace = list(additions), list(removals), list(replace)
        self._check_rights(additions + removals, viewer)
        check_triples((s.subject, s.predicate, s.object) for s in additions)
        if replace and not viewer.may_write(Visibility.RESTRICTED):
            self._check_replace(replace, viewer)
        with self._write_lock:
            if once is not None and self.select("write_once", Viewer.organiser(), key=Literal(once)):
                return False
            if validate:
                self._validate(additions, removals, replace)
            audit = audit_statements(
                viewer,
                [s.subject for s in additions + removals] + replace,
                added=len(additions),
                removed=len(removals),
            )
            if once is not None:
                key = Statement(audit[0].subject, PRX.formInstance, Literal(once), Visibility.RESTRICTED)
                audit.append(key)
            added = [s.quad() for s in additions + audit]
            touched = {s.subject for s in additions + removals} | set(replace)
            census = touched | {s.subject for s in audit}
            # counted for the roles whose counts are kept; a blank node cannot be asked about
            counted = self._counted_roles() if all(isinstance(s, URIRef) for s in census) else ()
            before = self._census(census, counted)
            self._writing = True
            try:
                self.backend.write(added, [s.quad() for s in removals], [to_ox(s) for s in replace])
                if self.backend.shared:
                    self._follow(own=1)  # this write's own change, and whether others wrote too
                after = self._census(census, counted)
                self.generation += 1
                changed = {role: _difference(after[role], before[role]) for role in counted}
                self._journal.append((self.generation, frozenset(touched), changed))
            finally:
                self._writing = False
            return True

    def touched_since(self, generation: int) -> frozenset | None:
        """The subjects whose statements the writes after ``generation`` added or removed, or
        ``None`` when that is unknown (an import, a restore or a clear came in between, or
        more writes than the journal keeps): then a cache must be rebuilt."""
        entries = self._journalled_since(generation)
        return None if entries is None else frozenset().union(*(touched for _, touched, _ in entries))

    def counted_since(self, generation: int, role: Role) -> dict[str, int] | None:
        """How the writes after ``generation`` changed :meth:`stats` for ``role`` (a change
        per count), or ``None`` when that is unknown: a write the journal cannot account for,
        or one made while that role's counts were not kept (then nobody counted its change)."""
        entries = self._journalled_since(generation)
        if entries is None or any(role not in changed for _, _, changed in entries):
            return None
        total: Counter[str] = Counter()
        for _, _, changed in entries:
            total.update(changed[role])
        return dict(total)

    def _journalled_since(self, generation: int) -> list[tuple[int, frozenset, dict]] | None:
        with self._write_lock:
            entries = [entry for entry in self._journal if entry[0] > generation]
            if [entry[0] for entry in entries] != list(range(generation + 1, self.generation + 1)):
                return None
            return entries

    def _counted_roles(self) -> tuple[Role, ...]:
        """The roles whose counts (:meth:`stats`) are kept: a write counts its change for those."""
        with self._memo_lock:
            return tuple(role for role in Role if ("stats", role) in self._memo)

    def _census(self, subjects: set, roles: tuple[Role, ...]) -> dict[Role, dict[str, int]]:
        """:meth:`stats` among ``subjects`` only, for each of ``roles`` (a few small reads)."""
        if not roles or not subjects:
            return {role: {} for role in roles}
        bound = {"statements": ("triple_count", {"s": subjects}), "kinds": ("stats", {"record": subjects})}
        return {role: self.counted(self.select_together(Viewer(role), bound)) for role in roles}

    def add_quads(
        self,
        quads: list[ox.Quad],
        *,
        viewer: Viewer,
        validate: bool = True,
        dry_run: bool = False,
    ) -> None:
        """Add parsed quads (an import) in one transaction, validating them first.

        ``dry_run`` validates and stops: nothing is written."""
        levels = {q.graph_name.value for q in quads}
        for level in Visibility:
            if str(level.graph) in levels:
                require_write(viewer, level)
        check_triples((q.subject, q.predicate, q.object) for q in quads)
        with self._write_lock:
            if validate:
                additions = [
                    Statement(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads
                ]
                self._validate(additions, [], [])
            if dry_run:
                return
            # distinct subjects first: converting a million subjects to rdflib costs seconds
            subjects = [from_ox(subject) for subject in {q.subject for q in quads}]
            entry = audit_statements(viewer, subjects, added=len(quads))
            self.backend.extend(quads + [statement.quad() for statement in entry])
            self.backend.flush()
            self.generation += 1

    def restore(self, quads: list[ox.Quad], *, viewer: Viewer) -> None:
        """Put a backup's statements back into an empty store, as they were, in one transaction.

        For organisers (a backup holds the restricted graph). No SHACL and no audit entry
        of its own: what comes back is exactly what was saved, its audit log included.
        Values are still checked against the size limit, and every statement must be in
        one of the three visibility graphs."""
        require(viewer, Permission.RESTORE)
        allowed = {str(level.graph) for level in Visibility}
        if any(isinstance(q.graph_name, ox.DefaultGraph) or q.graph_name.value not in allowed for q in quads):
            raise BadInput("a backup's statements must all be in the visibility graphs", source="restore")
        check_triples((q.subject, q.predicate, q.object) for q in quads)
        with self._write_lock:
            if not self.is_empty():
                raise PraxisError(
                    f"{self.url} already holds data: a backup is restored only into an empty store."
                )
            self.backend.extend(quads)
            self.backend.flush()
            self.generation += 1

    def load_trusted(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads exactly as given: no rights, shapes, size limit or audit entry.

        For test fixtures and benchmarks that build a store from files already checked
        (the ontology, the seed, generated data); never for anything a person sends."""
        with self._write_lock:
            self.backend.extend(quads)
            self.backend.flush()
            self.generation += 1

    def replace_graph(
        self,
        graph: URIRef,
        triples: list[ox.Triple],
        *,
        viewer: Viewer,
        record: URIRef,
        about: list[Statement],
    ) -> None:
        """Make ``graph`` hold exactly ``triples`` and ``record`` exactly ``about``, all or nothing.

        For a graph that is not ours: a peer's snapshot (:mod:`graph.peers`), with the
        peer's record in our restricted graph saying where it came from. ``graph`` may not be
        one of the visibility graphs, so nothing given here can land in our own data, and no
        read sees it (reads name only the visibility graphs). SHACL is the caller's (the
        statements are not ours to edit); values are checked against the size limit.

        Three ways, each all or nothing; a failure before it ends leaves ``graph`` and ``record`` as
        they were:

        - when that only adds statements (an embedded store, ``graph`` empty, ``record`` holding
          nothing ``about`` leaves out: a first sync), the engine's bulk loader, given them all at
          once: it writes sorted files and hands them to the engine in one step, all or nothing
          (pyoxigraph 0.5), in a quarter of the time of a transaction's ``extend``;
        - else, on an embedded store, one update request that deletes what ``graph`` holds and
          ``triples`` lack, inserts what it lacks and rewrites ``record``: a resync costs what
          changed, not the whole snapshot (statements with blank nodes excepted: they are
          replaced whole);
        - else (a server) the triples go into a staging graph beside ``graph`` (one ``INSERT
          DATA`` request), then one update request drops ``graph``, moves the staging graph
          into it and rewrites ``record`` (the move copies every statement through SPARQL:
          embedded, four times the time of an ``extend``).

        Oxigraph, embedded or served, applies an update request as one transaction; Virtuoso
        commits each operation of a request on its own, so it is refused."""
        require(viewer, Permission.IMPORT_RDF)
        if str(graph) in {str(level.graph) for level in Visibility}:
            raise BadInput(f"<{graph}> is one of our own graphs: only another graph can be replaced whole")
        if isinstance(self.backend, VirtuosoBackend):
            raise BadInput(
                "replacing a graph in one transaction is not supported on Virtuoso (it commits each "
                "operation on its own); follow other chapters with an Oxigraph store"
            )
        self._check_rights(about, viewer)
        check_triples((s.subject, s.predicate, s.object) for s in about)
        check_triples((t.subject, t.predicate, t.object) for t in triples)
        target = ox.NamedNode(str(graph))
        staging = ox.NamedNode(f"{graph}#incoming")
        with self._write_lock:
            self.backend.update(f"DROP SILENT GRAPH {staging}")  # a crashed sync's leftovers
            if self._adds_only(target, record, about):
                audit = audit_statements(viewer, [record], added=len(triples) + len(about))
                self.backend.bulk_add(triples, graph=target, quads=[s.quad() for s in about + audit])
            elif (changes := self._changes(target, triples)) is not None:
                deletions, added = changes
                audit = audit_statements(viewer, [record], added=len(triples) + len(about))
                rewrite = update_text(added + [s.quad() for s in about + audit], [], [to_ox(record)])
                self.backend.update(f"{deletions} ;\n{rewrite}" if deletions else rewrite)
            else:
                self._replace_by_moving(target, staging, triples, viewer=viewer, record=record, about=about)
            self.backend.flush()
            if self.backend.shared:
                self._follow(own=1)  # this change's own audit entry, and whether others wrote too
            self.generation += 1
            self._replaced.append((self.generation, target.value))

    def _adds_only(self, graph: ox.NamedNode, record: URIRef, about: list[Statement]) -> bool:
        """True when an embedded store's ``graph`` is empty and ``record`` holds nothing outside
        ``about``: replacing them only adds statements (:meth:`replace_graph`)."""
        if not isinstance(self.backend, BulkLoading) or self.backend.holds_anything(graph):
            return False
        wanted = {statement.quad() for statement in about}
        return all(quad in wanted for quad in self.backend.triples_about([to_ox(record)]))

    def _changes(self, graph: ox.NamedNode, triples: list[ox.Triple]) -> tuple[str, list[ox.Quad]] | None:
        """How an embedded store's ``graph`` comes to hold exactly ``triples``: the update that
        deletes what it holds and they lack, and the statements to insert after it (None on a
        server). A dump's blank nodes are renamed on every read and ``DELETE DATA`` cannot name
        one, so statements with a blank node are all deleted by pattern and all inserted again."""
        if not isinstance(self.backend, BulkLoading):
            return None
        held = set(self.backend.quads([graph]))
        wanted = {ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples}
        removed = [q for q in held - wanted if not _blank(q)]
        deletions = [update_text([], removed, [])] if removed else []
        added = wanted - held
        if any(_blank(q) for q in held):
            deletions.append(
                f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o "
                "FILTER(isBlank(?s) || isBlank(?o)) } }"
            )
            added |= {q for q in wanted if _blank(q)}
        return " ;\n".join(deletions), list(added)

    def _replace_by_moving(
        self,
        target: ox.NamedNode,
        staging: ox.NamedNode,
        triples: list[ox.Triple],
        *,
        viewer: Viewer,
        record: URIRef,
        about: list[Statement],
    ) -> None:
        """:meth:`replace_graph` through a staging graph, moved into ``target`` in one update."""
        try:
            self.backend.extend(ox.Quad(t.subject, t.predicate, t.object, staging) for t in triples)
            audit = audit_statements(viewer, [record], added=len(triples) + len(about))
            swap = f"DROP SILENT GRAPH {target} ;\nMOVE SILENT GRAPH {staging} TO GRAPH {target}"
            rewrite = update_text([s.quad() for s in about + audit], [], [to_ox(record)])
            self.backend.update(swap + " ;\n" + rewrite)
        except BaseException:
            self.backend.update(f"DROP SILENT GRAPH {staging}")
            raise

    def bulk_load(self, path: Path, *, viewer: Viewer, expected: int | None = None) -> int:
        """Fill an empty embedded or in-memory store from a large N-Quads or TriG file, fast.

        The organiser's path for a backup, an export or benchmark data (a million
        statements in seconds rather than minutes): pyoxigraph's bulk loader, with
        no per-record SHACL check (run ``praxis validate`` afterwards, as a batch).
        The bulk loader is not transactional, so the store must be empty, and if
        the file cannot be read, holds statements outside the three visibility
        graphs or uses a ``prx:`` property or class the ontology lacks, the store
        is emptied again and the error raised: all or nothing, as every import.
        So it is when a value is over :data:`graph.store.literals.MAX_VALUE_BYTES` (checked
        after loading, about a second per million statements) or, given ``expected``
        (the count a backup's header states), when the file holds another number of
        statements: a backup cut short. Returns the number of statements loaded.
        """
        require(viewer, Permission.BULK_LOAD)
        if not isinstance(self.backend, BulkLoading):
            raise PraxisError(
                "Bulk loading works on the embedded store. For a SPARQL endpoint use the server's "
                "own loader (oxigraph load --location DIR --file FILE before serving, or Fuseki's "
                "tdb2.tdbloader), or praxis load."
            )
        fmt = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}.get(path.suffix.lower())
        if fmt is None:
            raise BadInput(
                "bulk loading needs N-Quads (.nq) or TriG (.trig) whose statements are already in "
                "the visibility graphs (as praxis export --format nq writes them); load other files "
                "with praxis load",
                source=str(path),
            )
        with self._write_lock:
            if self.backend.holds_anything():
                raise PraxisError(f"{self.url} already holds data: bulk loading is for an empty store.")
            try:
                self.backend.bulk_load(path, fmt)
                problem = self._bulk_problem(str(path), expected)
            except (OSError, SyntaxError, ValueError) as error:
                problem = BadInput(f"cannot bulk-load the file: {error}", source=str(path))
            except MemoryError:  # the engine's parser refuses a token over 16 MiB this way
                self.backend.clear()
                with path.open("rb") as file:
                    line = first_long_line(iter(lambda: file.read(1 << 20), b""))
                raise refused_by_engine(source=str(path), line=line) from None
            except BaseException:
                self.backend.clear()  # interrupted: leave the store as it was, empty
                raise
            if problem is not None:
                self.backend.clear()
                raise problem
            count = self.backend.count()
            audit = audit_statements(viewer, [], added=count)
            self.backend.extend([statement.quad() for statement in audit])
            self.backend.flush()
            self.generation += 1
        return count

    def _bulk_problem(self, source: str, expected: int | None = None) -> PraxisError | None:
        """Why freshly bulk-loaded data may not stay, or ``None``."""
        if expected is not None and self.backend.count() != expected:
            return BadInput(
                f"the file's header says it holds {expected:,} statements, but it holds "
                f"{self.backend.count():,}: it is incomplete (cut short?) or was edited; nothing was "
                "loaded. Use the complete backup.",
                source=source,
            )
        for row in self.backend.scan(OVERSIZED_QUERY):
            try:
                check_triples([row], source=source)
            except BadInput as error:
                return error

        allowed = {str(level.graph) for level in Visibility}
        foreign = sorted(g.value for g in self.backend.named_graphs() if g.value not in allowed)
        if foreign or self.backend.holds_anything(ox.DefaultGraph()):
            where = f"the named graph <{foreign[0]}>" if foreign else "the default graph"
            return BadInput(
                f"statements in {where} cannot be placed: every statement must be in one of "
                + ", ".join(f"<{g}>" for g in sorted(allowed))
                + " (or load the file with praxis load, which places statements by their prx:visibility)",
                source=source,
            )
        terms = self.backend.vocabulary_used()
        findings = unknown_terms((URIRef(t.value), URIRef(t.value), URIRef(t.value)) for t in terms)
        return ValidationFailed(findings) if findings else None

    def clear(self, *, viewer: Viewer) -> None:
        require(viewer, Permission.CLEAR)
        with self._write_lock:
            self.backend.clear()
            self.generation += 1

    def _check_rights(self, statements: list[Statement], viewer: Viewer) -> None:
        for statement in statements:
            require_write(viewer, statement.visibility)

    def _check_replace(self, subjects: list[URIRef], viewer: Viewer) -> None:
        for quad in self.backend.triples_about([to_ox(s) for s in subjects]):
            require_write(viewer, Visibility(local_name(quad.graph_name.value)), verb="change")

    def _validate(self, additions: list[Statement], removals: list[Statement], replace: list[URIRef]) -> None:
        touched = {s.subject for s in additions + removals if isinstance(s.subject, URIRef)}
        replaced = {to_ox(s) for s in replace}
        removed = {_as_stored(s) for s in removals}
        context = Graph()
        current = self.backend.triples_about([to_ox(s) for s in touched])
        for quad in current:
            if quad.subject in replaced:
                continue
            triple = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
            if triple not in removed:
                context.add(triple)
        added = Graph()
        for statement in additions:
            added.add(_as_stored(statement))
        pointed = {o for _, _, o in context} | {o for _, _, o in added}
        nodes = [to_ox(o) for o in pointed if isinstance(o, URIRef) and o not in touched]
        for quad in self.backend.types_of(nodes):
            context.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        findings = validate_delta(added, context, touched)
        if findings:
            raise ValidationFailed(findings)


class _WithPeers(PraxisStore):
    """A read-only view of a store whose reads add the other chapters' graphs
    (:meth:`PraxisStore.with_peers`)."""

    def __init__(self, base: PraxisStore):
        super().__init__(base.backend, base.url)
        self._base = base

    @property
    def generation(self) -> int:
        return self._base.generation

    def read_graphs(self, viewer: Viewer) -> list[ox.NamedNode]:
        return self.graphs_for(viewer) + list(self._base.peer_graphs())

    def peer_graphs(self) -> tuple[ox.NamedNode, ...]:
        return self._base.peer_graphs()

    def with_peers(self) -> PraxisStore:
        return self

    def chapter(self, graph: ox.NamedNode) -> PraxisStore:
        return self._base.chapter(graph)

    def touched_since(self, generation: int) -> frozenset | None:
        return self._base.touched_since(generation)

    def stats(self, viewer: Viewer) -> dict[str, int]:
        """Ours (:meth:`PraxisStore.stats`) and each followed chapter's, counted in its graph
        alone and kept until it is synced again (:meth:`graph_memo`): counting 10M statements
        at once took minutes after every sync. A record two graphs state counts in each."""
        chapters = Counter()
        for graph in self.peer_graphs():
            chapters.update(self.chapter(graph).stats(viewer))
        return self.counts_after(self._base.stats(viewer), dict(chapters))

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise PraxisError("Other chapters' evidence is read-only here: write through the store itself.")

    write = add_quads = replace_graph = restore = load_trusted = bulk_load = clear = _read_only


class _OneGraph(_WithPeers):
    """A read-only view of one other chapter's graph alone (:meth:`PraxisStore.chapter`)."""

    def __init__(self, base: PraxisStore, graph: ox.NamedNode):
        super().__init__(base)
        self._graph = graph

    def read_graphs(self, viewer: Viewer) -> list[ox.NamedNode]:
        return [self._graph]

    def stats(self, viewer: Viewer) -> dict[str, int]:
        """The chapter graph's counts, the same for every viewer (it is public), kept until it
        is synced again."""
        base, graph = self._base, self._graph
        return base.graph_memo(
            graph,
            ("stats", graph.value),
            lambda: self.counted(self.select_together(Viewer.visitor(), self.STATS_READS)),
        )


def _difference(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    """``after - before``, count by count (the ones that changed)."""
    changed = {key: after.get(key, 0) - before.get(key, 0) for key in after.keys() | before.keys()}
    return {key: n for key, n in changed.items() if n}


@cache
def _blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _graphs_for_role(role: Role) -> tuple[ox.NamedNode, ...]:
    """The named graphs a role reads: worked out once per role, not on every query
    (a concept map runs thousands of small queries)."""
    return tuple(ox.NamedNode(str(level.graph)) for level in readable_graphs(Viewer(role)))


def _as_stored(statement: Statement) -> tuple[Node, Node, Node]:
    """The triple as the store gives it back (a plain literal comes back as an
    ``xsd:string`` one, which rdflib holds to be another term). Validation compares
    what is written with what is there in this form, so writing a statement that is
    already there, as two processes creating the same member record do, changes
    nothing and breaks no "exactly one" rule."""
    return statement.subject, statement.predicate, from_ox(to_ox(statement.object))
