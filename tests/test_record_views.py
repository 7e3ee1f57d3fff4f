"""A page for every record (graph.views.records) and one search for everything
(graph.views.search): what they say, what they hide, and how the search follows writes."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph import practice
from graph.access import Viewer
from graph.errors import BadInput
from graph.namespaces import DATA, VOCAB
from graph.views.records import RecordKind, local_graph, parse_record_id, record, record_id
from graph.views.search import MAX_TEXT, index_for, search
from tests.test_records import PICKET, lesson

ORGANISER, VISITOR, WREN = Viewer.organiser(), Viewer.visitor(), Viewer.member("wren")
HOUSING = URIRef("https://w3id.org/praxis/id/campaign-housing")  # members only in the seed


def test_permalink_ids_read_back_to_the_same_record_and_refuse_anything_else():
    for iri in (VOCAB["parecon"], DATA["reading-albert-2003-parecon"], URIRef("http://example.org/x(1)")):
        assert parse_record_id(record_id(iri)) == iri
    assert record_id(VOCAB["parecon"]) == "pxv:parecon"
    for bad in ("", "javascript:alert(1)", "nope:thing", "<script>", "x" * 3000, None):
        assert parse_record_id(bad) is None


def test_a_concept_page_lists_links_out_and_backlinks_with_the_other_records_names(seeded):
    page = record(seeded, ORGANISER, VOCAB["parecon"])
    assert page.kind is RecordKind.CONCEPT and page.label == "Participatory economics"
    assert page.fact("Definition")
    relations = dict(page.groups())
    assert "discussed in" in relations and "broader" in relations  # backlinks and links out
    readings = {link.other.label for link in relations["discussed in"]}
    assert "Parecon: Life After Capitalism" in readings
    assert all(link.kind is RecordKind.READING for link in relations["discussed in"])


def test_a_members_only_record_is_not_found_for_a_visitor_exactly_like_no_record(seeded):
    assert record(seeded, ORGANISER, HOUSING).label == "Tenants' housing campaign (our chapter)"
    assert record(seeded, VISITOR, HOUSING) is None
    assert record(seeded, VISITOR, URIRef(str(HOUSING) + "-never")) is None
    assert local_graph(seeded, VISITOR, HOUSING) is None
    # and the public records linked to it do not name it to a visitor
    capitalism = record(seeded, VISITOR, VOCAB["capitalism"])
    assert HOUSING not in {link.other.iri for link in capitalism.links}
    assert HOUSING in {link.other.iri for link in record(seeded, ORGANISER, VOCAB["capitalism"]).links}


def test_a_lesson_page_shows_its_history_newest_first(store):
    iri = practice.record_lesson(store, WREN, lesson(), action=PICKET)
    challenged = (practice.Tag(practice.Stance.CHALLENGES, VOCAB["grassroots-organising"]),)
    practice.edit_lesson(store, WREN, iri, lesson(title="Door-knocking was not enough", tags=challenged))
    practice.edit_lesson(store, WREN, iri, lesson(title="Third wording", tags=challenged))
    page = record(store, WREN, iri)
    assert page.kind is RecordKind.LESSON and page.label == "Third wording"
    assert [step.title for step in page.history] == [
        "Door-knocking was not enough",
        "Door-knocking brought neighbours",
    ]
    assert page.history[-1].note.startswith("supported ")


def test_a_local_graph_is_the_record_and_its_neighbours_one_or_two_hops_out(seeded):
    near = local_graph(seeded, ORGANISER, VOCAB["parecon"])
    far = local_graph(seeded, ORGANISER, VOCAB["parecon"], depth=2)
    assert near.focus == VOCAB["parecon"] and {n.depth for n in near.nodes} == {0, 1}
    assert len(far.nodes) > len(near.nodes) and {n.depth for n in far.nodes} == {0, 1, 2}
    ids = {n.iri for n in far.nodes}
    assert all(e.source in ids and e.target in ids for e in far.edges)
    assert len(local_graph(seeded, ORGANISER, VOCAB["parecon"], depth=2, max_nodes=10).nodes) <= 10


def test_the_search_finds_every_kind_grouped_and_ranked(seeded):
    found = search(seeded, ORGANISER, "parecon")
    kinds = [group.kind for group in found.groups]
    assert kinds == [RecordKind.CONCEPT, RecordKind.READING, RecordKind.SESSION]
    concept = found.groups[0].hits[0]
    assert (concept.label, concept.matched) == ("Participatory economics", "parecon")  # by another label
    reading = found.groups[1].hits[0]
    assert reading.detail == "Michael Albert (2003)"
    assert search(seeded, ORGANISER, "Albert").groups[0].kind is RecordKind.READING  # by author
    assert any(g.kind is RecordKind.READING for g in search(seeded, ORGANISER, "2003").groups)  # by year


def test_a_visitor_never_finds_a_members_only_record(seeded):
    assert HOUSING in {h.iri for g in search(seeded, ORGANISER, "housing").groups for h in g.hits}
    assert HOUSING not in {h.iri for g in search(seeded, VISITOR, "housing").groups for h in g.hits}


def test_the_search_follows_writes_by_reading_only_what_they_touched(store):
    before = index_for(store, WREN)
    iri = practice.record_lesson(store, WREN, lesson(title="Zanzibar tenants learnt"), action=PICKET)
    after = index_for(store, WREN)
    assert after is not before and after.generation == store.generation
    assert [h.iri for g in search(store, WREN, "zanzibar").groups for h in g.hits] == [iri]
    practice.edit_lesson(store, WREN, iri, lesson(title="Quito tenants learnt"))
    assert search(store, WREN, "zanzibar").total == 0 and search(store, WREN, "quito").total == 1
    assert index_for(store, WREN).records.keys() == type(before).build(store, WREN).records.keys()


def test_bad_search_text_is_refused_in_plain_words_and_blank_finds_nothing(seeded):
    with pytest.raises(BadInput, match="longer than"):
        search(seeded, ORGANISER, "x" * (MAX_TEXT + 1))
    assert search(seeded, ORGANISER, "   ").groups == ()


def test_a_link_that_reads_the_same_both_ways_is_listed_once(store):
    from tests.test_concepts import load

    load(store, "pxv:t-one a skos:Concept ; skos:prefLabel 'One'@en ; skos:related pxv:t-two .")
    load(store, "pxv:t-two a skos:Concept ; skos:prefLabel 'Two'@en ; skos:related pxv:t-one .")
    load(store, "pxv:t-three a skos:Concept ; skos:prefLabel 'Three'@en ; skos:related pxv:t-one .")
    groups = record(store, ORGANISER, VOCAB["t-one"]).groups()
    assert [(relation, [link.other.label for link in found]) for relation, found in groups] == [
        ("related", ["Three", "Two"])
    ]


def test_a_member_sees_members_only_records_but_not_an_organisers_only_action(seeded):
    withheld = URIRef("https://w3id.org/praxis/id/action-ab98b1")  # restricted in the seed
    member = Viewer.member("wren")
    assert record(seeded, member, HOUSING) is not None
    assert record(seeded, member, withheld) is None
    assert record(seeded, ORGANISER, withheld).label == "Rent withholding into the tenants' union account"
    assert withheld not in {link.other.iri for link in record(seeded, member, HOUSING).links}
    assert withheld in {link.other.iri for link in record(seeded, ORGANISER, HOUSING).links}
    assert withheld not in {h.iri for g in search(seeded, member, "rent withholding").groups for h in g.hits}
    assert withheld in {h.iri for g in search(seeded, ORGANISER, "rent withholding").groups for h in g.hits}
