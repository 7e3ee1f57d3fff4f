"""A reading-group session's agenda, and the one-page handout printed from it.

An agenda (the ontology's ``prx:ReadingAssignment``) is, for one session, the readings to
read with which part of each (a page range such as ``45-67``, or chapters such as
``1-3``) in order, the discussion questions (one text, one question per line, in the order
they will be asked) and a facilitator's note. :func:`set_agenda` replaces a session's
agenda in one audited write at the session's own visibility; the session keeps
``prx:covers`` for each reading, so everything that lists a session's readings keeps
working.

The **handout** (:func:`handout_html`) is what members take away: the session's title and
date, each reading with its citation (APA or Chicago, :mod:`graph.library.citations`) and
the part to read, the questions, and the claims in tension that the readings bear on
(claims they discuss that practice has challenged, most tension first,
:func:`graph.theory.tensions.rank`). It never prints the facilitator's note or who
facilitates. The page is one A4 sheet's worth: long lists are cut with a count.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require, require_level
from graph.errors import BadInput
from graph.labels import local_name
from graph.library.citations import CitationStyle, bibliography, csl_items
from graph.namespaces import BIBO, PRX, RDF, RDFS, SDO, XSD
from graph.practice.records import new_iri
from graph.store import PraxisStore, Statement

__all__ = ["Agenda", "AgendaItem", "get_agenda", "handout_html", "set_agenda"]

_PART = re.compile(
    r"[0-9ivxlcdmIVXLCDM]+([-–][0-9ivxlcdmIVXLCDM]+)?(,\s*[0-9ivxlcdmIVXLCDM]+([-–][0-9ivxlcdmIVXLCDM]+)?)*"
)
#: How many readings, questions and claims a one-page handout holds.
HANDOUT_READINGS, HANDOUT_QUESTIONS, HANDOUT_CLAIMS = 8, 8, 5


@dataclass(frozen=True)
class AgendaItem:
    """One reading of an agenda and the part of it to read."""

    reading: URIRef
    pages: str = ""
    chapters: str = ""

    def part(self) -> str:
        """The part to read, in words: "pages 45-67", "chapters 1-3", or the whole."""
        found = [
            f"pages {self.pages}" if self.pages else "",
            f"chapters {self.chapters}" if self.chapters else "",
        ]
        return ", ".join(p for p in found if p) or "the whole reading"


@dataclass(frozen=True)
class Agenda:
    """A session's agenda as the viewer sees it."""

    session: URIRef
    title: str
    date: dt.date | None
    visibility: Visibility
    items: tuple[AgendaItem, ...] = ()
    questions: tuple[str, ...] = ()
    note: str = ""


def _session_statements(
    store: PraxisStore, viewer: Viewer, node: URIRef
) -> list[tuple[Any, Any, Visibility]]:
    rows = store.select("library_reading_statements", viewer, reading=node)
    return [(row["property"], row["value"], Visibility(local_name(row["graph"]))) for row in rows]


def get_agenda(store: PraxisStore, viewer: Viewer, session: URIRef | str) -> Agenda | None:
    """The session's agenda (``None`` if the viewer cannot see a session there)."""
    session = URIRef(session)
    held = _session_statements(store, viewer, session)
    if not any(p == RDF.type and str(v) == str(PRX.Session) for p, v, _ in held):
        return None
    values: dict[Any, list] = {}
    for p, v, _ in held:
        values.setdefault(p, []).append(v)
    date = values.get(SDO.startDate, [None])[0]
    level = values.get(PRX.visibility, [Visibility.MEMBERS.concept])[0]
    items: dict[URIRef, tuple[int, AgendaItem]] = {}
    for row in store.select("library_session_agenda", viewer, session=session):
        if row["item"] is None or row["reading"] is None:
            continue
        position = int(row["position"]) if row["position"] is not None else 10**6
        item = AgendaItem(row["reading"], str(row["pages"] or ""), str(row["chapters"] or ""))
        items.setdefault(row["item"], (position, item))
    questions = str(values.get(PRX.discussionQuestions, [""])[0])
    return Agenda(
        session=session,
        title=str(values.get(RDFS.label, [local_name(session)])[0]),
        date=date if isinstance(date, dt.date) else None,
        visibility=Visibility.from_concept(level),
        items=tuple(
            item for _, item in sorted(items.values(), key=lambda pair: (pair[0], str(pair[1].reading)))
        ),
        questions=tuple(q.strip() for q in questions.splitlines() if q.strip()),
        note=str(values.get(PRX.facilitatorNote, [""])[0]),
    )


def _check_part(text: str, what: str) -> str:
    text = " ".join(text.split())
    if text and (len(text) > 40 or not _PART.fullmatch(text)):
        raise BadInput(f"give the {what} as numbers or ranges, such as 45-67 or 1-3, 5", source=what)
    return text


def set_agenda(
    store: PraxisStore,
    viewer: Viewer,
    session: URIRef | str,
    items: list[AgendaItem] | tuple[AgendaItem, ...],
    *,
    questions: str = "",
    note: str = "",
) -> None:
    """Replace the session's agenda: its readings (in order, with pages or chapters), its
    discussion questions and the facilitator's note. One write, audited; all or nothing."""
    require(viewer, Permission.PLAN_SESSION)
    current = get_agenda(store, viewer, session)
    if current is None:
        raise BadInput(f"There is no session {session} that you can see.", source="session")
    require_level(viewer, current.visibility, "session")
    cleaned = [
        AgendaItem(URIRef(i.reading), _check_part(i.pages, "pages"), _check_part(i.chapters, "chapters"))
        for i in items
    ]
    readings = [i.reading for i in cleaned]
    if len(set(readings)) != len(readings):
        raise BadInput("a reading is on the agenda twice: give each reading once", source="readings")
    known = {row["reading"] for row in store.select("library_readings_seen", viewer, reading=set(readings))}
    missing = [str(r) for r in readings if r not in known]
    if missing:
        raise BadInput(f"there is no reading {missing[0]} that you can see", source="readings")
    level, iri = current.visibility, current.session
    removals: list[Statement] = []
    for p, v, graph in _session_statements(store, viewer, iri):
        if p in (PRX.discussionQuestions, PRX.facilitatorNote):
            removals.append(Statement(iri, p, v, graph))
        elif p == PRX.assignment:
            removals.append(Statement(iri, p, v, graph))
            removals += [Statement(v, ip, iv, ig) for ip, iv, ig in _session_statements(store, viewer, v)]
    covered = {v for p, v, _ in _session_statements(store, viewer, iri) if p == PRX.covers}
    additions: list[Statement] = []
    text = "\n".join(q.strip() for q in questions.splitlines() if q.strip())
    if text:
        additions.append(Statement(iri, PRX.discussionQuestions, Literal(text), level))
    if note.strip():
        additions.append(Statement(iri, PRX.facilitatorNote, Literal(note.strip()), level))
    for position, item in enumerate(cleaned, start=1):
        node = new_iri("assignment")
        pairs: list[tuple[URIRef, Any]] = [
            (RDF.type, PRX.ReadingAssignment),
            (PRX.assignedReading, item.reading),
            (PRX.position, Literal(str(position), datatype=XSD.positiveInteger)),
            (BIBO.pages, Literal(item.pages) if item.pages else None),
            (BIBO.chapter, Literal(item.chapters) if item.chapters else None),
            (PRX.visibility, level.concept),
        ]
        additions += [Statement(node, p, o, level) for p, o in pairs if o is not None]
        additions.append(Statement(iri, PRX.assignment, node, level))
        if item.reading not in covered:
            additions.append(Statement(iri, PRX.covers, item.reading, level))
    store.write(additions, removals, viewer=viewer)


# ----------------------------------------------------------------- the handout
@dataclass(frozen=True)
class HandoutReading:
    citation: str  # HTML from the citation processor, every value escaped
    part: str


def _claims_in_tension(store: PraxisStore, viewer: Viewer, readings: list[URIRef], today: dt.date) -> list:
    from graph.theory.tensions import rank

    discussed = {
        row["value"]
        for reading in readings
        for row in store.select("library_reading_statements", viewer, reading=reading)
        if row["property"] == PRX.discusses
    }
    if not discussed:
        return []
    return [
        t
        for t in rank(store, viewer, today=today, kinds=("Claim",))
        if t.target in discussed and t.challenges
    ]


@cache
def _template():
    env = Environment(
        loader=PackageLoader("graph.programme", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
    )
    return env.get_template("handout.html")


def handout_html(
    store: PraxisStore,
    viewer: Viewer,
    session: URIRef | str,
    *,
    today: dt.date,
    style: CitationStyle = CitationStyle.APA,
) -> str:
    """The session's one-page handout as a standalone HTML page (print it from the browser)."""
    agenda = get_agenda(store, viewer, session)
    if agenda is None:
        raise BadInput(f"There is no session {session} that you can see.", source="session")
    items = list(agenda.items)
    if not items:  # a session planned before agendas: its covered readings, whole
        rows = store.select("library_session_readings", viewer, session=agenda.session)
        items = [AgendaItem(r) for r in sorted({row["reading"] for row in rows})]
    found = {item["id"]: item for item in csl_items(store, viewer, [i.reading for i in items])}
    readings = []
    for item in items[:HANDOUT_READINGS]:
        if str(item.reading) in found:
            (citation,) = bibliography([found[str(item.reading)]], style, as_html=True)
            readings.append(HandoutReading(citation, item.part()))
    claims = _claims_in_tension(store, viewer, [i.reading for i in items], today)
    return _template().render(
        title=agenda.title,
        date=agenda.date.strftime("%A %-d %B %Y") if agenda.date else "",
        readings=readings,
        more_readings=max(0, len(items) - HANDOUT_READINGS),
        questions=agenda.questions[:HANDOUT_QUESTIONS],
        more_questions=max(0, len(agenda.questions) - HANDOUT_QUESTIONS),
        claims=claims[:HANDOUT_CLAIMS],
        style=style.label,
    )
