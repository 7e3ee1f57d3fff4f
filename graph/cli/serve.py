"""``praxis serve`` (``make serve``): the store as a server, the explorer as its client, together.

``make run`` opens the embedded store inside the explorer's process, so nothing else
may open it while it runs. ``praxis serve`` instead starts ``oxigraph serve`` over the
store's folder on loopback (:class:`~graph.store.server.StoreServer`, which leaves a
note that every ``praxis`` command finds, see :func:`graph.store.server.served_url`) and
the explorer (``streamlit run serve.py``) pointed at it. Both run as children of this
process and stop together: on SIGTERM, SIGINT or SIGHUP this process ends the explorer,
then the server; if either child ends, it ends the other and exits with an error; and if
this process itself is killed, Linux ends both (``PR_SET_PDEATHSIG``), so no server is
left holding the store.

It refuses to serve the explorer beyond loopback (``--host``) without a users file: the
people who may sign in must be named first (``praxis users add``). With
``PRAXIS_BACKUP_DIR`` set it also backs the store up on a schedule, each backup
verified (:mod:`graph.io.backup_schedule`). And it syncs the chapters the store follows,
each every ``PRAXIS_PEER_SYNC_HOURS`` hours (:mod:`graph.peers.schedule`; it does nothing
while none is followed), telling the explorer where its plan is, for the Data page.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import click

from graph.accounts import Users, users_path
from graph.cli.context import Context, main
from graph.errors import PraxisError
from graph.io.backup_schedule import BackupSchedule, backup_folder
from graph.peers.schedule import STATUS_VARIABLE, SyncSchedule, status_path
from graph.store import DEFAULT_URL
from graph.store.server import StoreServer, die_with_parent

__all__ = ["loopback", "serve"]

#: serve.py, beside the package (a checkout, or ``pip install -e``).
SERVE_PY = Path(__file__).resolve().parents[2] / "serve.py"


def loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only.

    >>> loopback("127.0.0.1"), loopback("localhost"), loopback("::1"), loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _folder(url: str) -> Path:
    if not url.startswith("oxigraph:") or not url.removeprefix("oxigraph:"):
        raise PraxisError(
            f"praxis serve serves a store folder (oxigraph:PATH), not {url}; a store already "
            "behind a server needs no praxis serve: point the explorer at it with PRAXIS_STORE."
        )
    return Path(url.removeprefix("oxigraph:"))


def _explorer(store_url: str, host: str, port: int, sync_status: Path) -> subprocess.Popen:
    if not SERVE_PY.is_file():
        raise PraxisError(f"{SERVE_PY} is missing: praxis serve runs from a checkout of Praxis graph.")
    command = [sys.executable, "-m", "streamlit", "run", str(SERVE_PY)]
    command += ["--server.address", host, "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    return subprocess.Popen(
        command,
        cwd=SERVE_PY.parent,
        env={**os.environ, "PRAXIS_STORE": store_url, STATUS_VARIABLE: str(sync_status)},
        stdin=subprocess.DEVNULL,
        preexec_fn=die_with_parent if sys.platform == "linux" else None,
    )


def _say(text: str) -> None:
    click.echo(text, err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the explorer listens on.")
@click.option("--port", default=8501, show_default=True, help="The explorer's port.")
@click.option(
    "--store-port", default=7878, show_default=True, help="The store server's port (always on 127.0.0.1)."
)
@click.option(
    "--no-explorer",
    is_flag=True,
    help="Serve the store only (the explorer runs elsewhere, pointed at the store server).",
)
@click.pass_obj
def serve(obj: Context, host: str, port: int, store_port: int, no_explorer: bool) -> None:
    """Serve the store and the explorer together until stopped (Ctrl-C or SIGTERM).

    While it runs, every praxis command on this machine uses the served store by itself.
    Set PRAXIS_BACKUP_DIR for a verified backup every PRAXIS_BACKUP_HOURS hours (default 24),
    keeping the newest PRAXIS_BACKUP_KEEP (default 7). The chapters the store follows
    (praxis peers) are synced every PRAXIS_PEER_SYNC_HOURS hours (default 24)."""
    folder = _folder(obj.store_url or DEFAULT_URL)
    if not no_explorer and not loopback(host) and not Users.load():
        raise PraxisError(
            f"Serving the explorer on {host} lets other machines reach it, but the users file "
            f"{users_path()} names nobody: add the chapter's people first (praxis users add NICKNAME "
            "--role member), or serve on 127.0.0.1 behind a reverse proxy."
        )
    stop = threading.Event()
    stopping: list[str] = []

    def on_signal(number: int, _frame: object) -> None:
        stopping.append(signal.Signals(number).name)
        stop.set()

    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, on_signal)
    server = StoreServer(folder, port=store_port).start()
    explorer = None
    schedules: list[BackupSchedule | SyncSchedule] = []
    failed = ""
    try:
        click.echo(f"praxis: the store {folder} is served at {server.url}.", err=True)
        sync_status = status_path(server.store)
        if not no_explorer:
            explorer = _explorer(server.url, host, port, sync_status)
        backups = backup_folder()
        if backups is not None:
            schedules.append(BackupSchedule(server.url, backups, report=_say).start())
        schedules.append(SyncSchedule(server.url, status=sync_status, report=_say).start())
        while not stop.wait(0.5):
            if not server.alive():
                failed = "the store server stopped"
            elif explorer is not None and explorer.poll() is not None:
                failed = f"the explorer stopped (exit code {explorer.returncode})"
            if failed:
                break
    finally:
        if explorer is not None and explorer.poll() is None:
            explorer.terminate()
            try:
                explorer.wait(timeout=20)
            except subprocess.TimeoutExpired:
                explorer.kill()
                explorer.wait()
        for schedule in schedules:
            schedule.stop()
        with contextlib.suppress(Exception):
            server.stop()
    if failed:
        raise PraxisError(f"{failed}; the other was stopped too.")
    click.echo(f"praxis: stopped ({stopping[0] if stopping else 'done'}).", err=True)
