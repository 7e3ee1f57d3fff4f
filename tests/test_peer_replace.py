"""PraxisStore.replace_graph's three ways (issue 22, "Scale"): a first snapshot added by the engine's
bulk loader (all or nothing), a later one changed by what differs (blank nodes replaced whole), each
leaving the graph holding exactly the statements given and the record exactly its statements."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from graph.access import Viewer, Visibility
from graph.namespaces import DATA, RDFS
from graph.peers import peer_graph
from graph.store import PraxisStore, Statement, open_store
from tests import data

ORGANISER = Viewer.organiser()
GRAPH = peer_graph("north")
RECORD = DATA["peer-north"]


def statements(*labels: str) -> list[ox.Triple]:
    """One record per label, each with a blank node (as an ontology's OWL lists have)."""
    found = []
    for label in labels:
        record, blank = ox.NamedNode(f"https://north.example/{label}"), ox.BlankNode()
        found += [
            ox.Triple(record, ox.NamedNode(str(RDFS.label)), ox.Literal(label)),
            ox.Triple(record, ox.NamedNode(str(RDFS.seeAlso)), blank),
            ox.Triple(blank, ox.NamedNode(str(RDFS.label)), ox.Literal(f"{label}, aside")),
        ]
    return found


def about(version: str) -> list[Statement]:
    return [Statement(RECORD, RDFS.comment, Literal(version), Visibility.RESTRICTED)]


def replace(store: PraxisStore, triples: list[ox.Triple], version: str) -> None:
    store.replace_graph(GRAPH, triples, viewer=ORGANISER, record=RECORD, about=about(version))


def held(store: PraxisStore) -> Graph:
    return data.rdflib_graph(store.backend.quads([ox.NamedNode(str(GRAPH))]))


def record(store: PraxisStore) -> set[str]:
    return {
        q.object.value
        for q in store.quads(ORGANISER, [Visibility.RESTRICTED])
        if q.subject.value == str(RECORD) and q.predicate.value == str(RDFS.comment)
    }


def test_each_snapshot_leaves_the_graph_holding_exactly_its_statements(store):
    for version, labels in (("1", "abc"), ("2", "bcd"), ("3", "bcd"), ("4", "xy"), ("5", "")):
        given = statements(*labels)
        replace(store, given, version)
        assert isomorphic(held(store), data.rdflib_graph(given)), version
        assert record(store) == {version}


def test_a_resync_after_an_empty_snapshot_drops_the_records_old_statements(store):
    replace(store, [], "1")
    replace(store, statements("a"), "2")
    assert record(store) == {"2"}
    assert isomorphic(held(store), data.rdflib_graph(statements("a")))


@pytest.fixture
def on_disk(tmp_path, ontology_quads) -> PraxisStore:
    """An embedded store on disk, where a first snapshot goes through the bulk loader."""
    fresh = open_store(f"oxigraph:{tmp_path / 'store'}")
    fresh.load_trusted(ontology_quads)
    return fresh


def test_each_snapshot_on_disk_leaves_the_graph_holding_exactly_its_statements(on_disk):
    for version, labels in (("1", "abc"), ("2", "bcd"), ("3", "")):
        given = statements(*labels)
        replace(on_disk, given, version)
        assert isomorphic(held(on_disk), data.rdflib_graph(given)), version
        assert record(on_disk) == {version}


class _BrokenTail:
    """The engine's store, except that whatever its bulk loader is given ends in a broken line:
    a load that fails after most of its statements were read."""

    def __init__(self, engine: ox.Store):
        self._engine = engine

    def __getattr__(self, name: str):
        return getattr(self._engine, name)

    def bulk_load(self, text: bytes, **options) -> None:
        self._engine.bulk_load(text + b"<https://north.example/broken", **options)


def test_a_first_snapshot_that_fails_midway_leaves_no_statement_no_record_and_no_staging_graph(on_disk):
    engine, generation = on_disk.backend.store, on_disk.generation
    on_disk.backend.store = _BrokenTail(engine)
    with pytest.raises(SyntaxError):
        replace(on_disk, statements(*"abcdefghij"), "1")
    on_disk.backend.store = engine
    assert len(held(on_disk)) == 0 and record(on_disk) == set()
    assert [g.value for g in on_disk.backend.named_graphs() if g.value.startswith(str(GRAPH))] == []
    assert on_disk.generation == generation
    replace(on_disk, statements("a"), "2")  # the next sync starts from nothing
    assert isomorphic(held(on_disk), data.rdflib_graph(statements("a")))
    assert record(on_disk) == {"2"}
