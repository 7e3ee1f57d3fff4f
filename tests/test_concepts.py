"""Concepts for the reading group: label search, details, reading lists with reasons, overview."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from graph import views
from graph.access import Viewer, Visibility
from graph.errors import BadInput
from graph.io.rdf import read_quads
from graph.namespaces import DATA, PREFIXES, SCHEME, VOCAB
from graph.practice import Stance
from graph.store import open_store
from tests.data import SHARED, SHARED_REASON

UNESCO = SHARED / "unesco-thesaurus.ttl"

#: A small graph whose numbers can be worked out by hand (see each test).
TINY = """
pxs:t1 a skos:ConceptScheme ; skos:prefLabel "Test scheme"@en ; skos:hasTopConcept pxv:t-a .
pxs:t2 a skos:ConceptScheme ; skos:prefLabel "Other scheme"@en .
pxv:t-a a skos:Concept, prx:Concept ; skos:inScheme pxs:t1 ; skos:topConceptOf pxs:t1 ;
    skos:prefLabel "Alpha"@en, "Alpha-fr"@fr ; skos:altLabel "first letter"@en ;
    skos:definition "The first."@en ; skos:narrower pxv:t-b ; skos:related pxv:t-c .
pxv:t-b a skos:Concept, prx:Concept ; skos:inScheme pxs:t1 ; skos:prefLabel "Beta"@en ; skos:broader pxv:t-a .
pxv:t-c a skos:Concept, prx:Concept ; skos:inScheme pxs:t2 ; skos:prefLabel "Gamma"@en .
px:claim-t a prx:Claim ; rdfs:label "Alpha matters" ; prx:statement "Alpha matters a lot."@en ;
    prx:aboutConcept pxv:t-a ; prx:fromReading px:reading-t2 ; prx:visibility prx:Public .
px:reading-t1 a prx:Reading, bibo:Book ; dct:title "Reading one" ; prx:authors "Ann Author; Bo Writer" ;
    dct:issued "2001"^^xsd:gYear ; dct:publisher "Press" ; bibo:isbn13 "9780000000002" ;
    prx:discusses pxv:t-a ; prx:visibility prx:Public .
px:reading-t2 a prx:Reading ; dct:title "Reading two" ; prx:discusses px:claim-t, pxv:t-b ;
    prx:visibility prx:Public .
px:reading-t3 a prx:Reading ; dct:title "A reading three" ; prx:discusses pxv:t-b ;
    prx:visibility prx:Public .
px:reading-t4 a prx:Reading ; dct:title "Unrelated" ; prx:discusses pxv:t-c ; prx:visibility prx:Public .
px:campaign-t a prx:Campaign ; rdfs:label "Test campaign" ; prx:status prx:Active ;
    schema:startDate "2024"^^xsd:gYear ; prx:addresses pxv:t-a ; prx:visibility prx:Public .
px:action-t a prx:Action ; rdfs:label "Test action" ; prx:partOf px:campaign-t ; prx:visibility prx:Public .
px:lesson-t1 a prx:Lesson ; rdfs:label "Lesson one" ; prx:fromAction px:action-t ; prx:supports pxv:t-a ;
    dct:created "2025-01-02"^^xsd:date ; prx:visibility prx:Public .
px:lesson-t2 a prx:Lesson ; rdfs:label "Lesson two" ; prx:challenges px:claim-t ;
    dct:created "2025-03-04"^^xsd:date ; prx:visibility prx:MembersOnly .
"""

A, B, C = VOCAB["t-a"], VOCAB["t-b"], VOCAB["t-c"]
CLAIM = DATA["claim-t"]
R1, R2, R3 = DATA["reading-t1"], DATA["reading-t2"], DATA["reading-t3"]
ORGANISER, VISITOR = Viewer.organiser(), Viewer.visitor()


def load(store, turtle: str) -> None:
    """Add Turtle (with our prefixes) as ``praxis load`` places it, without SHACL."""
    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    quads = read_quads(
        (header + turtle).encode(), source="test", fmt=ox.RdfFormat.TURTLE, default=Visibility.PUBLIC
    )
    store.load_trusted(quads)


@pytest.fixture
def tiny(store):
    load(store, TINY)
    return store


@pytest.fixture(scope="module")
def unesco_quads():
    if not UNESCO.exists():
        pytest.skip(SHARED_REASON)
    return read_quads(UNESCO.read_bytes(), source=str(UNESCO), fmt=ox.RdfFormat.TURTLE)


# ------------------------------------------------------------------- search
def test_search_finds_a_concept_by_an_alternative_label(seeded):
    hits = views.search_concepts(seeded, VISITOR, "people power")
    assert hits[0].concept == VOCAB["civil-resistance"]
    assert (hits[0].label, hits[0].matched, hits[0].language) == ("Civil resistance", "people power", "en")


def test_search_puts_exact_matches_first_whatever_the_case(seeded):
    hits = views.search_concepts(seeded, VISITOR, "nvda")
    assert hits[0].concept == VOCAB["nvda"]  # altLabel "NVDA", exactly
    assert VOCAB["skill-nvda"] in [h.concept for h in hits]


def test_search_finds_labels_in_other_languages_and_shows_the_english_one(tiny):
    hits = views.search_concepts(tiny, VISITOR, "ALPHA-FR")
    assert [(h.concept, h.label, h.matched, h.language) for h in hits] == [(A, "Alpha", "Alpha-fr", "fr")]


def test_search_ignores_schemes_and_empty_text(tiny):
    assert views.search_concepts(tiny, VISITOR, "Test scheme") == []
    assert views.search_concepts(tiny, VISITOR, "   ") == []


def test_search_text_is_bound_not_written_into_the_query(tiny):
    assert views.search_concepts(tiny, VISITOR, '") } DELETE WHERE { ?s ?p ?o } #') == []
    assert views.search_concepts(tiny, VISITOR, "Alpha")[0].concept == A


def test_search_refuses_an_overlong_text(tiny):
    with pytest.raises(BadInput, match="longer than"):
        views.search_concepts(tiny, VISITOR, "x" * 201)


# ------------------------------------------------------------------ details
def test_concept_details_gather_labels_neighbours_readings_claims_lessons(tiny):
    details = views.concept_details(tiny, ORGANISER, A)
    assert (details.label, details.definition) == ("Alpha", "The first.")
    assert {(lab.text, lab.language, lab.kind) for lab in details.labels} == {
        ("Alpha-fr", "fr", "preferred"),
        ("first letter", "en", "alternative"),
    }
    assert [r.label for r in details.schemes] == ["Test scheme"]
    assert (details.broader, [r.iri for r in details.narrower], [r.iri for r in details.related]) == (
        (),
        [B],
        [C],
    )
    assert [c.iri for c in details.claims] == [CLAIM]
    # newest first: lesson two challenges the claim about Alpha, lesson one supports Alpha itself
    assert [(lesson.title, lesson.stance, lesson.via and lesson.via.iri) for lesson in details.lessons] == [
        ("Lesson two", Stance.CHALLENGES, CLAIM),
        ("Lesson one", Stance.SUPPORTS, None),
    ]
    assert [r.label for r in details.campaigns] == ["Test campaign"]


def test_concept_details_show_a_visitor_public_lessons_only(tiny):
    details = views.concept_details(tiny, VISITOR, A)
    assert [lesson.title for lesson in details.lessons] == ["Lesson one"]
    assert views.concept_details(tiny, VISITOR, VOCAB["no-such-concept"]) is None


# ------------------------------------------------------------ reading lists
def test_reading_list_for_a_concept_ranks_with_reasons(tiny):
    entries = views.reading_list(tiny, VISITOR, concept=A)
    # one: discusses Alpha (3). two: a claim about Alpha (2) + narrower Beta (1) = 3, after
    # "Reading one" by title. three: narrower Beta (1). Unrelated discusses Gamma only.
    assert [(e.reading, e.score) for e in entries] == [(R1, 3), (R2, 3), (R3, 1)]
    assert entries[0].why == "discusses it directly"
    assert entries[1].why == "discusses a claim about it (Alpha matters); discusses a narrower concept (Beta)"
    assert (entries[0].authors, entries[0].year) == ("Ann Author; Bo Writer", "2001")


def test_reading_list_for_a_scheme_counts_its_concepts(tiny):
    entries = views.reading_list(tiny, VISITOR, scheme=SCHEME["t1"])
    # two: Beta (3) + a claim about Alpha (2) = 5; one: Alpha (3); three: Beta (3), by title first.
    assert [(e.title, e.score) for e in entries] == [
        ("Reading two", 5),
        ("A reading three", 3),
        ("Reading one", 3),
    ]
    assert entries[0].why == "discusses Beta; discusses a claim about Alpha"


def test_reading_list_without_a_subject_lists_every_reading_by_title(tiny):
    titles = [e.title for e in views.reading_list(tiny, VISITOR)]
    assert titles == ["A reading three", "Reading one", "Reading two", "Unrelated"]
    with pytest.raises(BadInput, match="not both"):
        views.reading_list(tiny, VISITOR, concept=A, scheme=SCHEME["t1"])


def test_reading_details_give_facts_concepts_claims_and_tested_lessons(tiny):
    one = views.reading_details(tiny, VISITOR, R1)
    assert (one.title, one.authors, one.year, one.publisher, one.isbn, one.kinds) == (
        "Reading one",
        ("Ann Author", "Bo Writer"),
        "2001",
        "Press",
        "9780000000002",
        ("Book",),
    )
    two = views.reading_details(tiny, ORGANISER, R2)
    assert ([c.label for c in two.concepts], [c.label for c in two.claims]) == (["Beta"], ["Alpha matters"])
    assert [(lesson.title, lesson.stance) for lesson in two.lessons] == [("Lesson two", Stance.CHALLENGES)]
    assert views.reading_details(tiny, VISITOR, R2).lessons == ()  # the lesson is members-only


def test_reading_details_of_a_seed_book(seeded):
    parecon = views.reading_details(seeded, VISITOR, DATA["reading-albert-2003-parecon"])
    assert (parecon.publisher, parecon.isbn) == ("Verso", "9781859846988")
    assert DATA["claim-balanced-job-complexes"] in [c.iri for c in parecon.claims]
    assert parecon.lessons and all(
        lesson.via.iri == DATA["claim-balanced-job-complexes"] for lesson in parecon.lessons
    )


# ------------------------------------------------------------------ browsing
def test_schemes_and_concepts_are_listed_by_label(tiny):
    schemes = {s.label: s.concepts for s in views.list_schemes(tiny, VISITOR)}
    assert (schemes["Test scheme"], schemes["Other scheme"]) == (2, 1)
    listed = views.list_concepts(tiny, VISITOR, schemes=[SCHEME["t1"], SCHEME["t2"]])
    assert [r.label for r in listed] == ["Alpha", "Beta", "Gamma"]


def test_overview_counts_active_campaigns_and_latest_lessons(tiny):
    organiser = views.overview(tiny, ORGANISER)
    assert [(c.label, c.start, c.actions, c.lessons) for c in organiser.campaigns] == [
        ("Test campaign", "2024", 1, 1)
    ]
    assert [(lesson.title, lesson.created) for lesson in organiser.lessons] == [
        ("Lesson two", dt.date(2025, 3, 4)),
        ("Lesson one", dt.date(2025, 1, 2)),
    ]
    assert organiser.lessons[0].stances == ((Stance.CHALLENGES, "Alpha matters"),)
    visitor = views.overview(tiny, VISITOR)
    assert (visitor.counts["Lesson"], len(visitor.lessons)) == (1, 1)
    assert views.overview(open_store("memory:"), VISITOR).empty


# --------------------------------------------------------------- a thesaurus
@pytest.mark.shared
def test_the_overview_follows_writes_as_if_read_afresh(seeded):
    """Kept and followed (graph.views.summary._followed): after a lesson newer than any, one
    older than the ten listed, a listed lesson withdrawn and a campaign added, every role's
    overview equals one read afresh; a lesson write reads the latest ten no more."""
    from rdflib import Literal

    from graph.namespaces import PRX
    from graph.store import Statement
    from tests import data

    store, organiser = seeded, Viewer.organiser()
    roles = (VISITOR, Viewer.member("wren"), organiser)
    for viewer in roles:
        views.overview(store, viewer)
    author, people = data.member(visibility=Visibility.PUBLIC)
    action, more = data.action(Visibility.PUBLIC)
    store.write(people + more, viewer=organiser)

    def lesson(day: str, visibility=Visibility.PUBLIC) -> URIRef:
        iri, statements = data.lesson(action, author, target=VOCAB["petitions"], visibility=visibility)
        store.write(data.dated(statements, day), viewer=organiser)
        return iri

    newest = []
    writes = [
        lambda: newest.append(lesson("2026-12-05")),
        lambda: lesson("1999-01-01"),
        lambda: lesson("2026-12-04", Visibility.MEMBERS),
        lambda: store.write(
            [Statement(newest[0], PRX.withdrawn, Literal(True), Visibility.PUBLIC)], viewer=organiser
        ),
        lambda: store.write(data.campaign("Tenants' assembly")[1], viewer=organiser),
    ]
    asked = []
    select = store.select
    store.select = lambda name, viewer, **b: asked.append(name) or select(name, viewer, **b)
    for write in writes:
        asked.clear()
        write()
        followed = [views.overview(store, viewer) for viewer in roles]
        if write is writes[0]:
            assert "overview_lessons" not in asked and followed[0].lessons[0].iri == newest[0]
        store.forget()
        assert followed == [views.overview(store, viewer) for viewer in roles]


def test_the_unesco_thesaurus_is_listed_and_searchable_in_every_language(store, unesco_quads):
    store.load_trusted(unesco_quads)
    unesco = [s for s in views.list_schemes(store, VISITOR) if s.label == "UNESCO Thesaurus"]
    assert unesco and unesco[0].concepts >= 4483
    thesaurus = "http://vocabularies.unesco.org/thesaurus/"
    assert views.search_concepts(store, VISITOR, "droit à l'éducation")[0].concept == URIRef(
        thesaurus + "concept10"
    )
    assert views.search_concepts(store, VISITOR, "Право на образование")[0].label == "Right to education"


def test_a_lesson_linked_to_a_concept_twice_is_one_lesson_in_its_panel(seeded):
    """Regression: a concept's panel said "Lessons: 3" and listed one lesson twice (it
    supported the concept and challenged a claim about it)."""
    from graph import practice

    wren = Viewer.member("Wren")
    form = practice.LessonInput(
        title="Numbers came from the phone tree",
        taught="Turnout followed who was called.",
        tags=(
            practice.Tag(practice.Stance.SUPPORTS, VOCAB["civil-resistance"]),
            practice.Tag(practice.Stance.CHALLENGES, DATA["claim-three-point-five-percent"]),
        ),
        action=DATA["action-ff2dd6"],
    )
    iri = practice.record_lesson(seeded, wren, form)
    details = views.concept_details(seeded, wren, VOCAB["civil-resistance"])
    assert [link.iri for link in details.lessons].count(iri) == 2  # two links
    (mine,) = [group for group in details.lessons_each if group[0].iri == iri]
    assert {link.stance for link in mine} == {practice.Stance.SUPPORTS, practice.Stance.CHALLENGES}
    assert len(details.lessons_each) == len({link.iri for link in details.lessons})
