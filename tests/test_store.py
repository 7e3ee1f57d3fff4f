"""The store on all four backends (memory, disk, ``oxigraph serve``, Virtuoso): visibility on
reads, atomic validated writes."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed, PraxisError, StoreBusy, ValidationFailed
from graph.namespaces import PRX, RDF, RDFS
from graph.store import Statement, open_store, to_ox
from tests import data


@pytest.fixture(
    params=["memory", "disk", "remote", pytest.param("virtuoso", marks=pytest.mark.xdist_group("virtuoso"))]
)
def any_store(request, tmp_path, ontology_quads):
    """The same empty-plus-ontology store on each backend."""
    if request.param == "memory":
        store = open_store("memory:")
    elif request.param == "disk":
        store = open_store(f"oxigraph:{tmp_path / 'store'}")
    elif request.param == "remote":
        store = open_store(request.getfixturevalue("oxigraph_server"))
    else:
        store = request.getfixturevalue("virtuoso_store")
    store.load_trusted(ontology_quads)
    return store


def record_lesson(store, visibility=Visibility.MEMBERS):
    author, statements = data.member()
    action, more = data.action(visibility)
    lesson, rest = data.lesson(action, author, visibility=visibility)
    store.write(statements + more + rest, viewer=Viewer.organiser())
    return lesson


def test_reads_see_only_the_graphs_of_the_viewers_role(any_store):
    public = record_lesson(any_store, Visibility.PUBLIC)
    members = record_lesson(any_store, Visibility.MEMBERS)
    restricted = record_lesson(any_store, Visibility.RESTRICTED)

    def lessons(viewer):
        return {row["lesson"] for row in any_store.select("lessons_all", viewer)}

    assert lessons(Viewer.visitor()) == {public}
    assert lessons(Viewer.member("wren")) == {public, members}
    assert lessons(Viewer.organiser()) == {public, members, restricted}


def test_named_query_binding_works_on_every_backend(any_store):
    lesson = record_lesson(any_store, Visibility.PUBLIC)
    rows = any_store.select("label_of", Viewer.visitor(), node=lesson)
    assert [row["label"] for row in rows] == ["Door-knocking brought neighbours to the picket"]


def test_a_set_binds_a_variable_to_any_of_its_values_on_every_backend(any_store):
    public = record_lesson(any_store, Visibility.PUBLIC)
    hidden = record_lesson(any_store, Visibility.RESTRICTED)

    def labelled(nodes, viewer=None):
        viewer = viewer or Viewer.organiser()
        return {row["node"] for row in any_store.select("label_of", viewer, node=nodes)}

    assert labelled({public, hidden}) == {public, hidden}
    assert labelled([public, hidden], Viewer.visitor()) == {public}  # still only what the viewer sees
    assert labelled(set()) == set()  # an empty set matches nothing, not everything


def test_values_of_every_kind_read_the_same_on_every_backend(any_store):
    """The embedded store reads the engine's TSV, the remote one engine terms: same values."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    public = ox.NamedNode(str(Visibility.PUBLIC.graph))
    text = 'tab\there\nnew line "quoted" back\\slash \u00e9 \U0001f600'
    written = {
        "text": (ox.Literal(text), text),
        "lines": (ox.Literal('one\ntwo "2"\tthree'), 'one\ntwo "2"\tthree'),
        "empty": (ox.Literal(""), ""),
        "tagged": (ox.Literal("Anarchie", language="de"), "Anarchie"),
        "integer": (ox.Literal("-12", datatype=ox.NamedNode(xsd + "integer")), -12),
        "int": (ox.Literal("5", datatype=ox.NamedNode(xsd + "int")), 5),
        "decimal": (ox.Literal("1.50", datatype=ox.NamedNode(xsd + "decimal")), 1.5),
        "double": (ox.Literal("2.5E1", datatype=ox.NamedNode(xsd + "double")), 25.0),
        "boolean": (ox.Literal("1", datatype=ox.NamedNode(xsd + "boolean")), True),
        "false": (ox.Literal("false", datatype=ox.NamedNode(xsd + "boolean")), False),
        "date": (ox.Literal("2024-03-01", datatype=ox.NamedNode(xsd + "date")), dt.date(2024, 3, 1)),
        "year": (ox.Literal("2024", datatype=ox.NamedNode(xsd + "gYear")), "2024"),
        "not a number": (ox.Literal("many", datatype=ox.NamedNode(xsd + "integer")), "many"),
        "iri": (ox.NamedNode("https://example.org/a?b=c#d"), URIRef("https://example.org/a?b=c#d")),
    }
    label = ox.NamedNode(str(RDFS.label))
    if any_store.url.startswith("virtuoso"):
        # Virtuoso refuses a number that is not one (SR341) where Oxigraph keeps it as written
        wrong, _ = written.pop("not a number")
        with pytest.raises(PraxisError, match="many"):
            any_store.load_trusted([ox.Quad(ox.NamedNode("https://example.org/wrong"), label, wrong, public)])
    nodes = {name: ox.NamedNode(f"https://example.org/value/{i}") for i, name in enumerate(written)}
    any_store.load_trusted(ox.Quad(nodes[name], label, term, public) for name, (term, _) in written.items())

    rows = any_store.select("label_of", Viewer.visitor(), node={URIRef(n.value) for n in nodes.values()})

    got = {row["node"]: row["label"] for row in rows}
    expected = {URIRef(nodes[name].value): value for name, (_, value) in written.items()}
    assert got == expected
    assert all(type(got[node]) is type(value) for node, value in expected.items())


def test_reads_run_together_give_what_each_gives_alone_in_order(any_store):
    public = record_lesson(any_store, Visibility.PUBLIC)
    hidden = record_lesson(any_store, Visibility.RESTRICTED)
    visitor = Viewer.visitor()
    reads = {
        "lessons": ("lessons_all", {}),
        "labels": ("label_of", {"node": {public, hidden}}),
        "count": ("triple_count", {}),
    }

    together = any_store.select_together(visitor, reads)

    assert together == {
        key: any_store.select(name, visitor, **bindings) for key, (name, bindings) in reads.items()
    }
    assert list(together) == list(reads)  # in the order given
    assert {row["lesson"] for row in together["lessons"]} == {public}  # each read sees what the viewer may


def test_an_error_in_reads_run_together_reaches_the_caller(any_store):
    with pytest.raises(KeyError, match="no_such_query"):
        any_store.select_together(
            Viewer.visitor(), {"count": ("triple_count", {}), "bad": ("no_such_query", {})}
        )


def test_a_read_that_fails_on_a_reader_thread_lets_go_of_the_engines_answer_there(monkeypatch):
    """The engine's solutions may be dropped only on the thread that made them; a read of
    select_together that fails (they are evaluated lazily) is raised, and freed, on another.
    A SERVICE on a port no client may use fails when evaluated, without a connection."""
    import sys
    import threading

    backend, caught, unraisable = open_store("memory:").backend, [], []
    monkeypatch.setattr(sys, "unraisablehook", lambda found: unraisable.append(str(found.exc_value)))

    def read() -> None:
        try:
            backend.solutions("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", [], {})
        except OSError as error:
            caught.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert caught  # the read failed, on the reader thread
    caught.clear()  # and its error is let go of here
    assert unraisable == []


def test_invalid_write_changes_nothing(any_store):
    before = any_store.stats(Viewer.organiser())["statements"]
    author, statements = data.member()
    action, more = data.action()
    _lesson, rest = data.lesson(action, author)
    rest = [s for s in rest if s.predicate != PRX.supports]  # a lesson with no target
    with pytest.raises(ValidationFailed, match="at least one concept or claim"):
        any_store.write(statements + more + rest, viewer=Viewer.organiser())
    assert any_store.stats(Viewer.organiser())["statements"] == before


def test_visitor_may_not_write(any_store):
    _author, statements = data.member(visibility=Visibility.PUBLIC)
    with pytest.raises(NotAllowed, match="visitor may not write"):
        any_store.write(statements, viewer=Viewer.visitor())
    assert not any_store.select("lessons_all", Viewer.organiser())


def test_member_may_not_write_restricted_records(store):
    _author, statements = data.member(visibility=Visibility.RESTRICTED)
    with pytest.raises(NotAllowed, match="member may not write restricted"):
        store.write(statements, viewer=Viewer.member("wren"))


def test_replace_rewrites_a_record_in_one_transaction(store):
    lesson = record_lesson(store)
    rows = store.select("label_of", Viewer.organiser(), node=lesson)
    assert rows[0]["label"].startswith("Door-knocking")
    current = [
        Statement(q.subject, q.predicate, q.object, Visibility.MEMBERS)
        for q in _statements_of(store, lesson)
        if str(q.predicate) != str(RDFS.label)
    ]
    current.append(Statement(lesson, RDFS.label, Literal("A better title"), Visibility.MEMBERS))
    store.write(current, replace=[lesson], viewer=Viewer.organiser())
    assert [r["label"] for r in store.select("label_of", Viewer.organiser(), node=lesson)] == [
        "A better title"
    ]


def _statements_of(store, subject):
    from graph.store import from_ox, to_ox

    class Triple:
        def __init__(self, quad):
            self.subject, self.predicate, self.object = (
                from_ox(t) for t in (quad.subject, quad.predicate, quad.object)
            )

    return [Triple(q) for q in store.quads(Viewer.organiser()) if q.subject == to_ox(subject)]


def test_second_process_cannot_open_the_embedded_store(tmp_path):
    import subprocess
    import sys

    first = open_store(f"oxigraph:{tmp_path / 'store'}")
    code = (
        "from graph.store import open_store\n"
        "from graph.errors import StoreBusy\n"
        f"try:\n    open_store('oxigraph:{tmp_path / 'store'}')\n"
        "except StoreBusy as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "in use by another process" in out.stdout
    assert "make serve" in out.stdout  # says what to do
    assert first.is_empty()
    assert StoreBusy.exit_code == 2


def test_unknown_store_url_is_a_clear_error():
    with pytest.raises(BadInput, match="unknown store 'postgres://x'"):
        open_store("postgres://x")


def test_generation_counts_writes(store):
    before = store.generation  # the fixture's load counts as one
    record_lesson(store)
    assert store.generation == before + 1


def test_touched_since_names_what_later_writes_changed(store):
    start = store.generation
    assert store.touched_since(start) == frozenset()
    lesson = record_lesson(store)
    touched = store.touched_since(start)
    assert lesson in touched
    assert store.touched_since(store.generation) == frozenset()


def test_touched_since_is_unknown_after_a_write_it_did_not_journal(store, ontology_quads):
    start = store.generation
    record_lesson(store)
    store.load_trusted(ontology_quads)  # a bulk load: no journal entry, so caches must rebuild
    assert store.touched_since(start) is None


def test_the_audit_log_lists_writes_in_the_order_they_were_made(store):
    """Writes a moment apart (one form saved after another) keep their order in the log: the
    change time keeps its microseconds, so two writes in one second do not tie."""
    first = record_lesson(store)
    second = record_lesson(store)
    assert first != second
    latest = store.changes(Viewer.organiser(), limit=2)
    assert [row["time"] for row in latest] == sorted((row["time"] for row in latest), reverse=True)
    assert latest[0]["time"] != latest[1]["time"]


def test_a_kept_answer_lasts_until_the_next_write(store):
    made = []
    answer = lambda: made.append(store.generation) or len(made)  # noqa: E731
    assert store.memo("answer", answer) == store.memo("answer", answer) == 1
    record_lesson(store)
    assert store.memo("answer", answer) == 2
    store.forget()
    assert store.memo("answer", answer) == 3
    assert made == [made[0], made[0] + 1, made[0] + 1]


def test_a_kept_answer_follows_the_writes_it_can_account_for(store, ontology_quads):
    followed = []

    def follow(value, since):
        followed.append(store.touched_since(since))
        return value + 1

    assert store.memo("count", lambda: 0, follow=follow) == 0
    lesson = record_lesson(store)
    assert store.memo("count", lambda: 100, follow=follow) == 1
    assert lesson in followed[0]
    store.load_trusted(ontology_quads)  # not journalled: the answer is made again
    assert store.memo("count", lambda: 100, follow=follow) == 100
    assert len(followed) == 1


def test_two_readers_of_one_answer_wait_for_one_making_of_it(store):
    """The explorer's warm-up and a member opening the page at once make the answer once."""
    import threading
    import time

    made = []

    def slow():
        made.append(1)
        time.sleep(0.3)
        return "answer"

    got = []
    readers = [threading.Thread(target=lambda: got.append(store.memo("slow", slow))) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert got == ["answer"] * 4
    assert made == [1]


def test_the_store_keeps_a_bounded_number_of_answers(store):
    from graph.store.praxis_store import MEMO_KEEP

    for number in range(MEMO_KEEP + 10):
        store.memo(("answer", number), lambda n=number: n)
    made = []
    assert store.memo(("answer", 0), lambda: made.append(0) or -1) == -1  # the oldest was dropped
    assert store.memo(("answer", MEMO_KEEP + 9), lambda: made.append(1) or -1) == MEMO_KEEP + 9
    assert made == [0]


def test_the_counts_follow_every_kind_of_write_as_if_counted_afresh(any_store):
    """stats() is kept and brought up to date by each write's own count of what it changed
    (PraxisStore.counted_since): after a new record, a withdrawn lesson, a record replaced and
    one deleted, for every role, the counts equal a fresh count on every backend."""
    store = any_store
    roles = (Viewer.visitor(), Viewer.member("wren"), Viewer.organiser())
    for viewer in roles:
        store.stats(viewer)  # kept before the writes
    public = record_lesson(store, Visibility.PUBLIC)
    hidden = record_lesson(store, Visibility.MEMBERS)
    writes = [
        lambda: record_lesson(store, Visibility.RESTRICTED),
        lambda: store.write(
            [Statement(public, PRX.withdrawn, Literal(True), Visibility.PUBLIC)], viewer=Viewer.organiser()
        ),
        lambda: store.write(
            [
                Statement(hidden, s.predicate, s.object, Visibility.MEMBERS)
                for s in _statements_of(store, hidden)
                if s.predicate != RDFS.label
            ]
            + [Statement(hidden, RDFS.label, Literal("Renamed"), Visibility.MEMBERS)],
            viewer=Viewer.organiser(),
            replace=[hidden],
        ),
        lambda: store.write([], viewer=Viewer.organiser(), replace=[hidden]),
    ]
    for write in writes:
        generation = store.generation
        write()
        assert all(store.counted_since(generation, viewer.role) is not None for viewer in roles)
        followed = [store.stats(viewer) for viewer in roles]
        store.forget()
        assert followed == [store.stats(viewer) for viewer in roles]


def test_an_answer_made_while_a_write_went_on_is_not_kept(store):
    """It may hold some of that write or none of it: kept under either generation, following
    it would count the write twice (or never), so the next reader makes it again."""
    made = []

    def answer():
        made.append(1)
        if len(made) == 1:
            record_lesson(store)  # another session's write lands while this answer is made
        return len(made)

    assert store.memo("racing", answer) == 1
    assert store.memo("racing", answer) == 2
    assert store.memo("racing", answer) == 2


def test_a_time_reads_the_same_on_every_backend_whatever_form_the_engine_keeps(any_store):
    """Virtuoso hands back "…38.250520Z" for "…38.25052Z" (and "…24.56199Z" for "…24.561990Z"):
    a dateTime is read in XSD's canonical form, so the audit log is the same on every engine."""
    from graph.namespaces import PROV, XSD

    store = any_store
    restricted = ox.NamedNode(str(Visibility.RESTRICTED.graph))
    written = {"change-a": "2026-12-07T08:23:38.25052Z", "change-b": "2026-12-07T06:23:24.561990Z"}
    quads = []
    for name, when in written.items():
        change = ox.NamedNode(f"https://w3id.org/praxis/id/{name}")
        for predicate, value in (
            (RDF.type, PRX.Change),
            (PROV.endedAtTime, Literal(when, datatype=XSD.dateTime)),
            (PRX.actorNickname, Literal("heron")),
            (PRX.actorRole, Literal("organiser")),
            (PRX.statementsAdded, Literal(1)),
            (PRX.statementsRemoved, Literal(0)),
        ):
            quads.append(ox.Quad(change, to_ox(predicate), to_ox(value), restricted))
    store.load_trusted(quads)
    times = {row["change"].rsplit("/", 1)[-1]: row["time"] for row in store.changes(Viewer.organiser())}
    assert times["change-a"] == "2026-12-07T08:23:38.25052Z"
    assert times["change-b"] == "2026-12-07T06:23:24.56199Z"
