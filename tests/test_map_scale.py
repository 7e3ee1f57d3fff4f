"""The whole concept map at any size: records are found from the drawn concepts outwards,
read only while the map has room, and the same as reading every record when all fit."""

from __future__ import annotations

import itertools

import pytest

from graph import views
from graph.access import Viewer
from graph.namespaces import DATA, PRX, RDF, SCHEME
from graph.store import PraxisStore
from graph.views import HIDDEN_SCHEMES, MapKind, list_schemes
from tests.test_concepts import TINY, load

ORGANISER, VISITOR = Viewer.organiser(), Viewer.visitor()

#: Records reached only through other records (Gamma, in the other scheme, is not drawn):
#: claim x is about Gamma and comes from reading two (which discusses Beta); reading x
#: discusses only claim x; lesson x (members only) challenges claim x.
CHAIN = """
px:claim-x a prx:Claim ; rdfs:label "Claim x" ; prx:aboutConcept pxv:t-c ; prx:fromReading px:reading-t2 ;
    prx:visibility prx:Public .
px:reading-x a prx:Reading ; dct:title "Reading x" ; prx:discusses px:claim-x ; prx:visibility prx:Public .
px:lesson-x a prx:Lesson ; rdfs:label "Lesson x" ; prx:challenges px:claim-x ;
    prx:visibility prx:MembersOnly .
"""


@pytest.fixture
def tiny(store):
    load(store, TINY)
    return store


def labels(view: views.MapView, kind: MapKind | None = None) -> list[str]:
    return [n.label for n in view.nodes if kind is None or n.kind is kind]


def test_records_reached_only_through_other_records_are_drawn(tiny):
    load(tiny, CHAIN)
    view = views.whole_map(tiny, ORGANISER, schemes=[SCHEME["t1"]])
    # Readings first, then by title: "A reading three", "Reading one", "Reading two", "Reading x";
    # "Unrelated" discusses only Gamma, which is not drawn.
    assert labels(view, MapKind.READING) == ["A reading three", "Reading one", "Reading two", "Reading x"]
    assert labels(view, MapKind.CLAIM) == ["Alpha matters", "Claim x"]
    assert labels(view, MapKind.LESSON) == ["Lesson one", "Lesson two", "Lesson x"]
    local = {n.iri: n.label for n in view.nodes}
    pairs = {(local[e.source], e.relation.value, local[e.target]) for e in view.edges}
    assert {
        ("Reading x", "discusses", "Claim x"),
        ("Claim x", "from reading", "Reading two"),
        ("Lesson x", "challenges", "Claim x"),
        ("Lesson one", "learnt in", "Test campaign"),
    } <= pairs
    assert not view.aggregated and view.note == ""
    visitor = views.whole_map(tiny, VISITOR, schemes=[SCHEME["t1"]])
    assert labels(visitor, MapKind.LESSON) == ["Lesson one"]  # lessons two and x are members only


def test_a_kind_that_does_not_fit_shows_its_best_linked_records_and_says_what_is_left_out(tiny):
    load(tiny, 'px:reading-y a prx:Reading ; dct:title "Zeta" ; prx:discusses pxv:t-a, pxv:t-c .')
    view = views.whole_map(tiny, ORGANISER, schemes=[SCHEME["t1"], SCHEME["t2"]], max_nodes=5)
    # 3 concepts leave room for 2 of the 5 linked readings: Zeta discusses two concepts on the
    # map, the others one each (ties in the order of their IRIs: reading-t1 first).
    assert labels(view, MapKind.READING) == ["Reading one", "Zeta"] and len(view.nodes) == 5
    assert view.aggregated
    assert view.note == (
        "3 readings left out to keep the map under 5 nodes, and no more claims, lessons or campaigns: "
        "choose fewer kinds, or focus on a concept."
    )
    only_lessons = views.whole_map(
        tiny, ORGANISER, schemes=[SCHEME["t1"]], kinds=["concept", "lesson"], max_nodes=3
    )
    assert sorted(labels(only_lessons)) == [
        "Alpha",
        "Beta",
        "Lesson one",
    ]  # lesson two is linked to no concept
    assert only_lessons.note == ""


def test_a_visitors_left_out_count_counts_public_records_only(tiny):
    load(
        tiny,
        'px:reading-m a prx:Reading ; dct:title "Members\' notes" ; prx:discusses pxv:t-a ;'
        " prx:visibility prx:MembersOnly .",
    )
    options = {"schemes": [SCHEME["t1"], SCHEME["t2"]], "kinds": ["concept", "reading"], "max_nodes": 4}
    # 3 concepts and room for 1 reading: of the 5 readings an organiser sees, 4 are left out;
    # a visitor sees 4 and is told of 3.
    assert views.whole_map(tiny, ORGANISER, **options).note.startswith("4 readings left out")
    assert views.whole_map(tiny, VISITOR, **options).note.startswith("3 readings left out")


def test_a_map_without_concepts_draws_every_record_of_the_chosen_kinds(tiny):
    view = views.whole_map(tiny, VISITOR, schemes=[SCHEME["t1"]], kinds=["reading", "campaign"])
    assert labels(view) == ["A reading three", "Reading one", "Reading two", "Unrelated", "Test campaign"]
    full = views.whole_map(tiny, VISITOR, kinds=["reading"], max_nodes=3)
    assert len(full.nodes) == 3 and full.note.startswith("1 reading left out")


def test_a_full_map_asks_nothing_more_and_describes_only_what_it_draws(tiny, monkeypatch):
    asked: list[tuple[str, int]] = []
    select = PraxisStore.select

    def spy(self, name, viewer, **bindings):
        rows = select(self, name, viewer, **bindings)
        asked.append((name, len(bindings.get("record", ()))))
        return rows

    monkeypatch.setattr(PraxisStore, "select", spy)
    views.whole_map(tiny, ORGANISER, schemes=[SCHEME["t1"], SCHEME["t2"]], max_nodes=5)
    names = [name for name, _ in asked]
    assert "map_linked_readings" in names
    assert not {"map_linked_claims", "map_linked_lessons", "map_linked_campaigns"} & set(names)
    assert dict(asked)["map_record_details"] == 2  # the two readings that fit


# ------------------------------------------------ the same map as reading everything
def every_record_linked(store: PraxisStore, viewer: Viewer, kinds: set[MapKind], drawn: set) -> set:
    """What the map drew when it read every record: the records of ``kinds`` linked to
    ``drawn`` through any chain of such records (from every quad the viewer can see)."""
    links = {PRX.discusses, PRX.aboutConcept, PRX.fromReading, PRX.supports, PRX.challenges}
    links |= {PRX.qualifies, PRX.addresses}
    quads = [(q.subject.value, q.predicate.value, q.object.value) for q in store.quads(viewer)]
    kind_of = {s: k for s, p, o in quads for k in kinds if p == str(RDF.type) and o == str(k.type)}
    edges = [(s, o) for s, p, o in quads if s in kind_of and p in {str(x) for x in links}]
    part_of = {s: o for s, p, o in quads if p == str(PRX.partOf)}
    if {MapKind.LESSON, MapKind.CAMPAIGN} <= kinds:
        edges += [
            (s, part_of[o]) for s, p, o in quads if s in kind_of and p == str(PRX.fromAction) and o in part_of
        ]
    kept, grew = set(), True
    while grew:
        before = len(kept)
        for a, b in edges:
            for near, far in ((a, b), (b, a)):
                if near in kind_of and (far in drawn or far in kept):
                    kept.add(near)
        grew = len(kept) > before
    return kept


@pytest.mark.parametrize("viewer", [VISITOR, ORGANISER], ids=["visitor", "organiser"])
def test_on_the_seed_the_map_draws_what_reading_every_record_drew(seeded, viewer):
    schemes = [s.iri for s in list_schemes(seeded, viewer) if s.iri not in HIDDEN_SCHEMES]
    compared = 0
    record_kinds = [k for k in MapKind if k is not MapKind.CONCEPT]
    for chosen_schemes in [None, *([s] for s in schemes)]:
        for count in (1, 2, 4):
            for kinds in itertools.combinations(record_kinds, count):
                view = views.whole_map(
                    seeded, viewer, schemes=chosen_schemes, kinds={MapKind.CONCEPT, *kinds}
                )
                concepts = {str(n.iri) for n in view.nodes if n.kind is MapKind.CONCEPT}
                records = {str(n.iri) for n in view.nodes if n.kind is not MapKind.CONCEPT}
                assert "left out" not in view.note
                assert records == every_record_linked(seeded, viewer, set(kinds), concepts), (
                    chosen_schemes,
                    kinds,
                )
                compared += 1
    assert compared > 50
    lessons = views.whole_map(seeded, viewer, kinds=["concept", "lesson"])  # 08ae74: members only
    assert (DATA["lesson-08ae74"] in {n.iri for n in lessons.nodes}) is (viewer is ORGANISER)
