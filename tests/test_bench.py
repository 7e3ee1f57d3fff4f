"""The benchmark's generator and runner, and the store's bulk path they rely on.

No timings are asserted here (speed is what ``make bench`` reports); these tests
check that the synthetic graphs are what the docs say and that a small
benchmark runs end to end.
"""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from bench import capabilities, draws, generate, synthetic
from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed, PraxisError, ValidationFailed
from graph.namespaces import DATA, PRX, RDF, RDFS, SKOS, VOCAB
from graph.store import from_ox, open_store, validate_graph
from tests import data
from tests.data import ROOT

TINY = 1_000  # the smallest dataset: the ontology plus one block of records


@pytest.fixture(scope="module")
def tiny() -> generate.Generated:
    return generate.generate(TINY, seed=11)


def _graphs(quads: list[ox.Quad]) -> dict[str, Graph]:
    """One rdflib graph per named graph, so datasets are compared as graphs."""
    graphs: dict[str, Graph] = {}
    for quad in quads:
        graph = graphs.setdefault(quad.graph_name.value, Graph())
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graphs


# ------------------------------------------------------------------ the generator
def test_same_seed_gives_isomorphic_graphs(tiny):
    again = _graphs(generate.generate(TINY, seed=11).quads)
    first = _graphs(tiny.quads)
    assert set(first) == set(again)
    assert all(isomorphic(first[name], again[name]) for name in first)


def test_another_seed_gives_another_graph(tiny):
    other = _graphs(generate.generate(TINY, seed=12).quads)
    first = _graphs(tiny.quads)
    assert not all(isomorphic(first[name], other[name]) for name in first)


def test_kinds_come_in_the_documented_proportions():
    made = generate.generate(20_000, seed=5)
    blocks = generate.plan(20_000).blocks
    assert made.counts == {kind: n * blocks for kind, n in generate.BLOCK.items()}
    graph = data.rdflib_graph(made.quads)
    typed = Counter(
        str(o).rsplit("#", 1)[-1] for s, o in graph.subject_objects(RDF.type) if str(s).startswith(DATA)
    )
    for kind, cls in [
        ("reading", "Reading"),
        ("claim", "Claim"),
        ("campaign", "Campaign"),
        ("action", "Action"),
        ("lesson", "Lesson"),
        ("assessment", "Assessment"),
        ("member", "Member"),
        ("organisation", "Organisation"),
    ]:
        assert typed[cls] == made.counts[kind], kind
    generated = {s for s in graph.subjects(RDF.type, PRX.Concept) if str(s).startswith(VOCAB["generated-"])}
    assert len(generated) == made.counts["concept"]


def test_visibility_levels_are_shared_as_documented():
    made = generate.generate(20_000, seed=5)
    records = made.quads[len(draws.ontology()) :]
    shares = Counter(q.graph_name.value.rsplit("/", 1)[-1] for q in records)
    total = sum(shares.values())
    assert 0.2 < shares["public"] / total < 0.4
    assert 0.5 < shares["members"] / total < 0.7
    assert 0.05 < shares["restricted"] / total < 0.15


def test_every_record_sits_in_the_graph_of_its_visibility(tiny):
    own = {
        q.subject: Visibility.from_concept(q.object.value).graph
        for q in tiny.quads
        if q.predicate.value == str(PRX.visibility)
    }
    assert own, "records state their visibility"
    for quad in tiny.quads:
        if quad.subject in own:
            assert quad.graph_name.value == str(own[quad.subject]), quad


def test_records_point_at_the_real_vocabulary(tiny):
    graph = data.rdflib_graph(tiny.quads)
    used = set(graph.objects(None, PRX.usesMethod)) | set(graph.objects(None, PRX.indicator))
    assert used and all(not str(node).startswith(VOCAB["generated-"]) for node in used)
    for concept in graph.subjects(RDF.type, PRX.Concept):
        if str(concept).startswith(VOCAB["generated-"]):
            parent = graph.value(concept, SKOS.broader)
            assert (parent, SKOS.narrower, concept) in graph


def test_the_tiny_graph_conforms_to_the_shapes(tiny):
    assert validate_graph(data.rdflib_graph(tiny.quads)) == []


def test_landmarks_exist_and_are_readable_by_members(tiny):
    graph = data.rdflib_graph(tiny.quads)
    for key in ("campaign", "action", "lesson", "member", "reading", "claim"):
        assert graph.value(URIRef(tiny.landmarks[key]), RDF.type) is not None, key
    for key in ("campaign", "action", "lesson"):
        level = graph.value(URIRef(tiny.landmarks[key]), PRX.visibility)
        assert level in (PRX.Public, PRX.MembersOnly), key


def test_datasets_are_cached_by_size(tmp_path):
    first = generate.dataset("1k", seed=3, directory=tmp_path)
    assert first.path.is_file() and first.path.with_suffix(".json").is_file()
    stamp = first.path.stat().st_mtime_ns
    again = generate.dataset("1k", seed=3, directory=tmp_path)
    assert again == first and again.path.stat().st_mtime_ns == stamp
    assert len(list(ox.parse(path=str(first.path), format=ox.RdfFormat.N_QUADS))) == first.triples


@pytest.mark.parametrize(
    ("text", "value"), [("10k", 10_000), ("100K", 100_000), ("1m", 1_000_000), ("2500", 2500)]
)
def test_sizes_are_read_as_written(text, value):
    assert generate.parse_size(text) == value


@pytest.mark.parametrize("module", [generate, synthetic, draws])
def test_the_generator_doctests_pass(module):
    assert doctest.testmod(module).failed == 0


# ------------------------------------------------------------------ what the runner asks
def test_named_queries_say_which_variables_to_bind():
    assert capabilities.needed_variables("label_of") == ["node"]
    assert capabilities.needed_variables("triple_count") == []


def test_bindings_come_from_the_landmarks(tiny):
    values, note = capabilities.bindings_for("label_of", tiny.landmarks)
    assert values == {"node": URIRef(tiny.landmarks["lesson"])}
    assert "?node=" in note


# ------------------------------------------------------------------ the store's bulk path
@pytest.fixture(scope="module")
def tiny_file(tmp_path_factory) -> generate.Dataset:
    return generate.dataset("1k", seed=3, directory=tmp_path_factory.mktemp("data"))


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_bulk_load_fills_an_empty_store(tiny_file, tmp_path, kind):
    store = open_store("memory:" if kind == "memory" else f"oxigraph:{tmp_path / 'store'}")
    count = store.bulk_load(tiny_file.path, viewer=Viewer.organiser())
    assert count == tiny_file.triples
    assert store.generation == 1
    lessons = {row["lesson"] for row in store.select("lessons_all", Viewer.organiser())}
    assert len(lessons) == tiny_file.counts["lesson"]
    assert store.select("audit_log", Viewer.organiser())[0]["added"] == count


def test_bulk_load_refuses_a_store_that_holds_data(tiny_file):
    store = open_store("memory:")
    store.bulk_load(tiny_file.path, viewer=Viewer.organiser())
    with pytest.raises(PraxisError, match="already holds data"):
        store.bulk_load(tiny_file.path, viewer=Viewer.organiser())


def test_bulk_load_is_for_organisers(tiny_file):
    with pytest.raises(NotAllowed):
        open_store("memory:").bulk_load(tiny_file.path, viewer=Viewer.member("wren"))


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("<http://e/a> <http://e/p> <http://e/b> .\n", BadInput, "default graph"),
        ("<http://e/a> <http://e/p> <http://e/b> <http://e/elsewhere> .\n", BadInput, "elsewhere"),
        (
            f"<http://e/a> <{PRX}challanges> <http://e/b> <{Visibility.PUBLIC.graph}> .\n",
            ValidationFailed,
            "challanges",
        ),
        ('<http://e/a> <http://e/p> "unfinished <http://e/g> .\n', BadInput, "cannot bulk-load"),
    ],
)
def test_a_bad_bulk_file_leaves_the_store_empty(tmp_path, text, error, message):
    path = tmp_path / "bad.nq"
    path.write_text(text, encoding="utf-8")
    store = open_store("memory:")
    with pytest.raises(error, match=message):
        store.bulk_load(path, viewer=Viewer.organiser())
    assert store.is_empty()


def test_bulk_load_needs_graph_names(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text("<http://e/a> <http://e/p> <http://e/b> .\n", encoding="utf-8")
    with pytest.raises(BadInput, match="N-Quads"):
        open_store("memory:").bulk_load(path, viewer=Viewer.organiser())


# ------------------------------------------------------------------ the store's faster read and write paths
def test_select_keeps_values_under_their_variables_when_some_are_unbound(store):
    titled, untitled = DATA["lesson-00aa01"], DATA["lesson-00aa02"]
    graph = ox.NamedNode(str(Visibility.PUBLIC.graph))
    lesson = ox.NamedNode(str(PRX.Lesson))
    store.load_trusted(
        [
            ox.Quad(ox.NamedNode(titled), ox.NamedNode(str(RDF.type)), lesson, graph),
            ox.Quad(ox.NamedNode(titled), ox.NamedNode(str(RDFS.label)), ox.Literal("Titled"), graph),
            ox.Quad(ox.NamedNode(untitled), ox.NamedNode(str(RDF.type)), lesson, graph),
        ]
    )
    rows = store.select("lessons_all", Viewer.visitor())
    assert sorted(rows, key=lambda r: r["lesson"]) == [
        {"lesson": titled, "title": "Titled"},
        {"lesson": untitled, "title": None},
    ]


def test_validation_with_compiled_shapes_does_not_carry_over_between_writes(store):
    from tests import data

    author, member = data.member()
    action, more = data.action()
    store.write(member + more, viewer=Viewer.organiser())
    _lesson, good = data.lesson(action, author)
    _lesson, bad = data.lesson(action, author)
    bad = [s for s in bad if s.predicate != PRX.supports]
    store.write(good, viewer=Viewer.organiser())
    with pytest.raises(ValidationFailed, match="at least one concept or claim"):
        store.write(bad, viewer=Viewer.organiser())
    _lesson, fine = data.lesson(action, author, title="Written after a refused one")
    store.write(fine, viewer=Viewer.organiser())
    titles = {row["title"] for row in store.select("lessons_all", Viewer.organiser())}
    assert "Written after a refused one" in titles


def test_an_organiser_reads_the_same_rows_through_the_union_of_graphs(seeded):
    """Organisers' reads use the whole store's union (faster); it must equal the three graphs listed."""
    from graph.store import PraxisStore, queries, to_python

    graphs = PraxisStore.graphs_for(Viewer.organiser())
    engine = ox.Store()  # raw pyoxigraph holding the same statements
    engine.extend(list(seeded.quads(Viewer.organiser())))
    compared = 0
    for name in queries.names():
        text = queries.load(name)
        if capabilities.needed_variables(name) or any(w in text for w in ("LIMIT", "GROUP_CONCAT", "SAMPLE")):
            continue  # needs bindings, or the rows chosen or packed may differ in order
        listed = engine.query(text, default_graph=graphs, named_graphs=graphs)
        names = [v.value for v in listed.variables]
        expected = Counter(tuple(repr(to_python(s[n])) for n in names) for s in listed)
        found = Counter(tuple(repr(row[n]) for n in names) for row in seeded.select(name, Viewer.organiser()))
        assert found == expected, name
        compared += 1
    assert compared >= 3


@pytest.mark.parametrize("viewer", [Viewer.organiser(), Viewer.member("wren")], ids=["organiser", "member"])
def test_bound_queries_give_what_pyoxigraph_substitutions_give(tiny_file, viewer):
    """Bindings go in as a VALUES block (much faster on UNION/OPTIONAL queries); the rows
    must be those of pyoxigraph's own substitutions, for every named query we can bind."""
    from graph.store import PraxisStore, queries, to_ox, to_python

    store = open_store("memory:")
    store.bulk_load(tiny_file.path, viewer=Viewer.organiser())
    engine = ox.Store()  # raw pyoxigraph holding the same file
    engine.bulk_load(path=str(tiny_file.path), format=ox.RdfFormat.N_QUADS)
    graphs = PraxisStore.graphs_for(viewer)
    compared = 0
    for name in queries.names():
        bindings, _ = capabilities.bindings_for(name, tiny_file.landmarks)
        text = queries.load(name)
        if not bindings or any(w in text for w in ("LIMIT", "GROUP_CONCAT", "SAMPLE")):
            continue
        substituted = engine.query(
            text,
            default_graph=graphs,
            named_graphs=graphs,
            substitutions={ox.Variable(k): to_ox(v) for k, v in bindings.items()},
        )
        names = [v.value for v in substituted.variables]
        expected = Counter(tuple(repr(to_python(s[n])) for n in names) for s in substituted)
        found = Counter(tuple(repr(row[n]) for n in names) for row in store.select(name, viewer, **bindings))
        assert found == expected, name
        compared += 1
    assert compared >= 10


# ------------------------------------------------------------------ the runner, end to end
def test_a_small_benchmark_runs_end_to_end(tmp_path):
    output = tmp_path / "results.json"
    command = [
        sys.executable,
        "-m",
        "bench.run",
        "--sizes",
        "1k",
        "--repeat",
        "1",
        "--fast-repeat",
        "1",
        "--backends",
        "memory",
        "--output",
        str(output),
        "--data-dir",
        str(tmp_path / "data"),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| figure |" in done.stdout and "### Targets" in done.stdout
    results = json.loads(output.read_text(encoding="utf-8"))
    assert {"meta", "runs", "targets"} <= set(results)
    assert results["meta"]["sizes"] == ["1k"] and results["meta"]["repeat"] == 1
    (run,) = results["runs"]
    assert run["size"] == "1k" and run["backend"] == "memory" and run["triples"] > 0
    figures = run["figures"]
    for name in (
        "bulk_load",
        "store_open",
        "lesson_write",
        "tensions",
        "suggest_cold",
        "suggest_warm",
        "suggest_text",
    ):
        assert name in figures, name
    for name in ("taught", "concept_map", "map_opening", "search", "search_index", "record_page"):
        assert name in figures, name
    assert figures["bulk_load"]["status"] == "ok" and figures["bulk_load"]["ours_s"] > 0
    assert figures["lesson_write"]["status"] == "ok"
    assert set(figures["bulk_load"]) >= {
        "ours_s",
        "raw_s",
        "rdflib_s",
        "overhead",
        "speedup",
        "status",
        "note",
    }
    assert any(name.startswith("query:") and f["status"] == "ok" for name, f in figures.items())
    assert run["memory"]["explorer_peak_mb"] > 0


@pytest.mark.remote
def test_the_served_comparison_times_every_capability_on_both_stores(tmp_path):
    from bench import served

    result = served.main(["--size", "1k", "--rounds", "1", "--data-dir", str(tmp_path)])
    assert {"tensions", "taught", "concept_map", "suggest_cold", "suggest_warm", "lesson_write"} <= set(
        result
    )
    assert all(row["embedded_s"] > 0 and row["served_s"] > 0 for row in result.values())


def test_the_network_benchmark_runs_end_to_end(capsys):
    """bench.network over two small chapters: every figure is there, and the network's
    answer holds the chapters' lessons beside ours."""
    from bench import network

    report = network.main(["--peers", "2", "--lessons", "60", "--rounds", "1"])
    assert json.loads(capsys.readouterr().out) == report
    for name in ("tensions", "taught"):
        figures = report[name]
        assert set(figures) == {
            "ours_s",
            "network_first_s",
            "network_s",
            "network_chapters_kept_s",
            "network_counts_kept_s",
            "ratio",
        }
        assert all(value > 0 for value in figures.values())
    assert report["taught_lessons"] > report["taught_lessons_ours"] > 0
