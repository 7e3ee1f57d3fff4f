"""Sessions as iCalendar: escaping, folding at 75 octets, stable UIDs, no member's name."""

from __future__ import annotations

import datetime as dt

from graph.access import Viewer, Visibility
from graph.namespaces import DATA
from graph.programme import SessionDraft, SessionKind, plan_session
from graph.programme.agenda import AgendaItem, set_agenda
from graph.programme.calendar import fold, session_calendar, upcoming_feed

WREN = Viewer.member("wren")
VISITOR = Viewer.visitor()
FREEMAN = DATA["reading-freeman-1972-tyranny-of-structurelessness"]
TODAY = dt.date(2026, 11, 26)
STAMP = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def _unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def _planned(store, title="Power; structure, and \\ more", visibility=Visibility.MEMBERS):
    draft = SessionDraft(
        title, dt.date(2027, 1, 14), SessionKind.READING_GROUP, facilitators=("wren",), visibility=visibility
    )
    session = plan_session(store, WREN, draft, today=TODAY)
    set_agenda(
        store,
        WREN,
        session,
        [AgendaItem(FREEMAN, pages="1-12")],
        questions="Who decides?\nHow, and why?",
        note="private note",
    )
    return session


def test_a_session_is_one_all_day_event_with_escaped_text(seeded):
    session = _planned(seeded)
    lines = _unfolded(session_calendar(seeded, WREN, session, stamp=STAMP))
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    assert "DTSTART;VALUE=DATE:20270114" in lines and "DTEND;VALUE=DATE:20270115" in lines
    assert "SUMMARY:Power\\; structure\\, and \\\\ more" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "Who decides?\\n- How\\, and why?" in description and "pages 1-12" in description


def test_every_line_is_at_most_75_octets_and_ends_with_crlf(seeded):
    session = _planned(seeded, title="Ünïcödé " * 30)
    text = session_calendar(seeded, WREN, session, stamp=STAMP)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "SUMMARY:" + ("Ünïcödé " * 30).strip() in _unfolded(text)


def test_fold_never_cuts_a_character_in_two():
    folded = fold("é" * 100)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "é" * 100


def test_the_uid_stays_the_same_and_no_member_is_named(seeded):
    session = _planned(seeded)
    first = session_calendar(seeded, WREN, session, stamp=STAMP)
    again = session_calendar(seeded, WREN, session, stamp=STAMP + dt.timedelta(days=3))
    uid = [line for line in _unfolded(first) if line.startswith("UID:")]
    assert (
        uid
        == [line for line in _unfolded(again) if line.startswith("UID:")]
        == [f"UID:{session.split('/')[-1]}@praxis-graph"]
    )
    assert "wren" not in first.casefold() and "private note" not in first


def test_the_feed_holds_upcoming_sessions_the_viewer_can_see(seeded):
    hidden = _planned(seeded, title="Members only")
    shown = _planned(seeded, title="Open to all", visibility=Visibility.PUBLIC)
    member_feed = upcoming_feed(seeded, WREN, today=TODAY, stamp=STAMP)
    visitor_feed = upcoming_feed(seeded, VISITOR, today=TODAY, stamp=STAMP)
    assert "Members only" in member_feed and "Open to all" in member_feed
    assert "Members only" not in visitor_feed and "Open to all" in visitor_feed
    assert hidden != shown
    past = "Structure without hidden elites"
    assert past not in member_feed
