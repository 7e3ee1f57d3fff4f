"""A process that runs people's SPARQL queries, so no query can stop the one that serves others.

:mod:`graph.sparql.pool` starts this module as ``python -m graph.sparql.worker MB`` and
talks to it over stdin and stdout in frames (:mod:`graph.sparql.frames`): an 8-byte header
(the lengths of a JSON head and of a byte body), the head, the body. Requests:

* ``{"op": "load", "key": K, "files": [[path, "nt" | "nq", graph or null], ...]}``:
  replace the snapshot with these N-Triples (into ``graph``) and N-Quads files, which
  hold exactly the graphs one viewer may read; or ``[[path, "checkpoint", null]]``: a
  RocksDB checkpoint of a large embedded store, opened read-only.
* ``{"op": "query", "text": T, "graphs": [...], "fmt": F, "max_rows": N}``: check
  ``T`` (:func:`graph.sparql.checks.check_parsed`: rdflib's parse and algebra, no
  ``SERVICE``, queries only), then run the same ``T`` on the snapshot; the body of the
  answer is the W3C results format ``F`` (Turtle for ``CONSTRUCT``/``DESCRIBE``).

Failures come back as ``{"ok": false, "kind": ..., "message": ...}``; ``kind`` is
``syntax`` (with ``index``, an offset into ``T``), ``refused``, ``memory`` or ``error``.

At start the worker limits its own address space (``RLIMIT_AS``, the ``MB`` given,
from ``PRAXIS_QUERY_MEMORY_MB``), so a sort over a huge join ends this process, not
the explorer; the parent kills it at the time limit, which is the only way to stop
pyoxigraph, which cannot cancel a query. It then tries to leave the network: a new
user and network namespace (``unshare(CLONE_NEWUSER | CLONE_NEWNET)``) has only a
loopback interface that is down, so even a ``SERVICE`` that got through could not
connect. That is defence in depth and may be unavailable (containers often forbid
user namespaces; the ready message says whether it worked): **the guarantee is the
parse check** of :mod:`graph.sparql.checks`, which refuses ``SERVICE`` before the
engine sees the text. The parse and the query run in a thread with a 64 MB stack
and a raised recursion limit, so rdflib reads the 64 levels of nesting allowed.
The worker exits when its stdin closes or its parent dies.
"""

from __future__ import annotations

import ctypes
import os
import re
import resource
import sys
import threading
import time
from typing import Any, BinaryIO

from graph.sparql.checks import ParseProblem, check_parsed
from graph.sparql.frames import read_frame, write_frame
from graph.sparql.limits import RefusedQuery, collect, query_dataset

__all__ = ["main"]

_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000
_STACK = 64 * 1024 * 1024
_FORMATS = {"json": "JSON", "csv": "CSV", "tsv": "TSV", "xml": "XML"}


def _limit_memory(megabytes: int) -> None:
    size = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def _leave_network() -> bool:
    """Enter a new user and network namespace; ``False`` if the system refuses."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """Exit if the parent dies while a long query runs (stdin closes only between queries)."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(3)


class _Worker:
    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.store = ox.Store()
        self.key: str | None = None

    def load(self, head: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        ox = self.ox
        self.store = ox.Store()  # the old snapshot goes first: two need not fit at once
        self.key = None
        for path, kind, graph in head["files"]:
            if kind == "checkpoint":  # a RocksDB checkpoint of an embedded store, read-only
                self.store = ox.Store.read_only(path)
                continue
            fmt = ox.RdfFormat.N_TRIPLES if kind == "nt" else ox.RdfFormat.N_QUADS
            target = {"to_graph": ox.NamedNode(graph)} if graph else {}
            self.store.load(path=path, format=fmt, **target)
        self.key = head["key"]
        return {"ok": True, "key": self.key, "statements": len(self.store)}, b""

    def query(self, head: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        ox, text = self.ox, head["text"]
        try:
            check_parsed(text)
        except ParseProblem as problem:
            return {"ok": False, "kind": "syntax", "index": problem.index, "message": str(problem)}, b""
        except RefusedQuery as refused:
            return {"ok": False, "kind": "refused", "message": str(refused)}, b""
        graphs = [ox.NamedNode(graph) for graph in head["graphs"]]
        fmt = getattr(ox.QueryResultsFormat, _FORMATS[head["fmt"]])
        try:
            result = self.store.query(text, **query_dataset(graphs, self.store))
            body = collect(result, fmt, deadline=float("inf"), max_rows=int(head["max_rows"]))
        except SyntaxError as error:
            return {
                "ok": False,
                "kind": "syntax",
                "index": _offset(text, str(error)),
                "message": str(error),
            }, b""
        return {"ok": True}, body

    def answer(self, head: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        try:
            if head.get("op") == "load":
                return self.load(head)
            if head.get("op") == "query":
                return self.query(head)
            return {"ok": False, "kind": "error", "message": f"unknown request {head.get('op')!r}"}, b""
        except MemoryError:
            return {"ok": False, "kind": "memory", "message": "out of memory"}, b""
        except Exception as error:  # the engine's evaluation errors, told to the person
            return {"ok": False, "kind": "error", "message": f"{type(error).__name__}: {error}"}, b""


def _offset(text: str, message: str) -> int | None:
    """The offset in ``text`` of pyoxigraph's "error at LINE:COLUMN" (1-based, in characters)."""
    found = re.search(r"error at (\d+):(\d+)", message)
    if not found:
        return None
    line, column = int(found.group(1)), int(found.group(2))
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    if line > len(starts):
        return None
    return starts[line - 1] + column - 1


def _serve(stdin: BinaryIO, stdout: BinaryIO, netns: bool) -> None:
    sys.setrecursionlimit(12_000)
    from rdflib.plugins.sparql.parser import parseQuery

    parseQuery("ASK {}")  # build rdflib's grammar now, not in the first person's time
    worker = _Worker()
    write_frame(stdout, {"ready": True, "netns": netns, "pid": os.getpid()})
    while True:
        frame = read_frame(stdin)
        if frame is None:
            return
        head, body = worker.answer(frame[0])
        if not head.get("ok") and head.get("kind") == "memory":
            write_frame(stdout, head, body)
            os._exit(4)  # after a MemoryError this process is in no state to go on
        write_frame(stdout, head, body)


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    parent = os.getppid()
    netns = _leave_network()  # before any thread starts: unshare needs a single thread
    _limit_memory(megabytes)
    stdin = sys.stdin.buffer
    # Nothing but frames on the pipe: it moves to a descriptor of its own, and whatever
    # a library prints to descriptor 1 (Python's or the engine's) goes to stderr.
    stdout = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    threading.stack_size(_STACK)
    serving = threading.Thread(target=_serve, args=(stdin, stdout, netns), name="praxis-query-worker")
    serving.start()
    serving.join()


if __name__ == "__main__":
    main()
