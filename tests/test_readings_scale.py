"""Reading lists that read only what they show: the first readings of a concept's or a
scheme's list and how many there are, the library searched by title or author, and the
Reading lists page built on them (AppTest on the seed)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from explorer import links
from graph import views
from graph.access import Viewer, Visibility
from graph.errors import BadInput
from graph.io.rdf import read_quads
from graph.namespaces import DATA, PREFIXES, PRX, RDF, SCHEME
from graph.views import readings as readings_module
from tests.test_concepts import R1, R2, R3, TINY, A, load

ORGANISER, VISITOR = Viewer.organiser(), Viewer.visitor()
UNRELATED = DATA["reading-t4"]
PARECON = DATA["reading-albert-2003-parecon"]


@pytest.fixture
def tiny(store):
    load(store, TINY)
    return store


def _turtle(text: str) -> bytes:
    return ("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()) + text).encode()


def _readings_in(quads, graphs: set[str] | None = None) -> int:
    """How many subjects the seed types prx:Reading (in ``graphs`` if given)."""
    return len(
        {
            q.subject
            for q in quads
            if q.predicate == ox.NamedNode(str(RDF.type))
            and q.object == ox.NamedNode(str(PRX.Reading))
            and (graphs is None or q.graph_name.value in graphs)
        }
    )


# ------------------------------------------------------------- pages of a list
def test_a_concepts_list_cut_in_a_tie_keeps_the_first_by_title(tiny):
    # one: discusses Alpha (3); two: a claim about Alpha (2) + narrower Beta (1) = 3;
    # three: narrower Beta (1). One and two tie at 3: "Reading one" comes before "Reading two".
    first = views.reading_page(tiny, VISITOR, concept=A, limit=1)
    assert ([e.reading for e in first.entries], first.total, first.complete) == ([R1], 3, False)
    two = views.reading_page(tiny, VISITOR, concept=A, limit=2)
    assert [(e.reading, e.score) for e in two.entries] == [(R1, 3), (R2, 3)]
    assert (
        two.entries[1].why
        == "discusses a claim about it (Alpha matters); discusses a narrower concept (Beta)"
    )
    every = views.reading_page(tiny, VISITOR, concept=A, limit=None)
    assert [e.reading for e in every.entries] == [R1, R2, R3] and every.complete


def test_a_schemes_list_cut_keeps_the_best(tiny):
    # two: Beta (3) + a claim about Alpha (2) = 5; then "A reading three" and "Reading one" at 3.
    page = views.reading_page(tiny, VISITOR, scheme=SCHEME["t1"], limit=2)
    assert [(e.title, e.score) for e in page.entries] == [("Reading two", 5), ("A reading three", 3)]
    assert page.total == 3
    assert page.entries[0].why == "discusses Beta; discusses a claim about Alpha"


def test_a_page_needs_one_subject(tiny):
    with pytest.raises(BadInput, match="choose a concept or a scheme"):
        views.reading_page(tiny, VISITOR)
    with pytest.raises(BadInput, match="not both"):
        views.reading_page(tiny, VISITOR, concept=A, scheme=SCHEME["t1"])


def test_every_seed_list_cut_anywhere_is_the_head_of_the_whole_list(seeded):
    """The ranking read in parts (scores first, titles for the tie at the cut, details for
    the readings shown) gives exactly the head of the list read whole."""
    subjects = [("concept", r["concept"]) for r in seeded.select("programme_concepts", ORGANISER)]
    subjects += [("scheme", SCHEME[name]) for name in ("alternatives", "strategy", "systems", "principles")]
    compared = 0
    for kind, subject in subjects:
        whole = views.reading_list(seeded, ORGANISER, **{kind: subject})
        for limit in (1, 2, 5):
            page = views.reading_page(seeded, ORGANISER, limit=limit, **{kind: subject})
            assert list(page.entries) == whole[:limit], (subject, limit)
            assert page.total == len(whole)
            compared += 1
    assert compared > 100


# ------------------------------------------------------------------- search
def test_search_matches_titles_and_authors_in_any_case(tiny):
    found = views.search_readings(tiny, VISITOR, "  READING ")
    assert [e.title for e in found.entries] == ["A reading three", "Reading one", "Reading two"]
    assert found.total == 3
    (by_author,) = views.search_readings(tiny, VISITOR, "bo writer").entries
    assert (by_author.reading, by_author.authors, by_author.year) == (R1, "Ann Author; Bo Writer", "2001")
    cut = views.search_readings(tiny, VISITOR, "reading", limit=2)
    assert ([e.title for e in cut.entries], cut.total, cut.complete) == (
        ["A reading three", "Reading one"],
        3,
        False,
    )


def test_no_search_lists_the_library_by_title(tiny):
    found = views.search_readings(tiny, VISITOR)
    assert [e.reading for e in found.entries] == [R3, R1, R2, UNRELATED]
    assert found.total == views.count_readings(tiny, VISITOR) == 4


def test_search_text_is_bound_not_written_into_the_query(tiny):
    assert views.search_readings(tiny, VISITOR, '") } DELETE WHERE { ?s ?p ?o } #').entries == ()
    assert views.count_readings(tiny, VISITOR) == 4
    with pytest.raises(BadInput, match="longer than"):
        views.search_readings(tiny, VISITOR, "x" * 201)


def test_counts_and_searches_see_what_the_viewer_may_see(tiny, seeded, seed_quads):
    public = {str(Visibility.PUBLIC.graph)}
    assert views.count_readings(seeded, VISITOR) == _readings_in(seed_quads, public)
    assert views.count_readings(seeded, ORGANISER) == _readings_in(seed_quads)
    hidden = 'px:reading-t5 a prx:Reading ; dct:title "Reading five" ; prx:discusses pxv:t-a .'
    tiny.load_trusted(
        read_quads(_turtle(hidden), source="test", fmt=ox.RdfFormat.TURTLE, default=Visibility.MEMBERS)
    )
    assert (views.count_readings(tiny, VISITOR), views.count_readings(tiny, ORGANISER)) == (4, 5)
    assert views.search_readings(tiny, VISITOR, "five").total == 0
    assert [e.title for e in views.search_readings(tiny, ORGANISER, "five").entries] == ["Reading five"]
    assert views.reading_page(tiny, VISITOR, concept=A).total == 3
    assert views.reading_page(tiny, ORGANISER, concept=A).total == 4


# --------------------------------------------------------------------- page
def test_the_page_searches_the_library(page, seed_quads):
    app = page("readings")
    assert not app.exception
    app.segmented_control(key="readings-mode").set_value("All readings").run()
    everything = _readings_in(seed_quads)
    assert len(app.dataframe[0].value) == everything
    assert f"All {everything} readings, by title." in [c.value for c in app.caption]
    app.text_input(key="readings-search").input("parecon").run()
    table = app.dataframe[0].value
    assert "Parecon: Life After Capitalism" in [links.shown(title) for title in table["title"]]
    assert any(c.value.endswith(f"of {everything} readings match, by title.") for c in app.caption)
    app.selectbox(key="readings-reading").select(str(PARECON)).run()
    assert "Verso" in " ".join(m.value for m in app.markdown)
    app.text_input(key="readings-search").input("no such title anywhere").run()
    assert not app.exception and "Try a shorter search" in app.info[0].value


def test_the_page_shows_the_head_of_a_long_list_and_says_so(page, monkeypatch):
    for where in (readings_module, views):  # the library and the page
        monkeypatch.setattr(where, "LIST_LIMIT", 2)
    app = page("readings")
    app.segmented_control(key="readings-mode").set_value("By scheme").run()
    app.selectbox(key="readings-scheme").select(str(SCHEME["alternatives"])).run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 2
    assert any(c.value.startswith("Showing the 2 most relevant of ") for c in app.caption)
    app.segmented_control(key="readings-mode").set_value("All readings").run()
    assert len(app.dataframe[0].value) == 2
    assert any(c.value.startswith("The first 2 of ") for c in app.caption)
