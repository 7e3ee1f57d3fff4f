"""Add to the next reading-group session: what the suggestions page's one action does."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import programme
from graph.access import Viewer
from graph.errors import BadInput, NotAllowed
from graph.namespaces import DATA
from graph.suggest import read_for_statement

ORGANISER = Viewer.organiser()
HOUSING = DATA["campaign-housing"]
MCALEVEY = DATA["reading-mcalevey-2016-no-shortcuts"]
LATER = dt.date(2030, 1, 1)  # after every session of the seed: none is planned


def covered(store, today: dt.date) -> set:
    session = programme.next_reading_group(store, ORGANISER, today=today)
    return {ref.iri for ref in session.readings} if session else set()


def read_for(store) -> bool:
    """Whether the reading is recorded as read for the housing campaign."""
    return read_for_statement(store, ORGANISER, reading=MCALEVEY, campaign=HOUSING)[1]


def test_the_reading_joins_the_soonest_planned_session_and_is_read_for_the_campaign(seeded):
    today = dt.date(2026, 12, 7)
    soonest = programme.next_reading_group(seeded, ORGANISER, today=today)
    assert soonest.date == dt.date(2026, 12, 16)  # the skill workshop on the 9th is not a reading group
    added = programme.add_to_next_session(seeded, ORGANISER, reading=MCALEVEY, campaign=HOUSING, today=today)
    assert (added.session.iri, added.planned) == (soonest.iri, False)
    assert MCALEVEY in covered(seeded, today) and read_for(seeded)
    assert added.said("No Shortcuts") == (
        f"Added “No Shortcuts” to the next reading-group session, “{soonest.title}” "
        "on Wednesday 16 December 2026."
    )
    programme.remove_from_next_session(seeded, ORGANISER, reading=MCALEVEY, campaign=HOUSING, today=today)
    assert MCALEVEY not in covered(seeded, today) and not read_for(seeded)


def test_with_none_planned_a_date_is_asked_for_and_nothing_is_written_without_it(seeded):
    before = len(programme.list_sessions(seeded, ORGANISER, today=LATER))
    for date, message in [(None, "choose the date of the next one"), (LATER - dt.timedelta(days=1), "today")]:
        with pytest.raises(BadInput, match=message):
            programme.add_to_next_session(
                seeded, ORGANISER, reading=MCALEVEY, campaign=HOUSING, today=LATER, date=date
            )
    assert len(programme.list_sessions(seeded, ORGANISER, today=LATER)) == before and not read_for(seeded)


def test_a_double_click_plans_one_session_with_the_reading_once(seeded):
    date = LATER + dt.timedelta(days=7)
    first, second = (  # the same button instance, clicked twice
        programme.add_to_next_session(
            seeded, ORGANISER, reading=MCALEVEY, campaign=HOUSING, today=LATER, date=date, once="click-1"
        )
        for _ in range(2)
    )
    sessions = programme.list_sessions(seeded, ORGANISER, today=LATER)
    planned = [s for s in sessions if s.date == date]
    assert len(planned) == 1 and first.planned and not second.planned
    assert planned[0].title == "Reading group: Tenants' housing campaign (our chapter)"
    assert [ref.iri for ref in planned[0].readings] == [MCALEVEY]
    assert planned[0].visibility.value == "members"  # the campaign is the chapter's own


def test_a_visitor_cannot_add_to_a_session(seeded):
    with pytest.raises(NotAllowed):
        programme.add_to_next_session(
            seeded, Viewer.visitor(), reading=MCALEVEY, campaign=HOUSING, today=LATER, date=LATER
        )
