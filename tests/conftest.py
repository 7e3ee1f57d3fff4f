"""Fixtures: a fresh store per test, the seed parsed once, a real oxigraph server, a Virtuoso,
loopback chapter websites."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.io import bundled_quads
from graph.store import PraxisStore, ontology_files, open_store, seed_files
from tests.loopback import Site

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def ontology_quads() -> list[ox.Quad]:
    return bundled_quads(ontology_files())


@pytest.fixture(scope="session")
def seed_quads(ontology_quads) -> list[ox.Quad]:
    return ontology_quads + bundled_quads(seed_files())


@pytest.fixture
def store(ontology_quads) -> PraxisStore:
    """A fresh in-memory store with the ontology and vocabularies (``init --empty``)."""
    fresh = open_store("memory:")
    fresh.load_trusted(ontology_quads)
    return fresh


@pytest.fixture
def seeded(seed_quads) -> PraxisStore:
    """A fresh in-memory store holding the whole seed graph."""
    fresh = open_store("memory:")
    fresh.load_trusted(seed_quads)
    return fresh


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    """A real ``oxigraph serve`` on 127.0.0.1, started and stopped by the test."""
    binary = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the oxigraph server is not installed (pip install oxigraph; make test does)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "served"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {process.stderr.read().decode()}")
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("oxigraph serve did not start within 20 s")
    yield f"sparql+http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def site():
    """A chapter's website on 127.0.0.1 (``tests/loopback.py``), closed after the test."""
    served = Site()
    yield served
    served.close()


@pytest.fixture
def other_site():
    """A second chapter's website, for tests that follow two."""
    served = Site()
    yield served
    served.close()


def need_server(what: str, install: str) -> None:
    """Skip a test whose server is not installed, saying how to install it; fail instead when
    ``PRAXIS_REQUIRE_SERVERS`` is set (``.ci/run`` sets it, having installed them)."""
    reason = f"{what} is not installed ({install})"
    if os.environ.get("PRAXIS_REQUIRE_SERVERS"):
        pytest.fail(reason + ", and PRAXIS_REQUIRE_SERVERS is set")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """A private Virtuoso 7 on 127.0.0.1 for this test process (``bench/virtuoso.py``)."""
    from bench.virtuoso import Virtuoso, available

    if not available():
        need_server("Virtuoso", "apt-get install virtuoso-opensource-7-bin")
    with Virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture
def virtuoso_store(virtuoso_server) -> PraxisStore:
    """The Virtuoso store, emptied: its three graphs cleared (tests share the server)."""
    store = open_store(virtuoso_server.url)
    store.backend.clear()
    return store


@pytest.fixture
def run_praxis(tmp_path):
    """Run the real ``praxis`` console script against a store in ``tmp_path``."""
    store_url = f"oxigraph:{tmp_path / 'store'}"

    def run(*args: str, input: bytes | None = None, store: str | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ, "PRAXIS_STORE": store or store_url}
        return subprocess.run(
            [str(BIN / "praxis"), *args], capture_output=True, env=env, input=input, cwd=tmp_path, timeout=300
        )

    run.store_url = store_url
    return run


def serve_to_pages(folder: Path, quads: list[ox.Quad], monkeypatch):
    """Write ``quads`` to an on-disk store that pages open through ``explorer.state.store``;
    yields its URL and clears Streamlit's caches before and after."""
    import streamlit as st

    url = f"oxigraph:{folder}"
    prepared = open_store(url)
    prepared.load_trusted(quads)
    del prepared  # release the lock: the page opens the store itself
    monkeypatch.setenv("PRAXIS_STORE", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


def page_runner():
    """``run("overview", viewer)`` -> an AppTest for ``explorer/pages/overview.py``, run once."""
    from streamlit.testing.v1 import AppTest

    from graph.access import Viewer

    def run(name: str, viewer: Viewer | None = None, timeout: float = 60) -> AppTest:
        app = AppTest.from_file(str(ROOT / "explorer" / "pages" / f"{name}.py"), default_timeout=timeout)
        app.session_state["viewer"] = viewer or Viewer.organiser()
        return app.run()

    return run


@pytest.fixture
def app_store(tmp_path, seed_quads, monkeypatch):
    """A seeded on-disk store that pages open."""
    yield from serve_to_pages(tmp_path / "app-store", seed_quads, monkeypatch)


@pytest.fixture
def empty_app_store(tmp_path, ontology_quads, monkeypatch):
    """A store made by ``praxis init --empty`` (ontology and vocabularies only) that pages open."""
    yield from serve_to_pages(tmp_path / "empty-store", ontology_quads, monkeypatch)


@pytest.fixture
def page(app_store):
    """``page("overview", viewer)`` runs a page on the seeded store."""
    return page_runner()


@pytest.fixture
def empty_page(empty_app_store):
    """``empty_page("overview", viewer)`` runs a page on an empty store."""
    return page_runner()
