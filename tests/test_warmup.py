"""The explorer's warm-up: the pages' opening answers made before the first visit, and again
after each change, so a page's first visit reads nothing the warm-up has read."""

from __future__ import annotations

import gc
import time
from collections import Counter

import pytest
from rdflib import URIRef

from explorer import state, warmup
from graph import strategy, theory, views
from graph.access import Role, Viewer, Visibility
from graph.namespaces import PRX, VOCAB
from tests import data
from tests.conftest import page_runner

HORIZONTALITY = VOCAB["horizontality"]

#: The named queries behind the answers the warm-up makes (each page's heavier first reads).
WARMED = {
    "overview": {"overview_lessons", "overview_campaigns", "triple_count", "stats"},
    "practice_vs_theory": {"tension_lessons", "tension_targets", "tension_links"},
    "taught": {"taught_candidates", "triple_count", "stats"},
    "concept_map": {"map_top_concepts", "map_linked_readings", "map_scheme_links"},
}


@pytest.fixture(autouse=True)
def _unfrozen():
    """warm() sets what it made aside from the garbage collector: give it back after each test."""
    yield
    gc.unfreeze()


@pytest.fixture
def reads(app_store, monkeypatch):
    """The store the pages share, and a count of the named queries it runs from now on."""
    store = state.store()
    asked: Counter[str] = Counter()
    select = store.select

    def counted(name, viewer, **bindings):
        asked[name] += 1
        return select(name, viewer, **bindings)

    monkeypatch.setattr(store, "select", counted)
    return store, asked


def a_lesson(store) -> URIRef:
    """A public lesson, newer than any in the seed, challenging horizontality."""
    level = Visibility.PUBLIC
    author, statements = data.member(visibility=level)
    action, more = data.action(level)
    lesson, rest = data.lesson(action, author, stance=PRX.challenges, target=HORIZONTALITY, visibility=level)
    store.write(statements + more + data.dated(rest, "2026-12-01"), viewer=Viewer.organiser())
    return lesson


@pytest.mark.parametrize("role", [Role.VISITOR, Role.ORGANISER])
def test_after_the_warm_up_a_first_visit_reads_nothing_it_made(reads, role):
    """The warm-up asks what each page asks, in the same words: else it warms for nothing."""
    store, asked = reads
    warmup.warm(store, (role,))
    run = page_runner()
    for page, queries in WARMED.items():
        asked.clear()
        app = run(page, Viewer(role))
        assert not app.exception, page
        assert not queries & set(asked), f"{page} read {sorted(queries & set(asked))} again"


def test_without_the_warm_up_the_same_visits_read_them(reads):
    """The check above can fail: a cold page reads what the warm-up would have made."""
    _store, asked = reads
    run = page_runner()
    for page, queries in WARMED.items():
        asked.clear()
        run(page, Viewer.organiser())
        assert queries & set(asked), page


@pytest.mark.parametrize("warmed", [True, False])
def test_with_a_chapter_followed_the_warm_up_counts_its_records(reads, monkeypatch, warmed):
    """What past actions taught counts the network's actions before it answers: each
    chapter's counts are made by the warm-up (a tenth of a second a chapter at 100k)."""
    store, _ = reads
    store.load_trusted(data.in_peer("east", data.action(Visibility.PUBLIC)[1]))
    if warmed:
        warmup.warm(store, (Role.ORGANISER,))
    (graph,) = store.peer_graphs()
    one_graph, counted = type(store.chapter(graph)), []
    read = one_graph.select_together
    monkeypatch.setattr(one_graph, "select_together", lambda self, *a: counted.append(1) or read(self, *a))
    assert strategy.action_count(store.with_peers(), Viewer.organiser()) > strategy.action_count(
        store, Viewer.organiser()
    )
    assert bool(counted) is not warmed


def test_the_warm_up_follows_a_write_and_the_pages_show_it(reads):
    store, asked = reads
    running = warmup.WarmUp(lambda: store).start()
    try:
        lesson = a_lesson(store)
        written = store.generation
        deadline = time.monotonic() + 60
        while running.warmed != written and time.monotonic() < deadline:
            time.sleep(0.05)
        assert running.warmed == written
        asked.clear()
        ranked = theory.rank(store, Viewer.visitor())
        assert not asked, "the ranking after the write was made by the warm-up"
        horizontality = next(t for t in ranked if t.target == HORIZONTALITY)
        assert URIRef(lesson) in horizontality.lessons
        assert views.overview(store, Viewer.visitor()).lessons[0].iri == lesson
    finally:
        running.stop()


def test_one_warm_up_per_process_and_it_stops(reads):
    store, _ = reads
    first = warmup.begin(lambda: store)
    try:
        assert first is not None
        assert warmup.begin(lambda: store) is None
    finally:
        first.stop()
    again = warmup.begin(lambda: store)
    assert again is not None
    again.stop()


def test_a_store_that_cannot_be_opened_yet_is_tried_again(reads, caplog, monkeypatch):
    """Held by another process at first (StoreBusy), the store is warmed once it opens."""
    store, _ = reads
    monkeypatch.setattr(warmup, "LOOK_SECONDS", 0.05)
    tries = []

    def opener():
        tries.append(1)
        if len(tries) < 3:
            raise OSError("the store is busy")
        return store

    running = warmup.WarmUp(opener).start()
    try:
        deadline = time.monotonic() + 30
        while running.warmed is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        running.stop()
    assert running.warmed == store.generation and len(tries) == 3
    assert caplog.text.count("could not be opened") == 1


def test_the_warm_up_sets_its_answers_aside_from_the_garbage_collector(reads):
    """At 1M statements a full collection walked the answers for over a second, at random in
    some page's visit (the benchmark's Data page took 3.5 s once): they are frozen instead."""
    store, _ = reads
    gc.unfreeze()
    warmup.warm(store, (Role.VISITOR,))
    assert gc.get_freeze_count() > 0
