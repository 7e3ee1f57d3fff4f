"""``praxis serve`` (``make serve``): real processes, a real ``oxigraph serve``, a real explorer.

While it serves, the embedded store is held by the server, yet every ``praxis`` command
(another process) reads and writes the same data without ``--store``; signals stop the
server and the explorer together and leave no process behind; it refuses to serve
beyond loopback when nobody is in the users file.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from graph.access import Viewer
from graph.store import open_store
from graph.store.server import note_path, served_url
from tests import data
from tests.conftest import free_port

pytestmark = [pytest.mark.xdist_group("served"), pytest.mark.remote]

ROOT = Path(__file__).resolve().parents[1]
PRAXIS = [sys.executable, "-c", "import sys; from graph.cli import main; sys.argv[0] = 'praxis'; main()"]


def environment(folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAXIS_")}
    env |= {
        "PRAXIS_STORE": f"oxigraph:{folder / 'store'}",
        "PRAXIS_USERS": str(folder / "users.toml"),
        "PRAXIS_LOGIN_LINK": str(folder / "login-link"),
    }
    return env | extra


def praxis(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([*PRAXIS, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def gone(pid: int) -> bool:
    """The process ended: every thread of it has, and with the last its files are closed (a
    zombie waiting for init to reap it counts as ended). Its main thread alone being a zombie
    does not count: the server's other threads may still run, holding the store's lock."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return True
    for task in tasks:
        try:
            status = (task / "status").read_text()
        except OSError:
            continue  # that thread has ended
        if re.search(r"^State:\s+Z", status, re.M) is None:
            return False
    return True


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.05)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


@contextlib.contextmanager
def serving(folder: Path, *args: str, env: dict[str, str]):
    """``praxis serve ARGS`` until the block ends; yields the process once the store is served."""
    log = (folder / "serve.log").open("w+")
    process = subprocess.Popen([*PRAXIS, "serve", *args], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        wait_until(
            lambda: served_url(folder / "store") is not None or process.poll() is not None, 60, "the server"
        )
        if process.poll() is not None:
            pytest.fail("praxis serve exited: " + (folder / "serve.log").read_text())
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        log.close()


@pytest.fixture
def chapter(tmp_path, seed_quads):
    """A store folder holding the seed, not open in this process."""
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    store.load_trusted(seed_quads)
    del store
    return tmp_path


def members(env) -> int:
    out = praxis("stats", env=env)
    assert out.returncode == 0, out.stderr
    return int(re.search(r"^Member\s+([\d,]+)", out.stdout, re.M).group(1).replace(",", ""))


def test_while_served_every_praxis_command_reads_and_writes_the_same_store_without_store_option(
    chapter, request
):
    from graph.peers import add_peer
    from tests.loopback import Site
    from tests.test_peers import public_records

    env = environment(chapter)
    site = Site()  # a chapter we follow: the schedule syncs it, never synced, at once
    request.addfinalizer(site.close)
    site.publish(public_records())
    following = open_store(f"oxigraph:{chapter / 'store'}")
    add_peer(following, "north", site.url(), Viewer.organiser())
    del following
    with serving(chapter, "--no-explorer", "--store-port", str(free_port()), env=env):
        before = members(env)
        # another process writes through the default URL: it finds the server, not the lock
        writer = open_store(f"oxigraph:{chapter / 'store'}")
        assert writer.url.startswith("sparql+http://127.0.0.1:")
        reader = open_store(f"oxigraph:{chapter / 'store'}")
        generation = reader.generation
        _iri, statements = data.member("kestrel")
        writer.write(statements, viewer=Viewer.organiser())
        assert members(env) == before + 1
        # and --store naming the server works as well
        named = praxis("--store", writer.url, "stats", env=env)
        assert named.returncode == 0, named.stderr
        assert re.search(rf"^Member\s+{before + 1}$", named.stdout, re.M)
        # a reader in another process sees the write: its generation moves on (caches refresh)
        time.sleep(1.1)
        assert reader.generation > generation
        log = chapter / "serve.log"
        wait_until(lambda: "praxis: synced north on schedule" in log.read_text(), 60, "the scheduled sync")


def test_serve_refuses_to_serve_beyond_loopback_while_the_users_file_names_nobody(chapter):
    env = environment(chapter)
    refused = praxis("serve", "--host", "0.0.0.0", "--store-port", str(free_port()), env=env)
    assert refused.returncode == 2
    assert "names nobody" in refused.stderr and "praxis users add" in refused.stderr
    assert not note_path(chapter / "store").exists()
    assert praxis("stats", env=env).returncode == 0  # nothing was left holding the store


def test_serve_starts_the_explorer_on_the_server_and_stops_both_together(chapter):
    env = environment(chapter)
    port = free_port()
    args = ("--port", str(port), "--store-port", str(free_port()))

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                return answer.status == 200
        except OSError:
            return False

    # SIGTERM: both children end, the note goes, the folder is free for an embedded store again
    with serving(chapter, *args, env=env) as process:
        wait_until(healthy, 90, "the explorer")
        kids = children(process.pid)
        assert len(kids) == 2, kids  # the store server and the explorer
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert all(gone(pid) for pid in kids)
    assert not note_path(chapter / "store").exists()
    assert open_store(f"oxigraph:{chapter / 'store'}").url.startswith("oxigraph:")

    # one child ends: the other is stopped and serve says so with an error
    with serving(chapter, *args, env=env) as process:
        wait_until(healthy, 90, "the explorer")
        server_pid = int(re.search(r'"server_pid": (\d+)', note_path(chapter / "store").read_text()).group(1))
        explorer_pid = next(pid for pid in children(process.pid) if pid != server_pid)
        os.kill(explorer_pid, signal.SIGKILL)
        assert process.wait(timeout=60) != 0
        wait_until(lambda: gone(server_pid), 30, "the store server to stop")
    assert "the explorer stopped" in (chapter / "serve.log").read_text()


def test_a_killed_serve_leaves_no_server_holding_the_store(chapter):
    env = environment(chapter)
    with serving(chapter, "--no-explorer", "--store-port", str(free_port()), env=env) as process:
        (server_pid,) = children(process.pid)
        process.kill()
        process.wait()
        wait_until(lambda: gone(server_pid), 30, "the store server to end with its parent")
    assert served_url(chapter / "store") is None  # a note whose server has gone is ignored
    assert members(env) > 0  # the embedded store opens again
