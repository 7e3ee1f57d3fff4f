"""Backups hold every named graph; restoring one into an empty store gives the same dataset."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from graph import records
from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed, PraxisError
from graph.io.backup import BackupFormat, backup, restore
from graph.namespaces import VOCAB
from graph.store import open_store
from graph.terms import from_ox

ORGANISER = Viewer.organiser()


def dataset(store) -> dict[URIRef, Graph]:
    """The store's named graphs as rdflib graphs (blank nodes compared up to renaming)."""
    found: dict[URIRef, Graph] = {}
    for quad in store.quads(ORGANISER):
        graph = found.setdefault(URIRef(quad.graph_name.value), Graph())
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return found


def assert_same(first, second) -> None:
    """The same dataset: the same named graphs, each isomorphic to its counterpart."""
    one, other = dataset(first), dataset(second)
    assert set(one) == set(other) == {level.graph for level in Visibility}
    for name in one:
        assert len(one[name]) == len(other[name]) and isomorphic(one[name], other[name]), name


@pytest.fixture
def lived_in(seeded):
    """The seed plus what a chapter adds: a members-only lesson, an edit, an assessment (audit log too)."""
    action = records.ActionInput(
        "Sit-in at the housing office", dt.date(2025, 4, 1), methods=(VOCAB["sit-in"],)
    )
    lesson = records.LessonInput(
        title="Outside pressure mattered",
        taught="The calls from outside won the meeting.",
        tags=(records.Tag(records.Stance.SUPPORTS, VOCAB["nvda"]),),
    )
    wren = Viewer.member("wren")
    iri = records.record_lesson(seeded, wren, lesson, action=action)
    records.edit_lesson(
        seeded, wren, iri, records.LessonInput(**{**lesson.__dict__, "title": "Pressure won"})
    )
    saved = records.get_lesson(seeded, wren, iri)
    records.record_assessment(
        seeded, wren, records.AssessmentInput(saved.action, VOCAB["indicator-goal-attainment"], 1)
    )
    return seeded


@pytest.mark.parametrize("fmt", list(BackupFormat), ids=lambda f: f.value)
def test_restore_into_an_empty_store_gives_an_isomorphic_dataset(lived_in, fmt):
    data = backup(lived_in, fmt=fmt)
    fresh = open_store("memory:")
    count = restore(fresh, data, source=f"backup.{fmt.value}")
    assert count == len(list(lived_in.quads(ORGANISER)))
    assert_same(lived_in, fresh)
    assert fresh.generation == 1  # pages holding the store refresh their caches


def test_format_is_recognised_without_a_file_name(lived_in):
    fresh = open_store("memory:")
    restore(fresh, backup(lived_in, fmt=BackupFormat.TRIG), source="upload")
    assert_same(lived_in, fresh)


def test_restore_refuses_a_store_that_holds_data(lived_in, store):
    before = {str(q) for q in store.quads(ORGANISER)}
    with pytest.raises(PraxisError, match="already holds data"):
        restore(store, backup(lived_in))
    assert {str(q) for q in store.quads(ORGANISER)} == before


def test_restore_refuses_what_is_not_a_praxis_backup():
    fresh = open_store("memory:")
    with pytest.raises(BadInput, match="outside the public, members and restricted graphs"):
        restore(fresh, b"<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n", source="x.nq")
    with pytest.raises(BadInput, match=r"x\.nq, line 1: this is not a readable backup"):
        restore(fresh, b"<https://e.org/a> broken\n", source="x.nq")
    assert fresh.is_empty()


def test_only_organisers_back_up_and_restore(seeded):
    with pytest.raises(NotAllowed):
        backup(seeded, viewer=Viewer.member("wren"))
    with pytest.raises(NotAllowed):
        restore(open_store("memory:"), b"", viewer=Viewer.member("wren"))


def test_backup_and_restore_commands(run_praxis, tmp_path):
    assert run_praxis("init").returncode == 0
    result = run_praxis("backup", "-o", str(tmp_path / "chapter.nq"))
    assert result.returncode == 0, result.stderr
    other = f"oxigraph:{tmp_path / 'other'}"
    result = run_praxis("restore", str(tmp_path / "chapter.nq"), store=other)
    assert result.returncode == 0, result.stderr
    assert b"Restored" in result.stderr
    again = run_praxis("restore", str(tmp_path / "chapter.nq"), store=other)
    assert again.returncode == 2 and b"already holds data" in again.stderr
    original, restored = open_store(run_praxis.store_url), open_store(other)
    assert_same(original, restored)
