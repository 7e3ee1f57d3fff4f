"""A private Virtuoso 7 (Debian's ``virtuoso-opensource-7-bin``) on 127.0.0.1, for tests and benchmarks.

    with Virtuoso(folder) as server:       # free ports chosen; ready when it returns
        store = open_store(server.url)     # virtuoso+http://127.0.0.1:PORT/sparql

The server runs as a child process with the folder as its working directory (not the
system service, which ``virtuoso-opensource-7-bin`` does not install), listens on
127.0.0.1 only, keeps its database, log and settings in the folder, lets the anonymous
``/sparql`` endpoint run updates (loopback only: the same exposure as ``oxigraph serve``
on 127.0.0.1) and gets a random ``dba`` password on its first start.

Ready means: this start's log says "Server online at" (the SQL listener, which comes up
last) and ``/sparql`` answers a query. Ports are checked free first: a busy port would
have us talk to another server. SIGTERM stops it in about a second; the next start rolls
its transaction log forward.

``python -m bench.virtuoso --size 100k`` times each capability on the embedded store and on
a private Virtuoso holding the same generated graph (:func:`compare`).
"""

from __future__ import annotations

import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

__all__ = ["Virtuoso", "VirtuosoError", "available", "compare"]

#: The defaults cut results short without a word (10,000 rows, 60 s, then "anytime"
#: partial answers), so the [SPARQL] section lifts them.
INI = """\
[Database]
DatabaseFile       = virtuoso.db
ErrorLogFile       = virtuoso.log
LockFile           = virtuoso.lck
TransactionFile    = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = virtuoso-temp.db
TransactionFile    = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 20
CheckpointInterval   = 0
CaseMode             = 2
DirsAllowed          = .
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty}
MaxQueryMem          = 1G
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = .
MaxClientConnections = 20
ServerThreads        = 20
MaxKeepAlives        = 20
KeepAliveTimeout     = 60
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = 10000000
MaxSortedTopRows           = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
"""

#: Run as dba after the first start: the anonymous endpoint may update ('nobody' already
#: reads and writes every graph); then a password nobody knows.
SETUP = "GRANT SPARQL_UPDATE TO \"SPARQL\";\nUSER_SET_PASSWORD ('dba', '{password}');\ncheckpoint;\n"


def available() -> bool:
    """True when Debian's Virtuoso server and its SQL client are installed."""
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class VirtuosoError(RuntimeError):
    pass


class Virtuoso:
    """One private Virtuoso server in ``folder``; a context manager.

    ``buffers`` are 8 KiB pages of cache: 20,000 (about 270 MB resident) is plenty for
    tests; a benchmark at 100k statements and more wants about 170,000 (1.3 GB)."""

    def __init__(self, folder: Path, *, buffers: int = 20_000, timeout: float = 90.0):
        self.folder = Path(folder).resolve()
        self.sql_port = _free_port()
        self.http_port = _free_port()
        self.buffers = buffers
        self.timeout = timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.started_in: float | None = None
        self._log_offset = 0

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def url(self) -> str:
        """The store URL for :func:`graph.store.open_store`."""
        return "virtuoso+" + self.endpoint

    @property
    def password(self) -> str:
        file = self.folder / "dba.password"
        return file.read_text().strip() if file.exists() else "dba"

    def start(self) -> Virtuoso:
        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise VirtuosoError("virtuoso-t not found: apt-get install virtuoso-opensource-7-bin")
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = not (self.folder / "virtuoso.db").exists()
        dirty = self.buffers * 3 // 4
        ini = INI.format(sql_port=self.sql_port, http_port=self.http_port, buffers=self.buffers, dirty=dirty)
        (self.folder / "virtuoso.ini").write_text(ini)
        for port in (self.sql_port, self.http_port):
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    raise VirtuosoError(f"port {port} on 127.0.0.1 is in use") from None
        log = self.folder / "virtuoso.log"
        self._log_offset = log.stat().st_size if log.exists() else 0
        started = time.monotonic()
        with open(self.folder / "stdout.log", "ab") as out:
            self.process = subprocess.Popen(
                [binary, "+foreground", "+configfile", "virtuoso.ini"],
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C is for the test run; we stop the server ourselves
            )
        try:
            self._wait_ready(started)
            if fresh:
                password = secrets.token_hex(16)
                self.isql(SETUP.format(password=password), password="dba")
                file = self.folder / "dba.password"
                file.write_text(password)
                file.chmod(0o600)
        except BaseException:
            self.stop()
            raise
        self.started_in = time.monotonic() - started
        return self

    def _fail_if_gone(self, started: float) -> None:
        assert self.process is not None
        if self.process.poll() is not None:
            raise VirtuosoError(f"virtuoso-t exited with {self.process.returncode}:\n{self.log_tail()}")
        if time.monotonic() - started > self.timeout:
            raise VirtuosoError(f"virtuoso-t not ready after {self.timeout:.0f} s:\n{self.log_tail()}")

    def _wait_ready(self, started: float) -> None:
        log = self.folder / "virtuoso.log"
        while True:
            self._fail_if_gone(started)
            if log.exists():
                with open(log, "rb") as file:
                    file.seek(self._log_offset)
                    if b"Server online at" in file.read():
                        break
            time.sleep(0.05)
        while True:
            self._fail_if_gone(started)
            try:
                with urllib.request.urlopen(self.endpoint + "?query=ASK%7B%7D", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        while True:  # the SQL port comes online a moment after HTTP on some starts
            self._fail_if_gone(started)
            try:
                socket.create_connection(("127.0.0.1", self.sql_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)

    def alive(self) -> bool:
        """False once the server has exited."""
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM ("quick shutdown", about a second), SIGKILL if it hangs."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> Virtuoso:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def isql(self, sql: str, *, password: str | None = None) -> str:
        """Run SQL statements (each ending with ';') as dba through ``isql-vt``; its output."""
        done = subprocess.run(
            [
                "isql-vt",
                f"127.0.0.1:{self.sql_port}",
                "dba",
                password or self.password,
                "VERBOSE=OFF",
                "BANNER=OFF",
                "PROMPT=OFF",
                "ECHO=OFF",
                "ERRORS=STDOUT",
            ],
            input=sql,
            capture_output=True,
            text=True,
            timeout=600,
        )
        out = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in out:
            raise VirtuosoError(f"isql failed ({done.returncode}):\n{out}")
        return out

    def log_tail(self, lines: int = 20) -> str:
        path = self.folder / "virtuoso.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


# ------------------------------------------------------------------ embedded vs Virtuoso
def compare(size: str = "10k", *, repeat: int = 3, buffers: int = 100_000) -> dict[str, tuple[float, float]]:
    """Median seconds of each capability (:data:`bench.capabilities.CAPABILITIES`, a lesson
    write and a suggestion right after it) on the embedded store and on a private Virtuoso
    holding the same generated graph: ``{name: (embedded, virtuoso)}``. Run alternately, so
    a change in the machine's load hits both alike."""
    import statistics
    import tempfile

    import pyoxigraph as ox

    from bench import capabilities as caps
    from bench import generate
    from bench.measure import timed
    from graph.store import open_store

    data = generate.dataset(size)
    quads = list(ox.parse(path=str(data.path), format=ox.RdfFormat.N_QUADS))
    samples: dict[str, tuple[list[float], list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="praxis-vs-virtuoso-") as folder:
        embedded = open_store(f"oxigraph:{Path(folder) / 'store'}")
        embedded.load_trusted(quads)
        with Virtuoso(Path(folder) / "virtuoso", buffers=buffers) as server:
            served = open_store(server.url)
            served.load_trusted(quads)
            stores = (embedded, served)
            lessons = iter(range(1, 10_000))

            def write(store: Any) -> None:
                _iri, statements = caps.lesson_statements(data.landmarks, next(lessons))
                store.write(statements, viewer=caps.WRITER)

            for _ in range(repeat):
                for index, store in enumerate(stores):
                    for capability in caps.CAPABILITIES:
                        seconds = timed(lambda c=capability, s=store: c.call(s, data.landmarks))[0]
                        samples.setdefault(capability.name, ([], []))[index].append(seconds)
                    samples.setdefault("lesson_write", ([], []))[index].append(
                        timed(lambda s=store: write(s))[0]
                    )
                    cold = timed(lambda s=store: caps.CAPABILITIES[1].call(s, data.landmarks))[0]
                    samples.setdefault("suggest_cold", ([], []))[index].append(cold)
    return {
        name: (statistics.median(ours), statistics.median(theirs)) for name, (ours, theirs) in samples.items()
    }


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.virtuoso [--size 100k] [--repeat 3]``: the table of :func:`compare`."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--size", default="10k")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not available():
        raise SystemExit("virtuoso-t not found: apt-get install virtuoso-opensource-7-bin")
    figures = compare(args.size, repeat=args.repeat)
    print(f"| {args.size} | embedded | Virtuoso | ratio |\n|---|---|---|---|")
    for name, (embedded, virtuoso) in figures.items():
        print(f"| {name} | {embedded:.3f} s | {virtuoso:.3f} s | {virtuoso / embedded:.1f}x |")


if __name__ == "__main__":
    main()
