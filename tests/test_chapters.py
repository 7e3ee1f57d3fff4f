"""Three chapters learning from each other, end to end: each starts from the starter graph,
records its own lessons on one claim, publishes its public graph (``praxis publish``) to a
folder served by a web server on 127.0.0.1, follows the other two (``praxis peers``), syncs,
and sees the network's evidence (``graph.network``) with the counts worked out by hand."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import URIRef

from graph import theory
from graph.access import Viewer, Visibility
from graph.namespaces import DATA, PRX
from graph.network import network_answer, network_rank
from graph.peers import add_peer, peers, sync_all
from graph.publish import publish
from graph.store import PraxisStore, open_store
from graph.strategy import Question
from tests import data

#: One worker builds the three chapters once for every test here.
pytestmark = pytest.mark.xdist_group("chapters")

ORGANISER = Viewer.organiser()
TODAY = dt.date(2026, 12, 7)
CLAIM = DATA["claim-three-point-five-percent"]
#: What each chapter records on the claim beyond the starter graph: (supports, challenges, qualifies).
RECORDED = {"north": (0, 2, 0), "south": (3, 0, 0), "east": (1, 0, 1)}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Chapter:
    name: str
    store: PraxisStore
    site: Path
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/void.ttl"

    def serve(self) -> None:
        handler = functools.partial(Quiet, directory=str(self.site))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def record(store: PraxisStore, stance: URIRef, count: int) -> None:
    for _ in range(count):
        action, action_statements = data.action(Visibility.PUBLIC)
        author, author_statements = data.member("kit", Visibility.PUBLIC)
        _, lesson = data.lesson(action, author, stance=stance, target=CLAIM, visibility=Visibility.PUBLIC)
        store.write(action_statements + author_statements + lesson, viewer=ORGANISER)


@pytest.fixture(scope="module")
def chapters(tmp_path_factory, seed_quads):
    """North, south and east: published, served, each following the other two, synced."""
    folder = tmp_path_factory.mktemp("chapters")
    made = {}
    for name, counts in RECORDED.items():
        store = open_store("memory:")
        store.load_trusted(seed_quads)
        for stance, count in zip((PRX.supports, PRX.challenges, PRX.qualifies), counts, strict=True):
            record(store, stance, count)
        chapter = Chapter(name, store, folder / name)
        publish(store, chapter.site, title=f"{name.title()} chapter")
        chapter.serve()
        made[name] = chapter
    for chapter in made.values():
        for other in made.values():
            if other is not chapter:
                add_peer(chapter.store, other.name, other.url, ORGANISER)
        synced = sync_all(chapter.store, ORGANISER)
        assert len(synced) == 2
    yield made
    for chapter in made.values():
        chapter.server.shutdown()
        chapter.server.server_close()


@pytest.fixture(scope="module")
def starter(seed_quads) -> tuple[int, int, int]:
    """The claim's lessons in the starter graph alone: (supports, challenges, qualifies)."""
    store = open_store("memory:")
    store.load_trusted(seed_quads)
    found = next(t for t in theory.rank(store, ORGANISER, today=TODAY) if t.target == CLAIM)
    return found.supports, found.challenges, found.qualifies


def counts_of(chapter: Chapter) -> dict[str, tuple[int, int, int]]:
    found = next(n for n in network_rank(chapter.store, ORGANISER, today=TODAY) if n.tension.target == CLAIM)
    return {c.chapter: (c.supports, c.challenges, c.qualifies) for c in found.chapters}


@pytest.mark.parametrize("name", list(RECORDED))
def test_each_chapter_sees_every_chapters_lessons_on_the_claim_counted_once(chapters, starter, name):
    """Ours: the starter graph's lessons and our own; each other chapter: what it recorded.
    The starter graph's public lessons are in every chapter's dump, and count once, as ours."""
    expected = {"ours": tuple(s + r for s, r in zip(starter, RECORDED[name], strict=True))}
    expected |= {other: counts for other, counts in RECORDED.items() if other != name and any(counts)}
    assert counts_of(chapters[name]) == expected


def test_every_chapter_synced_the_other_two_and_says_so(chapters):
    for name, chapter in chapters.items():
        followed = {peer.name: peer for peer in peers(chapter.store, ORGANISER)}
        assert sorted(followed) == sorted(set(RECORDED) - {name})
        for peer in followed.values():
            assert peer.snapshot and peer.snapshot.statements and not peer.error


def test_without_the_switch_each_chapter_sees_its_own_lessons_only(chapters, starter):
    for name, chapter in chapters.items():
        found = next(t for t in theory.rank(chapter.store, ORGANISER, today=TODAY) if t.target == CLAIM)
        own = tuple(s + r for s, r in zip(starter, RECORDED[name], strict=True))
        assert (found.supports, found.challenges, found.qualifies) == own


def test_what_was_taught_across_chapters_counts_each_chapters_lessons(chapters):
    answer = network_answer(chapters["north"].store, ORGANISER, Question(concept=CLAIM))
    counts = answer.by_chapter
    assert counts["south"] == {"supports": 3, "challenges": 0, "qualifies": 0}
    assert counts["east"] == {"supports": 1, "challenges": 0, "qualifies": 1}
