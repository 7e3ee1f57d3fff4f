"""The Library page (AppTest on the seed): its pickers search long lists and keep what was
picked when the search, or the store, changes under them."""

from __future__ import annotations

import pytest

from explorer import state
from graph.access import Viewer
from graph.library import ReadingDraft, add_reading
from graph.namespaces import DATA, VOCAB

TYRANNY = DATA["reading-freeman-1972-tyranny-of-structurelessness"]
PARECON = DATA["reading-albert-2003-parecon"]


@pytest.fixture
def short_lists(monkeypatch):
    """Pickers list at most three records, so every picker searches."""
    from graph.programme import options

    monkeypatch.setattr(options, "PICK_LIMIT", 3)


def _agenda(page):
    app = page("library")
    app.segmented_control(key="library-mode").set_value("Session agendas").run()
    assert not app.exception
    (picker,) = [m for m in app.multiselect if m.key.startswith("agenda-readings-")]
    return app, picker.key


def test_an_agenda_keeps_a_picked_reading_when_the_search_changes(page, short_lists):
    """Find a reading, pick it, then search for another: the first stays picked."""
    app, key = _agenda(page)
    app.text_input(key=f"{key}-search").input("Tyranny").run()
    app.multiselect(key=key).select(TYRANNY).run()
    app.text_input(key=f"{key}-search").input("Parecon").run()
    assert not app.exception
    app.multiselect(key=key).select(PARECON).run()
    assert not app.exception
    assert app.multiselect(key=key).value[-2:] == [TYRANNY, PARECON]
    labels = [t.label for t in app.text_input]
    assert "Pages of The Tyranny of Structurelessness" in labels
    assert "Pages of Parecon: Life After Capitalism" in labels


def test_a_pick_stays_when_another_member_adds_a_reading_between_two_clicks(page):
    """The options change under the picker (a write from elsewhere): what was picked stays."""
    app, key = _agenda(page)
    app.multiselect(key=key).select(TYRANNY).run()
    add_reading(state.store(), Viewer.organiser(), ReadingDraft("A reading added meanwhile", year="2026"))
    app.run()
    assert not app.exception
    assert TYRANNY in app.multiselect(key=key).value


def test_a_readings_concepts_are_found_one_search_after_another(page, short_lists):
    app = page("library")
    app.segmented_control(key="library-mode").set_value("Add or edit").run()
    app.text_input(key="add-form-topics-search").input("patriarchy").run()
    app.multiselect(key="add-form-topics").select(VOCAB["patriarchy"]).run()
    app.text_input(key="add-form-topics-search").input("racism").run()
    app.multiselect(key="add-form-topics").select(VOCAB["racism"]).run()
    assert not app.exception
    assert app.multiselect(key="add-form-topics").value == [VOCAB["patriarchy"], VOCAB["racism"]]


def test_a_queued_reading_is_tagged_with_a_suggestion_and_a_concept_found_by_search(page, short_lists):
    untagged = add_reading(
        state.store(), Viewer.organiser(), ReadingDraft("Winning with non-violent direct action", year="2030")
    )
    app = page("library")
    key = f"queue-{str(untagged).rsplit('/', 1)[-1]}"
    app.text_input(key=f"{key}-other-search").input("racism").run()
    app.multiselect(key=f"{key}-other").select(VOCAB["racism"]).run()
    app.button(key=f"{key}-tag").click().run()
    assert not app.exception
    (message,) = [s.value for s in app.success if s.value.startswith("Tagged")]
    assert "Non-violent direct action" in message and "Racism" in message
