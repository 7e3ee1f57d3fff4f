"""The read-only SPARQL box: documented examples, refusals, and the time and row limits,
on the SPARQL page (AppTest), in the library and through ``praxis query``."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from graph.access import Viewer
from graph.errors import PraxisError
from graph.sparql import MAX_QUERY_CHARS, QueryTimeout, RefusedQuery, list_examples, run_table
from graph.sparql import limits as readonly
from graph.sparql import pool as query_pool
from graph.store import open_store

PUBLIC = ox.NamedNode("https://w3id.org/praxis/graph/public")
#: Every pair of statements: streams rows for as long as anyone waits.
CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
#: Every pair of statements, counted: no row until the whole join is done.
COUNTED_JOIN = (
    'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?c) = CONCAT(STR(?f), "x")) }'
)
REFUSED = {
    "update": ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "looks like an update (INSERT)"),
    "load": ("LOAD <http://example.org/data.ttl>", "looks like an update (LOAD)"),
    "service": ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
    "too long": ("SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_CHARS, "the limit is 20,000"),
}


def generated(count: int = 3000) -> list[ox.Quad]:
    """A plain generated graph, public, for queries that must take long."""
    return [
        ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode(f"http://e/p{i % 7}"), ox.Literal(str(i)), PUBLIC)
        for i in range(count)
    ]


# ------------------------------------------------------------------ examples
def test_there_are_at_least_ten_documented_examples():
    found = list_examples()
    assert len(found) >= 10
    for example in found:
        assert example.title and not example.title.startswith("#")
        assert len(example.description) > 40, example.name
        assert example.text.lstrip().startswith("#")


@pytest.mark.parametrize("example", list_examples(), ids=lambda e: e.name)
def test_every_example_runs_on_the_seed(seeded, example):
    result = run_table(seeded, Viewer.organiser(), example.text)
    assert result.columns
    assert result.csv.startswith(",".join(result.columns).encode())


def test_the_examples_that_need_a_seed_answer_something(seeded):
    results = {e.name: run_table(seeded, Viewer.organiser(), e.text) for e in list_examples()}
    assert results["01-lessons-challenging-a-reading"].rows
    assert results["02-methods-never-assessed"].rows
    assert results["03-concepts-no-reading-discusses"].rows


# ------------------------------------------------------------------ library limits
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_library_refuses(seeded, name):
    text, message = REFUSED[name]
    with pytest.raises(RefusedQuery, match=message.replace("(", r"\(").replace(")", r"\)")):
        seeded.user_query(text, Viewer.organiser())


def test_a_long_query_is_stopped_at_the_time_limit():
    store = open_store("memory:")
    store.load_trusted(generated())
    with pytest.raises(QueryTimeout, match=r"stopped after 0\.2 seconds"):
        store.user_query(CROSS_JOIN, Viewer.visitor(), seconds=0.2, max_rows=10**9)


def test_results_stop_at_the_row_limit(seeded):
    table = run_table(seeded, Viewer.organiser(), "SELECT * WHERE { ?s ?p ?o }", max_rows=3)
    assert len(table.rows) == 3 and table.truncated
    data = json.loads(seeded.user_query("SELECT * WHERE { ?s ?p ?o }", Viewer.visitor(), max_rows=2))
    assert len(data["results"]["bindings"]) == 2


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PRAXIS_QUERY_SECONDS", "2.5")
    assert readonly.limit("PRAXIS_QUERY_SECONDS") == 2.5
    monkeypatch.setenv("PRAXIS_QUERY_ROWS", "lots")
    with pytest.raises(PraxisError, match="must be a number"):
        readonly.limit("PRAXIS_QUERY_ROWS")


# ------------------------------------------------------------------ praxis query
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_praxis_query_refuses(run_praxis, tmp_path, name):
    text, message = REFUSED[name]
    path = tmp_path / "query.rq"
    path.write_text(text, encoding="utf-8")
    result = run_praxis("query", str(path))
    assert result.returncode == 2
    assert message.encode() in result.stderr


def test_praxis_query_stops_a_long_query(run_praxis, monkeypatch):
    store = open_store(run_praxis.store_url)
    store.load_trusted(generated())
    del store  # the command opens the store itself
    monkeypatch.setenv("PRAXIS_QUERY_SECONDS", "0.5")
    result = run_praxis("--as", "visitor", "query", "-e", COUNTED_JOIN)
    assert result.returncode == 2
    assert b"stopped after 0.5 seconds" in result.stderr


# ------------------------------------------------------------------ the page
@pytest.fixture
def fresh_pool(monkeypatch):
    """Query workers of the test's own, killed at its end."""
    made = query_pool.QueryPool()
    monkeypatch.setattr(query_pool, "_POOL", made)
    yield made
    made.close()


def run_query(app, text: str):
    app.text_area(key="sparql-text").input(text)
    app.button(key="sparql-run").click()
    return app.run()


def test_the_page_runs_an_example_and_offers_csv(page):
    app = page("sparql")
    assert not app.exception
    app.selectbox(key="sparql-example").set_value("02-methods-never-assessed").run()
    assert app.text_area(key="sparql-text").value.startswith("# Methods never assessed")
    app.button(key="sparql-run").click().run()
    assert not app.exception and not app.error
    ran, result = app.session_state["sparql-result"]
    assert ran == app.text_area(key="sparql-text").value
    assert len(result.rows) > 10 and result.columns == ("method", "label", "actionsUsingIt")
    shown = [frame.value for frame in app.dataframe if "actionsUsingIt" in frame.value.columns]
    assert len(shown) == 1 and len(shown[0]) == len(result.rows)
    assert any(d.proto.label == "Download as CSV" for d in app.get("download_button"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_page_refuses_with_a_message(page, name):
    text, message = REFUSED[name]
    app = run_query(page("sparql"), text)
    assert not app.exception
    assert any(message in error.value for error in app.error), [e.value for e in app.error]


def test_the_page_stops_a_long_query_with_a_message(page, monkeypatch, fresh_pool):
    monkeypatch.setenv("PRAXIS_QUERY_SECONDS", "0.3")
    monkeypatch.setenv("PRAXIS_QUERY_ROWS", str(10**9))
    app = run_query(page("sparql", Viewer.visitor()), COUNTED_JOIN)
    assert not app.exception
    assert any("stopped after 0.3 seconds" in error.value for error in app.error)
    assert not fresh_pool.workers()  # the worker was killed, not left computing


def test_the_page_refuses_the_smuggled_service_and_deep_nesting(page):
    app = page("sparql", Viewer.visitor())
    for text, message in [
        (
            'SELECT ?s ?l WHERE { BIND("""\\"""" AS ?x) SERVICE <http://127.0.0.1:9/query> '
            '{ ?s rdfs:label ?l } BIND("" AS ?y) }',
            "SERVICE is refused",
        ),
        ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, "more than 64 deep"),
        ("SELECT * WHERE { ?s ?p ?o . FOO }", "line 1, column 29"),
    ]:
        app = run_query(app, text)
        assert not app.exception
        assert any(message in error.value for error in app.error), [e.value for e in app.error]
    app = run_query(app, "ASK { ?s ?p ?o }")
    assert not app.exception and not app.error


def test_the_csv_download_does_not_run_formulas(page):
    app = run_query(page("sparql"), 'SELECT ?cell WHERE { VALUES ?cell { "=HYPERLINK(1)" "-2" "@SUM(A1)" } }')
    assert not app.exception and not app.error
    _, result = app.session_state["sparql-result"]
    assert result.csv.split(b"\r\n")[1:4] == [b"'=HYPERLINK(1)", b"-2", b"'@SUM(A1)"]


def test_praxis_query_csv_does_not_run_formulas(run_praxis):
    result = run_praxis(
        "query", "--format", "csv", "-e", 'SELECT ?cell WHERE { VALUES ?cell { "=1+1" "+x" } }'
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(b"\r\n")[1:3] == [b"'=1+1", b"'+x"]
