r'''People's queries: checked on tokens and a parse, run in a worker that can be stopped.

Regression tests for issue 16 (items 1 and 2) and 18: a ``SERVICE`` smuggled past
the old regular expression by ``"""\""""``, queries nested deep enough to crash the
engine, an ``ORDER BY`` over a cross product that grew the explorer to 4.5 GB, and
syntax errors placed in the hidden prologue's lines. A loopback listener fails a
test on any connection it receives.
'''

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.access import Viewer
from graph.errors import BadInput
from graph.sparql import MAX_DEPTH, ParseProblem, QueryTimeout, RefusedQuery, check_parsed, check_query, guard
from graph.sparql import pool as query_pool
from graph.store import backends, open_store

RESTRICTED = ox.NamedNode("https://w3id.org/praxis/graph/restricted")
PUBLIC = ox.NamedNode("https://w3id.org/praxis/graph/public")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SECRET = "SECRET-direct-action-lesson"
#: The attack of issue 16, item 1, pointed at ``{target}``.
ATTACK = (
    'SELECT ?s ?l WHERE { BIND("""\\"""" AS ?x) SERVICE <{target}> { GRAPH '
    "<https://w3id.org/praxis/graph/restricted> { ?s rdfs:label ?l } } "
    'BIND("" AS ?y) }'
)


def attack(target: str) -> str:
    return ATTACK.replace("{target}", target)


class Listener:
    """A TCP listener on 127.0.0.1 that counts every connection it gets."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _serve(self) -> None:
        while self.running:
            try:
                peer, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            peer.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()
    assert found.connections == 0, "a person's query made our process open a connection"


@pytest.fixture
def fresh_pool(monkeypatch):
    """A pool of its own for the test, closed (workers killed) at its end."""
    made = query_pool.QueryPool()
    monkeypatch.setattr(query_pool, "_POOL", made)
    yield made
    made.close()


def secret_store(url: str = "memory:"):
    store = open_store(url)
    store.load_trusted(
        [
            ox.Quad(ox.NamedNode("http://e/restricted"), LABEL, ox.Literal(SECRET), RESTRICTED),
            ox.Quad(ox.NamedNode("http://e/public"), LABEL, ox.Literal("open lesson"), PUBLIC),
        ]
    )
    return store


# ------------------------------------------------------------------ item 1: SERVICE
def test_the_listener_does_notice_a_connection():
    """The oracle works: the attack run straight in pyoxigraph reaches the listener."""
    found = Listener()
    try:
        with pytest.raises((OSError, RuntimeError, SyntaxError)):
            list(ox.Store().query(attack(found.url).replace("rdfs:label", "<http://e/label>")))
        deadline = time.monotonic() + 5
        while found.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        found.close()
    assert found.connections >= 1


def test_the_smuggled_service_is_refused_by_the_library(listener, fresh_pool):
    store = secret_store()
    with pytest.raises(RefusedQuery, match="SERVICE is refused"):
        store.user_query(attack(listener.url), Viewer.visitor())


def test_the_smuggled_service_is_refused_by_praxis_query(listener, run_praxis):
    secret_store(run_praxis.store_url)
    result = run_praxis("--as", "visitor", "query", "-e", attack(listener.url))
    assert result.returncode == 2
    assert b"SERVICE is refused" in result.stderr
    assert SECRET.encode() not in result.stdout + result.stderr


@pytest.mark.remote
@pytest.mark.xdist_group("served-query-guard")
def test_a_served_store_never_shows_a_visitor_restricted_records(oxigraph_server, run_praxis, fresh_pool):
    """The deployment of issue 16: the store behind ``oxigraph serve``, SERVICE aimed at it."""
    store = secret_store(oxigraph_server)
    endpoint = oxigraph_server.removeprefix("sparql+") + "/query"
    with pytest.raises(RefusedQuery, match="SERVICE is refused"):
        store.user_query(attack(endpoint), Viewer.visitor())
    shown = store.user_query("SELECT ?l WHERE { ?s rdfs:label ?l }", Viewer.visitor()).decode()
    assert "open lesson" in shown and SECRET not in shown
    everything = store.user_query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", Viewer.visitor()).decode()
    assert SECRET not in everything and str(RESTRICTED.value) not in everything
    result = run_praxis("--as", "visitor", "query", "-e", attack(endpoint), store=oxigraph_server)
    assert result.returncode == 2 and SECRET.encode() not in result.stdout + result.stderr
    plain = run_praxis(
        "--as", "visitor", "query", "-e", "SELECT ?l WHERE { ?s rdfs:label ?l }", store=oxigraph_server
    )
    assert plain.returncode == 0 and b"open lesson" in plain.stdout and SECRET.encode() not in plain.stdout


def test_service_hidden_as_a_prefixed_name_never_connects(listener, fresh_pool):
    """pyoxigraph and rdflib both read ``service:query {`` as ``SERVICE :query {``."""
    text = (
        f"PREFIX service: <http://e/> PREFIX : <http://127.0.0.1:{listener.port}/> "
        "SELECT * WHERE { service:query { ?s ?p ?o } }"
    )
    with pytest.raises(BadInput):
        secret_store().user_query(text, Viewer.visitor())


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX service: <http://e/> SELECT ?service WHERE { ?service service:p ?o }",
        'SELECT ?x WHERE { BIND("load the van; SERVICE <http://x/> {}" AS ?x) }',
        "SELECT ?s WHERE { ?s ?p ?o } # SERVICE <http://x/> { } in a comment",
        "SELECT * WHERE { ?s <http://e/SERVICE> ?o }",
    ],
)
def test_words_that_only_look_like_service_are_allowed(text, fresh_pool):
    secret_store().user_query(text, Viewer.visitor())


@pytest.mark.parametrize(
    "text",
    [
        r'SELECT ?x WHERE { BIND("\\u0022" AS ?x) }',  # a backslash and u: rdflib would make it a quote
        r"PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\'b ?o }",
        r"SELECT * WHERE { \u0053ERVICE <http://x/> { } }",
        r"SELECT * WHERE { ?s <http://e/\u003E> ?o }",
    ],
)
def test_escapes_that_could_move_a_boundary_are_refused(text):
    with pytest.raises((RefusedQuery, BadInput)):
        guard(text)


def test_the_canonical_text_holds_no_escape_comment_or_prefixed_name():
    guarded = guard(
        "PREFIX ex: <http://e/>\nSELECT ?x # note\n"
        'WHERE { ?s ex:p """a\n"b""" ; ex:q \'\\u0041\' ; ex:r <http://e/\\u0042> }'
    )
    assert guarded.text == (
        'PREFIX ex: <http://e/> SELECT ?x WHERE { ?s <http://e/p> "a\\n\\"b" ; <http://e/q> "A" ; '
        "<http://e/r> <http://e/B> }"
    )


# ------------------------------------------------------------------ the corpus
def _case(text: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from([str.upper, str.lower, str]), min_size=len(text), max_size=len(text)).map(
        lambda ways: "".join(way(char) for way, char in zip(ways, text, strict=True))
    )


SERVICE_WORD = st.one_of(
    _case("service"),
    st.just(r"\u0053ERVICE"),
    st.just(r"SERV\u0049CE"),
    st.just(r"\U00000053ERVICE"),
    st.just("SER VICE"),
    st.just("SER#x\nVICE"),
    st.just("service:"),
    st.just("SERVICE SILENT"),
    st.just("SERVICEex:"),
)
STRINGS = st.sampled_from(
    [
        '"""\\""""',
        '"a\\"b"',
        "'''it''s'''",
        "'\\''",
        '"\\\\"',
        '"\\u0022"',
        '"\\u005C"',
        '""',
        '"""a""b"""',
        "'''\\''''",
        '"\\t\\n"',
        '"""',
        "'",
        '"',
    ]
)
PIECES = st.one_of(
    STRINGS,
    st.sampled_from(["# c\n", "#", "\n", " ", "\t", "", "\r\n", "# SERVICE\n", "#\\u000a "]),
    st.sampled_from(
        ["<http://e/a>", "<http://e/\\u0041>", "<", ">", "rdfs:label", "ex:a.b", ":x", "?x", "$y"]
    ),
    st.sampled_from(["1", "-1.5e3", ".5", "+2", "1.", "true", "@en", "^^", "_:b", "()", "[]"]),
    st.sampled_from(["{", "}", "(", ")", ".", ";", ",", "BIND(", " AS ?v)", "FILTER(", "\\"]),
)
#: Well-formed group pieces, so that many generated queries are SPARQL the guard runs.
WELL_FORMED = st.builds(
    lambda template, string, number: template.replace("STRING", string).replace("_N_", str(number)),
    st.sampled_from(
        [
            "?a_N_ ?b_N_ ?c_N_ . ",
            "BIND(STRING AS ?s_N_) ",
            "BIND(<http://e/\\u0041> AS ?i_N_) ",
            "FILTER(-1.5e3 < .5) ",
            "OPTIONAL { ?a_N_ rdfs:label STRING } ",
            "# SERVICE <http://e/> { } STRING\n",
            "VALUES ?w_N_ { 1 STRING <http://e/> } ",
            'BIND("1"^^xsd:integer AS ?n_N_) ',
            'FILTER(LANG("a"@en-GB) = "en-gb") ',
            "?a_N_ <http://e/p>* ?b_N_ . ",
        ]
    ),
    st.sampled_from(
        ['"""\\""""', '"a\\"b"', "'''it''s'''", "'\\''", '"\\\\"', '"\\u0022"', '"\\u005C"', '""', "'x'"]
    ),
    st.integers(0, 10**6),
)
FILLERS = st.one_of(WELL_FORMED, WELL_FORMED, WELL_FORMED, PIECES)
TARGETS = st.sampled_from(["<{url}>", "?svc", ":sparql", "<http://127.0.0.1:{port}/sparql>", "<{url}\\u003E"])


CONTAINERS = st.sampled_from(
    [
        ("", ""),
        ("", ""),
        ('BIND("', '" AS ?v)'),
        ('BIND("""', '""" AS ?v)'),
        ("BIND('''", "''' AS ?v)"),
        ("BIND('", "' AS ?v)"),
        ("# ", "\n"),
        ('BIND("""\\"""" AS ?x) ', ' BIND("" AS ?y)'),
    ]
)


@st.composite
def smuggled(draw) -> str:
    """A query with a SERVICE spelled some way, maybe inside a string or comment, among fillers."""
    pieces = WELL_FORMED if draw(st.booleans()) else FILLERS  # half the corpus is mostly SPARQL
    between = draw(st.sampled_from([" ", " ", "\n", ""]))
    before = between.join(draw(st.lists(pieces, max_size=4))) + between
    after = between.join(draw(st.lists(pieces, max_size=4)))
    opening, closing = draw(CONTAINERS)
    word = draw(SERVICE_WORD)
    target = draw(TARGETS)
    gap = draw(st.sampled_from([" ", "", "\n", "#c\n", "\t"]))
    snippet = word + gap + target + " { ?s ?p ?o }"
    body = before + opening + snippet + closing + " " + after
    wrap = draw(
        st.sampled_from(["SELECT * WHERE { {} }", "ASK { {} }", "SELECT * WHERE { {} } LIMIT 1", "{}"])
    )
    prologue = draw(st.sampled_from(["", "PREFIX ex: <http://e/> ", "PREFIX : <{url}/> "]))
    return prologue + wrap.replace("{}", body, 1)


#: Distinct pieces the corpus combines (reported in the closing note).
CORPUS_PIECES = {
    "service spellings": 9 + 2**7 - 1,
    "containers": 7,
    "targets": 5,
    "fillers": 14 + 9 + 9 + 11 + 11,
}


STATS = {"tried": 0, "passed": 0, "end_to_end": 0}


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(template=smuggled())
def test_no_generated_query_reaches_the_listener(listener, template, fresh_pool):
    """Whatever the guard lets through, run as the engine would run it, opens no connection."""
    text = template.replace("{url}", listener.url.removesuffix("/sparql")).replace(
        "{port}", str(listener.port)
    )
    STATS["tried"] += 1
    try:
        guarded = check_query(text)
    except (RefusedQuery, BadInput):
        return
    STATS["passed"] += 1
    try:  # the oracle: plain pyoxigraph in this process, no worker, no network namespace
        result = ox.Store().query(guarded.full)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    if STATS["passed"] % 5 == 1:  # and a sample end to end, through the worker
        STATS["end_to_end"] += 1
        with contextlib.suppress(RefusedQuery, BadInput):
            open_store("memory:").user_query(text, Viewer.visitor(), seconds=5)
    assert listener.connections == 0, text


def test_the_corpus_let_some_queries_through():
    """Not vacuous: the corpus above holds queries the guard runs (SERVICE in strings,
    comments and IRIs). Runs after it in one process; alone, it checks a few by hand."""
    for text in [
        'ASK { BIND("SERVICE <http://x/> {}" AS ?x) }',
        "ASK { ?s <http://e/service> ?o } # SERVICE",
    ]:
        check_query(text)
    if STATS["tried"]:
        print(f"\ncorpus: {STATS}")
        assert STATS["passed"] > 0


# ------------------------------------------------------------------ item 2: crashes and exhaustion
@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    ],
    ids=["3000 braces", "5000 parentheses"],
)
def test_deep_nesting_is_refused_with_a_message(text, run_praxis):
    with pytest.raises(RefusedQuery, match=f"more than {MAX_DEPTH} deep"):
        guard(text)
    result = run_praxis("query", "-e", text)
    assert result.returncode == 2, result.returncode  # not 139, a segfault
    assert f"more than {MAX_DEPTH} deep".encode() in result.stderr


def test_nesting_up_to_the_limit_runs(fresh_pool):
    store = open_store("memory:")
    for text in [
        "SELECT * WHERE " + "{" * (MAX_DEPTH - 1) + " ?s ?p ?o " + "}" * (MAX_DEPTH - 1),
        "ASK { FILTER(" + "(" * (MAX_DEPTH - 2) + "1" + ")" * (MAX_DEPTH - 2) + ") }",
    ]:
        store.user_query(text, Viewer.visitor())


def _rss(pid: int) -> int:
    """Resident memory of ``pid`` in MB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return 0
    return 0


class Peak:
    """Samples the resident memory of this process and of the pool's workers."""

    def __init__(self, pool: query_pool.QueryPool):
        self.pool, self.parent, self.workers, self.seen = pool, 0, 0, set()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while self.running:
            self.parent = max(self.parent, _rss(os.getpid()))
            for pid in self.pool.workers():
                self.seen.add(pid)
                self.workers = max(self.workers, _rss(pid))
            time.sleep(0.02)

    def __enter__(self) -> Peak:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.running = False
        self.thread.join()


#: How far the serving process may grow while a person's query runs (MB). On main
#: the explorer grew by 4.5 GB on the ORDER BY below and died.
PARENT_GROWTH_MB = 150


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    ],
    ids=["order by a cross product", "count of three patterns"],
)
def test_an_exhausting_query_is_stopped_and_its_worker_killed(seeded, fresh_pool, monkeypatch, text):
    monkeypatch.setenv("PRAXIS_QUERY_MEMORY_MB", "1024")
    viewer = Viewer.organiser()
    seeded.user_query("ASK { ?s ?p ?o }", viewer)  # the snapshot is made; its cost is not the query's
    before = _rss(os.getpid())
    started = time.monotonic()
    with Peak(fresh_pool) as peak, pytest.raises(RefusedQuery, match=r"stopped after 3 seconds|more memory"):
        seeded.user_query(text, viewer, seconds=3)
    took = time.monotonic() - started
    assert took < 3 + 2
    assert peak.seen and all(not os.path.exists(f"/proc/{pid}") for pid in peak.seen)  # killed, reaped
    assert peak.parent - before < PARENT_GROWTH_MB, (before, peak.parent)
    assert peak.workers <= 1024 + 64
    print(f"\n{text}: {took:.1f} s; parent {before} -> {peak.parent} MB; worker peak {peak.workers} MB")
    answer = seeded.user_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", viewer)
    assert b'"n"' in answer


def test_the_cli_stops_the_order_by_example_and_exits_2(run_praxis, seed_quads, monkeypatch):
    store = open_store(run_praxis.store_url)
    store.load_trusted(seed_quads)
    del store
    monkeypatch.setenv("PRAXIS_QUERY_SECONDS", "2")
    result = run_praxis("query", "-e", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1")
    assert result.returncode == 2
    assert b"stopped after 2 seconds" in result.stderr or b"more memory" in result.stderr


def test_a_query_waits_for_a_busy_worker_then_says_busy(fresh_pool, monkeypatch):
    monkeypatch.setenv("PRAXIS_QUERY_RUNNING", "1")
    store = open_store("memory:")
    store.load_trusted(
        ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode(f"http://e/p{i % 7}"), ox.Literal(str(i)), PUBLIC)
        for i in range(3000)
    )
    outcome: dict[str, BaseException] = {}

    def long_one() -> None:
        try:
            store.user_query(
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                Viewer.visitor(),
                seconds=4,
            )
        except BaseException as error:
            outcome["error"] = error

    running = threading.Thread(target=long_one)
    running.start()
    deadline = time.monotonic() + 30
    while not fresh_pool.workers() and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(QueryTimeout, match="busy"):
        store.user_query("ASK {}", Viewer.visitor(), seconds=0.5)
    running.join()
    assert isinstance(outcome.get("error"), QueryTimeout)
    assert store.user_query("ASK {}", Viewer.visitor()) == b'{"head":{},"boolean":true}'


def test_a_crashed_worker_gives_a_message_and_the_next_query_runs(fresh_pool):
    store = open_store("memory:")
    store.user_query("ASK {}", Viewer.visitor())
    (pid,) = fresh_pool.workers()
    os.kill(pid, 9)
    with pytest.raises(RefusedQuery, match="crashed the query worker"):
        store.user_query("ASK {}", Viewer.visitor())
    assert store.user_query("ASK {}", Viewer.visitor()) == b'{"head":{},"boolean":true}'


def test_workers_end_with_their_pool(fresh_pool):
    open_store("memory:").user_query("ASK {}", Viewer.visitor())
    pids = fresh_pool.workers()
    assert pids
    fresh_pool.close()
    assert all(not os.path.exists(f"/proc/{pid}") for pid in pids)


# ------------------------------------------------------------------ issue 18: positions as typed
def test_a_syntax_error_on_line_one_names_its_column():
    text = "SELECT * WHERE { ?s ?p ?o . FOO }"
    with pytest.raises(BadInput, match=r"line 1, column 29\b"):
        check_query(text)


def test_a_parse_error_is_placed_where_it_was_typed(fresh_pool):
    text = "SELECT ?s WHERE { ?s ?p ?o ?x }"
    with pytest.raises(BadInput, match=r"line 1, column \d+") as raised:
        open_store("memory:").user_query(text, Viewer.visitor())
    column = int(str(raised.value).split("column ")[1].split(":")[0])
    assert 1 <= column <= len(text)
    assert "line 19" not in str(raised.value)
    two_lines = "SELECT ?s\nWHERE { ?s ?p }"
    with pytest.raises(BadInput, match=r"line [12], column \d+"):
        open_store("memory:").user_query(two_lines, Viewer.visitor())


def test_the_engines_own_position_is_not_shown_counted_in_hidden_lines(fresh_pool):
    """Regression: a one-line query was refused with "(error at 19:46: ...)": the engine
    counted the hidden prefix lines. rdflib accepts this text, the engine refuses it."""
    text = "SELECT * WHERE { ?s ?p ?o . BIND(1 AS ?s) }"
    with pytest.raises(BadInput) as raised:
        open_store("memory:").user_query(text, Viewer.visitor())
    message = str(raised.value)
    assert "error at" not in message and "19:" not in message
    assert "this is not SPARQL 1.1" in message


def test_check_parsed_refuses_service_in_the_algebra():
    with pytest.raises(RefusedQuery, match="SERVICE"):
        check_parsed("SELECT * WHERE { OPTIONAL { SERVICE SILENT ?g { ?s ?p ?o } } }")
    with pytest.raises(ParseProblem):
        check_parsed("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")


def test_a_large_store_snapshot_is_a_checkpoint_keeping_viewers_apart(tmp_path, fresh_pool, monkeypatch):
    monkeypatch.setattr(backends, "CHECKPOINT_ABOVE", 0)  # every on-disk store counts as large
    store = secret_store(f"oxigraph:{tmp_path / 'store'}")
    seen = store.user_query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", Viewer.visitor()).decode()
    assert "open lesson" in seen and SECRET not in seen
    assert SECRET in store.user_query("SELECT ?l WHERE { ?s rdfs:label ?l }", Viewer.organiser()).decode()
    assert list(tmp_path.glob(".praxis-query-snapshot-*"))
    fresh_pool.close()
    assert not list(tmp_path.glob(".praxis-query-snapshot-*"))
