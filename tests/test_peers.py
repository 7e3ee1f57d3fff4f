"""Following other chapters (issue 22, "Follow" and "Untrusted input"): every peer is a loopback
HTTP server started and stopped by its test, serving a hand-written description (void.ttl) and
an N-Triples dump of public records; some of them misbehave on purpose."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed, PraxisError
from graph.namespaces import DATA, DCTERMS, GRAPH, PRX, RDF, RDFS, SKOS, VOCAB
from graph.peers import Limits, add_peer, find_peer, peer_graph, peers, remove_peer, sync_peer
from graph.store import PraxisStore, Statement, from_ox, open_store, to_ox
from tests import data
from tests.loopback import Route, Site, description, file
from tests.test_hostile import PAYLOADS

ORGANISER = Viewer.organiser()


def redirect(location: str) -> Route:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def endless(handler: BaseHTTPRequestHandler) -> None:
    """A dump that never ends and says nothing of its length: junk, as fast as it goes."""
    handler.send_response(200)
    handler.end_headers()
    junk = b"<https://w3id.org/praxis/id/x> <http://e/p> " + b'"' + b"j" * 65_000 + b'" .\n'
    for _ in range(40_000):  # 2.6 GB at most
        handler.wfile.write(junk)


def trickle(handler: BaseHTTPRequestHandler) -> None:
    """A dump sent a byte at a time, slower than any limit allows."""
    handler.send_response(200)
    handler.end_headers()
    for _ in range(600):
        handler.wfile.write(b"#")
        handler.wfile.flush()
        time.sleep(0.05)


def public_records(title: str = "Door-knocking brought neighbours to the picket") -> list[ox.Triple]:
    """A public action and a lesson from it, as a peer publishes them: its member is not public."""
    action, about_action = data.action(Visibility.PUBLIC)
    _, about_lesson = data.lesson(
        action, DATA["member-kept-private"], visibility=Visibility.PUBLIC, title=title
    )
    return [ox.Triple(*s.quad().triple) for s in about_action + about_lesson]


def snapshot(store: PraxisStore, name: str) -> set[ox.Triple]:
    return {quad.triple for quad in store.backend.quads([ox.NamedNode(str(peer_graph(name)))])}


def ours(store: PraxisStore) -> set[ox.Quad]:
    return set(store.quads(ORGANISER))


LIMITS = Limits(max_bytes=2_000_000, seconds=10, max_statements=10_000)


@pytest.fixture
def followed(seeded, site) -> PraxisStore:
    """The seeded store following ``site`` as "north", which publishes two public records."""
    site.publish(public_records())
    add_peer(seeded, "north", site.url(), ORGANISER)
    return seeded


def test_a_synced_peer_holds_the_dumps_statements_in_its_own_graph(followed, site):
    published = public_records()
    body = site.publish(published)
    taken = sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert snapshot(followed, "north") == set(published)
    assert taken.statements == len(published)
    assert taken.version == "sha256:" + hashlib.sha256(body).hexdigest()
    (peer,) = peers(followed, ORGANISER)
    assert (peer.name, peer.url, peer.error) == ("north", site.url(), None)
    assert peer.snapshot == taken
    assert peer.snapshot.dump == site.url("/dump.nt")


def test_a_resync_replaces_the_snapshot(followed, site):
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    before = snapshot(followed, "north")
    changed = public_records("Leaflets alone brought nobody")
    site.publish(changed)
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert snapshot(followed, "north") == set(changed)
    assert not before & snapshot(followed, "north")


def test_a_failed_sync_keeps_the_previous_snapshot_and_says_why(followed, site):
    first = sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    kept = snapshot(followed, "north")
    site.routes["/dump.nt"] = file(b"<not a statement")
    with pytest.raises(BadInput, match="not valid N-Triples"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert snapshot(followed, "north") == kept
    peer = find_peer(followed, "north", ORGANISER)
    assert peer.snapshot == first
    assert "not valid N-Triples" in peer.error
    site.publish(public_records())
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert find_peer(followed, "north", ORGANISER).error is None


def test_a_redirect_within_the_server_is_followed(followed, site):
    site.publish(public_records())
    site.routes["/moved.ttl"] = site.routes["/void.ttl"]
    site.routes["/void.ttl"] = redirect("/moved.ttl")
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert len(snapshot(followed, "north")) == len(public_records())


def test_a_redirect_to_another_port_is_refused(followed, site, other_site):
    other_site.publish(public_records())
    site.routes["/void.ttl"] = redirect(other_site.url())
    with pytest.raises(BadInput, match=r"redirects to .* another server"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert snapshot(followed, "north") == set()


def test_a_dump_on_another_server_is_refused(followed, site, other_site):
    other_site.publish(public_records())
    site.routes["/void.ttl"] = file(description(other_site.url("/dump.nt")))
    with pytest.raises(BadInput, match="on another server"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)


def test_an_endless_dump_is_refused_at_the_size_limit_and_nothing_changes(followed, site):
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    kept, before = snapshot(followed, "north"), ours(followed)
    site.routes["/dump.nt"] = endless
    start = time.monotonic()
    with pytest.raises(BadInput, match="larger than the limit of 2,000,000 bytes"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert time.monotonic() - start < 5
    assert snapshot(followed, "north") == kept
    assert {q for q in ours(followed) if q.graph_name.value != str(Visibility.RESTRICTED.graph)} == {
        q for q in before if q.graph_name.value != str(Visibility.RESTRICTED.graph)
    }


def test_a_declared_length_over_the_limit_is_refused_before_reading(followed, site):
    site.routes["/dump.nt"] = file(b"#" * 2_000_001)
    with pytest.raises(BadInput, match="larger than the limit"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)


def test_a_slow_server_is_given_up_on_at_the_time_limit(followed, site):
    site.routes["/dump.nt"] = trickle
    start = time.monotonic()
    with pytest.raises(BadInput, match="time limit"):
        sync_peer(followed, "north", ORGANISER, limits=Limits(seconds=1.0))
    assert time.monotonic() - start < 4
    assert "time limit" in find_peer(followed, "north", ORGANISER).error


@pytest.mark.parametrize(
    "graph", [Visibility.PUBLIC.graph, Visibility.RESTRICTED.graph, URIRef("http://elsewhere.example/g")]
)
def test_a_dump_that_names_a_graph_is_refused(followed, site, graph):
    before = ours(followed)
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(str(graph))) for t in public_records()]
    site.routes["/dump.nq"] = file(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    site.routes["/void.ttl"] = file(description("dump.nq"))
    with pytest.raises(BadInput, match=f"puts statements in .*<{graph}>"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert snapshot(followed, "north") == set()
    assert {q for q in ours(followed) if q not in before} <= {
        q for q in ours(followed) if q.graph_name.value == str(Visibility.RESTRICTED.graph)
    }


@pytest.mark.parametrize("level", [Visibility.MEMBERS, Visibility.RESTRICTED])
def test_a_dump_with_a_record_above_public_is_refused(followed, site, level):
    _, about = data.action(level)
    site.publish(public_records() + [ox.Triple(*s.quad().triple) for s in about])
    with pytest.raises(BadInput, match="may share public records only"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert snapshot(followed, "north") == set()


def test_a_peer_offering_only_json_ld_is_refused(followed, site):
    site.routes["/void.ttl"] = file(description("dump.jsonld").replace(b"<dump.jsonld>, ", b""))
    site.routes["/dump.jsonld"] = file(b'{"@context": "http://127.0.0.1:9/laughs.jsonld"}')
    with pytest.raises(BadInput, match=r"no N-Triples \(.nt\) or N-Quads \(.nq\) dump .*JSON-LD"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)


def test_a_dump_breaking_our_shapes_is_refused_with_its_findings(followed, site):
    broken = [t for t in public_records() if t.predicate.value != str(PRX.supports)]
    site.publish(broken)
    with pytest.raises(BadInput, match=r"(?s)does not conform to our shapes .*at least one concept or claim"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)


def test_a_dump_with_a_value_over_the_size_limit_is_refused(followed, site):
    huge = ox.Triple(
        ox.NamedNode(str(DATA["action-huge"])), to_ox(RDFS.label), ox.Literal("x" * ((1 << 20) + 1))
    )
    site.publish([*public_records(), huge])
    with pytest.raises(BadInput, match="MiB"):
        sync_peer(followed, "north", ORGANISER, limits=Limits(max_bytes=4_000_000))


def test_a_dump_with_too_many_statements_is_refused(followed, site):
    site.publish(public_records())
    with pytest.raises(BadInput, match="more than 5 statements"):
        sync_peer(followed, "north", ORGANISER, limits=Limits(max_statements=5))


def test_a_dump_unlike_its_stated_checksum_is_refused(followed, site):
    site.publish(public_records(), checksum="0" * 64)
    with pytest.raises(BadInput, match="SHA-256"):
        sync_peer(followed, "north", ORGANISER, limits=LIMITS)


def test_hostile_payloads_from_a_peer_arrive_as_the_same_inert_text(followed, site):
    assert len(PAYLOADS) == 34
    hostile = []
    for payload in PAYLOADS:
        hostile += [t for t in public_records(payload)]
    site.publish(hostile)
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    titles = {t.object.value for t in snapshot(followed, "north") if t.predicate.value == str(RDFS.label)}
    assert set(PAYLOADS) <= titles
    in_ours = {q.object.value for q in ours(followed) if isinstance(q.object, ox.Literal)}
    assert not set(PAYLOADS) & in_ours


def test_peer_statements_stay_out_of_our_graphs_and_our_reads(followed, site):
    readers = {"visitor": Viewer.visitor(), "member": Viewer.member("wren"), "organiser": ORGANISER}
    stats_before = {who: followed.stats(viewer) for who, viewer in readers.items()}
    quads_before = ours(followed)
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    stats_after = {who: followed.stats(viewer) for who, viewer in readers.items()}
    added = ours(followed) - quads_before
    assert {q.graph_name.value for q in added} == {str(Visibility.RESTRICTED.graph)}
    assert {q.subject.value for q in added} - {str(DATA["peer-north"])} <= {
        q.subject.value for q in added if q.object.value == str(PRX.Change)
    }
    # the organiser's statement count grows by the peer's record and the audit entry, nothing else
    stats_after["organiser"].pop("statements"), stats_before["organiser"].pop("statements")
    assert stats_after == stats_before
    peer_subjects = {t.subject for t in snapshot(followed, "north")}
    assert peer_subjects and not {q for q in ours(followed) if q.subject in peer_subjects}


def test_a_peer_graph_cannot_be_one_of_ours(followed):
    with pytest.raises(BadInput, match="one of our own graphs"):
        followed.replace_graph(
            Visibility.PUBLIC.graph, public_records(), viewer=ORGANISER, record=DATA["peer-x"], about=[]
        )


def test_removing_a_peer_drops_its_snapshot_and_record(followed):
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    remove_peer(followed, "north", ORGANISER)
    assert snapshot(followed, "north") == set()
    assert peers(followed, ORGANISER) == []


@pytest.mark.parametrize("viewer", [Viewer.visitor(), Viewer.member("wren")])
def test_visitors_and_members_may_not_follow_peers(followed, site, viewer):
    with pytest.raises(NotAllowed):
        add_peer(followed, "south", site.url(), viewer)
    with pytest.raises(NotAllowed):
        sync_peer(followed, "north", viewer, limits=LIMITS)
    with pytest.raises(NotAllowed):
        remove_peer(followed, "north", viewer)
    with pytest.raises(NotAllowed):
        peers(followed, viewer)


@pytest.mark.parametrize("name", ["North", "a b", "-x", "x" * 41, "../x", ""])
def test_a_peer_name_is_a_short_slug(store, site, name):
    with pytest.raises(BadInput, match="not a peer name"):
        add_peer(store, name, site.url(), ORGANISER)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://a.org/void.ttl", "http://u:p@a.org/v.ttl", "a.org"]
)
def test_a_peer_url_is_http_or_https(store, url):
    with pytest.raises(BadInput):
        add_peer(store, "north", url, ORGANISER)


def test_a_name_is_followed_once(followed, site):
    with pytest.raises(BadInput, match="already called 'north'"):
        add_peer(followed, "north", site.url(), ORGANISER)


def test_the_commands_add_sync_list_and_remove(tmp_path, site):
    def praxis(*args: str) -> subprocess.CompletedProcess:
        """This checkout's ``praxis`` (not the installed one), on a store of its own."""
        command = [sys.executable, "-c", "from graph.cli import main; main()", *args]
        env = {**os.environ, "PRAXIS_STORE": f"oxigraph:{tmp_path / 'store'}"}
        return subprocess.run(command, capture_output=True, text=True, cwd=data.ROOT, env=env, timeout=120)

    site.publish(public_records())
    assert praxis("init").returncode == 0
    assert praxis("peers", "add", "north", site.url()).returncode == 0
    synced = praxis("peers", "sync")
    assert synced.returncode == 0, synced.stderr
    listed = praxis("peers", "list").stdout
    assert "north" in listed and f"{len(public_records())} statements" in listed
    site.routes["/dump.nt"] = redirect("http://127.0.0.2:1/dump.nt")
    failed = praxis("peers", "sync", "north")
    assert failed.returncode == 2 and "another server" in failed.stderr
    assert "another server" in json.loads(praxis("peers", "list", "--format", "json").stdout)[0]["error"]
    assert praxis("--as", "member", "peers", "add", "south", site.url()).returncode == 2
    assert praxis("peers", "remove", "north").returncode == 0
    assert praxis("peers", "list").stdout == ""


@pytest.mark.remote
def test_a_served_store_replaces_a_peer_graph_in_one_transaction(oxigraph_server, ontology_quads, site):
    served = open_store(oxigraph_server)
    served.load_trusted(ontology_quads)
    published = public_records()
    site.publish(published)
    add_peer(served, "north", site.url(), ORGANISER)
    sync_peer(served, "north", ORGANISER, limits=LIMITS)
    assert snapshot(served, "north") == set(published)
    changed = public_records("Leaflets alone brought nobody")
    site.publish(changed)
    sync_peer(served, "north", ORGANISER, limits=LIMITS)
    assert snapshot(served, "north") == set(changed)
    assert served.stats(Viewer.visitor())["statements"] == len(ontology_quads)


def test_a_peer_record_holds_reused_terms_only(followed):
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    record = [
        q
        for q in followed.quads(ORGANISER, [Visibility.RESTRICTED])
        if q.subject.value == str(DATA["peer-north"])
    ]
    assert {q.predicate.value for q in record} >= {str(RDF.type), str(RDFS.label), str(DCTERMS.source)}
    assert not [q for q in record if q.predicate.value.startswith(str(PRX._NS))]
    assert str(GRAPH["peer/north"]) == str(peer_graph("north"))


def shared_concept_label(site: Site) -> ox.Triple:
    """A peer names one of the shared vocabulary's concepts in a language we have no label in."""
    label = ox.Triple(
        ox.NamedNode(str(VOCAB["grassroots-organising"])),
        to_ox(SKOS.prefLabel),
        ox.Literal("Basisarbeit", language="de"),
    )
    site.publish([*public_records(), label])
    return label


def test_a_peers_statements_about_a_shared_concept_do_not_block_our_writes(followed, site):
    shared_concept_label(site)
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    ours_too = Statement(
        VOCAB["grassroots-organising"], SKOS.prefLabel, Literal("Graswurzelarbeit", lang="de")
    )
    followed.write([ours_too], viewer=ORGANISER)
    assert to_ox(ours_too.object) in {q.object for q in ours(followed)}


def test_editing_a_shared_concept_leaves_the_peers_snapshot_alone(followed, site):
    label = shared_concept_label(site)
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    concept = VOCAB["grassroots-organising"]
    current = [
        Statement(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), Visibility.PUBLIC)
        for q in followed.quads(ORGANISER, [Visibility.PUBLIC])
        if q.subject.value == str(concept)
    ]
    followed.write(current, viewer=ORGANISER, replace=[concept])
    assert label in snapshot(followed, "north")


def test_an_unchanged_dump_with_a_stated_checksum_is_not_downloaded_again(followed, site):
    body = ox.serialize(public_records(), format=ox.RdfFormat.N_TRIPLES)
    downloads = []

    def counted(handler: BaseHTTPRequestHandler) -> None:
        downloads.append(handler.path)
        file(body)(handler)

    site.routes["/void.ttl"] = file(description("dump.nt", checksum=hashlib.sha256(body).hexdigest()))
    site.routes["/dump.nt"] = counted
    first = sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    again = sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert again == first and len(downloads) == 1


def test_the_ontologys_own_statements_about_visibility_levels_are_not_markings(
    followed, site, ontology_quads
):
    levels = {str(PRX.MembersOnly), str(PRX.Restricted)}
    about_levels = [q.triple for q in ontology_quads if q.object.value in levels]
    assert about_levels
    site.publish([*public_records(), *about_levels])
    sync_peer(followed, "north", ORGANISER, limits=LIMITS)
    assert set(about_levels) <= snapshot(followed, "north")


def test_virtuoso_says_plainly_that_it_cannot_replace_a_graph_in_one_transaction():
    from graph.store.virtuoso import VirtuosoBackend

    store = PraxisStore(VirtuosoBackend("http://127.0.0.1:9/sparql"), "virtuoso+http://127.0.0.1:9/sparql")
    with pytest.raises(BadInput, match="not supported on Virtuoso"):
        store.replace_graph(peer_graph("north"), [], viewer=ORGANISER, record=DATA["peer-north"], about=[])


def test_a_limit_set_to_nonsense_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("PRAXIS_PEER_TIMEOUT", "soon")
    with pytest.raises(PraxisError, match=r"PRAXIS_PEER_TIMEOUT .* must be a number, not 'soon'"):
        Limits.from_environment()


def test_a_chapter_published_with_praxis_publish_is_followed_and_not_fetched_again(seeded, store, tmp_path):
    from bench.peers import serving
    from graph.publish import publish

    publish(seeded, tmp_path / "site")
    published = set(ox.parse(path=str(tmp_path / "site" / "dump.nt"), format=ox.RdfFormat.N_TRIPLES))
    with serving(tmp_path / "site") as base:
        add_peer(store, "north", f"{base}/void.ttl", ORGANISER)
        taken = sync_peer(store, "north", ORGANISER, limits=LIMITS)
        (tmp_path / "site" / "dump.nt").unlink()  # a second sync must not need it: the checksum says
        assert sync_peer(store, "north", ORGANISER, limits=LIMITS) == taken
    assert isomorphic(as_graph(snapshot(store, "north")), as_graph({quad.triple for quad in published}))
    assert taken.statements == len(published)


def as_graph(triples: set[ox.Triple]) -> Graph:
    """Triples as an rdflib graph, to compare up to blank node names (a sync renames them)."""
    graph = Graph()
    for triple in triples:
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return graph


def test_an_organiser_follows_syncs_and_stops_following_a_chapter_on_the_data_page(page, site):
    site.publish(public_records())
    app = page("data", ORGANISER)
    app.text_input(key="data-peer-name").input("north")
    app.text_input(key="data-peer-url").input(site.url())
    app.button(key="FormSubmitter:data-peer-add-Follow").click().run()
    assert not app.exception and not app.error
    assert "Following north" in app.success[-1].value
    assert any("Not synced yet." in c.value for c in app.caption)
    app.button(key="data-peer-sync-north").click().run()
    assert not app.exception and not app.error
    assert "Synced north" in app.success[-1].value
    assert any(c.value.startswith("Synced ") and "statements" in c.value for c in app.caption)
    app.button(key="data-peer-remove-north").click().run()
    assert "No longer following north" in app.success[-1].value
    assert any("No other chapter followed yet." in i.value for i in app.info)


def test_a_chapter_that_cannot_be_followed_is_a_message_on_the_data_page(page, site):
    app = page("data", ORGANISER)
    app.text_input(key="data-peer-name").input("North Leeds!")
    app.text_input(key="data-peer-url").input(site.url())
    app.button(key="FormSubmitter:data-peer-add-Follow").click().run()
    assert not app.exception and app.error
    app.text_input(key="data-peer-name").input("north")
    app.text_input(key="data-peer-url").input(site.url("/missing.ttl"))
    app.button(key="FormSubmitter:data-peer-add-Follow").click().run()
    app.button(key="data-peer-sync-north").click().run()
    assert not app.exception
    assert "The last sync failed" in app.error[-1].value or "404" in app.error[-1].value
