"""The explorer's pickers (:mod:`explorer.widgets`) when their options change under a pick:
another member's write, a new search, or a click that arrives with a rerun. The browser sends
an option's name; Streamlit keeps a name it cannot map as the value, and a ``format_func``
that named it ``None`` crashed the Library page in CI (the agenda's reading picker)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _many():
    import streamlit as st

    from explorer import widgets

    widgets.pick_many("Lessons", st.session_state["choices"], "lessons", default=["b"])


def test_a_pick_that_left_the_choices_is_dropped_not_a_crash():
    app = AppTest.from_function(_many)
    app.session_state["choices"] = {"a": "Rent strike", "b": "Sit-in", "c": "Phone bank"}
    app.run()
    assert app.multiselect(key="lessons").value == ["b"]  # the default, the first time
    app.multiselect(key="lessons").select("a").run()
    app.session_state["choices"] = {"b": "Sit-in", "c": "Phone bank"}  # "a" was withdrawn meanwhile
    app.run()
    assert not app.exception
    assert app.multiselect(key="lessons").value == ["b"]
    assert app.multiselect(key="lessons").options == ["Sit-in", "Phone bank"]
    app.multiselect(key="lessons").set_value(["b", "Rent strike"]).run()  # a click from the old list
    assert not app.exception
    assert app.multiselect(key="lessons").value == ["b"]


def _found():
    from collections import namedtuple

    import streamlit as st

    from explorer import widgets
    from graph.programme.options import Found

    readings = {"t": "The Tyranny of Structurelessness", "p": "Parecon", "r": "Rules for Radicals"}
    ref = namedtuple("Ref", "iri label")

    def find(text):  # a search, as graph.programme.options has: nothing listed without text
        refs = [ref(iri, name) for iri, name in readings.items() if text and text.lower() in name.lower()]
        return Found(tuple(refs), len(refs) if text else len(readings))

    st.session_state["picked"] = widgets.pick_found("Readings", "readings", find, noun="readings", hint="")


def test_a_click_on_an_option_a_rerun_took_away_is_ignored_not_a_crash():
    """The race a browser test met: the search changed, and a click on an option of the
    earlier list arrived with it. The browser sends the option's name; the new options do
    not hold it."""
    app = AppTest.from_function(_found)
    app.run()
    app.text_input(key="readings-search").input("Tyranny").run()
    app.multiselect(key="readings").select("t").run()
    app.text_input(key="readings-search").input("Rules")
    app.multiselect(key="readings").set_value(["t", "Parecon"])  # "Parecon": not offered now
    app.run()
    assert not app.exception
    assert app.session_state["picked"] == {"t": "The Tyranny of Structurelessness"}
    app.text_input(key="readings-search").input("Parecon").run()
    app.multiselect(key="readings").select("p").run()
    assert not app.exception
    assert list(app.session_state["picked"]) == ["t", "p"]
