"""The reading-group pages (overview, concept map, reading lists) run as Streamlit runs them."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from explorer.widgets import EMPTY_STORE
from graph.access import Viewer, Visibility
from graph.namespaces import DATA, PRX, RDF, SCHEME, SKOS, VOCAB
from graph.text import md_escape
from tests.conftest import page_runner, serve_to_pages

CIVIL_RESISTANCE = str(VOCAB["civil-resistance"])
PARECON = str(DATA["reading-albert-2003-parecon"])


@pytest.fixture(params=["empty", "ontology only"])
def bare_page(request, tmp_path, ontology_quads, monkeypatch):
    """Like ``page``, on a store with nothing at all, or only the ontology (``init --empty``)."""
    quads = ontology_quads if request.param == "ontology only" else []
    pages = serve_to_pages(tmp_path / "bare", quads, monkeypatch)
    next(pages)
    run = page_runner()
    run.kind = request.param
    yield run
    next(pages, None)


def count(quads, predicate, obj, graph: Visibility | None = None) -> str:
    """How many subjects state ``predicate obj`` in the seed (in ``graph`` if given), as a page shows it."""
    found = {
        q.subject
        for q in quads
        if q.predicate.value == str(predicate)
        and q.object == ox.NamedNode(str(obj))
        and (graph is None or q.graph_name.value == str(graph.graph))
    }
    return f"{len(found):,}"


def map_data(app) -> dict:
    """What the concept map component was given to draw."""
    maps = app.get("bidi_component")
    assert len(maps) == 1
    return json.loads(maps[0].proto.json)


# -------------------------------------------------------------------- overview
def test_overview_counts_records_and_lists_active_campaigns_and_lessons(page, seed_quads):
    app = page("overview")
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    for label, kind in (("Readings", PRX.Reading), ("Claims", PRX.Claim), ("Campaigns", PRX.Campaign)):
        assert metrics[label] == count(seed_quads, RDF.type, kind)
    campaigns = app.dataframe[0].value
    assert len(campaigns) == 2 and all("our chapter" in name for name in campaigns["campaign"])
    assert sum("supports" in m.value or "challenges" in m.value for m in app.markdown) >= 5


def test_overview_shows_a_visitor_public_records_only(page, seed_quads):
    app = page("overview", Viewer.visitor())
    assert not app.exception
    public = count(seed_quads, RDF.type, PRX.Lesson, Visibility.PUBLIC)
    assert public != count(seed_quads, RDF.type, PRX.Lesson)
    assert {m.label: m.value for m in app.metric}["Lessons"] == public
    assert any("No active campaigns" in i.value for i in app.info)


# ----------------------------------------------------------------- concept map
def test_concept_map_draws_the_whole_map_then_focuses_on_a_search_hit(page):
    app = page("concept_map")
    assert not app.exception
    assert {n["kind"] for n in map_data(app)["nodes"]} == {"cluster"}  # it opens on its clusters
    app.text_input(key="map-search").input("people power").run()
    app.selectbox(key="map-hit").select(CIVIL_RESISTANCE).run()
    assert not app.exception
    assert app.selectbox(key="map-focus").value == CIVIL_RESISTANCE
    assert [h.value for h in app.subheader] == ["Civil resistance"]
    assert any("people power" in m.value for m in app.markdown)
    assert [n["label"] for n in map_data(app)["nodes"] if n["focus"]] == ["Civil resistance"]


def test_concept_map_details_list_lessons_readings_and_claims(page):
    app = page("concept_map")
    app.selectbox(key="map-focus").select(CIVIL_RESISTANCE).run()
    app.radio(key="map-depth").set_value(2).run()
    assert not app.exception
    text = " ".join(m.value for m in app.markdown)
    assert ":red-badge[challenges]" in text and "Readings:" in text
    assert any(e.label.startswith("The 3.5% participation") for e in app.expander)
    app.button(key="map-whole").click().run()
    assert app.selectbox(key="map-focus").value is None


def test_concept_map_with_only_concepts_of_one_scheme(page, ontology_quads):
    app = page("concept_map")
    app.multiselect(key="map-kinds").set_value(["concept"]).run()
    app.multiselect(key="map-schemes").set_value([str(SCHEME["systems"])]).run()
    assert not app.exception
    systems = count(ontology_quads, SKOS.inScheme, SCHEME["systems"])
    assert any(c.value.startswith(f"{systems} nodes") for c in app.caption)


# ---------------------------------------------------------------- reading lists
def test_reading_list_for_a_concept_and_a_reading_in_full(page):
    app = page("readings")
    assert not app.exception
    app.selectbox(key="readings-concept").select(str(VOCAB["parecon"])).run()
    table = app.dataframe[0].value
    assert table["why"].iloc[0].startswith("discusses it directly")
    app.selectbox(key="readings-reading").select(PARECON).run()
    assert not app.exception
    assert [h.value for h in app.subheader] == [md_escape("Parecon: Life After Capitalism")]
    text = " ".join(m.value for m in app.markdown)
    assert "Verso" in text and "9781859846988" in text and "Balanced job complexes" in text


def test_reading_list_for_a_scheme(page):
    app = page("readings")
    app.segmented_control(key="readings-mode").set_value("By scheme").run()
    app.selectbox(key="readings-scheme").select(str(SCHEME["alternatives"])).run()
    assert not app.exception
    assert len(app.dataframe[0].value) > 10


# ------------------------------------------------------------------ empty store
@pytest.mark.parametrize("name", ["overview", "concept_map", "readings"])
def test_every_page_explains_an_empty_store(bare_page, name):
    app = bare_page(name)
    assert not app.exception
    said = " ".join(i.value for i in app.info)
    if bare_page.kind == "empty":
        assert EMPTY_STORE in said
    elif name == "readings":
        assert "No readings yet" in said
    elif name == "concept_map":
        assert map_data(app)["nodes"]  # the schemes are there to draw
    else:
        assert {m.label: m.value for m in app.metric}["Readings"] == "0"
        assert "No lessons recorded yet" in said


def test_overview_shows_the_current_group_agreements(page):
    app = page("overview")
    assert not app.exception
    assert "Our group agreements" in [header.value for header in app.subheader]
