"""Sessions as iCalendar (RFC 5545): one file per session, and a feed of upcoming ones.

Written by hand (no calendar library is a dependency); what RFC 5545 asks and this does:

- lines end with CRLF and are **folded** at 75 octets (a longer line goes on with CRLF and
  one space), never inside a UTF-8 character (section 3.1);
- text values **escape** backslash, semicolon, comma and new lines (section 3.3.11), so
  a title with ``;`` or a question with a new line stays one value;
- each event's ``UID`` is **stable** (the session's IRI at ``praxis-graph``), so a
  calendar that subscribes to the feed updates an event instead of adding it again;
- a session is an all-day event (``DTSTART;VALUE=DATE``; sessions keep only their date).

**No member is named**: the event has the session's title, the readings (title and the
part to read) and the discussion questions, never its facilitators, the facilitator's
note or anyone who added a reading. Only what the viewer may see goes in.

>>> fold("X" * 80)
'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\\r\\n XXXXX'
>>> escape_text("a;b,c\\\\d\\ne")
'a\\\\;b\\\\,c\\\\\\\\d\\\\ne'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rdflib import URIRef

from graph.access import Viewer
from graph.labels import local_name
from graph.library.records import drafts
from graph.programme.agenda import get_agenda
from graph.programme.sessions import When, list_sessions
from graph.store import PraxisStore

__all__ = ["escape_text", "fold", "session_calendar", "upcoming_feed"]

PRODID = "-//Praxis graph//Reading group sessions//EN"


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value: ``\\``, ``;``, ``,`` and new lines escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (continuations start with a space)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation's leading space counts
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def uid(session: URIRef) -> str:
    """The event's stable identifier."""
    return f"{local_name(session)}@praxis-graph"


def _event(store: PraxisStore, viewer: Viewer, session: URIRef, stamp: dt.datetime) -> list[str]:
    agenda = get_agenda(store, viewer, session)
    if agenda is None or agenda.date is None:
        return []
    found = drafts(store, viewer, [item.reading for item in agenda.items])
    lines = [f"- {found[i.reading].title} ({i.part()})" for i in agenda.items if i.reading in found]
    if not lines:
        rows = store.select("library_session_readings", viewer, session=session)
        covered = drafts(store, viewer, [row["reading"] for row in rows])
        lines = [f"- {draft.title}" for _, draft in sorted(covered.items(), key=lambda p: p[1].title)]
    description = []
    if lines:
        description += ["Read:", *lines]
    if agenda.questions:
        description += ["", "Questions:", *(f"- {q}" for q in agenda.questions)]
    end = agenda.date + dt.timedelta(days=1)
    event = [
        "BEGIN:VEVENT",
        f"UID:{uid(session)}",
        f"DTSTAMP:{stamp.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{agenda.date.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{end.strftime('%Y%m%d')}",
        f"SUMMARY:{escape_text(agenda.title)}",
    ]
    if description:
        event.append(f"DESCRIPTION:{escape_text(chr(10).join(description))}")
    return [*event, "END:VEVENT"]


def _calendar(events: Iterable[list[str]], name: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def session_calendar(store: PraxisStore, viewer: Viewer, session: URIRef | str, *, stamp: dt.datetime) -> str:
    """One session as an iCalendar file (empty of events if it has no date or is not seen)."""
    return _calendar([_event(store, viewer, URIRef(session), stamp)], "Reading group")


def upcoming_feed(store: PraxisStore, viewer: Viewer, *, today: dt.date, stamp: dt.datetime) -> str:
    """Every upcoming session the viewer can see, as one iCalendar feed, soonest first."""
    sessions = list_sessions(store, viewer, today=today, when=When.UPCOMING)
    return _calendar((_event(store, viewer, s.iri, stamp) for s in sessions), "Reading group sessions")
