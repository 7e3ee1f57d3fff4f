"""The library: add, edit and tag readings by hand, with versions, audit and roles."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed
from graph.library import (
    ReadingDraft,
    ReadingKind,
    add_reading,
    edit_reading,
    get_reading,
    tag_reading,
    versions,
)
from graph.library.known import find_known
from graph.library.queue import cataloguing_queue
from graph.namespaces import DATA, PRX, VOCAB
from graph.views.readings import reading_list

ORGANISER = Viewer.organiser()
WREN = Viewer.member("wren")
ROBIN = Viewer.member("robin")

RULES = ReadingDraft(
    title="Rules for Radicals: A Pragmatic Primer for Realistic Radicals",
    authors=("Saul D. Alinsky",),
    year="1971",
    kind=ReadingKind.BOOK,
    publisher="Random House",
    isbn="0-394-44341-1",
    abstract="How community organisers build power; on direct action and organising.",
    language="en",
)


def test_a_member_adds_a_reading_that_waits_in_the_queue_until_tagged(seeded):
    iri = add_reading(seeded, WREN, RULES)
    assert iri == DATA["reading-alinsky-1971-rules"]
    found = get_reading(seeded, WREN, iri)
    assert found.draft.authors == ("Saul D. Alinsky",)
    assert found.draft.isbn == "0394443411"
    assert found.added_by is not None
    queue = cataloguing_queue(seeded, WREN)
    assert iri in [entry.reading for entry in queue.entries]


def test_who_added_a_reading_is_hidden_from_visitors(seeded):
    iri = add_reading(seeded, WREN, RULES)
    assert get_reading(seeded, Viewer.visitor(), iri).added_by is None


def test_tagging_puts_the_reading_on_the_concepts_reading_list_at_once(seeded):
    iri = add_reading(seeded, WREN, RULES)
    assert iri not in [e.reading for e in reading_list(seeded, WREN, concept=VOCAB["nvda"])]
    tag_reading(seeded, WREN, iri, [VOCAB["nvda"]])
    assert iri in [e.reading for e in reading_list(seeded, WREN, concept=VOCAB["nvda"])]
    assert iri not in [e.reading for e in cataloguing_queue(seeded, WREN).entries]
    assert "uncatalogued" not in get_reading(seeded, WREN, iri).draft.keywords


def test_an_edit_keeps_the_previous_version_and_is_audited(seeded):
    iri = add_reading(seeded, WREN, RULES)
    edit_reading(seeded, WREN, iri, ReadingDraft(**{**RULES.__dict__, "title": "Rules for Radicals"}))
    edit_reading(seeded, WREN, iri, ReadingDraft(**{**RULES.__dict__, "title": "Rules for radicals (2)"}))
    assert get_reading(seeded, WREN, iri).draft.title == "Rules for radicals (2)"
    assert [v.title for v in versions(seeded, WREN, iri)] == [
        "Rules for Radicals",
        "Rules for Radicals: A Pragmatic Primer for Realistic Radicals",
    ]
    before = len(seeded.changes(ORGANISER, limit=1000))
    edit_reading(seeded, WREN, iri, ReadingDraft(**{**RULES.__dict__, "pages": "1-200"}))
    latest = seeded.changes(ORGANISER, limit=1000)
    assert len(latest) == before + 1
    assert latest[0]["nickname"] == "wren" and int(latest[0]["removed"]) > 0
    changed = seeded.select("library_links_to", ORGANISER, reading=iri)
    assert any(row["property"] == PRX.changedRecord for row in changed)


def test_a_member_may_not_edit_a_reading_another_member_added_but_an_organiser_may(seeded):
    iri = add_reading(seeded, WREN, RULES)
    before = seeded.generation
    with pytest.raises(NotAllowed):
        edit_reading(seeded, ROBIN, iri, ReadingDraft(**{**RULES.__dict__, "title": "Mine now"}))
    assert seeded.generation == before
    edit_reading(seeded, ORGANISER, iri, ReadingDraft(**{**RULES.__dict__, "title": "Fixed"}))
    assert get_reading(seeded, ORGANISER, iri).draft.title == "Fixed"


def test_visitors_add_nothing(seeded):
    with pytest.raises(NotAllowed):
        add_reading(seeded, Viewer.visitor(), RULES)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("title", " ", "title"),
        ("year", "71", "four digits"),
        ("isbn", "0-394-44341-2", "check digit"),
        ("doi", "doi:11.1/x", "not a DOI"),
        ("url", "javascript:alert(1)", "web address"),
        ("language", "english please", "language"),
    ],
)
def test_a_bad_field_is_refused_in_plain_words_and_nothing_is_written(seeded, field, value, says):
    before = seeded.generation
    with pytest.raises(BadInput, match=says):
        add_reading(seeded, WREN, ReadingDraft(**{**RULES.__dict__, field: value}))
    assert seeded.generation == before


def test_a_doi_is_stored_in_its_normal_form(seeded):
    iri = add_reading(
        seeded,
        WREN,
        ReadingDraft("Why civil resistance works", doi="https://doi.org/10.1162/ISEC.2008.33.1.7"),
    )
    assert get_reading(seeded, WREN, iri).draft.doi == "10.1162/isec.2008.33.1.7"


def test_adding_by_isbn_fills_the_form_from_the_library_or_a_given_file(seeded):
    iri = add_reading(seeded, WREN, RULES)
    known = find_known(seeded, WREN, "978-0-394-44341-6")
    assert known.existing == iri and known.draft.title.startswith("Rules for Radicals")
    bib = b"@book{x, title={Blueprint for Revolution}, author={Popovic, Srdja}, isbn={9780812995305}}"
    known = find_known(seeded, WREN, "9780812995305", files=[("group.bib", bib)])
    assert known.existing is None and known.draft.title == "Blueprint for Revolution"
    assert find_known(seeded, WREN, "9780812995305") is None


def test_adding_by_an_isbn_10_that_ends_in_x_finds_the_reading_holding_it(store):
    parecon = ReadingDraft(
        "Parecon: Life After Capitalism", authors=("Michael Albert",), isbn="1-85984-698-X"
    )
    iri = add_reading(store, WREN, parecon)
    assert get_reading(store, WREN, iri).draft.isbn == "185984698X"
    assert find_known(store, WREN, "185984698x").existing == iri


def test_a_members_only_reading_is_invisible_to_visitors(seeded):
    iri = add_reading(seeded, WREN, ReadingDraft(**{**RULES.__dict__, "visibility": Visibility.MEMBERS}))
    assert get_reading(seeded, Viewer.visitor(), iri) is None
    assert get_reading(seeded, WREN, iri) is not None
    with pytest.raises(NotAllowed):
        tag_reading(seeded, Viewer.visitor(), iri, [VOCAB["nvda"]])


def test_tagging_a_reading_nobody_can_see_is_refused(seeded):
    with pytest.raises(BadInput, match="no reading"):
        tag_reading(seeded, ROBIN, URIRef(str(DATA["reading-nope"])), [VOCAB["nvda"]])
