"""The ontology and the concept schemes: complete, documented, aligned."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from graph.namespaces import OWL, PRX, RDF, RDFS, SCHEME, SKOS, VOCAB
from graph.store import ontology_files


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for bundled in ontology_files():
        graph.parse(data=bundled.read_bytes(), format="turtle")
    return graph


def test_every_term_the_code_uses_is_defined(ontology):
    defined = set(ontology.subjects())
    missing = [name for name in PRX.__annotations__ if PRX[name] not in defined]
    assert missing == []


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_every_class_and_property_is_labelled_and_explained(ontology, kind):
    (main,) = [f for f in ontology_files() if f.name == "praxis.ttl"]
    declared = Graph().parse(data=main.read_bytes(), format="turtle").subjects(RDF.type, kind)
    terms = [term for term in declared if isinstance(term, URIRef)]  # not owl:unionOf nodes
    assert terms
    for term in terms:
        assert ontology.value(term, RDFS.label), term
        assert ontology.value(term, RDFS.comment), term


ALIGNMENTS = [
    ("Concept", RDFS.subClassOf, SKOS.Concept),
    ("Indicator", RDFS.subClassOf, URIRef("http://www.w3.org/ns/sosa/ObservableProperty")),
    ("Reading", RDFS.subClassOf, URIRef("http://purl.org/ontology/bibo/Document")),
    ("Claim", RDFS.subClassOf, URIRef("https://schema.org/Claim")),
    ("Lesson", RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")),
    ("Assessment", RDFS.subClassOf, URIRef("http://www.w3.org/ns/sosa/Observation")),
    ("challenges", RDFS.subPropertyOf, URIRef("http://purl.org/spar/cito/disputes")),
    ("supports", RDFS.subPropertyOf, URIRef("http://purl.org/spar/cito/supports")),
    ("visibility", RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/accessRights")),
]


@pytest.mark.parametrize(("name", "relation", "target"), ALIGNMENTS, ids=[a[0] for a in ALIGNMENTS])
def test_terms_align_to_reused_vocabularies(ontology, name, relation, target):
    assert (PRX[name], relation, target) in ontology


def concepts(ontology):
    return set(ontology.subjects(RDF.type, SKOS.Concept))


def test_every_concept_is_complete(ontology):
    for concept in concepts(ontology):
        assert ontology.value(concept, SKOS.prefLabel), concept
        assert ontology.value(concept, SKOS.definition), concept
        assert ontology.value(concept, SKOS.inScheme), concept


def test_broader_and_narrower_mirror_each_other(ontology):
    for narrow, broad in ontology.subject_objects(SKOS.broader):
        assert (broad, SKOS.narrower, narrow) in ontology
    for broad, narrow in ontology.subject_objects(SKOS.narrower):
        assert (narrow, SKOS.broader, broad) in ontology


def test_sharp_classes_hold_at_least_forty_methods(ontology):
    classes = [VOCAB["protest-and-persuasion"], VOCAB["non-cooperation"], VOCAB["nonviolent-intervention"]]
    methods = set()
    for top in classes:
        methods |= {m for m in ontology.transitive_subjects(SKOS.broader, top) if m != top}
    assert len(methods) >= 40


REQUIRED = {
    "systems": "ableism patriarchy racism capitalism environmental-degradation imperialism homophobia "
    "transphobia",
    "alternatives": "kinship community parecon parpolity alternative-media sustainability "
    "participatory-education community-mental-health",
    "principles": "horizontality self-management classlessness prefigurative-politics ethical-outreach "
    "group-agreements",
    "strategy": "occupation nvda grassroots-organising voting insurrection",
    "skills": "skill-power-and-privilege skill-safe-spaces skill-accessibility skill-facilitation skill-nvda "
    "skill-police-awareness skill-know-your-rights",
    "indicators": "indicator-deepening-resistance indicator-occupation indicator-grassroots-struggle "
    "indicator-protests indicator-voting indicator-insurrection indicator-ripple-effects "
    "indicator-media-coverage indicator-goal-attainment",
}


@pytest.mark.parametrize("scheme", sorted(REQUIRED))
def test_schemes_hold_the_concepts_the_chapter_named(ontology, scheme):
    for name in REQUIRED[scheme].split():
        assert (VOCAB[name], SKOS.inScheme, SCHEME[scheme]) in ontology, name


def test_visibility_levels_form_a_scheme(ontology):
    for level in (PRX.Public, PRX.MembersOnly, PRX.Restricted):
        assert (level, SKOS.inScheme, SCHEME["visibility"]) in ontology
