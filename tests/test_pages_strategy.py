"""The strategy-session pages, run with AppTest: what past actions taught, and indicators."""

from __future__ import annotations

from explorer import links
from graph import strategy
from graph.access import Viewer
from graph.namespaces import DATA


def frame(app, column: str):
    """The one table on the page that has ``column``, names as they are shown (a link's
    address carries the name: :func:`explorer.links.shown`)."""
    found = [f.value for f in app.dataframe if column in f.value.columns]
    assert len(found) == 1, f"expected one table with a {column!r} column, found {len(found)}"
    return found[0].map(lambda value: links.shown(value) if isinstance(value, str) else value)


def metric(app, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def downloads(app) -> set[str]:
    return {d.proto.label for d in app.get("download_button")}


# ------------------------------------------------------------------ what past actions taught
def test_taught_page_answers_the_open_question(page):
    app = page("taught")
    assert not app.exception and not app.error
    assert int(metric(app, "Actions")) > 20
    lessons = frame(app, "what it taught")
    assert len(lessons) > 30 and set(lessons["stance"]) <= {"supports", "challenges", "qualifies"}
    assert len(frame(app, "share +2")) >= 5  # indicator statistics
    assert {"Download the brief (Markdown)", "Download the brief (printable HTML)"} <= downloads(app)


def test_taught_page_narrows_to_a_campaign(page):
    app = page("taught")
    app.selectbox(key="taught-campaign").set_value(DATA["campaign-otpor"]).run()
    assert not app.exception and not app.error
    assert metric(app, "Actions") == "2"
    assert "2 actions match" in app.markdown[0].value
    assert 0 < len(set(frame(app, "what it taught")["action"])) <= 2


def test_taught_page_shows_a_visitor_no_nicknames(page):
    app = page("taught", Viewer.visitor())
    assert not app.exception
    assert set(frame(app, "what it taught")["recorded by"]) == {""}


def test_taught_page_asks_for_a_filter_when_there_are_too_many_actions(page, monkeypatch):
    """Above the limit the open question is not read whole (1M statements: 7.5 s); a filter is."""
    monkeypatch.setattr(strategy, "WHOLE_ANSWER_MAX_ACTIONS", 10)  # the page reads it from the face
    app = page("taught")
    assert not app.exception and not app.dataframe
    assert any("too many to read all at once" in info.value for info in app.info)
    app.selectbox(key="taught-campaign").set_value(DATA["campaign-otpor"]).run()
    assert not app.exception and metric(app, "Actions") == "2"


def test_taught_page_explains_an_empty_store(empty_page):
    app = empty_page("taught")
    assert not app.exception
    assert any("No actions are recorded yet" in info.value for info in app.info)


def test_the_stance_figures_count_what_the_summary_counts(page):
    """Regression: the summary said "66 lessons with 129 tags (100 supporting, ...)" while
    the figures below said "Supporting 51": two units for one number's name."""
    import re

    app = page("taught")
    summary = next(m.value for m in app.markdown if "actions match" in m.value)
    found = re.search(r"(\d+) supporting, (\d+) challenging, (\d+) qualifying", summary)
    assert found, summary
    figures = [int(metric(app, f"Tags {how}")) for how in ("supporting", "challenging", "qualifying")]
    assert figures == [int(n) for n in found.groups()]


# ------------------------------------------------------------------ indicators
def test_indicators_page_lists_indicators_and_campaign_progress(page):
    app = page("indicators")
    assert not app.exception and not app.error
    assert "Goal attainment" in set(frame(app, "what to look for")["indicator"])
    progress = frame(app, "mean score")
    assert len(progress) > 5 and (progress["mean score"] > 0).all()


def test_the_serves_column_shows_the_principles_each_indicator_serves(page):
    """Regression: the column was empty for every indicator (the seed had no prx:serves)."""
    app = page("indicators")
    serves = dict(zip(*(frame(app, "serves")[c] for c in ("indicator", "serves")), strict=True))
    assert serves["Deepening resistance"] == "Prefigurative politics; Self-management; Solidarity"
    assert serves["Media coverage"] == "Ethical outreach"
    assert serves["Voting"] == ""  # left open on purpose: no principle is served by voting alone
    assert sum(1 for principles in serves.values() if principles) >= 8


def test_an_organiser_adds_an_indicator_on_the_page(page):
    app = page("indicators")
    app.text_input(key="indicator-add-label").input("Care for each other")
    app.text_area(key="indicator-add-definition").input("Whether everyone got home safe and heard.")
    next(b for b in app.button if b.label == "Add the indicator").click()
    app.run()
    assert not app.exception and not app.error
    assert any("Added the indicator" in s.value for s in app.success)
    assert "Care for each other" in set(frame(app, "what to look for")["indicator"])


def test_a_visitor_cannot_manage_indicators(page):
    app = page("indicators", Viewer.visitor())
    assert not app.exception
    assert "Manage indicators" not in [h.value for h in app.header]
    assert not [b for b in app.button if b.label == "Add the indicator"]


def test_indicators_page_on_an_empty_store(empty_page):
    app = empty_page("indicators")
    assert not app.exception
    assert "Goal attainment" in set(frame(app, "what to look for")["indicator"])
    assert any("No campaign has advanced" in info.value for info in app.info)


def test_the_timeline_shows_each_stance_in_its_own_colour(page):
    """Regression: the timeline drew qualifying lessons in red, the colour of challenges."""
    import json

    from explorer.widgets import STANCE_COLOURS
    from graph.practice import Stance

    app = page("taught")
    specs = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    (timeline,) = [s for s in specs if s.get("encoding", {}).get("color", {}).get("field") == "what"]
    scale = timeline["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert (
        colours["lesson (qualifies)"] == STANCE_COLOURS[Stance.QUALIFIES] != STANCE_COLOURS[Stance.CHALLENGES]
    )
    assert colours["lesson (challenges)"] == STANCE_COLOURS[Stance.CHALLENGES]
    assert colours["lesson (supports)"] == STANCE_COLOURS[Stance.SUPPORTS]
    assert timeline["encoding"]["color"]["legend"]["orient"] == "bottom"
