"""The concept map: neighbourhoods, whole schemes and their aggregation, safe offline HTML."""

from __future__ import annotations

import io
import itertools
import json
import re

import pytest
from rdflib import URIRef

from explorer import map_drawing, map_layout
from graph import views
from graph.access import Viewer
from graph.errors import BadInput
from graph.namespaces import DATA, SCHEME, VOCAB
from graph.views import MapKind, Relation
from graph.views.map_clusters import CLUSTER_MAX, cluster, opened
from tests.test_concepts import CLAIM, TINY, A, load, unesco_quads  # noqa: F401 (a fixture)

ORGANISER, VISITOR = Viewer.organiser(), Viewer.visitor()
HOSTILE = '<script>window.pwned=1</script><a href="javascript:alert(1)">x</a> & co'


@pytest.fixture
def tiny(store):
    load(store, TINY)
    return store


def drawn_map(store, viewer, *, focus=None, depth=1, **options) -> map_drawing.ConceptMap:
    """The concept-map page's drawing: the library's view, drawn by the explorer."""
    if focus is None:
        return map_drawing.draw(views.whole_map(store, viewer, **options))
    return map_drawing.draw(views.neighbourhood(store, viewer, focus, depth=depth, **options))


def drawn(html: str) -> tuple[list[dict], list[dict]]:
    """The nodes and edges a map page hands to vis-network."""
    nodes = re.search(r"nodes = new vis\.DataSet\((.*?)\);\n", html).group(1)
    edges = re.search(r"edges = new vis\.DataSet\((.*?)\);\n", html).group(1)
    return json.loads(nodes), json.loads(edges)


def pairs(view: views.MapView) -> set[tuple[str, str, str]]:
    local = {n.iri: n.label for n in view.nodes}
    return {(local[e.source], e.relation.value, local[e.target]) for e in view.edges}


# ------------------------------------------------------------- neighbourhoods
def test_depth_one_is_the_focus_and_its_direct_neighbours(tiny):
    view = views.neighbourhood(tiny, ORGANISER, A, depth=1)
    # Beta, Gamma, the claim, reading one, the campaign and lesson one touch Alpha.
    assert len(view.nodes) == 7
    assert pairs(view) == {
        ("Beta", "broader", "Alpha"),
        ("Alpha", "related", "Gamma"),
        ("Alpha matters", "about", "Alpha"),
        ("Reading one", "discusses", "Alpha"),
        ("Test campaign", "addresses", "Alpha"),
        ("Lesson one", "supports", "Alpha"),
    }
    assert view.focus == A and not view.aggregated


def test_depth_two_adds_the_next_ring_and_links_to_it(tiny):
    view = views.neighbourhood(tiny, ORGANISER, A, depth=2)
    # + reading two (Beta, the claim), reading three (Beta), Unrelated (Gamma), lesson two (claim)
    assert len(view.nodes) == 11
    assert len(view.edges) == 13
    assert {
        ("Lesson two", "challenges", "Alpha matters"),
        ("Alpha matters", "from reading", "Reading two"),
        ("Lesson one", "learnt in", "Test campaign"),
    } <= pairs(view)
    assert {n.label: n.depth for n in view.nodes}["Lesson two"] == 2


def test_a_visitor_map_leaves_out_members_only_lessons(tiny):
    view = views.neighbourhood(tiny, VISITOR, A, depth=2)
    assert (len(view.nodes), len(view.edges)) == (10, 12)
    assert "Lesson two" not in {n.label for n in view.nodes}


def test_kinds_and_schemes_limit_what_is_drawn_and_walked_through(tiny):
    only_concepts = views.neighbourhood(tiny, ORGANISER, A, depth=2, kinds=["concepts"])
    assert pairs(only_concepts) == {("Beta", "broader", "Alpha"), ("Alpha", "related", "Gamma")}
    one_scheme = views.neighbourhood(
        tiny, ORGANISER, A, depth=3, kinds=[MapKind.CONCEPT], schemes=[SCHEME["t1"]]
    )
    assert {n.label for n in one_scheme.nodes} == {"Alpha", "Beta"}


def test_a_neighbourhood_stops_at_max_nodes_and_says_so(tiny):
    view = views.neighbourhood(tiny, ORGANISER, A, depth=2, max_nodes=3)
    assert len(view.nodes) == 3 and view.aggregated
    assert "nearest 3 nodes" in view.note


def test_bad_options_are_refused_in_plain_words(tiny):
    with pytest.raises(BadInput, match="depth must be 1, 2 or 3"):
        views.neighbourhood(tiny, ORGANISER, A, depth=4)
    with pytest.raises(BadInput, match="unknown kind 'actions'"):
        views.neighbourhood(tiny, ORGANISER, A, kinds=["actions"])
    unknown = drawn_map(tiny, ORGANISER, focus=VOCAB["no-such-thing"])
    assert (unknown.nodes, unknown.note) == (0, "This concept is not in the store, or not visible to you.")


# ------------------------------------------------------------------ whole maps
def test_the_whole_map_draws_schemes_and_the_records_linked_to_them(tiny):
    view = views.whole_map(tiny, ORGANISER, schemes=[SCHEME["t1"], SCHEME["t2"]])
    # 3 concepts, the claim, 4 readings, the campaign, 2 lessons
    assert len(view.nodes) == 11 and not view.aggregated
    assert ("Lesson one", "learnt in", "Test campaign") in pairs(view)
    concepts_only = views.whole_map(tiny, ORGANISER, schemes=[SCHEME["t1"]], kinds=["concept"])
    assert pairs(concepts_only) == {("Beta", "broader", "Alpha")}


def test_a_scheme_too_big_to_draw_shrinks_to_its_top_concepts(tiny):
    view = views.whole_map(
        tiny, ORGANISER, schemes=[SCHEME["t1"], SCHEME["t2"]], kinds=["concept"], max_nodes=2
    )
    # Other scheme (1 concept) fits; Test scheme (2) does not fit in the 1 place left: its top
    # concept Alpha stands for it, with the one concept below it.
    assert {(n.label, n.below) for n in view.nodes} == {("Gamma", 0), ("Alpha", 1)}
    assert view.aggregated and view.note.startswith("Test scheme: too many concepts")


def test_nothing_chosen_draws_nothing_and_says_why(tiny):
    view = views.whole_map(tiny, ORGANISER, schemes=[])
    assert view.nodes == () and "choose at least one scheme" in view.note


# ------------------------------------------------------------------- the page
def test_the_drawing_styles_kinds_and_relations_and_has_a_legend(tiny):
    page = drawn_map(tiny, ORGANISER, focus=A, depth=2)
    nodes, edges = page.data["nodes"], page.data["edges"]
    assert (page.nodes, page.edges) == (len(nodes), len(edges)) == (11, 13)
    shapes = {n["title"].split("\n")[1]: n["shape"] for n in nodes}
    assert shapes == {
        "Concept": "dot",
        "Reading": "square",
        "Claim": "diamond",
        "Lesson": "triangle",
        "Campaign": "hexagon",
    }
    by_relation = {e["label"]: e for e in edges}
    assert (by_relation["challenges"]["color"], by_relation["challenges"]["dashes"]) == ("#D32F2F", [9, 5])
    assert (by_relation["supports"]["color"], by_relation["supports"]["dashes"]) == ("#2E7D32", False)
    assert {row["name"] for row in page.data["legend"]} >= {"Concept", "Lesson", "supports", "challenges"}
    focus = next(n for n in nodes if n["focus"])
    assert focus["id"] == "pxv:t-a" and "the focus of this map" in focus["title"]
    assert [n["label"] for n in nodes if n["focus"]] == ["Alpha"]


def test_positions_are_computed_on_the_server_with_the_focus_in_the_middle_and_stay_put(tiny):
    page = drawn_map(tiny, ORGANISER, focus=A, depth=2)
    assert page.data["placed"] and all("x" in n and "y" in n for n in page.data["nodes"])
    focus = next(n for n in page.data["nodes"] if n["focus"])
    assert (focus["x"], focus["y"]) == (0, 0)
    assert drawn_map(tiny, ORGANISER, focus=A, depth=2).data == page.data  # the same on every visit


def test_a_view_too_big_to_lay_out_on_the_server_is_left_to_the_browser():
    nodes = [views.MapNode(URIRef(f"urn:x:{i}"), MapKind.READING, f"Reading {i}") for i in range(450)]
    drawn_view = map_drawing.draw(views.MapView(tuple(nodes), ()))
    assert not drawn_view.data["placed"] and "x" not in drawn_view.data["nodes"][0]


def test_hostile_labels_travel_as_plain_text(tiny):
    load(
        tiny,
        f"pxv:t-x a skos:Concept ; skos:inScheme pxs:t1 ; skos:prefLabel {json.dumps(HOSTILE)}@en ; "
        "skos:related pxv:t-a .",
    )
    page = drawn_map(tiny, ORGANISER, focus=VOCAB["t-x"])
    hostile = next(n for n in page.data["nodes"] if n["id"] == "pxv:t-x")
    # The component puts the label on the canvas and the title in vis-network's tooltip
    # with innerText: both stay as typed, and nothing in the drawing is HTML.
    assert hostile["name"] == HOSTILE and hostile["title"].startswith(HOSTILE)
    assert hostile["label"] == map_drawing.short(HOSTILE)


def test_the_component_ships_vis_network_and_fetches_nothing():
    from explorer.map_component import module_script

    script = module_script()
    assert "const vis = {" in script and "Network: " in script and "export default function" in script
    assert "sourceMappingURL" not in script.split("const vis = {")[1]
    assert not re.search(r"""(import|fetch|XMLHttpRequest)\s*\(\s*["'`]https?:""", script)
    assert "innerHTML" not in script.split("const vis = {")[1]  # our part never writes markup


def test_big_maps_say_less_on_the_canvas():
    nodes = [views.MapNode(URIRef(f"urn:x:{i}"), MapKind.READING, f"Reading {i}") for i in range(350)]
    edges = [views.MapEdge(nodes[i].iri, nodes[i + 1].iri, Relation.DISCUSSES) for i in range(349)]
    drawn_view = map_drawing.draw(views.MapView(tuple(nodes), tuple(edges)))
    assert all(e["label"] == "" for e in drawn_view.data["edges"])  # relations told by colour
    assert all(n["font"] <= 12 for n in drawn_view.data["nodes"])  # records' names wait for zoom


# ------------------------------------------------------------------- clusters
def test_the_seed_opens_as_a_few_named_clusters_that_hold_every_node(seeded):
    whole = views.whole_map(seeded, ORGANISER)
    folded = cluster(whole)
    assert 5 <= len(folded.clusters) <= 30
    members = [m for c in folded.clusters for m in c.members]
    assert len(members) == len(set(members)) == len(whole.nodes)
    assert all(c.size <= 2 * CLUSTER_MAX + 60 for c in folded.clusters)
    assert any(c.label.startswith("Strategy and methods of action: ") for c in folded.clusters)
    assert cluster(views.whole_map(seeded, ORGANISER)) == folded  # stable between visits
    inside = opened(folded, folded.clusters[0].key)
    assert {n.iri for n in inside.nodes} == set(folded.clusters[0].members)
    assert opened(folded, "no-such-cluster") is None


def test_the_opening_view_places_cluster_labels_apart(seeded):
    drawn_view = map_drawing.draw_clusters(cluster(views.whole_map(seeded, ORGANISER)))
    boxes = []
    for node in drawn_view.data["nodes"]:
        width, height = map_layout.label_box(node["label"], node["font"])
        top = node["y"] + node["size"] + 4
        boxes.append((node["x"] - width / 2, top, node["x"] + width / 2, top + height))
    overlaps = [
        (a, b)
        for a, b in itertools.combinations(boxes, 2)
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]
    assert overlaps == []


def test_spreading_moves_overlapping_labels_apart_and_leaves_the_rest():
    moved = map_layout.spread({"a": (0, 0), "b": (5, 0), "c": (500, 500)}, dict.fromkeys("abc", (60, 20, 10)))
    assert abs(moved["a"][0] - moved["b"][0]) >= 60 or abs(moved["a"][1] - moved["b"][1]) >= 20
    assert moved["c"] == (500, 500)


# ------------------------------------------------------------------ the seed
def test_the_seed_map_links_practice_to_theory(seeded):
    view = views.neighbourhood(seeded, ORGANISER, VOCAB["civil-resistance"], depth=2)
    relations = {e.relation for e in view.edges}
    assert {Relation.SUPPORTS, Relation.CHALLENGES, Relation.QUALIFIES, Relation.DISCUSSES} <= relations
    challenged = {e.target for e in view.edges if e.relation is Relation.CHALLENGES}
    assert DATA["claim-three-point-five-percent"] in challenged
    assert CLAIM not in challenged


@pytest.mark.shared
def test_the_map_stays_usable_with_the_unesco_thesaurus(seeded, unesco_quads):  # noqa: F811
    seeded.load_trusted(unesco_quads)
    whole = drawn_map(seeded, VISITOR)
    assert whole.aggregated and whole.nodes <= views.MAX_NODES
    assert "UNESCO Thesaurus: too many concepts" in whole.note
    focused = drawn_map(seeded, VISITOR, focus="http://vocabularies.unesco.org/thesaurus/concept10", depth=2)
    assert 8 < focused.nodes < 500 and not focused.aggregated


def test_the_subgraph_shown_exports_as_graphml_with_names_and_relations(tiny):
    import networkx as nx

    load(
        tiny,
        'pxv:t-z a skos:Concept ; skos:inScheme pxs:t1 ; skos:prefLabel "Bad\\u0007bell <x>"@en ; '
        "skos:related pxv:t-a .",
    )
    page = drawn_map(tiny, ORGANISER, focus=A)
    read = nx.read_graphml(io.BytesIO(map_drawing.graphml(page)))
    assert read.number_of_nodes() == page.nodes and read.number_of_edges() == page.edges
    assert read.nodes["pxv:t-a"]["label"] == "Alpha" and read.nodes["pxv:t-a"]["kind"] == "concept"
    assert read.nodes["pxv:t-z"]["label"] == "Bad\ufffdbell <x>"
    assert {d["relation"] for _, _, d in read.edges(data=True)} >= {"broader", "supports"}
