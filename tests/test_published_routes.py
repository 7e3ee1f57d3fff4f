"""The explorer serves the public graph as ``praxis publish`` writes it, read-only, at ``/published/``.

The explorer is started as ``make run`` starts it (``tests.test_browser.running_app``) on a
seeded store and asked over HTTP on 127.0.0.1, as another chapter following it would: the
description parses and names its dumps, the dump is the public graph and nothing more, a
record's page and Turtle are there and a members-only record's are not, nothing outside the
site is served, nothing but GET and HEAD is answered, every response carries the security
headers, and a ``Host`` header never reaches what is written. A second explorer on a served
store shows a write on the next request; :class:`PublishedSite` itself is checked in-process
for when it makes a site again and for requests that come while it does.
"""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from explorer import published
from explorer.published import PublishedSite
from graph.access import Viewer, Visibility
from graph.namespaces import DATA
from graph.peers import add_peer, sync_all
from graph.publish import page_path
from graph.store import open_store
from tests import data
from tests.loopback import fetch
from tests.test_browser import running_app

READING = DATA["reading-davis-1981-women-race-and-class"]
#: A seed record every one of whose statements is members-only.
MEMBERS_ONLY = DATA["campaign-housing"]
MEMBERS_ONLY_LABEL = b"Tenants' housing campaign (our chapter)"


def asgi_get(app, path: str, method: str = "GET") -> tuple[int, bytes]:
    """Status and body of a GET (or ``method``) of ``path`` from the ASGI ``app``, in this process."""
    return asyncio.run(asgi_request(app, path, method))


async def asgi_request(app, path: str, method: str = "GET") -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }
    sent, asked = [], []

    async def receive():  # the request once, then nothing until the response is sent
        if asked:
            await asyncio.Event().wait()
        asked.append(True)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def public_count(store) -> int:
    return sum(1 for _ in store.quads(Viewer.visitor()))


@pytest.fixture(scope="module")
def served(tmp_path_factory, seed_quads):
    """The explorer on the seed, its site in a folder of the test's; and the public graph's size."""
    folder = tmp_path_factory.mktemp("published")
    store = open_store(f"oxigraph:{folder / 'store'}")
    store.load_trusted(seed_quads)
    statements = public_count(store)
    del store  # the explorer holds the embedded store's lock
    env = {"PRAXIS_PUBLISHED_DIR": str(folder / "site")}
    with running_app(f"oxigraph:{folder / 'store'}", folder, env=env) as running:
        running.statements = statements
        yield running


def test_a_host_header_never_reaches_the_site(served):
    """First in the module, so that this request is the one the site is made on."""
    hostile = {"Host": "poisoner-kestrel.example", "X-Forwarded-Host": "poisoner-kestrel.example"}
    for path in ("void.ttl", "index.html", "dump.nt", page_path(READING)):
        status, _, body = fetch(f"{served.url}/published/{path}", headers=hostile)
        assert status == 200, path
        assert b"poisoner-kestrel" not in body, path


def test_the_description_parses_and_names_the_dumps(served):
    status, headers, body = fetch(served.url + "/published/void.ttl")
    assert status == 200
    assert headers["Content-Type"].startswith("text/turtle")
    base = served.url + "/published/void.ttl"
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE, base_iri=base))
    dumps = {t.object.value for t in triples if t.predicate.value == "http://rdfs.org/ns/void#dataDump"}
    assert dumps == {served.url + "/published/dump.nt", served.url + "/published/dump.jsonld"}


def test_the_dump_is_the_public_graph(served):
    status, headers, body = fetch(served.url + "/published/dump.nt")
    assert status == 200
    assert headers["Content-Type"] == "application/n-triples"
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == served.statements
    status, headers, _ = fetch(served.url + "/published/dump.jsonld", method="HEAD")
    assert status == 200 and headers["Content-Type"] == "application/ld+json"


def test_another_chapter_follows_the_running_explorer_and_syncs_its_public_graph(
    served, tmp_path, ontology_quads
):
    follower = open_store(f"oxigraph:{tmp_path / 'follower'}")
    follower.load_trusted(ontology_quads)
    organiser = Viewer.organiser()
    add_peer(follower, "explorer", served.url + "/published/void.ttl", organiser)
    (synced,) = sync_all(follower, organiser)
    assert synced.error is None
    assert synced.snapshot.statements == served.statements
    assert follower.with_peers().stats(organiser)["statements"] > follower.stats(organiser)["statements"]


def test_the_index_is_served_at_the_folder(served):
    status, headers, body = fetch(served.url + "/published/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'href="void.ttl"' in body and page_path(READING).encode() in body
    status, headers, _ = fetch(served.url + "/published")
    assert status == 308 and headers["Location"] == "/published/"


def test_a_public_record_has_its_page_and_its_turtle(served):
    status, headers, body = fetch(f"{served.url}/published/{page_path(READING)}")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Women, Race &amp; Class</h1>" in body
    status, headers, body = fetch(f"{served.url}/published/{page_path(READING, '.ttl')}")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    subjects = {t.subject for t in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert subjects == {ox.NamedNode(str(READING))}


def test_a_members_only_record_is_not_published(served):
    for suffix in (".html", ".ttl"):
        status, _, _ = fetch(f"{served.url}/published/{page_path(MEMBERS_ONLY, suffix)}")
        assert status == 404
    _, _, dump = fetch(served.url + "/published/dump.nt")
    assert MEMBERS_ONLY_LABEL not in dump
    assert not any(line.startswith(f"<{MEMBERS_ONLY}>".encode()) for line in dump.splitlines())


OUTSIDE = [
    "../serve.py",
    "%2e%2e/%2e%2e/serve.py",
    "id/..%2f..%2f..%2fserve.py",
    "id/%2E%2E/%2E%2E/%2E%2E/login-link",
    "..%5c..%5cserve.py",
    "/etc/passwd",
    "no-such-file.html",
    "id/",
    "id/no-such-record.html",
]


@pytest.mark.parametrize("path", OUTSIDE)
def test_nothing_outside_the_site_is_served(served, path):
    """Streamlit's own path check answers 400 to a path with ``..`` before any route sees it;
    the site's files answer 404 to the rest (and to ``..`` too: the next test)."""
    status, _, body = fetch(f"{served.url}/published/{path}")
    assert status in (400, 404), path
    assert b"import" not in body and b"token" not in body


@pytest.mark.parametrize("path", OUTSIDE)
def test_the_site_itself_refuses_paths_outside_it(seeded, tmp_path, path):
    """The same paths, decoded as the server decodes them, straight to the site's ASGI app:
    404 without Streamlit's check in front."""
    (tmp_path / "login-link").write_text("token", encoding="utf-8")
    site = PublishedSite(lambda: seeded, tmp_path / "published")
    assert asgi_get(site, "/void.ttl")[0] == 200
    status, body = asgi_get(site, "/" + urllib.parse.unquote(path))
    assert status == 404, path
    assert b"token" not in body


def test_a_symlink_out_of_the_site_is_not_followed(served):
    fetch(served.url + "/published/void.ttl")  # the site is made
    site = next((served.folder / "site").glob("site-*"))
    (site / "id" / "escape.html").symlink_to(served.folder / "login-link")
    status, _, body = fetch(served.url + "/published/id/escape.html")
    assert status == 404 and b"token" not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_only_get_and_head_are_answered(served, method):
    status, headers, _ = fetch(served.url + "/published/void.ttl", method=method)
    assert status == 405
    assert headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/published/", "/published/dump.nt", "/published/nothing", "/published"])
def test_every_response_carries_the_security_headers(served, path):
    _, headers, _ = fetch(served.url + path)
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


def test_a_write_to_a_served_store_shows_on_the_next_request(oxigraph_server, ontology_quads, tmp_path):
    store = open_store(oxigraph_server)
    store.load_trusted(ontology_quads)
    env = {"PRAXIS_PUBLISHED_DIR": str(tmp_path / "site")}
    with running_app(oxigraph_server, tmp_path, env=env) as running:
        action, statements = data.action(Visibility.PUBLIC)
        page = f"{running.url}/published/{page_path(action)}"
        assert fetch(page)[0] == 404
        store.write(statements, viewer=Viewer.organiser())
        deadline = time.monotonic() + 10  # the explorer looks for other processes' writes each second
        while (status := fetch(page)[0]) == 404 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert status == 200


def test_a_site_is_made_once_and_again_after_a_change(seeded, tmp_path):
    site = PublishedSite(lambda: seeded, tmp_path / "published")
    first = Path(site.current().directory)
    assert Path(site.current().directory) == first  # nothing changed: the same site
    action, statements = data.action(Visibility.PUBLIC)
    seeded.write(statements, viewer=Viewer.organiser())
    second = Path(site.current().directory)
    assert second != first and (second / page_path(action)).is_file()
    assert not (first / page_path(action)).exists() and first.is_dir()  # a download from it finishes
    seeded.write(data.action(Visibility.PUBLIC)[1], viewer=Viewer.organiser())
    third = Path(site.current().directory)
    assert sorted((tmp_path / "published").iterdir()) == sorted([second, third])


def test_a_site_removed_from_under_the_explorer_is_made_again(seeded, tmp_path):
    site = PublishedSite(lambda: seeded, tmp_path / "published")
    first = Path(site.current().directory)
    (first / "void.ttl").unlink()
    assert (Path(site.current().directory) / "void.ttl").is_file()


def test_what_an_earlier_run_left_is_removed(seeded, tmp_path):
    folder = tmp_path / "published"
    for name in ("site-old", ".site-old.publishing-x"):
        (folder / name).mkdir(parents=True)
    (folder / "notes.txt").write_text("someone's", encoding="utf-8")
    made = Path(PublishedSite(lambda: seeded, folder).current().directory)
    assert sorted(folder.iterdir()) == sorted([made, folder / "notes.txt"])


def test_requests_that_come_while_a_site_is_made_wait_for_that_one(seeded, tmp_path, monkeypatch):
    made, started, real = [], threading.Event(), published.publish

    def held_publish(store, folder):
        made.append(folder)
        started.wait(timeout=10)  # until every request has come
        return real(store, folder)

    monkeypatch.setattr(published, "publish", held_publish)
    site = PublishedSite(lambda: seeded, tmp_path / "published")
    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(Path(site.current().directory))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    started.set()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and answers == [made[0]] * 4


def test_a_refused_method_makes_no_site(seeded, tmp_path):
    site = PublishedSite(lambda: seeded, tmp_path / "published")
    assert asgi_get(site, "/void.ttl", method="POST")[0] == 405
    assert not (tmp_path / "published").exists()


def test_a_store_that_cannot_be_read_is_a_503_that_says_where_to_look(tmp_path, caplog):
    def unreachable():
        raise ConnectionError("the store's server is restarting")

    status, body = asgi_get(PublishedSite(unreachable, tmp_path / "published"), "/void.ttl")
    assert status == 503 and b"log" in body and b"restarting" not in body
    assert "restarting" in caplog.text


def test_requests_wait_for_a_site_being_made_without_holding_a_worker_thread(seeded, tmp_path, monkeypatch):
    """Streamlit serves its own files from a few worker threads: requests for the site while it
    is made (a minute at a million statements) must not take them all."""
    started, real, inside, most = threading.Event(), published.publish, [], []

    def held_publish(store, folder):
        started.wait(timeout=20)  # until the other requests wait too
        return real(store, folder)

    monkeypatch.setattr(published, "publish", held_publish)
    site = PublishedSite(lambda: seeded, tmp_path / "published")
    current = site.current

    def counted():
        inside.append(threading.get_ident())
        most.append(len(inside))
        try:
            return current()
        finally:
            inside.pop()

    site.current = counted

    async def release_when_the_others_wait():
        deadline = time.monotonic() + 10
        while site._asking.statistics().tasks_waiting < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        started.set()

    async def requests():
        waiting = asyncio.ensure_future(release_when_the_others_wait())
        answers = await asyncio.gather(*(asgi_request(site, "/void.ttl") for _ in range(4)))
        await waiting
        return answers

    assert [status for status, _ in asyncio.run(requests())] == [200] * 4
    assert max(most) == 1
