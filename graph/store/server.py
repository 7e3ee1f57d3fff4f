"""The store served: ``oxigraph serve`` over the store's folder, on loopback, and how clients find it.

The embedded store is opened by one process at a time. To let the explorer and every
``praxis`` command work on the same data at once, ``praxis serve`` (``make serve``)
starts :class:`StoreServer`: Oxigraph's own server over the store's folder, bound to
127.0.0.1, and writes a note beside the folder (:func:`note_path`,
``.praxis/store.server.json``) saying where it listens. :func:`served_url` reads that
note, so ``open_store("oxigraph:.praxis/store")`` (the default) reaches the running
server by itself: no command needs ``--store`` while the chapter is served. A note whose
server has gone (its process ended, say by a crash) is ignored.

An endpoint enforces nothing (the store applies visibility), so it never listens
beyond loopback here.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from graph.errors import PraxisError

__all__ = ["StoreServer", "die_with_parent", "note_path", "oxigraph_binary", "served_url"]

#: Seconds ``oxigraph serve`` may take to answer its first query.
START_SECONDS = 60.0


def oxigraph_binary() -> str:
    """The ``oxigraph`` server installed beside this Python (``pip install oxigraph``)."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        raise PraxisError("The oxigraph server is not installed: pip install oxigraph (make install does).")
    return found


def note_path(store: Path) -> Path:
    """Where the note saying which server serves the folder ``store`` is kept."""
    return store.with_name(store.name + ".server.json")


def _alive(pid: object) -> bool:
    """Whether ``pid`` is a running ``oxigraph`` server: not ended, not a zombie left for its new
    parent to reap (a container's init may never reap it), not another program reusing the id."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    proc = Path(f"/proc/{pid}")
    if proc.parent.is_dir():  # Linux: ask /proc
        try:
            stat = (proc / "stat").read_text()
            command = (proc / "cmdline").read_bytes()
        except OSError:
            return False
        return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X") and b"oxigraph" in command
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process, alive
    return True


def served_url(store: Path) -> str | None:
    """The ``sparql+http://`` URL of the server serving the folder ``store``, if one runs."""
    try:
        note = json.loads(note_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or not _alive(note.get("server_pid")):
        return None
    url = note.get("url")
    return url if isinstance(url, str) and url.startswith("sparql+http://127.0.0.1:") else None


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        # as the server binds (Rust sets it): a port whose old connections linger is free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the server gets SIGTERM when the process that started it ends, however it ends."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class StoreServer:
    """``oxigraph serve --location STORE --bind 127.0.0.1:PORT``, with the note clients read.

    Start it with :meth:`start` (or ``with``); :meth:`stop` ends the server and removes the
    note. The server is ended too if this process dies, even by SIGKILL (Linux)."""

    def __init__(self, store: Path, *, port: int = 7878):
        self.store = store.resolve()
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The store URL for :func:`graph.store.open_store`."""
        return f"sparql+http://127.0.0.1:{self.port}"

    def start(self) -> StoreServer:
        from graph.store.backends import private_folder

        if served_url(self.store):
            raise PraxisError(f"{self.store} is already served at {served_url(self.store)}.")
        if not _port_free(self.port):
            raise PraxisError(
                f"Port {self.port} on 127.0.0.1 is in use: choose another (make serve STORE_PORT=...)."
            )
        private_folder(self.store)
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(self.store), "--bind", f"127.0.0.1:{self.port}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=die_with_parent if sys.platform == "linux" else None,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        note = note_path(self.store)
        temporary = note.with_name(note.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump({"url": self.url, "server_pid": self.process.pid, "by_pid": os.getpid()}, file)
        temporary.replace(note)
        return self

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_SECONDS
        probe = f"http://127.0.0.1:{self.port}/query?query=ASK%7B%7D"
        while True:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode("utf-8", "replace") if self.process.stderr else ""
                raise PraxisError(f"oxigraph serve stopped at once: {error.strip()[-500:]}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise PraxisError(f"oxigraph serve did not answer within {START_SECONDS:.0f} s.")
            time.sleep(0.05)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """End the server (SIGTERM, then SIGKILL after 20 s) and remove the note."""
        process, self.process = self.process, None
        with contextlib.suppress(OSError, ValueError, AttributeError):
            note = note_path(self.store)
            if process is not None and json.loads(note.read_text()).get("server_pid") == process.pid:
                note.unlink()
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr:
            process.stderr.close()

    def __enter__(self) -> StoreServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
