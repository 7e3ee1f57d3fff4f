"""The Record a lesson, Assess actions and Data in and out pages (AppTest, widgets found by key)."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer import links, state
from graph import practice
from graph.access import Viewer
from graph.namespaces import DATA, VOCAB

WREN = Viewer.member("wren")
BOYCOTT = DATA["action-ff2dd6"]  # public seed action: the first day of the Montgomery bus boycott


def texts(app, kind: str) -> str:
    return " ".join(element.value for element in getattr(app, kind))


def table(app, column: str):
    """The table showing ``column`` (AppTest gives dataframes no key to find them by), names
    as they are shown (a link's address carries the name: :func:`explorer.links.shown`)."""
    found = next(frame.value for frame in app.dataframe if column in frame.value.columns)
    return found.map(lambda value: links.shown(value) if isinstance(value, str) else value)


def editing(app, name: str):
    """The edit form's field ``name`` (each lesson has fields of its own, keyed by it)."""
    widgets = [*app.text_input, *app.text_area, *app.selectbox, *app.multiselect]
    (field,) = [w for w in widgets if (w.key or "").startswith(f"mine-{name}-")]
    return field


def test_a_member_records_a_lesson_and_sees_it_at_once(page):
    app = page("record_lesson", WREN)
    assert not app.exception
    app.selectbox(key="record-action").set_value(BOYCOTT)
    app.text_input(key="record-title").input("Walking together kept people walking")
    app.text_area(key="record-what-happened").input("Neighbours walked to work in groups.")
    app.text_area(key="record-taught").input("Shared hardship held when it was shared in public.")
    app.multiselect(key="record-supports").set_value([VOCAB["community"]])
    app.button(key="record-save").click().run()
    assert not app.exception
    assert "Saved “Walking together kept people walking”" in texts(app, "success")
    assert app.text_input(key="record-title").value == ""  # the form is cleared for the next one
    mine = table(app, "lesson")
    assert "Walking together kept people walking" in set(mine["lesson"])


def test_the_form_says_in_plain_words_what_is_missing(page):
    app = page("record_lesson", WREN)
    app.button(key="record-save").click().run()
    errors = texts(app, "error")
    assert "Give the lesson a title." in errors and "Choose the action" in errors


def test_a_new_direct_action_is_recorded_with_the_lesson(page):
    app = page("record_lesson", WREN)
    app.radio(key="record-action-mode").set_value("new").run()
    app.text_input(key="record-action-name").input("Sit-in at the lettings agency")
    app.multiselect(key="record-action-methods").set_value([VOCAB["sit-in"]])
    app.text_input(key="record-title").input("Staying put got us a meeting")
    app.text_area(key="record-taught").input("Occupying the office made them talk.")
    app.multiselect(key="record-qualifies").set_value([VOCAB["nvda"]])
    app.button(key="record-save").click().run()
    assert not app.exception and "Saved" in texts(app, "success")
    store = state.store()  # the page's own (cached) handle on the embedded store
    actions = {row["label"]: row["visibility"] for row in store.select("record_actions", Viewer.organiser())}
    assert str(actions["Sit-in at the lettings agency"]).endswith("#MembersOnly")


def test_a_member_edits_and_withdraws_their_own_lesson(page):
    app = page("record_lesson", WREN)
    editing(app, "title").input("A clearer title")
    app.button(key="mine-save").click().run()
    assert not app.exception and "earlier version is kept" in texts(app, "success")
    assert "A clearer title" in set(table(app, "lesson")["lesson"])
    app.button(key="mine-withdraw").click().run()
    assert "Withdrawn" not in texts(app, "success")  # it asks first
    assert "Withdraw “A clearer title”?" in texts(app, "warning")
    app.button(key="mine-withdraw-confirm").click().run()
    assert not app.exception and "Withdrawn" in texts(app, "success")
    assert table(app, "lesson").set_index("lesson").loc["A clearer title", "withdrawn"]


def test_each_lesson_is_edited_in_fields_of_its_own_holding_its_own_words(page):
    """Regression: one set of fields was filled from whichever lesson was picked; a keystroke
    interrupting that run let the browser's older values back in, and the form showed one
    lesson's title over another's text. Now no run writes into a field the browser holds."""
    app = page("record_lesson", WREN)
    store, wren = state.store(), Viewer.member("wren")
    rows = practice.list_lessons(store, wren, creator=practice.find_member(store, wren))
    first, second = (practice.get_lesson(store, wren, row.iri) for row in rows[:2])
    assert app.selectbox(key="mine-pick").value == first.iri
    first_key = editing(app, "taught").key
    editing(app, "taught").input("Not saved yet").run()
    app.selectbox(key="mine-pick").set_value(second.iri).run()
    assert editing(app, "taught").key != first_key
    assert editing(app, "taught").value == second.taught
    assert editing(app, "title").value == second.title
    assert editing(app, "visibility").value == second.visibility
    assert set(editing(app, "supports").value) == {
        t.target for t in second.tags if t.stance.value == "supports"
    }
    app.selectbox(key="mine-pick").set_value(first.iri).run()
    assert editing(app, "taught").value == first.taught  # an unsaved draft goes with the switch


def test_withdrawing_asks_once_and_can_be_undone(page):
    """Regression: one click withdrew a lesson, with no question and no way back."""
    app = page("record_lesson", WREN)
    title = editing(app, "title").value
    app.button(key="mine-withdraw").click().run()
    app.button(key="mine-keep").click().run()  # changed their mind: nothing happens
    assert not table(app, "lesson").set_index("lesson").loc[title, "withdrawn"]
    app.button(key="mine-withdraw").click().run()
    app.button(key="mine-withdraw-confirm").click().run()
    assert table(app, "lesson").set_index("lesson").loc[title, "withdrawn"]
    app.button(key="mine-undo-button").click().run()
    assert not app.exception and "counts again" in texts(app, "success")
    assert not table(app, "lesson").set_index("lesson").loc[title, "withdrawn"]


def test_visitors_are_sent_to_sign_in(page):
    app = page("record_lesson", Viewer.visitor())
    assert not app.exception
    assert "This page is for members" in texts(app, "warning")


def test_a_member_assesses_an_action_and_the_table_keeps_everyones_scores(page):
    app = page("assess", WREN)
    assert not app.exception
    app.selectbox(key="assess-action").set_value(BOYCOTT)
    app.selectbox(key="assess-indicator").set_value(VOCAB["indicator-media-coverage"])
    app.select_slider(key="assess-score").set_value(2)
    app.text_area(key="assess-evidence").input("National papers covered the first day.")
    app.button(key="assess-save").click().run()
    assert not app.exception
    assert "+2 (clearly advanced)" in texts(app, "success")
    scores = table(app, "assessor")
    assert ("Wren", "clearly advanced") in set(zip(scores["assessor"], scores["means"], strict=True))


def test_assess_opens_on_the_most_recent_action_that_has_taken_place(page):
    """Regression: the form opened on an action dated in the future (2027-01-30)."""
    app = page("assess", WREN)
    today = dt.date.today()
    dates = {a.iri: a.date for a in practice.all_actions(state.store(), WREN)}
    chosen = dates[app.selectbox(key="assess-action").value]
    assert chosen <= today
    assert chosen == max(d for d in dates.values() if d and d <= today)


def test_visitors_export_the_public_graph_only(page):
    app = page("data", Viewer.visitor())
    assert not app.exception
    assert len(app.tabs) == 1
    app.button(key="data-export-go").click().run()
    assert not app.exception
    assert app.get("download_button")


def test_a_member_imports_a_csv_with_a_progress_bar_and_a_report(page):
    app = page("data", WREN)
    kinds = app.selectbox(key="data-import-kind")
    kinds.set_value(next(k for k in kinds.options if "Actions" in k)).run()
    csv = b"name,date,place\nPicket at the depot,2025-05-01,Depot gates\n"
    app.get("file_uploader")[0].set_value(("actions.csv", csv, "text/csv"))
    app.run()
    app.button(key="data-import-go").click().run()
    assert not app.exception
    assert "added 1 actions" in texts(app, "success")


def test_organisers_back_up_and_review_matches(page):
    app = page("data", Viewer.organiser())
    assert [tab.label for tab in app.tabs] == [
        "Export",
        "Import",
        "Templates",
        "Backups",
        "Thesaurus matches",
        "Other chapters",
    ]
    app.button(key="data-backup-go").click().run()
    assert not app.exception
    labels = [button.proto.label for button in app.get("download_button")]
    assert any(label.startswith("Download the backup") for label in labels)
    assert "No suggestions to review" in texts(app, "info")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("record_lesson", "No actions are recorded yet"),
        ("assess", "There is nothing to assess yet"),
    ],
)
def test_pages_explain_an_empty_store(empty_page, name, message):
    app = empty_page(name, WREN)
    assert not app.exception
    assert message in texts(app, "info")


def test_the_data_page_works_on_an_empty_store(empty_page):
    app = empty_page("data", Viewer.organiser())
    assert not app.exception
    assert app.get("download_button")  # the templates are there from the start
    assert "The store is empty" not in texts(app, "info")  # it holds the vocabulary


def test_my_lessons_sizes_its_columns_so_withdrawn_shows(page):
    """Regression: the table cut off its last column, "withdrawn", on a laptop screen."""
    import json

    app = page("record_lesson", WREN)
    mine = next(f for f in app.dataframe if "withdrawn" in f.value.columns)
    widths = {name: config.get("width") for name, config in json.loads(mine.proto.columns).items()}
    assert widths["withdrawn"] and widths["lesson"] == "large"
    fixed = [w for w in widths.values() if isinstance(w, int)]
    assert sum(fixed) < 600  # the small columns leave the title and the action room
