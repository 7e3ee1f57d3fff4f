"""Virtuoso 7 as a fourth engine: the same answers as the embedded store, nothing leaks, writes
are whole.

Every named query and every example query (each folder listed, so files added later are
compared too) runs on the embedded store and on a private Virtuoso (``bench/virtuoso.py``)
holding the same statements: the seed, the seed with every SKOS link and label stated twice
over (as imported thesauri often are), and the 10k benchmark graph; as an organiser and as a
visitor, with its variables bound to one and to three landmarks (the most linked records of
each kind) or unbound when it takes none; the rows must be the same multiset. Values are
compared as the store hands them to pages, with three allowances that are not differences
in the answer: numbers to 12 digits (Virtuoso's ``AVG`` gives 15 digits, Oxigraph's 18),
blank nodes by kind only (each engine names its own) and the lines of a ``GROUP_CONCAT``
sorted (its order is undefined). Two static checks keep new queries engine-neutral where
the data may not show it (README, "SPARQL engines"). The store suite
(``tests/test_store.py``) and the visibility property test below run on Virtuoso too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from rdflib import BNode, Literal, URIRef

from bench import capabilities as caps
from bench import generate
from graph.access import Viewer, Visibility
from graph.errors import PraxisError
from graph.namespaces import DATA, PROLOGUE, PRX, RDFS
from graph.programme.agenda import AgendaItem, set_agenda
from graph.sparql import examples, list_examples
from graph.store import PraxisStore, Statement, open_store, queries
from tests import data
from tests.test_visibility import CONCEPTS, LEVELS, VIEWERS, build, forbidden, outputs, records

pytestmark = pytest.mark.xdist_group("virtuoso")

P = "https://w3id.org/praxis/ontology#"
#: How to find a kind of record; the three most linked are the landmarks.
KINDS = {
    "concept": f"?x a <{P}Concept> . FILTER NOT EXISTS {{ ?x a <{P}Skill> }} "
    f"FILTER NOT EXISTS {{ ?x a <{P}Indicator> }}",
    "method": f"?a <{P}usesMethod> ?x .",
    "claim": f"?x a <{P}Claim> .",
    "campaign": f"?x a <{P}Campaign> .",
    "action": f"?x a <{P}Action> .",
    "lesson": f"?x a <{P}Lesson> .",
    "member": f"?x a <{P}Member> .",
    "reading": f"?x a <{P}Reading> .",
    "organisation": f"?x a <{P}Organisation> .",
    "indicator": f"?x a <{P}Indicator> .",
    "scheme": "?x a <http://www.w3.org/2004/02/skos/core#ConceptScheme> .",
    "agreement": f"?x a <{P}Agreement> .",
    "session": f"?x a <{P}Session> .",
}
#: Variables the benchmark does not bind, and what binds them here.
EXTRA: dict[str, Any] = {
    "since": Literal(dt.date(2000, 1, 1)),
    "top": "concept",
    "broad": "concept",
    "agreement": "agreement",
    "session": "session",
    # a chapter's graph for network_chapter_lessons: the seed and the 10k graph follow no chapter,
    # so our public graph stands in (GRAPH ?g reads it as it would a followed chapter's)
    "g": URIRef(str(Visibility.PUBLIC.graph)),
    # What graph.library.known sends for "10.2307/1229039" and "1-85984-698-X": a DOI lower
    # case, an ISBN as ISBN-13 and ISBN-10 (one mode binds the first, set mode all three).
    "identifier": (Literal("10.2307/1229039"), Literal("9781859846988"), Literal("185984698X")),
    # A form's key (write_once): the graphs hold no form writes, so this checks it runs and finds none.
    "key": Literal("form-0f3a9c"),
}
ROLES = {"organiser": Viewer.organiser(), "visitor": Viewer.visitor()}


def _landmarks(quads: list[ox.Quad]) -> dict[str, list[str]]:
    engine = ox.Store()
    engine.extend(quads)
    found = {}
    for kind, pattern in KINDS.items():
        query = (
            f"SELECT ?x (COUNT(*) AS ?n) WHERE {{ {pattern} {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} "
            "GROUP BY ?x ORDER BY DESC(?n) STR(?x) LIMIT 3"
        )
        found[kind] = [row["x"].value for row in engine.query(query, use_default_graph_as_union=True)]
    return found


def _bindings(name: str, marks: dict[str, list[str]], mode: str) -> dict[str, Any] | None:
    """``mode`` "one": the first landmark; "set": the three as a set; None when this graph
    has no record of the kind. A variable nobody said how to bind fails the test: a new
    query must be compared, not skipped."""
    bound: dict[str, Any] = {}
    for variable in caps.needed_variables(name):
        chosen = caps.BY_QUERY.get(name, {}).get(
            variable, EXTRA.get(variable, caps.BY_VARIABLE.get(variable))
        )
        if chosen is None:
            pytest.fail(
                f"{name} asks to bind ?{variable}: say what to bind it to in bench/capabilities.py "
                "BY_VARIABLE (or EXTRA in this file) so it is compared on Virtuoso"
            )
        if isinstance(chosen, (URIRef, Literal)):
            bound[variable] = chosen if mode == "one" else {chosen}
            continue
        if isinstance(chosen, tuple):
            bound[variable] = chosen[0] if mode == "one" else set(chosen)
            continue
        if not marks.get(chosen):
            return None
        nodes = [URIRef(iri) for iri in marks[chosen]]
        bound[variable] = nodes[0] if mode == "one" else set(nodes)
    return bound


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, (int, float)):
        return ("number", round(float(value), 12))
    if isinstance(value, BNode):
        return ("blank node",)
    if isinstance(value, str) and "\n" in value and not isinstance(value, URIRef):
        return ("lines", tuple(sorted(value.split("\n"))))  # GROUP_CONCAT lists
    return value


def _rows(rows: list[dict[str, Any]]) -> Counter:
    return Counter(tuple(sorted((key, _value(value)) for key, value in row.items())) for row in rows)


SKOS = "http://www.w3.org/2004/02/skos/core#"
_INVERSE = {SKOS + "broader": SKOS + "narrower", SKOS + "narrower": SKOS + "broader"}
_ALSO_LABEL = [ox.NamedNode(str(RDFS.label)), ox.NamedNode("http://purl.org/dc/terms/title")]


def _stated_both_ways(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The seed as a SKOS import often has it: every broader and narrower link stated from
    both sides, and every preferred label also an ``rdfs:label`` and a ``dct:title``. A
    path alternative (``p|q``) matches such data twice: one row on Oxigraph, two on Virtuoso,
    unless the query asks for DISTINCT rows."""
    more = []
    for quad in quads:
        inverse = _INVERSE.get(quad.predicate.value)
        if inverse and isinstance(quad.object, ox.NamedNode):
            more.append(ox.Quad(quad.object, ox.NamedNode(inverse), quad.subject, quad.graph_name))
        if quad.predicate.value == SKOS + "prefLabel":
            more += [ox.Quad(quad.subject, also, quad.object, quad.graph_name) for also in _ALSO_LABEL]
    return quads + more


def _with_agendas(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The seed with a session agenda, set as a convenor sets it (the seed has none yet): the
    busiest session gets questions, a note and its two readings, one by pages and one by
    chapters. With the sessions that have no agenda, the agenda queries meet each optional
    part both present and missing."""
    store = open_store("memory:")
    store.load_trusted(quads)
    items = [
        AgendaItem(DATA["reading-crenshaw-1991-mapping-the-margins"], pages="1241-1252, 1265-1282"),
        AgendaItem(DATA["reading-combahee-1979-black-feminist-statement"], chapters="1-2"),
    ]
    questions = "Whom does a single-axis demand leave out?\nWhere does our campaign do it?"
    note = "Start from the care agencies' workers."
    set_agenda(store, Viewer.organiser(), DATA["session-9d2c16"], items, questions=questions, note=note)
    return list(store.quads(Viewer.organiser()))


@pytest.fixture(scope="module", params=["seed", "seed stated both ways", "10k"])
def twins(request, virtuoso_server, seed_quads):
    """The same statements in the embedded store and in Virtuoso, and their landmarks."""
    if request.param == "seed":
        quads = _with_agendas(seed_quads)
    elif request.param == "seed stated both ways":
        quads = _stated_both_ways(_with_agendas(seed_quads))
    else:
        quads = list(ox.parse(path=str(generate.dataset("10k").path), format=ox.RdfFormat.N_QUADS))
    embedded = open_store("memory:")
    embedded.load_trusted(quads)
    served = open_store(virtuoso_server.url)
    served.backend.clear()
    served.load_trusted(quads)
    return request.param, embedded, served, _landmarks(quads)


def _solutions(store: PraxisStore, text: str, graphs: list[ox.NamedNode]) -> list[dict[str, Any]]:
    names, rows = store.backend.solutions(text, graphs, {})
    return [dict(zip(names, row, strict=True)) for row in rows]


def _differences(expected: Counter, got: Counter) -> str:
    missing, extra = list((expected - got).elements())[:3], list((got - expected).elements())[:3]
    return f"missing {missing}; extra {extra}"


@pytest.mark.parametrize("name", queries.names())
def test_every_named_query_answers_the_same_on_virtuoso(twins, name):
    """Every ``graph/store/queries/*.rq``, found by listing the folder: a query added later
    is compared too."""
    _dataset, embedded, served, marks = twins
    modes = ["one", "set"] if caps.needed_variables(name) else ["none"]
    compared = 0
    for mode in modes:
        bindings = {} if mode == "none" else _bindings(name, marks, mode)
        if bindings is None:
            continue
        for role, viewer in ROLES.items():
            expected = _rows(embedded.select(name, viewer, **bindings))
            got = _rows(served.select(name, viewer, **bindings))
            assert expected == got, f"{name}, {mode}, {role}: {_differences(expected, got)}"
            compared += 1
    if not compared:
        pytest.skip(f"{name}: no landmark to bind it to in this graph")


@pytest.mark.parametrize("name", [e.name for e in list_examples()])
def test_every_example_query_answers_the_same_on_virtuoso(twins, name):
    """The SPARQL page's examples (``graph/sparql/examples/*.rq``) run on a snapshot of the
    embedded engine, but a chapter may paste them into its Virtuoso: they hold there too."""
    _dataset, embedded, served, _marks = twins
    text = PROLOGUE + next(e.text for e in list_examples() if e.name == name)
    for role, viewer in ROLES.items():
        graphs = PraxisStore.graphs_for(viewer)
        expected = _rows(_solutions(embedded, text, graphs))
        got = _rows(_solutions(served, text, graphs))
        assert expected == got, f"{name}, {role}: {_differences(expected, got)}"


#: Queries with a path alternative and no DISTINCT, on purpose: the concept map ranks
#: records by their number of rows, and each pair is linked by one alternative only.
ROWS_COUNTED = {"map_linked_claims.rq"}
_ALTERNATIVE = re.compile(r"(?<![|])[\w:^>)]\s*\|\s*[\^(]?[\w<]")  # p|q, p|^q, p|(q/r); not ||
_QUERY_FILES = [*Path(queries.__file__).parent.glob("*.rq"), *Path(examples.__file__).parent.glob("*.rq")]


def _without_comments(path: Path) -> str:
    """The query's text without comments (a ``#`` inside an IRI or a string is kept)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(re.sub(r"#[^<>\"]*$", "", line) if "#" in line else line for line in lines)


def test_a_query_with_a_path_alternative_asks_for_distinct_rows():
    """``p|q`` gives one row per matching property on Virtuoso and one in all on Oxigraph; the
    seed rarely states both, so the comparisons above cannot catch a new query that forgets."""
    forgot = []
    for path in _QUERY_FILES:
        body = _without_comments(path)
        if not _ALTERNATIVE.search(body) or path.name in ROWS_COUNTED:
            continue
        if not re.search(r"\bSELECT\s+DISTINCT\b|\bGROUP\s+BY\b", body, re.IGNORECASE):
            forgot.append(path.name)
    assert len(_QUERY_FILES) > 100
    assert not forgot, f"add DISTINCT (README, SPARQL engines): {forgot}"


_OWN_GRAPHS = re.compile(r"\bFROM\s+(NAMED\s+)?(<|\w*:)|\bDEFINE\s+\w+:", re.IGNORECASE)


def test_no_query_names_graphs_of_its_own():
    """Virtuoso adds the graphs of ``FROM``, ``FROM NAMED`` and ``DEFINE input:…`` to those the
    request names instead of being limited by them: a named query holding one would read
    graphs above the viewer's level there."""
    own = [path.name for path in _QUERY_FILES if _OWN_GRAPHS.search(_without_comments(path))]
    assert not own, f"{own} name graphs in their text; the store names them per viewer"


#: Every pair of levels (an action at one, its lesson at the other), challenging and supporting.
EVERY_PAIR = [
    (action, lesson, CONCEPTS[number % len(CONCEPTS)], number % 2 == 0)
    for number, (action, lesson) in enumerate((a, b) for a in LEVELS for b in LEVELS)
]


# Each example costs seconds on Virtuoso (every door reads the store again, 30 reads per
# example): every pair of levels at once, then a few random examples, instead of 15.
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=records)
@example(spec=EVERY_PAIR)
def test_no_output_shows_a_record_above_the_viewers_level_on_virtuoso(virtuoso_server, ontology_quads, spec):
    store = open_store(virtuoso_server.url)
    store.backend.clear()
    store.load_trusted(ontology_quads)
    build(store, spec)
    for role, viewer in VIEWERS.items():
        marks = forbidden(role, spec)
        for door, text in outputs(store, viewer).items():
            leaked = [mark for mark in marks if mark in text]
            assert not leaked, f"{role.value} saw {leaked} through {door} on Virtuoso"


def test_markers_do_reach_those_allowed_on_virtuoso(virtuoso_store, ontology_quads):
    """Guard against a property test that passes because Virtuoso shows nothing at all."""
    virtuoso_store.load_trusted(ontology_quads)
    build(virtuoso_store, [(Visibility.RESTRICTED, Visibility.MEMBERS, CONCEPTS[0], False)])
    text = outputs(virtuoso_store, Viewer.organiser())["query"]
    assert "MARK-restricted-0" in text and "MARK-members-0" in text


def test_a_read_that_may_see_no_graph_sees_nothing(virtuoso_store, seed_quads):
    """Given no graph at all, Virtuoso reads every graph (its own too): we never send none."""
    virtuoso_store.load_trusted(seed_quads)
    for query in ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"):
        _names, rows = virtuoso_store.backend.solutions(query, [], {})
        assert rows == [], query


def test_a_refused_change_changes_nothing(virtuoso_store, ontology_quads):
    """A write is one operation: Virtuoso commits each operation of a request on its own, so a
    replace followed by an insert it refuses would otherwise delete the record."""
    virtuoso_store.load_trusted(ontology_quads)
    author, statements = data.member()
    action, more = data.action()
    lesson, rest = data.lesson(action, author)
    virtuoso_store.write(statements + more + rest, viewer=Viewer.organiser())
    before = sorted(map(str, virtuoso_store.quads(Viewer.organiser())))
    wrong = Literal("many", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))
    with pytest.raises(PraxisError, match="many"):
        virtuoso_store.write(
            [
                Statement(lesson, RDFS.label, Literal("new title"), Visibility.MEMBERS),
                Statement(lesson, PRX.score, wrong, Visibility.MEMBERS),
            ],
            replace=[lesson],
            viewer=Viewer.organiser(),
            validate=False,
        )
    assert sorted(map(str, virtuoso_store.quads(Viewer.organiser()))) == before


def test_blank_nodes_for_two_levels_in_one_change_are_refused_and_nothing_changes(virtuoso_store):
    """Virtuoso answers such a change with an error (SR002) yet writes it: we refuse it first."""
    public, members = (ox.NamedNode(str(level.graph)) for level in (Visibility.PUBLIC, Visibility.MEMBERS))
    label = ox.NamedNode(str(RDFS.label))
    first, second = ox.BlankNode(), ox.BlankNode()
    change = [
        ox.Quad(ox.NamedNode("https://example.org/a"), label, first, public),
        ox.Quad(ox.NamedNode("https://example.org/b"), label, second, members),
    ]
    with pytest.raises(PraxisError, match="two visibility levels"):
        virtuoso_store.backend.write(change, [], [])
    assert virtuoso_store.is_empty()
    virtuoso_store.backend.write(change[:1], [], [])  # one level's blank nodes are fine
    assert len(list(virtuoso_store.quads(Viewer.organiser()))) == 1


def test_an_import_it_refuses_adds_nothing(virtuoso_store, ontology_quads):
    """Blank nodes and large batches go through staging graphs; a refusal there leaves ours alone."""
    virtuoso_store.load_trusted(ontology_quads)
    before = len(list(virtuoso_store.quads(Viewer.organiser())))
    public = ox.NamedNode(str(Visibility.PUBLIC.graph))
    node, blank = ox.NamedNode("https://example.org/n"), ox.BlankNode()
    label = ox.NamedNode(str(RDFS.label))
    wrong = ox.Literal("many", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    with pytest.raises(PraxisError, match="many"):
        virtuoso_store.load_trusted(
            [
                ox.Quad(node, label, blank, public),
                ox.Quad(blank, label, ox.Literal("x"), public),
                ox.Quad(node, label, wrong, public),
            ]
        )
    assert len(list(virtuoso_store.quads(Viewer.organiser()))) == before


def test_clearing_empties_our_graphs(virtuoso_store, seed_quads):
    """``CLEAR ALL`` answers 200 and does nothing on Virtuoso: the store clears each graph."""
    virtuoso_store.load_trusted(seed_quads)
    virtuoso_store.clear(viewer=Viewer.organiser())
    assert virtuoso_store.is_empty()


def test_a_large_set_is_read_in_parts(virtuoso_store, ontology_quads):
    """Virtuoso refuses a VALUES block of 4,000 IRIs when it does not hold them all already
    (SQ199), and of more than 4,094 terms in any case: large sets are read in parts."""
    virtuoso_store.load_trusted(ontology_quads)
    asked = [URIRef(f"https://example.org/n{number}") for number in range(5_000)]
    labelled = asked[::2]  # the others are nowhere in the store
    public = ox.NamedNode(str(Visibility.PUBLIC.graph))
    label = ox.NamedNode(str(RDFS.label))
    virtuoso_store.load_trusted(
        ox.Quad(ox.NamedNode(str(node)), label, ox.Literal(f"n{index}"), public)
        for index, node in enumerate(labelled)
    )
    rows = virtuoso_store.select("label_of", Viewer.visitor(), node=set(asked))
    assert sorted(str(row["node"]) for row in rows) == sorted(map(str, labelled))
