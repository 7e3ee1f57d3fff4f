"""The seed graph a new chapter starts with: valid, and rich enough to learn from."""

from __future__ import annotations

import pytest
from rdflib import Graph

from graph.access import Viewer
from graph.io import init_store
from graph.namespaces import BIBO, DATA, DCTERMS, PRX, RDF, RDFS
from graph.store import ontology_files, open_store, seed_files, validate_graph


@pytest.fixture(scope="module")
def seed() -> Graph:
    graph = Graph()
    for bundled in ontology_files() + seed_files():
        graph.parse(data=bundled.read_bytes(), format="turtle")
    return graph


def test_seed_conforms_to_the_shapes(seed):
    assert validate_graph(seed) == []


@pytest.mark.parametrize(
    ("kind", "minimum"),
    [("Reading", 30), ("Claim", 8), ("Campaign", 6), ("Action", 15), ("Lesson", 30), ("Assessment", 20)],
)
def test_seed_is_big_enough(seed, kind, minimum):
    assert len(set(seed.subjects(RDF.type, PRX[kind]))) >= minimum


def test_every_reading_discusses_something_and_has_an_abstract(seed):
    for reading in seed.subjects(RDF.type, PRX.Reading):
        assert seed.value(reading, PRX.discusses), reading
        assert seed.value(reading, DCTERMS.abstract), reading
        assert seed.value(reading, DCTERMS.issued), reading


def test_isbns_have_valid_check_digits(seed):
    for isbn in seed.objects(None, BIBO.isbn13):
        digits = [int(c) for c in str(isbn) if c.isdigit()]
        assert len(digits) == 13, isbn
        assert sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0, isbn


def test_every_lesson_tags_theory_with_evidence(seed):
    for lesson in seed.subjects(RDF.type, PRX.Lesson):
        stances = [p for p in (PRX.supports, PRX.challenges, PRX.qualifies) if seed.value(lesson, p)]
        assert stances, lesson
        assert seed.value(lesson, PRX.evidence), lesson


def test_the_organisations_of_the_founding_text(seed):
    assert "Federação Anarquista do Rio de Janeiro" in str(seed.value(DATA["org-farj"], RDFS.label))
    assert (DATA["org-ofs"], RDF.type, PRX.Organisation) in seed


def test_init_empty_holds_ontology_and_vocabularies_only():
    store = open_store("memory:")
    init_store(store, viewer=Viewer.organiser(), empty=True)
    stats = store.stats(Viewer.organiser())
    assert stats["Concept"] > 50
    assert "Reading" not in stats and "Lesson" not in stats
