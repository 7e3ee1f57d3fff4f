"""Sync: replace a peer's snapshot with what it publishes now, or keep the old one and say why.

One sync reads the peer's description, downloads the dump it names (unless the
description states the checksum of the dump the snapshot already holds) into a private
temporary file (:mod:`graph.peers.fetch`: size limit, one deadline, same server only),
checks every statement (:mod:`graph.peers.checks`), then replaces the peer's graph and
its record all or nothing (:meth:`graph.store.PraxisStore.replace_graph`). Anything
that goes wrong on the way raises :class:`~graph.errors.BadInput` (exit code 2) after
noting the message on the peer's record; the snapshot stays as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox

from graph.access import Viewer
from graph.errors import BadInput, PraxisError
from graph.peers.checks import check_shapes, read_dump
from graph.peers.collector import collector_paused
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
    _, checked = _attempt(peer, limits or Limits.from_environment(), validate)
    return _take(store, peer, viewer, checked)


def sync_all(
    store: PraxisStore, viewer: Viewer, *, limits: Limits | None = None, validate: bool = True
) -> list[Synced]:
    """Sync every peer, one after another; a failure is reported and the others go on.

    The next peer's dump is downloaded and checked in a thread while this one's is written:
    the engine lets go of Python's lock while it writes and flushes, so on two cores the
    checks of one peer and the writing of another overlap. A peer's ``seconds`` run from the
    start of its download to its snapshot stored. ``validate`` as for :func:`sync_peer`."""
    require_organiser(viewer)
    limits = limits or Limits.from_environment()
    followed = peers(store, viewer)
    outcomes = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="praxis-peer-check") as ahead:
        upcoming = ahead.submit(_attempt, followed[0], limits, validate) if followed else None
        for number, peer in enumerate(followed):
            started, checked = upcoming.result()  # type: ignore[union-attr]
            if number + 1 < len(followed):  # two peers' statements in memory at most
                upcoming = ahead.submit(_attempt, followed[number + 1], limits, validate)
            try:
                snapshot = _take(store, peer, viewer, checked)
            except PraxisError as error:
                outcomes.append(Synced(peer.name, error=str(error), seconds=time.monotonic() - started))
            else:
                outcomes.append(Synced(peer.name, snapshot, seconds=time.monotonic() - started))
    return outcomes


@dataclass(frozen=True)
class _Checked:
    """A dump downloaded and checked: the snapshot it makes and its triples, or (``triples``
    None) the snapshot already held."""

    snapshot: Snapshot
    triples: list[ox.Triple] | None = None


def _attempt(peer: Peer, limits: Limits, validate: bool) -> tuple[float, _Checked | PraxisError]:
    """When the attempt started, and the checked dump or why it was refused (raised by
    :func:`_take`, so that a refusal is noted in turn, where the store is written)."""
    started = time.monotonic()
    try:
        with collector_paused():  # the check's objects hold no cycles: passes over them find nothing
            return started, _checked(peer, limits, validate)
    except PraxisError as error:
        return started, error


def _take(store: PraxisStore, peer: Peer, viewer: Viewer, checked: _Checked | PraxisError) -> Snapshot:
    """Store a checked dump as the peer's snapshot, or raise (and note) why not."""
    try:
        if isinstance(checked, PraxisError):
            raise checked
        return _stored(store, peer, viewer, checked)
    except PraxisError as error:
        with contextlib.suppress(PraxisError):  # the store may be what failed: its error is the one to see
            record_failure(store, peer, str(error), viewer)
        raise


def _checked(peer: Peer, limits: Limits, validate: bool) -> _Checked:
    """Download the peer's description and dump and check it (nothing is written)."""
    deadline = time.monotonic() + limits.seconds
    described = io.BytesIO()
    fetch(peer.url, described, max_bytes=min(DESCRIPTION_BYTES, limits.max_bytes), deadline=deadline)
    dump = read_description(described.getvalue(), peer.url)
    if dump.sha256 is not None and (current := _holding(peer, dump.url, dump.sha256)):
        return _Checked(current)
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
            return _Checked(current)
        triples = read_dump(file.name, dump.format, max_statements=limits.max_statements, source=dump.url)
    if validate:
        check_shapes(triples, source=dump.url)
    snapshot = Snapshot(
        dump=dump.url,
        taken=dt.datetime.now(dt.UTC),
        version=f"sha256:{fetched.sha256}",
        statements=len(triples),
    )
    return _Checked(snapshot, triples)


def _stored(store: PraxisStore, peer: Peer, viewer: Viewer, checked: _Checked) -> Snapshot:
    if checked.triples is None:
        return _unchanged(store, peer, checked.snapshot, viewer)
    store.replace_graph(
        peer_graph(peer.name),
        checked.triples,
        viewer=viewer,
        record=peer_record(peer.name),
        about=snapshot_statements(peer, checked.snapshot),
    )
    return checked.snapshot


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
