"""Sync: replace a peer's snapshot with what it publishes now, or keep the old one and say why.

One sync reads the peer's description, downloads the dump it names (unless the
description states the checksum of the dump the snapshot already holds) into a private
temporary file (:mod:`graph.peers.fetch`: size limit, one deadline, same server only),
checks every statement (:mod:`graph.peers.checks`), then replaces the peer's graph and
its record in one transaction (:meth:`graph.store.PraxisStore.replace_graph`). Anything
that goes wrong on the way raises :class:`~graph.errors.BadInput` (exit code 2) after
noting the message on the peer's record; the snapshot stays as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
import time
from dataclasses import dataclass

from graph.access import Viewer
from graph.errors import BadInput, PraxisError
from graph.peers.checks import check_shapes, read_dump
from graph.peers.description import read_description
from graph.peers.fetch import fetch
from graph.peers.limits import DESCRIPTION_BYTES, Limits
from graph.peers.registry import (
    Peer,
    Snapshot,
    clear_failure,
    find_peer,
    peer_graph,
    peer_record,
    peers,
    record_failure,
    require_organiser,
    snapshot_statements,
)
from graph.store import PraxisStore

__all__ = ["Synced", "sync_all", "sync_peer"]


@dataclass(frozen=True)
class Synced:
    """One sync's outcome: the snapshot taken, or why none was."""

    name: str
    snapshot: Snapshot | None = None
    error: str | None = None
    seconds: float = 0.0


def sync_peer(
    store: PraxisStore, name: str, viewer: Viewer, *, limits: Limits | None = None, validate: bool = True
) -> Snapshot:
    """Take a new snapshot of peer ``name``; raise :class:`BadInput` (and note it) if none can be.

    ``validate=False`` skips our shapes (only the benchmark does, to show their share)."""
    require_organiser(viewer)
    peer = find_peer(store, name, viewer)
    try:
        return _sync(store, peer, viewer, limits or Limits.from_environment(), validate=validate)
    except PraxisError as error:
        with contextlib.suppress(PraxisError):  # the store may be what failed: its error is the one to see
            record_failure(store, peer, str(error), viewer)
        raise


def sync_all(store: PraxisStore, viewer: Viewer, *, limits: Limits | None = None) -> list[Synced]:
    """Sync every peer, one after another; a failure is reported and the others go on."""
    require_organiser(viewer)
    limits = limits or Limits.from_environment()
    outcomes = []
    for peer in peers(store, viewer):
        start = time.monotonic()
        try:
            snapshot = sync_peer(store, peer.name, viewer, limits=limits)
        except PraxisError as error:
            outcomes.append(Synced(peer.name, error=str(error), seconds=time.monotonic() - start))
        else:
            outcomes.append(Synced(peer.name, snapshot, seconds=time.monotonic() - start))
    return outcomes


def _sync(store: PraxisStore, peer: Peer, viewer: Viewer, limits: Limits, *, validate: bool) -> Snapshot:
    deadline = time.monotonic() + limits.seconds
    described = io.BytesIO()
    fetch(peer.url, described, max_bytes=min(DESCRIPTION_BYTES, limits.max_bytes), deadline=deadline)
    dump = read_description(described.getvalue(), peer.url)
    if dump.sha256 is not None and (current := _holding(peer, dump.url, dump.sha256)):
        return _unchanged(store, peer, current, viewer)
    with tempfile.NamedTemporaryFile(prefix="praxis-peer-", suffix=".dump") as file:
        fetched = fetch(dump.url, file, max_bytes=limits.max_bytes, deadline=deadline)
        file.flush()
        if dump.sha256 is not None and dump.sha256 != fetched.sha256:
            raise BadInput(
                f"the dump's SHA-256 is {fetched.sha256}, not the {dump.sha256} its description "
                "states (changed while syncing, or not what was published); nothing was changed",
                source=dump.url,
            )
        if current := _holding(peer, dump.url, fetched.sha256):
            return _unchanged(store, peer, current, viewer)
        triples = read_dump(file.name, dump.format, max_statements=limits.max_statements, source=dump.url)
    if validate:
        check_shapes(triples, source=dump.url)
    snapshot = Snapshot(
        dump=dump.url,
        taken=dt.datetime.now(dt.UTC),
        version=f"sha256:{fetched.sha256}",
        statements=len(triples),
    )
    store.replace_graph(
        peer_graph(peer.name),
        triples,
        viewer=viewer,
        record=peer_record(peer.name),
        about=snapshot_statements(peer, snapshot),
    )
    return snapshot


def _holding(peer: Peer, url: str, sha256: str) -> Snapshot | None:
    """The snapshot, when it is already of this dump, byte for byte."""
    shot = peer.snapshot
    return shot if shot is not None and shot.dump == url and shot.version == f"sha256:{sha256}" else None


def _unchanged(store: PraxisStore, peer: Peer, current: Snapshot, viewer: Viewer) -> Snapshot:
    """The dump is the one the snapshot holds: nothing to parse, check or replace (an unchanged
    peer costs one small download, or two when its description states no checksum)."""
    if peer.error is not None:
        clear_failure(store, peer, viewer)
    return current
