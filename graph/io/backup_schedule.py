"""Backups that happen and restore: a schedule, each backup verified, the last N kept.

``praxis backup`` makes a backup when someone remembers to. A chapter served with
``praxis serve`` (``make serve``) and ``PRAXIS_BACKUP_DIR`` set gets one on a schedule
instead, made by the process that holds the store (:class:`BackupSchedule`, a thread of
``praxis serve``), every ``PRAXIS_BACKUP_HOURS`` hours (default 24), keeping the newest
``PRAXIS_BACKUP_KEEP`` (default 7).

Each backup (:func:`backup_now`) is one consistent read of every graph (one query, which
the engine answers from one snapshot while writes go on), written to a hidden
``.partial`` file, then **verified**: restored into a scratch store by the same code as
``praxis load --bulk`` (a backup's restore with the engine's loader) and compared with
what was read, statement for statement. Only then
is it renamed to ``praxis-<UTC time>.nq``. So a file with that name is a backup known to
restore: a crash, a full disk or a killed server in the middle leaves at most a
``.partial`` file (removed by the next backup), never a damaged backup, and never
touches the previous ones. :func:`last_good` is the newest such file; the Data page
shows it and warns when it is older than :data:`STALE_AFTER`.

>>> parse_stamp(Path("praxis-20260107T031500Z.nq"))
datetime.datetime(2026, 1, 7, 3, 15, tzinfo=datetime.timezone.utc)
>>> parse_stamp(Path(".praxis-20260107T031500Z.partial.nq")) is None
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.access import Viewer
from graph.errors import PraxisError
from graph.io.backups import backup, bulk_restore
from graph.settings import positive_number
from graph.store import PraxisStore, open_store

__all__ = [
    "STALE_AFTER",
    "BackupSchedule",
    "Done",
    "Health",
    "backup_folder",
    "backup_now",
    "health",
    "last_failure",
    "last_good",
    "parse_stamp",
]

#: A last good backup older than this is worth a warning on the Data page.
STALE_AFTER = dt.timedelta(days=2)
_NAME = re.compile(r"^praxis-(\d{8}T\d{6}Z)\.nq$")
_STATUS = "last-backup.json"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_CHANGE = ox.NamedNode("https://w3id.org/praxis/ontology#Change")


def backup_folder() -> Path | None:
    """``$PRAXIS_BACKUP_DIR``, or ``None`` when scheduled backups are off."""
    folder = os.environ.get("PRAXIS_BACKUP_DIR", "").strip()
    return Path(folder) if folder else None


def parse_stamp(path: Path) -> dt.datetime | None:
    """When the good backup ``path`` was made (from its name), or ``None`` if it is not one."""
    found = _NAME.match(path.name)
    if not found:
        return None
    return dt.datetime.strptime(found.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)


def _good(folder: Path) -> list[Path]:
    """Good backups in ``folder``, oldest first."""
    try:
        found = [path for path in folder.iterdir() if parse_stamp(path)]
    except OSError:
        return []
    return sorted(found, key=lambda path: path.name)


def last_good(folder: Path) -> tuple[Path, dt.datetime] | None:
    """The newest verified backup in ``folder`` and when it was made."""
    good = _good(folder)
    return (good[-1], parse_stamp(good[-1])) if good else None  # type: ignore[return-value]


def last_failure(folder: Path) -> dict | None:
    """The last scheduled backup's failure (``when``, ``error``) if it failed, else ``None``."""
    try:
        status = json.loads((folder / _STATUS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return status if isinstance(status, dict) and status.get("error") else None


@dataclass(frozen=True)
class Health:
    """What the Data page says about scheduled backups: the last good one, how old, failures."""

    folder: Path
    last: Path | None
    made: dt.datetime | None
    failure: dict | None

    @property
    def age(self) -> dt.timedelta | None:
        return None if self.made is None else dt.datetime.now(dt.UTC) - self.made

    @property
    def stale(self) -> bool:
        """No good backup, or the last is older than :data:`STALE_AFTER`."""
        return self.age is None or self.age > STALE_AFTER


def health(folder: Path | None = None) -> Health | None:
    """The state of scheduled backups in ``folder`` (default ``$PRAXIS_BACKUP_DIR``); ``None``
    when none are scheduled."""
    folder = folder or backup_folder()
    if folder is None:
        return None
    found = last_good(folder)
    failure = last_failure(folder)
    if found and failure and failure.get("when", "") < found[1].isoformat():
        failure = None  # a good backup came after it
    return Health(folder, found[0] if found else None, found[1] if found else None, failure)


@dataclass(frozen=True)
class Done:
    """A verified backup: its file, statement count, and seconds to write and to verify."""

    path: Path
    statements: int
    backup_s: float
    verify_s: float


def _term(term) -> str:
    # the bulk loader gives blank nodes labels of its own: compare them as "a blank node"
    return "_:" if isinstance(term, ox.BlankNode) else str(term)


def _digest(quads) -> tuple[int, int]:
    """The dataset as a multiset: how many statements, and the sum of their hashes (blank nodes
    unlabelled; where they are, and how many, still count). Summing needs no sort: at a
    million statements, sorting both sides took most of a 100 s verification."""
    count = total = 0
    for q in quads:
        line = f"{_term(q.subject)} {q.predicate} {_term(q.object)} {q.graph_name}"
        total += int.from_bytes(
            hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        )
        count += 1
    return count, total % (1 << 64)


def _write_status(folder: Path, status: dict) -> None:
    temporary = folder / (_STATUS + ".tmp")
    temporary.write_text(json.dumps(status), encoding="utf-8")
    temporary.replace(folder / _STATUS)


def backup_now(store: PraxisStore, folder: Path, *, keep: int = 7) -> Done:
    """One backup of ``store`` into ``folder``, verified, then the oldest beyond ``keep`` removed.

    Raises (and leaves every earlier backup as it was) when the store cannot be read or
    the backup does not restore to the same dataset."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for stale in folder.glob(".praxis-*.partial.nq"):  # left by a backup that was cut short
        stale.unlink(missing_ok=True)
    for stale in folder.glob(".verify-*"):
        shutil.rmtree(stale, ignore_errors=True)
    final = folder / f"praxis-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.nq"
    while final.exists():  # names are to the second: never replace a good backup
        time.sleep(0.2)
        final = folder / f"praxis-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.nq"
    partial = folder / f".{final.stem}.partial.nq"  # .nq: the bulk loader reads it
    # the file exists before the read starts: a backup under way is visible as one
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            started = time.perf_counter()
            made = backup(store, viewer=Viewer.organiser())
            file.write(made.data)
            file.flush()
            os.fsync(file.fileno())
        backup_s = time.perf_counter() - started
        started = time.perf_counter()
        _verify(partial, made.data, folder)
        verify_s = time.perf_counter() - started
        partial.replace(final)
        with contextlib.suppress(OSError):  # make the rename itself durable
            directory = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    for old in _good(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return Done(final, made.statements, backup_s, verify_s)


def _verify(path: Path, expected: bytes, folder: Path) -> None:
    """Restore the file at ``path`` into a scratch store (in ``folder``, so that one a crash
    leaves behind is removed by the next backup) and compare it with ``expected``.

    The restore is ``praxis load --bulk``'s (:func:`~graph.io.backups.bulk_restore`: the
    engine's bulk loader, checking the count the backup states), the way a chapter restores a
    large backup: at 100k statements 6.6 s through :func:`~graph.io.backups.restore`'s one
    transaction, and far less memory at 1M."""
    with tempfile.TemporaryDirectory(prefix=".verify-", dir=folder) as scratch:
        store = open_store(f"oxigraph:{Path(scratch) / 'store'}")
        try:
            bulk_restore(store, path, viewer=Viewer.organiser())  # what is on disk
            restored = list(store.quads(Viewer.organiser()))
        finally:
            store.backend.flush()
            del store
    wanted = list(ox.parse(expected, format=ox.RdfFormat.N_QUADS))
    # the bulk load logs itself in the audit log: its own change record is not the backup's
    saved = {q.subject for q in wanted}
    own = {q.subject for q in restored if q.predicate == _TYPE and q.object == _CHANGE} - saved
    restored = _digest(q for q in restored if q.subject not in own)
    wanted = _digest(wanted)
    if restored != wanted:
        raise PraxisError(f"The backup {path.name} did not restore to the same statements; it was not kept.")


class BackupSchedule:
    """A thread that backs ``store_url`` up into ``folder`` every ``hours`` (first at once if
    the last good backup is older than that), keeping ``keep``; ``report`` hears each outcome."""

    def __init__(
        self,
        store_url: str,
        folder: Path,
        *,
        hours: float | None = None,
        keep: int | None = None,
        report: Callable[[str], None] = print,
    ):
        self.store_url, self.folder, self.report = store_url, folder, report
        self.every = 3600 * (
            hours
            if hours is not None
            else positive_number("PRAXIS_BACKUP_HOURS", 24, "hours between backups")
        )
        self.keep = (
            keep
            if keep is not None
            else int(positive_number("PRAXIS_BACKUP_KEEP", 7, "how many backups to keep"))
        )
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="praxis-backups", daemon=True)

    def start(self) -> BackupSchedule:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def _due_in(self) -> float:
        found = last_good(self.folder)
        if found is None:
            return 0.0
        age = (dt.datetime.now(dt.UTC) - found[1]).total_seconds()
        return max(0.0, self.every - age)

    def _run(self) -> None:
        while not self._stop.wait(self._due_in()):
            # after a failure, try again in an hour (or sooner on a shorter schedule): known
            # here, not read back from the status file, which a full disk may not have let us write
            if self.once() is None:
                self._stop.wait(min(3600.0, self.every))

    def once(self) -> Done | None:
        """One scheduled backup, its outcome reported and recorded; never raises."""
        try:
            done = backup_now(open_store(self.store_url), self.folder, keep=self.keep)
        except Exception as error:  # reported, recorded for the Data page, tried again later
            when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
            with contextlib.suppress(OSError):
                self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                _write_status(self.folder, {"when": when, "error": str(error)[:500]})
            self.report(f"praxis: the scheduled backup failed: {error}")
            return None
        with contextlib.suppress(OSError):
            _write_status(
                self.folder,
                {"when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), "file": done.path.name},
            )
        self.report(
            f"praxis: backed up {done.statements:,} statements to {done.path} in {done.backup_s:.1f} s, "
            f"verified by restoring in {done.verify_s:.1f} s."
        )
        return done
