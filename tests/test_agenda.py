"""Session agendas (readings with pages or chapters, questions, a facilitator's note) and
the one-page handout."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.access import Viewer
from graph.errors import BadInput, NotAllowed
from graph.namespaces import DATA
from graph.programme.agenda import AgendaItem, get_agenda, handout_html, set_agenda

ORGANISER = Viewer.organiser()
WREN = Viewer.member("wren")
SESSION = DATA["session-9c92d4"]
FREEMAN = DATA["reading-freeman-1972-tyranny-of-structurelessness"]
RULES = DATA["reading-alinsky-1971-rules-for-radicals"]
TODAY = dt.date(2026, 11, 26)


def test_an_agenda_keeps_its_readings_in_order_with_their_parts_questions_and_note(seeded):
    items = [AgendaItem(RULES, chapters="1-3"), AgendaItem(FREEMAN, pages="1-12")]
    set_agenda(
        seeded,
        WREN,
        SESSION,
        items,
        questions="Who holds power here?\n\nWhat would we change?",
        note="Open quietly.",
    )
    agenda = get_agenda(seeded, WREN, SESSION)
    assert agenda.items == tuple(items)
    assert agenda.questions == ("Who holds power here?", "What would we change?")
    assert agenda.note == "Open quietly."
    assert seeded.validate() == []


def test_setting_an_agenda_again_replaces_it(seeded):
    set_agenda(seeded, WREN, SESSION, [AgendaItem(RULES, chapters="1-3")], questions="Q1")
    set_agenda(seeded, WREN, SESSION, [AgendaItem(FREEMAN, pages="5-9")], questions="")
    agenda = get_agenda(seeded, WREN, SESSION)
    assert (
        agenda.items == (AgendaItem(FREEMAN, pages="5-9"),) and agenda.questions == () and agenda.note == ""
    )


@pytest.mark.parametrize(
    "items",
    [
        [AgendaItem(RULES, pages="<script>")],
        [AgendaItem(RULES), AgendaItem(RULES)],
        [AgendaItem(DATA["reading-nope"])],
    ],
)
def test_a_bad_agenda_is_refused_and_nothing_changes(seeded, items):
    before = seeded.generation
    with pytest.raises(BadInput):
        set_agenda(seeded, WREN, SESSION, items)
    assert seeded.generation == before


def test_visitors_may_not_set_an_agenda(seeded):
    with pytest.raises(NotAllowed):
        set_agenda(seeded, Viewer.visitor(), SESSION, [])


def test_the_handout_cites_the_readings_asks_the_questions_and_keeps_the_note_private(seeded):
    set_agenda(
        seeded,
        WREN,
        SESSION,
        [AgendaItem(FREEMAN, pages="1-12")],
        questions="Where do <b>elites</b> form?",
        note="SECRET NOTE",
    )
    page = handout_html(seeded, WREN, SESSION, today=TODAY)
    assert "Freeman, J. (1972)." in page and "pages 1-12" in page
    assert "Where do &lt;b&gt;elites&lt;/b&gt; form?" in page
    assert "SECRET NOTE" not in page


def test_the_handout_names_the_claims_in_tension_the_readings_bear_on(seeded):
    from graph.library.records import drafts
    from graph.theory.tensions import rank

    tense = {t.target: t for t in rank(seeded, ORGANISER, today=TODAY, kinds=("Claim",)) if t.challenges}
    everything = drafts(seeded, ORGANISER, [r["reading"] for r in seeded.select("reading_all", ORGANISER)])
    reading, claim = next((r, c) for r, d in sorted(everything.items()) for c in d.discusses if c in tense)
    set_agenda(seeded, ORGANISER, SESSION, [AgendaItem(reading)])
    page = handout_html(seeded, ORGANISER, SESSION, today=TODAY)
    assert "Claims in tension" in page and tense[claim].label in page
