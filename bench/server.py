"""A real ``oxigraph serve`` on 127.0.0.1 for the remote-endpoint benchmark.

The benchmark starts the server on a free port over a fresh folder, points a
``sparql+http://`` store at it, and stops it (by its own process id) when done.
The server's peak memory is read from ``/proc`` before it stops, since its
memory, not the client's, is what a chapter sizes a machine for.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Server", "binary", "free_port"]


def binary() -> str:
    """The ``oxigraph`` server installed beside this Python (``pip install oxigraph``)."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph; make install does)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """``oxigraph serve --location FOLDER --bind 127.0.0.1:PORT``, as a context manager."""

    location: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The store URL for :func:`graph.store.open_store`."""
        return f"sparql+http://127.0.0.1:{self.port}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 30) -> Server:
        self.process = subprocess.Popen(
            [binary(), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"oxigraph serve exited: {self.process.stderr.read().decode()}"
                    ) from None
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not start within {timeout:.0f} s")

    def post_dataset(self, path: Path, *, timeout: float = 600) -> None:
        """Load an N-Quads file with the Graph Store Protocol (``POST /store``): the
        raw way to fill a served store, against which our own path is compared."""
        with path.open("rb") as body:
            request = urllib.request.Request(
                self.base + "/store",
                data=body,
                method="POST",
                headers={"Content-Type": "application/n-quads", "Content-Length": str(path.stat().st_size)},
            )
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()

    def peak_memory_mb(self) -> float | None:
        """The server's peak resident memory (``VmHWM``), in MiB; ``None`` off Linux."""
        if self.process is None:
            return None
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
