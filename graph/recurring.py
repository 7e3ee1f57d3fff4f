"""Work the serving process repeats: a thread that sleeps until the next run is due, until stopped.

``praxis serve`` runs two such threads beside the store server: verified backups
(:class:`graph.io.backup_schedule.BackupSchedule`) and the followed chapters' syncs
(:class:`graph.peers.schedule.SyncSchedule`). Each says when its next run is due
(:meth:`Recurring.due_in`, asked again after every run, so that what changed meanwhile, a
backup or a sync made by hand, a peer just followed, moves it) and what one run does
(:meth:`Recurring.once`, which reports its failures rather than raising them). The loop lives
here, below both, so that ``graph.io`` and ``graph.peers`` need not know each other.

>>> import threading
>>> class Twice(Recurring):
...     runs, done = 0, threading.Event()
...     def due_in(self):
...         return 0.0 if self.runs < 2 else 3600.0
...     def once(self):
...         self.runs += 1
...         if self.runs == 2:
...             self.done.set()
>>> twice = Twice("twice").start()
>>> twice.done.wait(5), twice.runs
(True, 2)
>>> twice.stop()  # at once, though the next run is an hour away: stop wakes the thread
"""

from __future__ import annotations

import threading
from typing import Self

__all__ = ["Recurring"]


class Recurring:
    """A daemon thread named ``name`` running :meth:`once` whenever :meth:`due_in` says."""

    def __init__(self, name: str) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self, *, timeout: float = 60) -> None:
        """Stop sleeping at once; wait up to ``timeout`` seconds for a run under way to end."""
        self._stop.set()
        self._thread.join(timeout=timeout)

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called: a run of several steps checks it between steps."""
        return self._stop.is_set()

    def due_in(self) -> float:
        """Seconds until the next run (0 for at once)."""
        raise NotImplementedError

    def once(self) -> object:
        """One run; it must not raise (a failure is reported, and tried again when due)."""
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.wait(self.due_in()):
            self.once()
