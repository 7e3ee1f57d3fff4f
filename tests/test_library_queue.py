"""The cataloguing queue: readings that discuss no concept yet, with suggested concepts."""

from __future__ import annotations

from rdflib import Literal

from graph.access import Viewer, Visibility
from graph.library import ReadingDraft, add_reading, tag_reading
from graph.library.queue import cataloguing_queue, suggest_concepts
from graph.namespaces import SKOS, VOCAB
from graph.store import Statement

WREN = Viewer.member("wren")
ORGANISER = Viewer.organiser()


def test_the_queue_lists_untagged_readings_newest_first_and_counts_them(seeded):
    old = add_reading(seeded, WREN, ReadingDraft("An old pamphlet on strikes", year="1950"))
    new = add_reading(seeded, WREN, ReadingDraft("A new pamphlet on strikes", year="2020"))
    queue = cataloguing_queue(seeded, WREN)
    order = [e.reading for e in queue.entries]
    assert order.index(new) < order.index(old)
    assert queue.total >= 2
    tag_reading(seeded, WREN, new, [VOCAB["nvda"]])
    assert cataloguing_queue(seeded, WREN).total == queue.total - 1


def test_a_label_in_the_title_suggests_its_concept_with_the_reason(seeded):
    iri = add_reading(seeded, WREN, ReadingDraft("How nonviolent direct action wins"))
    best = suggest_concepts(seeded, WREN, [iri])[iri][0]
    assert best.concept == VOCAB["nvda"]
    assert any("title" in reason for reason in best.reasons)


def test_a_label_in_another_language_suggests_its_concept(seeded):
    spanish = Literal("acción directa no violenta", lang="es")
    seeded.write([Statement(VOCAB["nvda"], SKOS.altLabel, spanish, Visibility.PUBLIC)], viewer=ORGANISER)
    iri = add_reading(seeded, WREN, ReadingDraft("Manual de accion directa no-violenta"))
    assert suggest_concepts(seeded, WREN, [iri])[iri][0].concept == VOCAB["nvda"]


def test_readings_by_the_same_author_suggest_the_concepts_they_discuss(seeded):
    iri = add_reading(seeded, WREN, ReadingDraft("Reveille for Radicals", authors=("Saul D. Alinsky",)))
    found = suggest_concepts(seeded, WREN, [iri])[iri]
    by_author = [s for s in found if any("same author" in r for r in s.reasons)]
    assert VOCAB["grassroots-organising"] in [s.concept for s in by_author]


def test_the_queue_keeps_no_store_alive_so_a_closed_store_opens_again(tmp_path, ontology_quads):
    """Its indexes are kept on the store (PraxisStore.memo), not in a module cache keyed on
    it: an embedded store let go of is closed, and its folder opens again in this process
    (the benchmark's explorer-like process could not open its store)."""
    import gc

    from graph.store import open_store

    url = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(url)
    store.load_trusted(ontology_quads)
    add_reading(store, ORGANISER, ReadingDraft("A pamphlet on rent strikes"))
    assert cataloguing_queue(store, WREN).total == 1
    del store
    gc.collect()
    assert cataloguing_queue(open_store(url), WREN).total == 1
