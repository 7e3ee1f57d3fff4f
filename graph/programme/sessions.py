"""Reading-group sessions and skill workshops: list them, plan them, log them.

A session (``prx:Session``, also typed ``prx:ReadingGroupSession`` or
``prx:SkillWorkshop``) has a title, a date (``schema:startDate``), facilitators
(``prx:facilitator``, members by nickname), the readings it covers
(``prx:covers``), the skills it practises (``prx:practises``), the concepts or
claims it discusses (``prx:sessionTopic``), notes (``dct:description``) and, once
held, a head count (``prx:headCount``; who came is never recorded).

Everything that depends on the date takes ``today`` explicitly, so results are
the same on every run: a session dated after ``today`` is *upcoming*, one on or
before it is *past*. A past session without a head count has not been logged yet.

>>> from graph.store import open_store
>>> list_sessions(open_store("memory:"), Viewer.visitor(), today=dt.date(2026, 11, 26))
[]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.labels import local_name
from graph.namespaces import DCTERMS, PRX, RDF, RDFS, SDO, XSD
from graph.practice import new_iri
from graph.programme.refs import RecordRef, group_refs, level_of, member_by_nickname, require_text
from graph.store import PraxisStore, Statement

__all__ = [
    "Session",
    "SessionDraft",
    "SessionKind",
    "When",
    "complete_session",
    "list_sessions",
    "log_session",
    "plan_session",
]


class SessionKind(Enum):
    """The two kinds of session; the value is what the CLI's JSON says."""

    READING_GROUP = "reading-group"
    SKILL_WORKSHOP = "skill-workshop"

    @property
    def rdf_class(self) -> URIRef:
        return {"reading-group": PRX.ReadingGroupSession, "skill-workshop": PRX.SkillWorkshop}[self.value]

    @property
    def label(self) -> str:
        return {"reading-group": "reading group", "skill-workshop": "skill workshop"}[self.value]

    @classmethod
    def of(cls, rdf_class: Any) -> SessionKind | None:
        for kind in cls:
            if str(kind.rdf_class) == str(rdf_class):
                return kind
        return None


class When(Enum):
    """Which sessions to list: all (by date), upcoming (soonest first) or past (latest first)."""

    ALL = "all"
    UPCOMING = "upcoming"
    PAST = "past"


@dataclass(frozen=True)
class Session:
    """A session as the viewer sees it."""

    iri: URIRef
    title: str
    date: dt.date | None
    kind: SessionKind | None
    facilitators: tuple[RecordRef, ...] = ()
    readings: tuple[RecordRef, ...] = ()
    skills: tuple[RecordRef, ...] = ()
    topics: tuple[RecordRef, ...] = ()
    notes: str | None = None
    head_count: int | None = None
    visibility: Visibility | None = None

    def is_upcoming(self, today: dt.date) -> bool:
        """Dated after ``today`` (an undated session is neither upcoming nor past)."""
        return self.date is not None and self.date > today

    def is_past(self, today: dt.date) -> bool:
        return self.date is not None and self.date <= today

    def needs_logging(self, today: dt.date) -> bool:
        """Past, but nobody has recorded how many came."""
        return self.is_past(today) and self.head_count is None

    def as_dict(self, *, today: dt.date) -> dict[str, Any]:
        """JSON-ready (the keys ``praxis sessions --format json`` documents)."""
        return {
            "id": str(self.iri),
            "title": self.title,
            "kind": self.kind.value if self.kind else None,
            "date": self.date.isoformat() if self.date else None,
            "upcoming": self.is_upcoming(today),
            "facilitators": [ref.label for ref in self.facilitators if ref.label],
            "readings": [ref.as_dict() for ref in self.readings],
            "skills": [ref.as_dict() for ref in self.skills],
            "topics": [ref.as_dict() for ref in self.topics],
            "notes": self.notes,
            "head_count": self.head_count,
            "visibility": self.visibility.value if self.visibility else None,
        }

    def as_row(self, *, details: bool = False) -> dict[str, Any]:
        """One line of a table, as plain text (for the page and ``--format table``);
        ``details`` adds the concepts discussed and the notes."""
        covered = self.readings if self.kind is SessionKind.READING_GROUP else self.skills
        row = {
            "date": self.date.isoformat() if self.date else "",
            "kind": self.kind.label if self.kind else "",
            "title": self.title,
            "facilitators": ", ".join(ref.label for ref in self.facilitators if ref.label),
            "covers": "; ".join(ref.label for ref in covered if ref.label),
            "head count": "" if self.head_count is None else str(self.head_count),
        }
        if details:
            row["discussed"] = "; ".join(ref.label for ref in self.topics if ref.label)
            row["notes"] = self.notes or ""
        return row


@dataclass(frozen=True)
class SessionDraft:
    """What a person fills in to plan or log a session. Facilitators are nicknames."""

    title: str
    date: dt.date
    kind: SessionKind
    facilitators: tuple[str, ...] = ()
    readings: tuple[URIRef, ...] = ()
    skills: tuple[URIRef, ...] = ()
    topics: tuple[URIRef, ...] = ()
    notes: str = ""
    head_count: int | None = None
    visibility: Visibility = Visibility.MEMBERS


# ----------------------------------------------------------------- reading
def list_sessions(
    store: PraxisStore, viewer: Viewer, *, today: dt.date, when: When = When.ALL
) -> list[Session]:
    """Sessions ``viewer`` can see: all by date, upcoming soonest first, or past latest first."""
    links = group_refs(store.select("session_links", viewer), "session")
    found: dict[URIRef, Session] = {}
    for row in store.select("session_list", viewer):
        iri = row["session"]
        current = found.get(iri)
        if current is None:
            mine = links.get(iri, {})
            found[iri] = Session(
                iri=iri,
                title=str(row["title"] or local_name(iri)),
                date=row["date"] if isinstance(row["date"], dt.date) else None,
                kind=SessionKind.of(row["kind"]),
                facilitators=mine.get("facilitator", ()),
                readings=mine.get("covers", ()),
                skills=mine.get("practises", ()),
                topics=mine.get("topic", ()),
                notes=row["notes"],
                head_count=row["headCount"] if isinstance(row["headCount"], int) else None,
                visibility=level_of(row["visibility"]),
            )
        elif current.kind is None and row["kind"] is not None:
            found[iri] = replace(current, kind=SessionKind.of(row["kind"]))
    chosen = list(found.values())
    if when is When.UPCOMING:
        return sorted((s for s in chosen if s.is_upcoming(today)), key=_by_date)
    if when is When.PAST:
        return sorted((s for s in chosen if s.is_past(today)), key=_by_date, reverse=True)
    return sorted(chosen, key=_by_date)


def _by_date(session: Session) -> tuple:
    return (session.date or dt.date.min, session.title.casefold(), str(session.iri))


# ----------------------------------------------------------------- writing
def plan_session(
    store: PraxisStore, viewer: Viewer, draft: SessionDraft, *, today: dt.date, once: str | None = None
) -> URIRef:
    """Add an upcoming session (dated today or later, no head count yet); return its IRI.

    ``once`` is the form's key: saving the same form again records nothing."""
    require(viewer, Permission.PLAN_SESSION)
    if draft.date < today:
        raise BadInput(
            f"a planned session needs a date from today ({today.isoformat()}) on; "
            "to record one that already took place, log it instead",
            source="date",
        )
    if draft.head_count is not None:
        raise BadInput(
            "a planned session has no head count yet: log it after it has taken place", source="head count"
        )
    iri = new_iri("session", once)
    store.write(_statements(store, viewer, iri, draft), viewer=viewer, once=once)
    return iri


def log_session(
    store: PraxisStore, viewer: Viewer, draft: SessionDraft, *, today: dt.date, once: str | None = None
) -> URIRef:
    """Record a session that took place (dated today or earlier, with a head count)."""
    require(viewer, Permission.PLAN_SESSION)
    if draft.date > today:
        raise BadInput(
            f"{draft.date.isoformat()} is after today ({today.isoformat()}): plan the session instead",
            source="date",
        )
    _check_count(draft.head_count, required=True)
    iri = new_iri("session", once)
    store.write(_statements(store, viewer, iri, draft), viewer=viewer, once=once)
    return iri


def complete_session(
    store: PraxisStore,
    viewer: Viewer,
    session: URIRef,
    *,
    head_count: int,
    notes: str | None = None,
    today: dt.date,
) -> None:
    """Log a planned session once it has taken place: its head count and, if given, notes."""
    require(viewer, Permission.PLAN_SESSION)
    found = next((s for s in list_sessions(store, viewer, today=today) if s.iri == session), None)
    if found is None:
        raise BadInput("there is no such session (or you may not see it)", source="session")
    if not found.is_past(today):
        raise BadInput(
            f"the session is on {found.date.isoformat() if found.date else 'no date'}: "
            "log it once it has taken place",
            source="session",
        )
    _check_count(head_count, required=True)
    level = found.visibility or Visibility.MEMBERS
    removals = []
    if found.head_count is not None:
        removals.append(Statement(session, PRX.headCount, _count(found.head_count), level))
    additions = [Statement(session, PRX.headCount, _count(head_count), level)]
    if notes is not None and notes.strip():
        if found.notes is not None:
            removals.append(Statement(session, DCTERMS.description, Literal(found.notes, lang="en"), level))
            removals.append(Statement(session, DCTERMS.description, Literal(found.notes), level))
        additions.append(Statement(session, DCTERMS.description, Literal(notes.strip()), level))
    store.write(additions, removals, viewer=viewer)


def _check_count(head_count: int | None, *, required: bool) -> None:
    if head_count is None:
        if required:
            raise BadInput("say how many people came (a number; no names)", source="head count")
        return
    if isinstance(head_count, bool) or not isinstance(head_count, int) or head_count < 0:
        raise BadInput("the head count must be a whole number, 0 or more", source="head count")


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.nonNegativeInteger)


def _statements(store: PraxisStore, viewer: Viewer, iri: URIRef, draft: SessionDraft) -> list[Statement]:
    title = require_text(draft.title, field="title")
    level = draft.visibility
    pairs: list[tuple[URIRef, Any]] = [
        (RDF.type, PRX.Session),
        (RDF.type, draft.kind.rdf_class),
        (RDFS.label, Literal(title)),
        (SDO.startDate, Literal(draft.date.isoformat(), datatype=XSD.date)),
        (PRX.visibility, level.concept),
    ]
    pairs += [(PRX.facilitator, m) for m in _facilitators(store, viewer, draft.facilitators)]
    pairs += [(PRX.covers, r) for r in _unique(draft.readings)]
    pairs += [(PRX.practises, s) for s in _unique(draft.skills)]
    pairs += [(PRX.sessionTopic, t) for t in _unique(draft.topics)]
    if draft.notes.strip():
        pairs.append((DCTERMS.description, Literal(draft.notes.strip())))
    if draft.head_count is not None:
        _check_count(draft.head_count, required=False)
        pairs.append((PRX.headCount, _count(draft.head_count)))
    return [Statement(iri, p, o, level) for p, o in pairs]


def _facilitators(store: PraxisStore, viewer: Viewer, nicknames: Iterable[str]) -> list[URIRef]:
    return _unique(
        member_by_nickname(store, viewer, nick, field="facilitator") for nick in nicknames if nick.strip()
    )


def _unique(items: Iterable[URIRef]) -> list[URIRef]:
    return list(dict.fromkeys(items))
