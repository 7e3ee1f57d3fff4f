"""The "Readings for a campaign" page, run with Streamlit's AppTest (widgets found by key)."""

from __future__ import annotations

from graph.access import Viewer

PAGE = "suggest"
HOUSING = "https://w3id.org/praxis/id/campaign-housing"
MCALEVEY = "reading-mcalevey-2016-no-shortcuts"  # in the housing campaign's top ten


def texts(app) -> list[str]:
    return [m.value for m in app.markdown]


def test_an_organiser_sees_ranked_readings_with_reasons_and_marks_one_as_read(page):
    app = page(PAGE, Viewer.organiser())
    assert not app.exception
    app.selectbox(key="suggest-campaign").select(HOUSING).run()
    assert not app.exception and not app.error
    shown = texts(app)
    assert any(t.startswith("**1. ") for t in shown)
    assert any(t.startswith("**10. ") for t in shown)
    assert any("which Tenants' housing campaign (our chapter) addresses" in t for t in shown)
    app.button(key=f"suggest-mark-{MCALEVEY}").click().run()
    assert not app.exception and not app.error
    assert "reading-group list" in app.success[0].value
    assert any("already read for this campaign" in t for t in texts(app))
    assert app.button(key=f"suggest-mark-{MCALEVEY}").label == "Take off the reading-group list"


def test_a_visitor_describes_a_campaign_in_words_and_cannot_mark_readings(page):
    app = page(PAGE, Viewer.visitor())
    assert not app.exception
    assert "No active campaigns are visible to you" in app.info[0].value
    app.radio(key="suggest-mode").set_value("A new campaign, described in words").run()
    app.text_area(key="suggest-text").input("Tenants organising a rent strike against damp and mould").run()
    assert not app.exception and not app.error
    assert any("shares words with your description" in t for t in texts(app))
    assert not [b for b in app.button if str(b.key).startswith("suggest-mark-")]


def test_an_empty_store_gets_a_helpful_message(empty_page):
    app = empty_page(PAGE)
    assert not app.exception
    assert "There are no readings yet" in app.info[0].value
