"""The search and record page (explorer/pages/record.py) run as a member, an organiser and a visitor."""

from __future__ import annotations

from graph.access import Viewer


def run(page, viewer, record_id=None, text=None):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    app = AppTest.from_file(str(ROOT / "explorer" / "pages" / "record.py"), default_timeout=60)
    app.session_state["viewer"] = viewer
    if record_id is not None:
        app.query_params["id"] = record_id
    app.run()
    if text is not None:
        app.text_input(key="search-text").input(text).run()
    assert not app.exception
    return app


def said(app) -> str:
    return " ".join(m.value for m in [*app.title, *app.subheader, *app.markdown, *app.warning, *app.caption])


def test_a_record_page_shows_what_it_says_its_links_and_its_neighbourhood(app_store):
    app = run(None, Viewer.organiser(), "pxv:parecon")
    assert [t.value for t in app.title] == ["Participatory economics"]
    text = said(app)
    assert "**Discussed in:**" in text and "](record?id=" in text  # backlinks, each name a link
    assert "Parecon: Life After Capitalism" in text
    assert len(app.get("bidi_component")) == 1  # the clickable local graph


def test_a_visitor_gets_the_same_not_found_for_a_members_only_record_as_for_none(app_store):
    shown = run(None, Viewer.organiser(), "px:campaign-housing")
    assert [t.value for t in shown.title] == ["Tenants' housing campaign (our chapter)"]
    hidden = run(None, Viewer.visitor(), "px:campaign-housing")
    missing = run(None, Viewer.visitor(), "px:campaign-never")
    assert [t.value for t in hidden.title] == ["Not found"]
    assert said(hidden) == said(missing) and "housing" not in said(hidden).lower()


def test_the_search_groups_results_by_kind(app_store):
    app = run(None, Viewer.organiser(), text="parecon")
    assert [s.value for s in app.subheader] == ["Concepts (1)", "Readings (1)", "Sessions (1)"]
    assert "Participatory economics" in said(app)
    visitor = run(None, Viewer.visitor(), text="housing")
    assert "our chapter" not in said(visitor)


def test_a_search_too_long_says_so(app_store):
    app = run(None, Viewer.organiser(), text="x" * 300)
    assert "longer than" in app.error[0].value


def links_in(app) -> list[str]:
    """Every record page a page's Markdown links to."""
    import re

    return [found for m in app.markdown for found in re.findall(r"\]\((record\?id=[^)\s]+)\)", m.value)]


def test_names_on_other_pages_link_to_their_record_pages(page):
    from tests.test_pages_theory import CIVIL_RESISTANCE, PARECON

    overview = page("overview")
    assert len(links_in(overview)) >= 5  # the latest lessons
    suggest = page("suggest")
    suggest.selectbox(key="suggest-campaign").select("https://w3id.org/praxis/id/campaign-housing").run()
    assert "record?id=px:reading-mcalevey-2016-no-shortcuts" in links_in(suggest)
    readings = page("readings")
    readings.selectbox(key="readings-concept").select("https://w3id.org/praxis/vocab/parecon").run()
    readings.selectbox(key="readings-reading").select(PARECON).run()
    assert "record?id=px:reading-albert-2003-parecon" in links_in(readings)  # its own page
    assert "record?id=pxv:parecon" in links_in(readings)  # the concepts it discusses
    concept_map = page("concept_map")
    concept_map.selectbox(key="map-focus").select(CIVIL_RESISTANCE).run()
    assert not concept_map.exception
    shown = links_in(concept_map)
    assert "record?id=pxv:civil-resistance" in shown  # "Open the page of Civil resistance"
    assert any(found.startswith("record?id=px:reading-") for found in shown)  # its readings
