"""Following peers at scale: K chapters of at least M public statements each, synced from loopback.

``python -m bench.peers [--peers 5] [--statements 20k] [--no-shapes]`` generates each
peer's public graph (:mod:`bench.generate`, one seed per peer, the public statements of a
graph between three and four times the size, made larger until they are at least M: the
issue's 100 peers of 100k are ``--peers 100 --statements 100k``, 10M statements or a few
more), writes it as a published chapter would (``void.ttl``
and ``dump.nt``), serves every peer from one HTTP server on 127.0.0.1, adds them all to a
fresh embedded store holding the ontology, and times ``sync_all``, then a second
``sync_all`` with every dump unchanged (each description states its dump's checksum). The
baseline is raw pyoxigraph bulk-loading the same files into named graphs of a store of its
own: what the engine needs for the bytes alone, without fetching or checking. Unless
``--no-shapes``, the same syncs go into a second store without our shapes
(``sync_all(validate=False)``), to show what checking them costs. Prints one Markdown
table; the issue's target is 100 peers of 100k statements in under 10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from bench.generate import TRIPLES_PER_BLOCK, generate, parse_size
from graph.access import Viewer, Visibility
from graph.io import bundled_quads
from graph.peers import Limits, add_peer, peer_graph, sync_all
from graph.store import ontology_files, open_store

__all__ = ["Figures", "main", "publish_peers"]

#: Public statements in a generated graph, as a share of the size asked: about 30 % of the
#: records' and all of the ontology; the first guess, corrected by each peer's measure.
PUBLIC_SHARE = 0.3
_ORGANISER = Viewer.organiser()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Figures:
    peers: int
    statements: int
    dump_bytes: int
    sync_s: float
    raw_s: float
    unchecked_s: float | None
    unchanged_s: float

    def rows(self) -> list[str]:
        rate = self.statements / self.sync_s
        lines = [
            "| what | seconds | statements/s | vs raw bulk load |",
            "|---|---|---|---|",
            f"| praxis peers sync (fetch, checks, shapes, all or nothing each) | {self.sync_s:.1f} | "
            f"{rate:,.0f} | {self.sync_s / self.raw_s:.1f}x |",
        ]
        if self.unchecked_s is not None:
            lines.append(
                f"| the same without our shapes | {self.unchecked_s:.1f} | "
                f"{self.statements / self.unchecked_s:,.0f} | {self.unchecked_s / self.raw_s:.1f}x |"
            )
        lines.append(f"| sync again, every dump unchanged (checksum stated) | {self.unchanged_s:.2f} | | |")
        lines.append(
            f"| raw pyoxigraph bulk_load of the same files | {self.raw_s:.1f} | "
            f"{self.statements / self.raw_s:,.0f} | 1.0x |"
        )
        target = 100 * 100_000 / rate
        lines.append("")
        lines.append(
            f"{self.peers} peers, {self.statements:,} statements, {self.dump_bytes / 1e6:.1f} MB N-Triples; "
            f"at this rate 100 peers x 100k take {target / 60:.1f} min (target: 10 min)"
        )
        return lines


def publish_peers(folder: Path, peers: int, statements: int) -> tuple[int, int]:
    """Write ``peers`` published chapters of at least ``statements`` public statements each under
    ``folder`` (``peerN/void.ttl``, ``peerN/dump.nt``); the statements and bytes written in all."""
    total = size = 0
    share = PUBLIC_SHARE
    for number in range(peers):
        triples, share = public_statements(statements, seed=100 + number, share=share)
        chapter = folder / f"peer{number}"
        chapter.mkdir()
        ox.serialize(triples, str(chapter / "dump.nt"), format=ox.RdfFormat.N_TRIPLES)
        digest = hashlib.sha256((chapter / "dump.nt").read_bytes()).hexdigest()
        (chapter / "void.ttl").write_text(
            "@prefix void: <http://rdfs.org/ns/void#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
            f"<#chapter> a void:Dataset ; void:triples {len(triples)} ; void:dataDump <dump.nt> .\n"
            f'<dump.nt> dcterms:identifier "sha256:{digest}" .\n',
            encoding="utf-8",
        )
        total += len(triples)
        size += (chapter / "dump.nt").stat().st_size
    return total, size


def public_statements(at_least: int, *, seed: int, share: float) -> tuple[list[ox.Triple], float]:
    """The public statements of a graph generated with ``seed``, at least ``at_least`` of them, and
    their share of the size asked. The size asked is ``at_least / share`` and a block more; when
    that falls short (the share varies a little from seed to seed), a larger graph is made."""
    public = ox.NamedNode(str(Visibility.PUBLIC.graph))
    asked = int(at_least / share) + TRIPLES_PER_BLOCK
    while True:
        made = generate(asked, seed=seed)
        triples = [quad.triple for quad in made.quads if quad.graph_name == public]
        if len(triples) >= at_least:
            return triples, len(triples) / asked
        asked = int(asked * at_least / max(len(triples), 1)) + TRIPLES_PER_BLOCK


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def raw_load(folder: Path, peers: int, work: Path) -> float:
    """Seconds raw pyoxigraph takes to bulk-load every dump into a named graph of its own."""
    store = ox.Store(str(work / "raw"))
    started = time.perf_counter()
    for number in range(peers):
        store.bulk_load(
            path=str(folder / f"peer{number}" / "dump.nt"),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(str(peer_graph(f"peer{number}"))),
        )
    store.flush()
    return time.perf_counter() - started


def followed(work: Path, name: str, base: str, peers: int):
    """A fresh embedded store holding the ontology and following every peer."""
    store = open_store(f"oxigraph:{work / name}")
    store.load_trusted(bundled_quads(ontology_files()))
    for number in range(peers):
        add_peer(store, f"peer{number}", f"{base}/peer{number}/void.ttl", _ORGANISER)
    return store


def run(peers: int, statements: int, *, shapes_share: bool, work: Path) -> Figures:
    folder = work / "site"
    folder.mkdir()
    log(f"generating {peers} peers of at least {statements:,} public statements ...")
    total, size = publish_peers(folder, peers, statements)
    raw_s = raw_load(folder, peers, work)
    limits = Limits.from_environment()
    with serving(folder) as base:
        store = followed(work, "store", base, peers)
        log(f"syncing {total:,} statements ...")
        started = time.perf_counter()
        outcomes = sync_all(store, _ORGANISER, limits=limits)
        sync_s = time.perf_counter() - started
        failed = [outcome for outcome in outcomes if outcome.error]
        if failed:
            raise SystemExit(f"{len(failed)} sync(s) failed, the first: {failed[0].error}")
        started = time.perf_counter()
        sync_all(store, _ORGANISER, limits=limits)
        unchanged_s = time.perf_counter() - started
        unchecked_s = None
        if shapes_share:
            log("syncing into a second store without our shapes ...")
            second = followed(work, "unchecked", base, peers)
            started = time.perf_counter()
            unchecked = sync_all(second, _ORGANISER, limits=limits, validate=False)
            if failed := [outcome for outcome in unchecked if outcome.error]:
                raise SystemExit(f"{len(failed)} sync(s) failed without shapes, the first: {failed[0].error}")
            unchecked_s = time.perf_counter() - started
    return Figures(peers, total, size, sync_s, raw_s, unchecked_s, unchanged_s)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", type=int, default=5)
    parser.add_argument(
        "--statements", default="20k", help="public statements per peer, at least (20k, 100k)"
    )
    parser.add_argument("--no-shapes", action="store_true", help="skip the run without our shapes")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="praxis-bench-peers-"))
    try:
        figures = run(args.peers, parse_size(args.statements), shapes_share=not args.no_shapes, work=work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(figures.rows()))
    print(f"\n(cores: {os.cpu_count()})")


if __name__ == "__main__":
    main()
