"""The practice-vs-theory page, run with Streamlit's AppTest (widgets found by key)."""

from __future__ import annotations

from graph.access import Viewer

PAGE = "practice_vs_theory"
CLAIM = "https://w3id.org/praxis/id/claim-three-point-five-percent"
LESSON = "https://w3id.org/praxis/id/lesson-3b685a"


def ranked_table(app):
    (table,) = [d.value for d in app.dataframe if "due_for_review" in d.value.columns]
    return table


def metric(app, label: str) -> int:
    return int(next(m.value for m in app.metric if m.label == label))


def test_organiser_sees_the_ranking_chart_and_drill_down(page):
    app = page(PAGE, Viewer.organiser())
    assert not app.exception
    table = ranked_table(app)
    assert len(table) >= 20
    assert list(table["score"]) == sorted(table["score"], reverse=True)
    assert app.get("vega_lite_chart"), "the supports-against-challenges chart is missing"
    app.selectbox(key="practice-target").select(CLAIM).run()
    assert not app.exception
    (lessons,) = [d.value for d in app.dataframe if "what it taught" in d.value.columns]
    assert set(lessons["stance"]) == {"challenges", "qualifies"}
    (readings,) = [d.value for d in app.dataframe if "authors" in d.value.columns]
    assert any("Chenoweth" in authors for authors in readings["authors"])
    assert app.button(key="practice-revise-submit") and app.button(key="practice-decide-submit")


def test_a_member_records_a_revision_and_a_decision_from_the_page(page):
    app = page(PAGE, Viewer.member("Wren"))
    app.selectbox(key="practice-target").select(CLAIM).run()
    app.text_area(key="practice-revise-text").input("Active participation tips campaigns; 3.5% is a guide.")
    app.multiselect(key="practice-revise-lessons").select(LESSON)
    app.text_area(key="practice-revise-rationale").input("On an estate 3.5% was far too few.")
    app.button(key="practice-revise-submit").click().run()
    assert not app.exception and not app.error
    assert "Recorded the new wording" in app.success[0].value
    texts = [t.value for t in app.text]
    assert "Active participation tips campaigns; 3.5% is a guide." in texts
    assert "Recorded by Wren" in texts
    assert "Prompted by: At estate scale, 3.5 percent is nowhere near enough" in texts

    app.selectbox(key="practice-decide-outcome").select("contested")
    app.text_area(key="practice-decide-comment").input("Look again at the rent strike.")
    app.button(key="practice-decide-submit").click().run()
    assert not app.exception and not app.error
    assert "contested" in [t.value for t in app.text]


def test_a_visitor_sees_public_lessons_only_and_no_forms(page):
    organiser = page(PAGE, Viewer.organiser())
    visitor = page(PAGE, Viewer.visitor())
    assert not visitor.exception
    assert metric(visitor, "Lessons counted") < metric(organiser, "Lessons counted")
    visitor.selectbox(key="practice-target").select(CLAIM).run()
    keys = {button.key for button in visitor.button}
    assert not keys & {"practice-revise-submit", "practice-decide-submit"}


def test_an_empty_store_explains_what_to_do(empty_page):
    app = empty_page(PAGE)
    assert not app.exception
    assert "No lessons are tagged to theory yet" in app.info[0].value


def test_the_chart_names_its_points_says_due_in_words_and_clips_nothing(page):
    """Regression: points had no labels, the legend read "false/true", and points past 12
    supports were cut off at the edge."""
    import json

    app = page(PAGE, Viewer.organiser())
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)

    def flat(layers):
        for layer in layers:
            yield from flat(layer["layer"]) if "layer" in layer else [layer]

    def mark(layer) -> str:
        return layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]

    layers = list(flat(spec["layer"]))
    assert "text" in {mark(layer) for layer in layers}  # the most contested points are named
    points = next(layer for layer in layers if mark(layer) == "point")
    assert points["encoding"]["color"]["scale"]["domain"] == ["due for review", "not yet"]
    table = ranked_table(app)
    most = max(table["supports"].max(), table["challenges"].max())
    assert points["encoding"]["x"]["scale"]["domain"][1] > most
    assert points["encoding"]["y"]["scale"]["domain"][1] > most
