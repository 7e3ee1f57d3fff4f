"""``praxis publish``: the public graph as a static site, and nothing else, ever.

The site's description must agree with its dumps, the dumps must be the public graph
(same statements as N-Triples and as JSON-LD, same bytes for the same data), every
record must have a page with its text escaped, a hostile local name must not write
outside the folder, and no members-only, restricted or peer statement may reach any file.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF as RDF_NS

from graph.access import Viewer, Visibility
from graph.cli import main
from graph.errors import BadInput
from graph.namespaces import DATA, DCTERMS, GRAPH, PRX, RDFS
from graph.publish import page_path, publish
from graph.publish.void import DCAT, SPDX, VOID
from graph.store import Statement, open_store
from tests import data

READING = DATA["reading-davis-1981-women-race-and-class"]
VOID_NS = {name: URIRef(VOID + name) for name in ("Dataset", "dataDump", "triples", "entities")}


def site_text(folder: Path) -> bytes:
    """Every file the site holds, one after another."""
    return b"\n".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def description(folder: Path, base: str = "http://peer.example/chapter/") -> tuple[Graph, URIRef]:
    """void.ttl parsed as a peer would, fetched from ``base``; and its one dataset."""
    graph = Graph().parse(folder / "void.ttl", format="turtle", publicID=base + "void.ttl")
    datasets = list(graph.subjects(RDF_NS.type, VOID_NS["Dataset"]))
    assert len(datasets) == 1
    return graph, datasets[0]


def public_count(store) -> int:
    return sum(1 for _ in store.quads(Viewer.visitor()))


def test_the_description_agrees_with_the_dumps(seeded, tmp_path):
    site = tmp_path / "site"
    done = publish(seeded, site)
    graph, dataset = description(site)
    dumps = sorted(str(d) for d in graph.objects(dataset, VOID_NS["dataDump"]))
    assert dumps == ["http://peer.example/chapter/dump.jsonld", "http://peer.example/chapter/dump.nt"]
    lines = (site / "dump.nt").read_bytes().splitlines()
    assert int(graph.value(dataset, VOID_NS["triples"])) == len(lines) == public_count(seeded)
    assert int(graph.value(dataset, VOID_NS["entities"])) == len(list((site / "id").glob("*.html")))
    assert done.records == len(list((site / "id").glob("*.html"))) > 100
    assert done.concepts == len(list((site / "vocab").glob("*.html"))) > 100
    assert graph.value(dataset, DCTERMS.title) == Literal("Praxis graph")
    for dump in graph.objects(dataset, URIRef(DCAT + "distribution")):
        content = (site / str(dump).rsplit("/", 1)[-1]).read_bytes()
        assert int(graph.value(dump, URIRef(DCAT + "byteSize"))) == len(content)
        checksum = graph.value(dump, URIRef(SPDX + "checksum"))
        assert (
            str(graph.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(content).hexdigest()
        )


def test_the_dump_reloads_as_the_public_graph(seeded, tmp_path):
    publish(seeded, tmp_path / "site")
    reloaded = ox.Store()
    reloaded.load(path=str(tmp_path / "site" / "dump.nt"), format=ox.RdfFormat.N_TRIPLES)
    assert len(reloaded) == public_count(seeded)
    assert all(quad.graph_name == ox.DefaultGraph() for quad in reloaded)


def test_the_json_ld_dump_is_the_same_graph_and_needs_no_context(seeded, tmp_path):
    publish(seeded, tmp_path / "site")
    text = (tmp_path / "site" / "dump.jsonld").read_text(encoding="utf-8")
    assert "@context" not in text
    json.loads(text)
    from_json = Graph().parse(data=text, format="json-ld")
    from_nt = Graph().parse(tmp_path / "site" / "dump.nt", format="nt")
    assert len(from_json) == len(from_nt) == public_count(seeded)
    assert isomorphic(from_json, from_nt)


def test_a_public_reading_has_its_page_and_its_turtle(seeded, tmp_path):
    site = tmp_path / "site"
    publish(seeded, site)
    assert page_path(READING) == "id/reading-davis-1981-women-race-and-class.html"
    page = (site / page_path(READING)).read_text(encoding="utf-8")
    assert "<h1>Women, Race &amp; Class</h1>" in page
    assert '<a href="../vocab/racism.html">' in page  # links out, by relative path
    turtle = Graph().parse(site / page_path(READING, ".ttl"), format="turtle")
    assert (READING, DCTERMS.title, Literal("Women, Race & Class")) in turtle
    assert set(turtle.subjects()) == {READING}
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="id/reading-davis-1981-women-race-and-class.html"' in index
    assert 'href="void.ttl"' in index and 'href="dump.nt"' in index


def test_a_concept_lists_the_readings_that_discuss_it(seeded, tmp_path):
    publish(seeded, tmp_path / "site")
    page = (tmp_path / "site" / "vocab" / "racism.html").read_text(encoding="utf-8")
    assert "Discussed in" in page
    assert '<a href="../id/reading-davis-1981-women-race-and-class.html">Women, Race &amp; Class</a>' in page


def test_a_record_the_explorer_has_no_page_for_gets_one_from_its_statements(seeded, tmp_path):
    publish(seeded, tmp_path / "site")
    assessments = [
        p
        for p in (tmp_path / "site" / "id").glob("assessment-*.html")
        if "Assessment</p>" in p.read_text(encoding="utf-8")
    ]
    assert assessments
    page = assessments[0].read_text(encoding="utf-8")
    assert "<dt>Score</dt>" in page and "<h3>Assessed action</h3>" in page
    action = page.split("<h3>Assessed action</h3>", 1)[1].split('href="', 1)[1].split('"', 1)[0]
    assert (assessments[0].parent / action).is_file()


def test_hostile_text_is_escaped_on_every_page(seeded, tmp_path):
    from tests.test_hostile import PAYLOADS, hostile_records

    hostile_records(seeded)
    site = tmp_path / "site"
    publish(seeded, site)
    html = b"\n".join(path.read_bytes() for path in site.rglob("*.html")).decode("utf-8")
    for payload in PAYLOADS:
        if "<" in payload or '"' in payload:
            assert payload not in html, payload
    reading = (site / page_path(DATA["reading-hostile-0"])).read_text(encoding="utf-8")
    assert "<h1>Hostile reading 0 &lt;script&gt;window.xss=1&lt;/script&gt;</h1>" in reading


def test_nothing_above_public_is_published(seeded, tmp_path):
    author, statements = data.member(visibility=Visibility.MEMBERS)
    action, action_statements = data.action(Visibility.PUBLIC)
    lesson, members = data.lesson(
        action, author, visibility=Visibility.MEMBERS, title="SECRET-MEMBERS-LESSON"
    )
    restricted, hidden = data.action(Visibility.RESTRICTED)
    hidden = [s for s in hidden if s.predicate != RDFS.label]
    hidden.append(
        Statement(restricted, RDFS.label, Literal("SECRET-RESTRICTED-ACTION"), Visibility.RESTRICTED)
    )
    seeded.write(statements + action_statements + members + hidden, viewer=Viewer.organiser())
    site = tmp_path / "site"
    publish(seeded, site)
    text = site_text(site)
    assert b"SECRET-MEMBERS-LESSON" not in text and b"SECRET-RESTRICTED-ACTION" not in text
    assert (site / page_path(action)).is_file()
    assert not (site / page_path(lesson)).exists() and not (site / page_path(restricted)).exists()


def test_a_peers_graph_is_never_republished(seeded, tmp_path):
    peer = ox.NamedNode(str(GRAPH["peer/x"]))
    other = ox.NamedNode(str(DATA["reading-from-a-peer"]))
    seeded.load_trusted(
        [
            ox.Quad(other, ox.NamedNode(str(RDF_NS.type)), ox.NamedNode(str(PRX.Reading)), peer),
            ox.Quad(other, ox.NamedNode(str(DCTERMS.title)), ox.Literal("PEER-ONLY-TITLE"), peer),
        ]
    )
    site = tmp_path / "site"
    publish(seeded, site)
    assert b"PEER-ONLY-TITLE" not in site_text(site)
    assert b"reading-from-a-peer" not in site_text(site)


def test_the_same_data_gives_the_same_dump_bytes(seed_quads, tmp_path):
    sites = []
    for number in range(2):  # two stores: blank nodes get new ids in each
        store = open_store("memory:")
        store.load_trusted(data_copy(seed_quads))
        sites.append(tmp_path / f"site-{number}")
        publish(store, sites[-1])
    for name in ("dump.nt", "dump.jsonld"):
        assert (sites[0] / name).read_bytes() == (sites[1] / name).read_bytes(), name


def data_copy(quads: list[ox.Quad]) -> list[ox.Quad]:
    """``quads`` with every blank node renamed, as a fresh parse of the same files gives."""
    renamed: dict[str, ox.BlankNode] = {}

    def term(value):
        if isinstance(value, ox.BlankNode):
            return renamed.setdefault(value.value, ox.BlankNode())
        return value

    return [ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name) for q in quads]


def test_republishing_replaces_the_previous_site(seeded, tmp_path):
    site = tmp_path / "site"
    publish(seeded, site)
    (site / "id" / "left-over.html").write_text("old", encoding="utf-8")
    action, statements = data.action(Visibility.PUBLIC)
    seeded.write(statements, viewer=Viewer.organiser())
    publish(seeded, site)
    assert not (site / "id" / "left-over.html").exists()
    assert (site / page_path(action)).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it


def test_a_folder_publish_did_not_write_is_refused(seeded, tmp_path):
    site = tmp_path / "notes"
    site.mkdir()
    (site / "plan.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BadInput, match="not written by praxis publish"):
        publish(seeded, site)
    assert [p.name for p in site.iterdir()] == ["plan.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    publish(seeded, empty)
    assert (empty / "void.ttl").is_file()


def test_a_failed_publish_keeps_the_previous_site(seeded, tmp_path, monkeypatch):
    site = tmp_path / "site"
    publish(seeded, site)
    before = (site / "dump.nt").read_bytes()

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("graph.publish.site.record_html", broken)
    seeded.write(data.action(Visibility.PUBLIC)[1], viewer=Viewer.organiser())
    with pytest.raises(RuntimeError):
        publish(seeded, site)
    assert (site / "dump.nt").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize(
    "name", ["../../etc/x", "a%2F..%2F..%2Fb", "a/b", "..", "x" * 300, "/abs", "con.", ".hidden"]
)
def test_a_hostile_local_name_stays_inside_the_site(store, tmp_path, name):
    iri = ox.NamedNode(str(DATA) + name)
    public = ox.NamedNode(str(Visibility.PUBLIC.graph))
    store.load_trusted(
        [
            ox.Quad(iri, ox.NamedNode(str(RDF_NS.type)), ox.NamedNode(str(PRX.Reading)), public),
            ox.Quad(iri, ox.NamedNode(str(DCTERMS.title)), ox.Literal("Escaping title"), public),
        ]
    )
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    publish(store, site)
    written = [p.resolve() for p in tmp_path.rglob("*") if p.is_file()]
    assert all(site.resolve() in p.parents for p in written)
    page = site / page_path(iri.value)
    assert page.parent == site / "id" and page.name.startswith("_")
    assert "Escaping title" in page.read_text(encoding="utf-8")


def test_the_site_serves_from_a_plain_web_server(seeded, tmp_path):
    site = tmp_path / "site"
    publish(seeded, site)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *_args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with urllib.request.urlopen(base + "void.ttl", timeout=10) as answer:
            graph = Graph().parse(
                data=answer.read().decode("utf-8"), format="turtle", publicID=base + "void.ttl"
            )
        dataset = next(graph.subjects(RDF_NS.type, VOID_NS["Dataset"]))
        dump = next(str(d) for d in graph.objects(dataset, VOID_NS["dataDump"]) if str(d).endswith(".nt"))
        with urllib.request.urlopen(dump, timeout=10) as answer:
            assert len(answer.read().splitlines()) == int(graph.value(dataset, VOID_NS["triples"]))
        with urllib.request.urlopen(base + page_path(READING), timeout=10) as answer:
            assert "Women, Race &amp; Class" in answer.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_the_command_publishes_and_says_what_it_wrote(seed_quads, tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    prepared = open_store(url)
    prepared.load_trusted(seed_quads)
    del prepared  # release the lock for the command
    site = tmp_path / "site"
    licence = "https://creativecommons.org/licenses/by-sa/4.0/"
    options = [
        "--title",
        "Wren Street chapter",
        "--licence",
        licence,
        "--base",
        "https://example.org/chapter",
    ]
    result = CliRunner().invoke(main, ["--store", url, "publish", str(site), *options])
    assert result.exit_code == 0, result.output
    assert "Published 2" in result.output and f"statements to {site}" in result.output
    graph, dataset = description(site)
    assert str(dataset) == "https://example.org/chapter/void.ttl#dataset"
    assert graph.value(dataset, DCTERMS.title) == Literal("Wren Street chapter")
    assert graph.value(dataset, DCTERMS.license) == URIRef(licence)
    assert URIRef("https://example.org/chapter/dump.nt") in set(graph.objects(dataset, VOID_NS["dataDump"]))


@pytest.mark.parametrize("option", ["--licence", "--base"])
def test_the_command_refuses_an_address_that_is_not_a_web_address(tmp_path, option):
    result = CliRunner().invoke(
        main, ["--store", "memory:", "publish", str(tmp_path / "site"), option, "javascript:alert(1)"]
    )
    assert result.exit_code == 2
    assert "is not a web address" in result.output
    assert not (tmp_path / "site").exists()


CLAIM = DATA["claim-prefiguration-sustains"]


def revised(store) -> None:
    """A public rewording of a seed claim, prompted by a public seed lesson, and a decision."""
    from graph import theory

    organiser = Viewer.organiser()
    text, why = "Prefiguration REWORDED sustains those who build it.", "The hotel kept going."
    theory.revise(
        store,
        organiser,
        CLAIM,
        text=text,
        because=[DATA["lesson-0735d4"]],
        rationale=why,
        visibility=Visibility.PUBLIC,
    )
    theory.decide(store, organiser, CLAIM, "revised", comment="Agreed.", visibility=Visibility.PUBLIC)


def test_a_claims_page_shows_its_history(seeded, tmp_path):
    revised(seeded)
    publish(seeded, tmp_path / "site")
    page = (tmp_path / "site" / page_path(CLAIM)).read_text(encoding="utf-8")
    assert "<h2>History</h2>" in page and "Prefiguration REWORDED sustains" in page


def test_reading_ahead_gives_each_record_what_reading_it_alone_gives(seeded):
    from graph.publish.public import read_public
    from graph.publish.readahead import ReadAhead
    from graph.views.records import record

    revised(seeded)
    visitor = Viewer.visitor()
    paged = read_public(seeded).paged()
    sample = [iri for iri in paged if "/claim-" in iri or "/lesson-" in iri][:30] + paged[::25]
    ahead = ReadAhead(seeded, visitor, [*sample, str(CLAIM)])

    def seen(found):
        return (found.kind, found.label, found.facts, set(found.links), set(found.history), found.withdrawn)

    described = 0
    for iri in [*sample, str(CLAIM)]:
        alone, batched = record(seeded, visitor, iri), record(ahead, visitor, iri)
        assert (alone is None) == (batched is None), iri
        if alone is not None:
            assert seen(batched) == seen(alone), iri
            described += bool(alone.links)
    assert described > 30
    assert record(ahead, visitor, CLAIM).history
