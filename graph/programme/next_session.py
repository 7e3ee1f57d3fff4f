"""Add a reading to the next reading-group session, for a campaign: one action, one name.

The suggestions page offers each reading "Add to the next reading-group session". That
does what it says, in one transaction: the group's next planned reading-group session
(the soonest dated today or later) covers the reading (``prx:covers``), and the reading is
recorded as read for the campaign (``prx:readFor``), which the suggestions mark. When no
reading-group session is planned, the person gives the date and the first reading plans
one, titled for the campaign; nothing else is made up for them.

``once`` is the key of the button's instance (:meth:`graph.store.PraxisStore.write`): a
double click adds the reading, or plans the session, once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.namespaces import PRX
from graph.practice import new_iri
from graph.programme.sessions import (
    Session,
    SessionDraft,
    SessionKind,
    _by_date,
    _statements,
    list_sessions,
)
from graph.store import PraxisStore, Statement
from graph.suggest import campaign_choices, read_for_statement

__all__ = ["ACTION", "Added", "add_to_next_session", "next_reading_group", "remove_from_next_session"]

#: The action's name, wherever it is offered or reported.
ACTION = "Add to the next reading-group session"


@dataclass(frozen=True)
class Added:
    """What :func:`add_to_next_session` did: the session, and whether it planned it."""

    session: Session
    planned: bool

    def said(self, title: str) -> str:
        """What to tell the person, with the session's name and date."""
        when = self.session.date.strftime("%A %-d %B %Y") if self.session.date else "no date"
        planned = " (planned now, with this reading)" if self.planned else ""
        session = self.session.title
        return f"Added “{title}” to the next reading-group session, “{session}” on {when}{planned}."


def next_reading_group(store: PraxisStore, viewer: Viewer, *, today: dt.date) -> Session | None:
    """The soonest reading-group session dated ``today`` or later (None if none is planned)."""
    planned = [
        s
        for s in list_sessions(store, viewer, today=today)
        if s.kind is SessionKind.READING_GROUP and s.date is not None and s.date >= today
    ]
    return min(planned, key=_by_date) if planned else None


def add_to_next_session(
    store: PraxisStore,
    viewer: Viewer,
    *,
    reading: URIRef,
    campaign: URIRef,
    today: dt.date,
    date: dt.date | None = None,
    once: str | None = None,
) -> Added:
    """Put ``reading`` in the next reading-group session, read for ``campaign``.

    If no reading-group session is planned, ``date`` is the new session's date (refused
    when missing or past). Adding a reading already there changes nothing."""
    require(viewer, Permission.PLAN_SESSION)
    reading, campaign = URIRef(str(reading)), URIRef(str(campaign))
    read_for, marked = read_for_statement(store, viewer, reading=reading, campaign=campaign)
    session = next_reading_group(store, viewer, today=today)
    if session is None:
        if date is None:
            raise BadInput(
                "no reading-group session is planned: choose the date of the next one", source="date"
            )
        if date < today:
            raise BadInput(
                f"the next session's date must be today ({today.isoformat()}) or later", source="date"
            )
        name = next((c.label for c in campaign_choices(store, viewer) if c.iri == campaign), "the campaign")
        level = max(Visibility.MEMBERS, read_for.visibility, key=lambda v: v.rank)
        draft = SessionDraft(
            title=f"Reading group: {name}",
            date=date,
            kind=SessionKind.READING_GROUP,
            readings=(reading,),
            visibility=level,
        )
        iri = new_iri("session", once)
        statements = _statements(store, viewer, iri, draft) + ([] if marked else [read_for])
        store.write(statements, viewer=viewer, once=once)
        return Added(_session(store, viewer, iri, today), planned=True)
    additions = [] if marked else [read_for]
    if reading not in {ref.iri for ref in session.readings}:
        additions.append(Statement(session.iri, PRX.covers, reading, _level(session, read_for)))
    if additions:
        store.write(additions, viewer=viewer, once=once)
    return Added(_session(store, viewer, session.iri, today), planned=False)


def remove_from_next_session(
    store: PraxisStore, viewer: Viewer, *, reading: URIRef, campaign: URIRef, today: dt.date
) -> Session | None:
    """Undo :func:`add_to_next_session`: the next session no longer covers ``reading``,
    nor is it read for ``campaign``. The session stays (it may hold other readings)."""
    require(viewer, Permission.PLAN_SESSION)
    reading, campaign = URIRef(str(reading)), URIRef(str(campaign))
    read_for, marked = read_for_statement(store, viewer, reading=reading, campaign=campaign)
    session = next_reading_group(store, viewer, today=today)
    removals = [read_for] if marked else []
    if session is not None and reading in {ref.iri for ref in session.readings}:
        levels = {session.visibility or Visibility.MEMBERS, _level(session, read_for)}
        removals += [Statement(session.iri, PRX.covers, reading, level) for level in levels]
    if removals:
        store.write(removals=removals, viewer=viewer)
    return session


def _level(session: Session, read_for: Statement) -> Visibility:
    """A session's link to a reading: the stricter of the session's and the link's levels."""
    return max(session.visibility or Visibility.MEMBERS, read_for.visibility, key=lambda v: v.rank)


def _session(store: PraxisStore, viewer: Viewer, iri: URIRef, today: dt.date) -> Session:
    return next(s for s in list_sessions(store, viewer, today=today) if s.iri == iri)
