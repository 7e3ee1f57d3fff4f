"""Query worker processes for people's queries: a real stop at the time limit, bounded memory.

pyoxigraph cannot cancel a query, and one person's query could crash the engine
(deep nesting), take gigabytes (``ORDER BY`` over a cross product) or keep a core busy
for minutes. So people's queries never run in the process that serves others: they
run in up to ``PRAXIS_QUERY_RUNNING`` (4) persistent worker processes
(:mod:`graph.sparql.worker`, started with :class:`subprocess.Popen`, never forked from
the explorer, which has threads). Each worker holds a **snapshot** of exactly the
graphs one viewer may read, loaded from files the store's backend writes
(:meth:`graph.store.Backend.snapshot`: N-Triples per graph from an embedded store,
N-Quads of our own reads from a remote one) into an in-memory store. The pool never
sees a store: :meth:`~graph.store.PraxisStore.user_query` hands it a :class:`Source`
saying whose snapshot it is, how fresh it must be and how to make it. A snapshot is
made once per store, role and ``store.generation`` (and, for a remote endpoint that
other processes may write, again after ``Source.max_age``, a minute), and shared by the
workers. So a SPARQL endpoint behind ``sparql+http://`` never receives a person's
query: only our own reads.

A large embedded store on disk is snapshotted instead as a RocksDB checkpoint (hard
links, 2 ms at a million statements) that the worker opens read-only; such a checkpoint
holds every graph, so there the viewer's graphs are kept apart by the engine's dataset
restriction (:func:`~graph.sparql.limits.query_dataset`, the rule every read of the
store relies on) rather than by the snapshot's contents.

The parent waits ``PRAXIS_QUERY_SECONDS`` for an answer, then kills the worker with
SIGKILL (nothing keeps computing) and starts a fresh one. A worker that dies (its
``PRAXIS_QUERY_MEMORY_MB`` limit, a crash) gives the person a message and this process
carries on. A query waits for a free worker for at most its time limit ("busy" only
when every worker was busy all that time). Making or loading a snapshot does not count
against the time limit: its cost depends on the store, not on the person's text
(measured for a member, public and members-only graphs, the first query after a
write: seed 0.1 s; 10k statements 0.1 s; 100k 1.5 s; a worker holds about 60 MB
plus its snapshot, 90 MB at 100k).
Workers and snapshot files are removed when this process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import PraxisError
from graph.sparql.checks import guard, not_checkable
from graph.sparql.frames import HEADER
from graph.sparql.limits import QueryTimeout, RefusedQuery, limit, timed_out

__all__ = ["QueryPool", "Snapshot", "Source", "run_query", "shared_pool"]

#: Seconds a worker may take to start, or to load a snapshot.
_START_SECONDS, _LOAD_SECONDS = 60.0, 900.0
#: Largest answer taken from a worker (bytes).
_MAX_ANSWER = 512 * 1024 * 1024
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class _Died(Exception):
    """The worker ended (or broke the protocol) before it answered."""


class _Late(Exception):
    """The worker did not answer in time."""


class _Worker:
    """One worker process and what this side knows of it."""

    def __init__(self, megabytes: int):
        self.megabytes = megabytes
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (read when the worker dies; closed with it)
        env = {**os.environ, "MALLOC_ARENA_MAX": "2", "PYTHONPATH": _PACKAGE_ROOT}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.sparql.worker", str(megabytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            env=env,
            start_new_session=True,  # a Ctrl-C in the terminal is for the parent to handle
        )
        self.key: str | None = None
        self.ready: dict[str, Any] | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def ask(self, head: dict[str, Any], deadline: float) -> tuple[dict[str, Any], bytes]:
        if self.ready is None:
            self.ready, _ = self._read(time.monotonic() + _START_SECONDS)
        data = json.dumps(head).encode("utf-8")
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(HEADER.pack(len(data), 0) + data)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _Died() from None
        return self._read(deadline)

    def _read(self, deadline: float) -> tuple[dict[str, Any], bytes]:
        head_size, body_size = HEADER.unpack(self._exactly(HEADER.size, deadline))
        if head_size > 1024 * 1024 or body_size > _MAX_ANSWER:
            raise _Died()
        head = json.loads(self._exactly(head_size, deadline))
        return head, self._exactly(body_size, deadline)

    def _exactly(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout is not None
        pipe = self.process.stdout.fileno()
        chunks, missing = [], size
        while missing:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Late()
            readable, _, _ = select.select([pipe], [], [], left)
            if not readable:
                raise _Late()
            chunk = os.read(pipe, min(missing, 1 << 20))
            if not chunk:
                raise _Died()
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        """SIGKILL and reap; the pid is gone when this returns."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def why_it_died(self) -> str:
        self.process.wait()
        self.errors.seek(0)
        return self.errors.read()[-4000:].decode("utf-8", "replace")


@dataclass(frozen=True)
class Snapshot:
    """Files a worker loads (``[path, "nt" | "nq" | "checkpoint", graph or None]``) and
    the folder that holds them, removed once no worker needs them."""

    files: list[list[Any]]
    folder: Path


@dataclass(frozen=True)
class Source:
    """What the pool needs to answer one viewer of one store; the store builds it.

    ``owner`` (the store) and ``role`` say whose snapshot it is; a snapshot serves while
    ``generation`` holds and, when ``max_age`` is given (a remote endpoint that others
    may write), for that many seconds. ``graphs`` are the IRIs the viewer may read and
    ``make(folder)`` writes the snapshot (into ``folder``, or a folder of its own)."""

    owner: object
    role: str
    generation: int
    graphs: tuple[str, ...]
    make: Callable[[Path], Snapshot]
    max_age: float | None = None


@dataclass
class _Snapshot:
    key: str
    generation: int
    made: float
    files: list[list[Any]]
    users: int = 0
    retired: bool = False
    folder: Path | None = None

    def remove_if_unused(self) -> None:
        if self.retired and self.users == 0 and self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


@dataclass
class QueryPool:
    """Worker processes and snapshots for one process. Safe to share between threads."""

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _idle: list[_Worker] = field(default_factory=list)
    _live: set[_Worker] = field(default_factory=set)
    _slots: threading.BoundedSemaphore | None = None
    _snapshots: dict[tuple[str, str], _Snapshot] = field(default_factory=dict)
    _snapshot_locks: dict[tuple[str, str], threading.Lock] = field(default_factory=dict)
    _stores: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)
    _folder: Path | None = None

    # ------------------------------------------------------------------ running
    def run(
        self, source: Source, text: str, *, fmt: str, max_rows: int, seconds: float
    ) -> dict[str, Any] | bytes:
        """Run checked text ``text`` for ``viewer`` in a worker: its answer's bytes, or
        the worker's failure head (``kind`` ``syntax``, ``refused`` or ``error``)."""
        slots = self._semaphore()
        if not slots.acquire(timeout=seconds):
            raise QueryTimeout(
                "The server is busy with other long queries; try again in a minute, "
                "or add LIMIT and narrower patterns to yours."
            )
        try:
            snapshot = self._snapshot(source)
            try:
                worker = self._take(snapshot.key)
                return self._ask(worker, snapshot, source, text, fmt, max_rows, seconds)
            finally:
                with self._lock:
                    snapshot.users -= 1
                    snapshot.remove_if_unused()
        finally:
            slots.release()

    def _ask(self, worker, snapshot, source, text, fmt, max_rows, seconds):
        try:
            if worker.key != snapshot.key:
                head, _ = worker.ask(
                    {"op": "load", "key": snapshot.key, "files": snapshot.files},
                    time.monotonic() + _LOAD_SECONDS,
                )
                if not head.get("ok"):
                    raise RefusedQuery(f"The query worker could not load the graph: {head.get('message')}")
                worker.key = snapshot.key
            request = {
                "op": "query",
                "text": text,
                "graphs": list(source.graphs),
                "fmt": fmt,
                "max_rows": max_rows,
            }
            head, body = worker.ask(request, time.monotonic() + seconds)
        except _Late:
            self._discard(worker)
            raise timed_out(seconds) from None
        except _Died:
            self._discard(worker)
            raise self._death(worker) from None
        except BaseException:
            self._discard(worker)
            raise
        if not head.get("ok") and head.get("kind") == "memory":
            self._discard(worker)
            raise self._death(worker)
        self._give_back(worker)
        return body if head.get("ok") else head

    def _death(self, worker: _Worker) -> RefusedQuery:
        said = worker.why_it_died()
        code = worker.process.returncode
        if "memory allocation" in said or "MemoryError" in said or code == 4:
            return RefusedQuery(
                f"The query needed more memory than the {worker.megabytes:,} MB allowed "
                "(PRAXIS_QUERY_MEMORY_MB) and was stopped. Add LIMIT, avoid ORDER BY over "
                "large joins, or narrow the patterns."
            )
        return RefusedQuery(
            f"The query crashed the query worker (exit {code}); nothing else was affected. "
            "Simplify the query (less nesting) and try again."
        )

    # ------------------------------------------------------------------ workers
    def _semaphore(self) -> threading.BoundedSemaphore:
        with self._lock:
            if self._slots is None:
                self._slots = threading.BoundedSemaphore(int(limit("PRAXIS_QUERY_RUNNING")))
            return self._slots

    def _take(self, key: str) -> _Worker:
        with self._lock:
            for worker in self._idle:
                if worker.key == key and worker.process.poll() is None:
                    self._idle.remove(worker)
                    return worker
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
                self._live.discard(worker)
            worker = _Worker(int(limit("PRAXIS_QUERY_MEMORY_MB")))
            self._live.add(worker)
            return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._live.discard(worker)

    def workers(self) -> list[int]:
        """Process ids of the live workers (for tests and the curious)."""
        with self._lock:
            return [worker.pid for worker in self._live if worker.process.poll() is None]

    def close(self) -> None:
        """Kill every worker and remove every snapshot file."""
        with self._lock:
            live, self._live, self._idle = list(self._live), set(), []
            self._slots = None
            folder, self._folder = self._folder, None
            snapshots = list(self._snapshots.values())
            self._snapshots.clear()
        for worker in live:
            worker.kill()
        for snapshot in snapshots:
            snapshot.retired, snapshot.users = True, 0
            snapshot.remove_if_unused()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    # ------------------------------------------------------------------ snapshots
    def _snapshot(self, source: Source) -> _Snapshot:
        """The current snapshot of what ``source``'s viewer may read (made if needed), marked in use."""
        with self._lock:
            token = self._stores.setdefault(source.owner, uuid.uuid4().hex)
            place = (token, source.role)
            making = self._snapshot_locks.setdefault(place, threading.Lock())
        with making:
            with self._lock:
                current = self._snapshots.get(place)
                if current is not None and self._fresh(current, source):
                    current.users += 1
                    return current
            made = self._make(source)
            with self._lock:
                if current is not None:
                    current.retired = True
                    current.remove_if_unused()
                self._snapshots[place] = made
                made.users += 1
                return made

    @staticmethod
    def _fresh(snapshot: _Snapshot, source: Source) -> bool:
        if snapshot.generation != source.generation:
            return False
        return source.max_age is None or time.monotonic() - snapshot.made < source.max_age

    def _make(self, source: Source) -> _Snapshot:
        made = time.monotonic()
        with self._lock:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="praxis-query-"))
            scratch = Path(tempfile.mkdtemp(dir=self._folder))
        written = source.make(scratch)
        if written.folder != scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        return _Snapshot(uuid.uuid4().hex, source.generation, made, written.files, folder=written.folder)


_POOL: QueryPool | None = None
_POOL_LOCK = threading.Lock()


def shared_pool() -> QueryPool:
    """This process's pool, made on first use and closed when the process exits."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = QueryPool()
            atexit.register(_POOL.close)
        return _POOL


def run_query(
    source: Source,
    text: str,
    *,
    fmt: ox.QueryResultsFormat,
    seconds: float | None = None,
    max_rows: int | None = None,
) -> bytes:
    """Check a person's ``text`` (:func:`graph.sparql.checks.guard`) and run its canonical
    text in a worker over ``source``'s snapshot; the W3C results format ``fmt`` as bytes."""
    guarded = guard(text)
    seconds = limit("PRAXIS_QUERY_SECONDS") if seconds is None else seconds
    rows = int(max_rows or limit("PRAXIS_QUERY_ROWS"))
    answer = shared_pool().run(source, guarded.full, fmt=_FORMAT_NAMES[fmt], max_rows=rows, seconds=seconds)
    if isinstance(answer, bytes):
        return answer
    if answer.get("kind") == "syntax":
        raise not_checkable(guarded, answer.get("index"), str(answer.get("message", "")))
    if answer.get("kind") == "refused":
        raise RefusedQuery(str(answer.get("message")))
    raise PraxisError(f"The query failed: {answer.get('message')}")


_FORMAT_NAMES = {
    ox.QueryResultsFormat.JSON: "json",
    ox.QueryResultsFormat.CSV: "csv",
    ox.QueryResultsFormat.TSV: "tsv",
    ox.QueryResultsFormat.XML: "xml",
}
