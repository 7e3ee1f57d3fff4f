"""Peers synced on a schedule by the serving process, each every ``PRAXIS_PEER_SYNC_HOURS`` hours.

``praxis peers sync`` syncs when someone runs it. A chapter served with ``praxis serve``
(``make serve``) also has :class:`SyncSchedule`, a thread of that process which syncs each
followed peer once its snapshot is ``PRAXIS_PEER_SYNC_HOURS`` hours old (default 24):

- a peer's next sync is due one interval after its last, as its snapshot records it
  (``prov:generatedAtTime``), so a restart does not sync again a peer synced less than an
  interval ago, and a sync by hand (Data page, ``praxis peers sync``) pushes the next one
  back; a peer never synced is due at once;
- a dump found unchanged (its checksum is the snapshot's) leaves the snapshot's time as it
  was; the schedule remembers that check itself, so it asks again only an interval later
  (after a restart, once more: one small download);
- a failure is noted on the peer's record and its snapshot kept, as by ``praxis peers sync``
  (:func:`~graph.peers.sync.sync_peer`), reported, and tried again in an hour (or one
  interval, if shorter); the other peers go on;
- it looks at the list of peers (one small query) at least every :data:`LOOK_SECONDS`, so a
  peer followed while it runs is synced without a restart, and while nobody is followed it
  does nothing else;
- it syncs one peer at a time and stops between two when ``praxis serve`` stops: each sync
  replaces the peer's graph all or nothing, so none is left half done.

It opens the served store through its URL, as :class:`~graph.io.backup_schedule.BackupSchedule`
does. After each look it writes its plan, when each peer's next sync is due, to a status
file beside the store folder (:func:`status_path`), which the Data page reads
(:func:`planned`); ``praxis serve`` names that file to the explorer it starts in
``$PRAXIS_PEER_SYNC_STATUS``. No file, or one whose process has ended, means no schedule:
syncs happen only on demand (``make run``).

Its loop is the backups' (sleep on an event until the next run is due, run, repeat), written
again rather than shared: the one home below both ``graph.io`` and ``graph.peers`` would be a
ninth module standing directly in ``graph/`` (``tests/test_layout.py`` allows eight) for a
dozen lines.

>>> status_path(Path("/srv/praxis/.praxis/store"))
PosixPath('/srv/praxis/.praxis/store.peer-sync.json')
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.access import Viewer
from graph.errors import PraxisError
from graph.peers.limits import Limits
from graph.peers.registry import Peer, peers
from graph.peers.sync import Synced, sync_peer
from graph.settings import positive_number
from graph.store import PraxisStore, open_store

__all__ = [
    "HOURS",
    "LOOK_SECONDS",
    "STATUS_VARIABLE",
    "Plan",
    "SyncSchedule",
    "planned",
    "status_path",
    "write_plan",
]

#: The setting: hours between two syncs of a peer.
HOURS = "PRAXIS_PEER_SYNC_HOURS"
#: Seconds between two looks at the list of peers, at most (less on a shorter schedule).
LOOK_SECONDS = 300.0
#: Where ``praxis serve`` tells its explorer the status file is.
STATUS_VARIABLE = "PRAXIS_PEER_SYNC_STATUS"
_RETRY_SECONDS = 3600.0
_ORGANISER = Viewer.organiser("praxis (scheduled sync)")


def status_path(store: Path) -> Path:
    """The status file of the schedule syncing the peers of the store folder ``store``."""
    return store.with_name(store.name + ".peer-sync.json")


@dataclass(frozen=True)
class Plan:
    """What a running schedule intends: every how many hours, and each peer's next sync."""

    hours: float
    next: dict[str, dt.datetime]


def planned(path: Path | None = None) -> Plan | None:
    """The plan of the schedule whose status file is ``path`` (default: the one ``praxis serve``
    names, else the one beside the store folder ``$PRAXIS_STORE`` names); ``None`` when no
    schedule runs there."""
    path = path or _status_here()
    if path is None:
        return None
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
        pid, hours = int(status["pid"]), float(status["hours"])
        due = {str(name): _utc(dt.datetime.fromisoformat(when)) for name, when in status["next"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return Plan(hours, due) if _running(pid) else None


def write_plan(path: Path, plan: Plan) -> None:
    """Write ``plan`` to the status file ``path`` (readable by its owner only: it names the
    peers, which only organisers see), in the name of this process."""
    status = {
        "pid": os.getpid(),
        "hours": plan.hours,
        "next": {name: when.isoformat() for name, when in sorted(plan.next.items())},
    }
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(status, file)
    temporary.replace(path)


def _status_here() -> Path | None:
    named = os.environ.get(STATUS_VARIABLE, "").strip()
    if named:
        return Path(named)
    url = os.environ.get("PRAXIS_STORE") or "oxigraph:.praxis/store"
    folder = url.removeprefix("oxigraph:") if url.startswith("oxigraph:") else ""
    return status_path(Path(folder)) if folder else None


def _utc(when: dt.datetime) -> dt.datetime:
    """``when``, a time written without its zone taken as UTC (so times always compare)."""
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _running(pid: int) -> bool:
    """Whether the process that wrote a status file still runs (a killed ``praxis serve``
    leaves its file behind; a stopped one removes it)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SyncSchedule:
    """A thread that syncs every peer of ``store_url`` once its snapshot is ``hours`` old
    (default ``$PRAXIS_PEER_SYNC_HOURS``, else 24), writing its plan to ``status``;
    ``report`` hears each outcome."""

    def __init__(
        self,
        store_url: str,
        *,
        status: Path | None = None,
        hours: float | None = None,
        look: float = LOOK_SECONDS,
        limits: Limits | None = None,
        report: Callable[[str], None] = print,
    ):
        self.store_url, self.status, self.limits, self.report = store_url, status, limits, report
        self.every = dt.timedelta(
            hours=hours if hours is not None else positive_number(HOURS, 24, "hours between peer syncs")
        )
        self.look = min(look, self.every.total_seconds())
        self._retry = dt.timedelta(seconds=min(_RETRY_SECONDS, self.every.total_seconds()))
        self._store: PraxisStore | None = None
        self._checked: dict[str, dt.datetime] = {}  # dumps found unchanged here, when
        self._failed: dict[str, dt.datetime] = {}  # failures here, each retried after self._retry
        self._trouble: str | None = None  # why the peers could not be read, reported once
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="praxis-peer-syncs", daemon=True)

    def start(self) -> SyncSchedule:
        self._thread.start()
        return self

    def stop(self, *, timeout: float = 60) -> None:
        """Stop waiting at once; let the peer being synced finish (up to ``timeout`` seconds,
        then ``praxis serve`` goes on stopping: its server ends the transaction or never ran it),
        sync no other, and remove the plan."""
        self._stop.set()
        self._thread.join(timeout=timeout)
        if self.status is not None:
            self.status.unlink(missing_ok=True)

    def _run(self) -> None:
        while not self._stop.wait(self.due_in()):
            self.once()

    def due(self, peer: Peer, now: dt.datetime) -> dt.datetime:
        """When ``peer``'s next scheduled sync is due."""
        synced = [self._checked[peer.name]] if peer.name in self._checked else []
        if peer.snapshot is not None:
            synced.append(_utc(peer.snapshot.taken))
        due = max(synced) + self.every if synced else now
        failed = self._failed.get(peer.name)
        return due if failed is None else max(due, failed + self._retry)

    def due_in(self) -> float:
        """Seconds until the next peer is due, or until the next look at the list of peers."""
        now = dt.datetime.now(dt.UTC)
        plan = self._plan(now)
        self._write_status(plan)
        soonest = min(plan.values(), default=now + self.every)
        return max(0.0, min((soonest - now).total_seconds(), self.look))

    def once(self) -> list[Synced]:
        """Sync each peer that is due, one at a time, until done or stopping; never raises."""
        now = dt.datetime.now(dt.UTC)
        store = self._opened()
        if store is None:
            return []
        done = []
        for peer in self._peers(store):
            if self._stop.is_set():  # between two peers: each sync is all or nothing
                break
            if self.due(peer, now) <= now:
                done.append(self._sync(store, peer))
        return done

    def _sync(self, store: PraxisStore, peer: Peer) -> Synced:
        started = time.monotonic()
        try:
            taken = sync_peer(store, peer.name, _ORGANISER, limits=self.limits)
        except Exception as error:  # noted on the peer's record (PraxisError), reported, retried
            self._failed[peer.name] = dt.datetime.now(dt.UTC)
            self.report(f"praxis: the scheduled sync of {peer.name} failed, its snapshot is kept: {error}")
            return Synced(peer.name, error=str(error), seconds=time.monotonic() - started)
        self._failed.pop(peer.name, None)
        seconds = time.monotonic() - started
        if taken == peer.snapshot:  # the dump was unchanged: the snapshot keeps its time, we note ours
            self._checked[peer.name] = dt.datetime.now(dt.UTC)
            news = "unchanged"
        else:
            self._checked.pop(peer.name, None)
            news = f"{taken.statements:,} statements"
        self.report(f"praxis: synced {peer.name} on schedule: {news}, in {seconds:.1f} s.")
        return Synced(peer.name, taken, seconds=seconds)

    def _plan(self, now: dt.datetime) -> dict[str, dt.datetime]:
        store = self._opened()
        return {} if store is None else {peer.name: self.due(peer, now) for peer in self._peers(store)}

    def _opened(self) -> PraxisStore | None:
        if self._store is None:
            try:
                self._store = open_store(self.store_url)
            except Exception as error:
                self._troubled(error)
        return self._store

    def _peers(self, store: PraxisStore) -> list[Peer]:
        try:
            found = peers(store, _ORGANISER)
        except Exception as error:  # the server may be restarting: look again later
            self._troubled(error)
            self._store = None
            return []
        self._trouble = None
        return found

    def _troubled(self, error: Exception) -> None:
        said = str(error) if isinstance(error, PraxisError) else f"{type(error).__name__}: {error}"
        if said != self._trouble:
            self.report(f"praxis: the scheduled peer syncs could not read the peers: {said}")
        self._trouble = said

    def _write_status(self, plan: dict[str, dt.datetime]) -> None:
        if self.status is not None:
            with contextlib.suppress(OSError):  # the plan is for the Data page; syncs go on without it
                write_plan(self.status, Plan(self.every.total_seconds() / 3600, plan))
