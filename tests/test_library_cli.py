"""``praxis cite`` and ``praxis calendar``: reading lists and sessions out of the store."""

from __future__ import annotations

import json
import os
import subprocess
from types import SimpleNamespace

from graph.access import Viewer
from graph.namespaces import DATA
from graph.programme.agenda import AgendaItem, set_agenda
from graph.store import open_store
from graph.suggest import mark_read
from tests.conftest import BIN, ROOT


def praxis(url: str, *args: str) -> SimpleNamespace:
    """The real console script, in its own process, on this checkout's code."""
    env = {**os.environ, "PRAXIS_STORE": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([str(BIN / "praxis"), *args], capture_output=True, env=env, text=True, timeout=300)
    return SimpleNamespace(exit_code=done.returncode, output=done.stdout + done.stderr)


def _store(tmp_path, seed_quads) -> str:
    url = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(url)
    store.load_trusted(seed_quads)
    items = [AgendaItem(DATA["reading-freeman-1972-tyranny-of-structurelessness"], pages="1-12")]
    set_agenda(
        store, Viewer.organiser(), DATA["session-9c92d4"], items, questions="Who decides?", note="secret"
    )
    mark_read(store, Viewer.organiser(), reading=items[0].reading, campaign=DATA["campaign-housing"])
    del store
    return url


def test_cite_writes_a_concepts_list_in_each_format(tmp_path, seed_quads):
    url = _store(tmp_path, seed_quads)
    apa = praxis(url, "cite", "--concept", "pxv:grassroots-organising")
    assert apa.exit_code == 0, apa.output
    assert "Alinsky, S. D. (1971)." in apa.output
    chicago = praxis(url, "cite", "--concept", "Grassroots organising", "--format", "chicago")
    assert "Alinsky, S. D. 1971." in chicago.output
    session = praxis(url, "cite", "--session", "px:session-9c92d4", "--format", "csl-json")
    assert [item["title"] for item in json.loads(session.output)] == ["The Tyranny of Structurelessness"]
    bib = praxis(url, "cite", "--campaign", "campaign-housing", "--format", "bibtex")
    assert bib.exit_code == 0 and "@article{Freeman1972Tyranny," in bib.output


def test_cite_needs_one_list(tmp_path, seed_quads):
    url = _store(tmp_path, seed_quads)
    result = praxis(url, "cite")
    assert result.exit_code == 2 and "one of --concept" in result.output


def test_calendar_writes_one_session_without_the_facilitators_note(tmp_path, seed_quads):
    url = _store(tmp_path, seed_quads)
    result = praxis(url, "calendar", "--session", "px:session-9c92d4")
    assert result.exit_code == 0, result.output
    assert "SUMMARY:Structure without hidden elites" in result.output and "secret" not in result.output
    feed = praxis(url, "calendar", "--today", "2020-01-01")
    assert feed.output.count("BEGIN:VEVENT") >= 2
