"""Likely duplicates, merging two readings (old links still open) and linking editions."""

from __future__ import annotations

import pytest

from graph.access import Viewer, Visibility
from graph.errors import NotAllowed
from graph.io.bibtex import import_bibtex
from graph.library import get_reading, resolve
from graph.library.duplicates import (
    editions,
    likely_duplicates,
    link_editions,
    mark_different,
    merge_readings,
)
from graph.namespaces import DATA, PRX, VOCAB
from graph.store import Statement
from graph.views.readings import reading_list

ORGANISER = Viewer.organiser()
WREN = Viewer.member("wren")
OLD = DATA["reading-alinsky-1971-rules-for-radicals"]
VINTAGE = b"""@book{Alinsky1989,
  author = {Alinsky, Saul D.},
  title = {{Rules for Radicals: A Practical Primer for Realistic Radicals}},
  publisher = {Vintage},
  year = {1989},
  isbn = {9780679721130}
}
"""


@pytest.fixture
def two_editions(seeded):
    import_bibtex(seeded, VINTAGE, viewer=ORGANISER, source="change-references.bib")
    pair = next(p for p in likely_duplicates(seeded, ORGANISER) if OLD in (p.first.iri, p.second.iri))
    return seeded, pair.second.iri


def test_the_two_editions_of_rules_for_radicals_are_offered_as_likely_duplicates(two_editions):
    store, new = two_editions
    pair = next(p for p in likely_duplicates(store, ORGANISER) if new in (p.first.iri, p.second.iri))
    assert pair.first.iri == OLD and pair.first.year == "1971" and pair.second.year == "1989"
    assert any("same first author" in reason for reason in pair.reasons)


def test_merging_moves_every_link_and_the_old_iri_still_opens_the_reading(two_editions):
    store, new = two_editions
    report = merge_readings(store, ORGANISER, OLD, new)
    assert report.kept == OLD
    assert resolve(store, ORGANISER, new) == OLD
    kept = get_reading(store, ORGANISER, new)
    assert kept.iri == OLD and kept.draft.isbn  # the 1989 ISBN filled the 1971 record's gap
    assert not [p for p in likely_duplicates(store, ORGANISER) if new in (p.first.iri, p.second.iri)]
    listed = [e.reading for e in reading_list(store, ORGANISER, concept=VOCAB["grassroots-organising"])]
    assert OLD in listed and new not in listed
    assert store.validate() == []


def test_a_merge_moves_a_session_that_covered_the_merged_reading(two_editions):
    store, new = two_editions
    session = DATA["session-9c92d4"]
    store.write([Statement(session, PRX.covers, new, Visibility.MEMBERS)], viewer=ORGANISER)
    report = merge_readings(store, ORGANISER, OLD, new)
    assert report.links_moved >= 1
    covered = {row["reading"] for row in store.select("library_session_readings", ORGANISER, session=session)}
    assert OLD in covered and new not in covered


def test_linking_editions_keeps_both_and_lists_them_together(two_editions):
    store, new = two_editions
    work = link_editions(store, ORGANISER, OLD, new)
    found = editions(store, ORGANISER, [OLD, new])
    assert [e.year for e in found[OLD]] == ["1971", "1989"] == [e.year for e in found[new]]
    assert get_reading(store, ORGANISER, new).work == work
    assert not [p for p in likely_duplicates(store, ORGANISER) if new in (p.first.iri, p.second.iri)]


def test_a_pair_marked_different_is_not_offered_again(two_editions):
    store, new = two_editions
    mark_different(store, ORGANISER, OLD, new)
    assert not [p for p in likely_duplicates(store, ORGANISER) if new in (p.first.iri, p.second.iri)]


def test_members_may_not_merge_and_nothing_changes(two_editions):
    store, new = two_editions
    before = store.generation
    with pytest.raises(NotAllowed):
        merge_readings(store, WREN, OLD, new)
    assert store.generation == before


def test_a_reading_list_shows_two_linked_editions_together_on_one_row(page):
    from explorer import state

    app = page("readings")
    store = state.store()  # the store the page holds open
    import_bibtex(store, VINTAGE, viewer=ORGANISER, source="change-references.bib")
    pair = next(p for p in likely_duplicates(store, ORGANISER) if OLD in (p.first.iri, p.second.iri))
    app.segmented_control(key="readings-mode").set_value("All readings").run()
    app.text_input(key="readings-search").input("Rules for Radicals").run()
    before = app.dataframe[0].value
    assert len(before) == 2 and "other editions" not in before.columns

    link_editions(store, ORGANISER, pair.first.iri, pair.second.iri)
    after = app.run().dataframe[0].value
    assert not app.exception
    assert len(after) == 1
    row = after.iloc[0]
    assert {row["year"], row["other editions"]} == {"1971", "1989"}
