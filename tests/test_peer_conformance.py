"""The fast proof that a peer's dump conforms (graph.peers.conformance) against pySHACL (issue 22,
"Scale"): a dump it passes, pySHACL passes too, so a sync refuses exactly what pySHACL refuses, with
pySHACL's message. Checked on the hostile payloads, the shape-breaking dumps of test_peers, and
generated chapters broken at random in the ways a peer could break them."""

from __future__ import annotations

import random
from itertools import pairwise

import pyoxigraph as ox
import pytest

from bench.generate import generate
from graph.access import Visibility
from graph.errors import BadInput
from graph.namespaces import DATA, PRX, RDF, RDFS, SKOS, VOCAB, XSD
from graph.peers.checks import check_shapes, check_shapes_with_pyshacl
from graph.peers.conformance import conforms
from tests.test_hostile import PAYLOADS
from tests.test_peers import public_records


def iri(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def outcome(check, triples: list[ox.Triple]) -> str | None:
    """None when ``check`` passes the dump, else the message it refuses it with."""
    try:
        check(triples, source="dump.nt")
    except BadInput as refusal:
        return str(refusal)
    return None


def generated(seed: int) -> list[ox.Triple]:
    """A small chapter's public statements, as bench.peers publishes them."""
    public = iri(Visibility.PUBLIC.graph)
    return [quad.triple for quad in generate(2_000, seed=seed).quads if quad.graph_name == public]


def concept_label(language: str) -> ox.Triple:
    return ox.Triple(
        iri(VOCAB["grassroots-organising"]), iri(SKOS.prefLabel), ox.Literal("x", language=language)
    )


def records(triples: list[ox.Triple], kind: object) -> list[ox.NamedNode]:
    return sorted(
        {t.subject for t in triples if t.predicate == iri(RDF.type) and t.object == iri(kind)},
        key=lambda node: node.value,
    )


NAMED = {
    "two public records": public_records(),
    "the hostile payloads as titles": [t for payload in PAYLOADS for t in public_records(payload)],
    "a lesson that supports nothing": [t for t in public_records() if t.predicate.value != str(PRX.supports)],
    "a label in German for a shared concept": [*public_records(), concept_label("de")],
    "a second English label for a shared concept": [*public_records(), concept_label("EN")],
    "a lesson whose title is a number": [
        ox.Triple(t.subject, t.predicate, ox.Literal("7", datatype=iri(XSD.integer)))
        if t.predicate.value == str(RDFS.label)
        else t
        for t in public_records()
    ],
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_a_sync_refuses_what_pyshacl_refuses_with_its_message(name):
    assert outcome(check_shapes, NAMED[name]) == outcome(check_shapes_with_pyshacl, NAMED[name])


def test_a_generated_chapter_is_proven_to_conform_without_pyshacl():
    assert conforms(generated(100))
    assert outcome(check_shapes_with_pyshacl, generated(100)) is None


def mutations(triples: list[ox.Triple], rng: random.Random) -> list[tuple[str, list[ox.Triple]]]:
    """The dump broken, or only changed, in ways a peer could: each a small change to one record."""
    ours = sorted({t.subject for t in triples if t.subject.value.startswith(str(DATA))}, key=str)
    record, reading = rng.choice(ours), rng.choice(records(triples, PRX.Reading))
    one = rng.choice([t for t in triples if t.subject == record])
    literal = rng.choice([t for t in triples if isinstance(t.object, ox.Literal)])
    linked = rng.choice(
        [t for t in triples if isinstance(t.object, ox.NamedNode) and t.predicate != iri(RDF.type)]
    )
    odd = iri("http://elsewhere.example/Kind")
    values = [
        ox.Literal("2024-02-30", datatype=iri(XSD.date)),
        ox.Literal("2024-02-03", datatype=iri(XSD.date)),
        ox.Literal("03", datatype=iri(XSD.integer)),
        ox.Literal("3", datatype=iri(XSD.integer)),
        ox.Literal("yes", datatype=iri(XSD.boolean)),
        ox.Literal("text", language="en"),
        ox.Literal("text"),
        iri(DATA["a-record-kept-private"]),
        reading,
        ox.BlankNode(),
    ]
    value = rng.choice(values)

    def replaced(old: ox.Triple, new: ox.Triple) -> list[ox.Triple]:
        return [new if t == old else t for t in triples]

    return [
        ("a record's statement dropped", [t for t in triples if t != one]),
        ("a record's value replaced", replaced(one, ox.Triple(one.subject, one.predicate, value))),
        ("a record given a second value", [*triples, ox.Triple(one.subject, one.predicate, value)]),
        ("a literal replaced", replaced(literal, ox.Triple(literal.subject, literal.predicate, value))),
        ("a link replaced", replaced(linked, ox.Triple(linked.subject, linked.predicate, value))),
        ("a link to a record withheld", [*triples, ox.Triple(record, iri(PRX.supports), iri(DATA["kept"]))]),
        (
            "a reading made a lesson through a subclass",
            [
                *triples,
                ox.Triple(odd, iri(RDFS.subClassOf), iri(PRX.Lesson)),
                ox.Triple(reading, iri(RDF.type), odd),
            ],
        ),
        (
            "a record's type dropped",
            [t for t in triples if not (t.subject == record and t.predicate == iri(RDF.type))],
        ),
        ("a reading typed a claim too", [*triples, ox.Triple(reading, iri(RDF.type), iri(PRX.Claim))]),
        ("a shared concept labelled twice in one language", [*triples, concept_label("en")]),
    ]


@pytest.mark.parametrize("seed", range(4))
def test_what_the_proof_passes_pyshacl_passes_on_chapters_broken_at_random(seed):
    rng = random.Random(seed)
    proven = refused = 0
    for name, dump in mutations(generated(200 + seed), rng):
        expected = outcome(check_shapes_with_pyshacl, dump)
        if conforms(dump):
            assert expected is None, f"{name}: proven to conform, but pySHACL refuses it: {expected}"
            proven += 1
        refused += expected is not None
    assert proven and refused  # both ways were exercised


def test_a_dump_whose_class_links_cost_too_much_to_follow_is_left_to_pyshacl(monkeypatch):
    chain = [iri(f"https://north.example/Kind{number}") for number in range(50)]
    links = [ox.Triple(child, iri(RDFS.subClassOf), parent) for child, parent in pairwise(chain)]
    typed = [
        ox.Triple(iri(f"https://north.example/x{n}"), iri(RDF.type), kind) for n, kind in enumerate(chain)
    ]
    dump = [*public_records(), *links, *typed]
    assert conforms(dump)
    monkeypatch.setattr("graph.peers.conformance.SUBCLASS_STEPS", 100)
    assert not conforms(dump)
    assert outcome(check_shapes, dump) == outcome(check_shapes_with_pyshacl, dump)
