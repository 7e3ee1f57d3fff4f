"""Actions: recording a new one, who may see it, and listing them for the forms.

A new action is members-only when it is a direct action (flagged, or a method under
nonviolent intervention or non-violent direct action), public otherwise, unless a
visibility is chosen (:func:`action_visibility`).

Actions are listed a page at a time (:func:`list_actions`): a chapter of years has tens
of thousands, and nobody picks one from a list that long. The forms show the most
recent, a campaign's, or those whose name or date matches a search; the queries pick
them (newest first, one more than is listed, so the page knows there are more) and
only the actions listed are read in full.

>>> from graph.store import open_store
>>> page = list_actions(open_store("memory:"), Viewer.visitor(), text="picket")
>>> page.actions, page.more, page.note[:17]
((), False, 'No action matches')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require, require_level
from graph.namespaces import DCTERMS, PRX, RDF, RDFS, SDO
from graph.practice.forms import direct_methods
from graph.practice.records import date_literal, labelled, level_of, new_iri, refuse, statements, text_literal
from graph.store import PraxisStore, Statement

__all__ = [
    "ACTIONS_LISTED",
    "ActionChoice",
    "ActionInput",
    "ActionPage",
    "action",
    "action_count",
    "action_statements",
    "action_visibility",
    "all_actions",
    "create_action",
    "latest_past",
    "list_actions",
]


#: How many actions a form lists at once, newest first. The queries that pick them
#: (``record_action_recent.rq``, ``record_action_search.rq``) read one more: their LIMIT.
ACTIONS_LISTED = 100


@dataclass(frozen=True)
class ActionInput:
    """A new action: a dated event, optionally part of a campaign.

    ``visibility=None`` lets :func:`create_action` decide: members-only
    for direct actions (``direct=True`` or a method under nonviolent intervention or
    non-violent direct action), public otherwise."""

    label: str
    date: dt.date | None
    campaign: URIRef | None = None
    place: str = ""
    methods: tuple[URIRef, ...] = ()
    addresses: tuple[URIRef, ...] = ()
    description: str = ""
    visibility: Visibility | None = None
    direct: bool = False

    def problems(self) -> list[str]:
        found = []
        if not self.label.strip():
            found.append("Give the action a short name.")
        if self.date is None:
            found.append("Give the date of the action.")
        elif self.date > dt.date.today() + dt.timedelta(days=366):
            found.append("The action's date is more than a year away: check the year.")
        return found

    def statements(self, iri: URIRef, level: Visibility) -> list[Statement]:
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, PRX.Action),
            (RDFS.label, text_literal(self.label)),
            (SDO.startDate, date_literal(self.date) if self.date else None),
            (PRX.partOf, self.campaign),
            (SDO.location, text_literal(self.place) if self.place.strip() else None),
            (DCTERMS.description, text_literal(self.description) if self.description.strip() else None),
            (PRX.visibility, level.concept),
        ]
        pairs += [(PRX.usesMethod, method) for method in self.methods]
        pairs += [(PRX.addresses, concept) for concept in self.addresses]
        return statements(iri, level, pairs)


def action_visibility(store: PraxisStore, viewer: Viewer, action: ActionInput) -> Visibility:
    """The visibility a new action gets (see the module notes)."""
    if action.visibility is not None:
        return action.visibility
    if action.direct or set(action.methods) & direct_methods(store, viewer):
        return Visibility.MEMBERS
    return Visibility.PUBLIC


def action_statements(
    store: PraxisStore, viewer: Viewer, action: ActionInput
) -> tuple[URIRef, Visibility, list[Statement]]:
    """A new action's IRI, level and statements (checked), to write alone or with its first lesson."""
    refuse(action.problems(), "action")
    level = action_visibility(store, viewer, action)
    require_level(viewer, level, "action")
    iri = new_iri("action")
    return iri, level, action.statements(iri, level)


def create_action(store: PraxisStore, viewer: Viewer, action: ActionInput) -> URIRef:
    """Record a new action; return its IRI."""
    require(viewer, Permission.RECORD_ACTION)
    iri, _, written = action_statements(store, viewer, action)
    store.write(written, viewer=viewer)
    return iri


@dataclass(frozen=True)
class ActionChoice:
    iri: URIRef
    label: str
    date: dt.date | None
    campaign: URIRef | None
    campaign_label: str
    visibility: Visibility

    @property
    def caption(self) -> str:
        when = self.date.isoformat() if isinstance(self.date, dt.date) else "undated"
        where = f" ({self.campaign_label})" if self.campaign_label else ""
        return f"{when}: {self.label}{where}"

    def matches(self, needle: str) -> bool:
        """The rule of ``record_action_search.rq``: ``needle`` (lower case) is in the
        name, or the date starts with it."""
        return needle in self.label.lower() or (
            self.date is not None and self.date.isoformat().startswith(needle)
        )


@dataclass(frozen=True)
class ActionPage:
    """The actions a form lists, newest first: at most :data:`ACTIONS_LISTED`.

    ``more`` says that more actions matched than are listed; ``total`` counts every
    action the viewer can see; ``campaign`` and ``text`` are the filters asked for."""

    actions: tuple[ActionChoice, ...]
    more: bool
    total: int
    campaign: URIRef | None = None
    text: str = ""

    @property
    def filtered(self) -> bool:
        return self.campaign is not None or bool(self.text)

    @property
    def note(self) -> str:
        """A line for the form saying what is listed and how to find the rest ("" when all are)."""
        shown = len(self.actions)
        if self.filtered and not shown:
            return "No action matches: try another word, a date such as 2024-05, or another campaign."
        if self.filtered and self.more:
            return f"More than {shown} actions match: the {shown} most recent are listed. Narrow the search."
        if not self.filtered and shown < self.total:
            return (
                f"The {shown} most recent of {self.total:,} actions are listed: choose the campaign, "
                "or search by name or date, to find an older one."
            )
        return ""


def _action(row: dict) -> ActionChoice:
    date = row["date"] if isinstance(row["date"], dt.date) else None
    return ActionChoice(
        iri=row["action"],
        label=str(row["label"] or row["action"]),
        date=date,
        campaign=row["campaign"],
        campaign_label=str(row["campaignLabel"] or ""),
        visibility=level_of(row["visibility"]),
    )


def _newest_first(found: list[ActionChoice]) -> list[ActionChoice]:
    return sorted(found, key=lambda a: (a.date or dt.date.min, a.label), reverse=True)


def all_actions(store: PraxisStore, viewer: Viewer) -> list[ActionChoice]:
    """Every action the viewer can see, newest first (importers; forms use :func:`list_actions`)."""
    found = [_action(row) for row in labelled(store.select("record_actions", viewer), "action").values()]
    return _newest_first(found)


def _details(store: PraxisStore, viewer: Viewer, iris: list[URIRef]) -> list[ActionChoice]:
    """The actions ``iris``, read in full, newest first."""
    if not iris:
        return []
    rows = store.select("record_actions", viewer, action=tuple(dict.fromkeys(iris)))
    return _newest_first([_action(row) for row in labelled(rows, "action").values()])


def action_count(store: PraxisStore, viewer: Viewer) -> int:
    """How many actions ``viewer`` can see."""
    rows = store.select("record_action_count", viewer)
    return int(rows[0]["n"]) if rows else 0


def _needle(text: str) -> str:
    return " ".join(str(text).split()).lower()


def list_actions(
    store: PraxisStore, viewer: Viewer, *, campaign: URIRef | str | None = None, text: str = ""
) -> ActionPage:
    """The actions a form lists: the most recent, or a campaign's, or those whose name
    contains ``text`` or whose date starts with it (both filters may be given).

    >>> from graph.store import open_store
    >>> page = list_actions(open_store("memory:"), Viewer.visitor(), text="picket")
    >>> page.actions, page.more, page.note[:17]
    ((), False, 'No action matches')
    """
    needle = _needle(text)
    campaign = URIRef(str(campaign)) if campaign is not None else None
    if campaign is not None:
        rows = store.select("record_campaign_actions", viewer, campaign=campaign)
    elif needle:
        rows = store.select("record_action_search", viewer, text=Literal(needle))
    else:
        rows = store.select("record_action_recent", viewer)
    found = _details(store, viewer, [row["action"] for row in rows])
    if campaign is not None and needle:
        found = [a for a in found if a.matches(needle)]
    return ActionPage(
        actions=tuple(found[:ACTIONS_LISTED]),
        more=len(found) > ACTIONS_LISTED,
        total=action_count(store, viewer),
        campaign=campaign,
        text=needle,
    )


def action(store: PraxisStore, viewer: Viewer, iri: URIRef | str) -> ActionChoice | None:
    """The action ``iri`` as ``viewer`` sees it, or ``None``."""
    rows = store.select("record_actions", viewer, action=URIRef(str(iri)))
    return _action(rows[0]) if rows else None


def latest_past(actions: list[ActionChoice], today: dt.date) -> int:
    """Where in ``actions`` the most recent action on or before ``today`` is: what an
    assessment form opens on (an action still to come has nothing to assess yet). The
    first undated one if none is dated in the past; 0 for none at all.

    >>> day = dt.date(2026, 1, 1)
    >>> def on(d): return ActionChoice(URIRef("http://e/a"), "a", d, None, "", Visibility.PUBLIC)
    >>> latest_past([on(dt.date(2027, 1, 30)), on(dt.date(2025, 5, 1)), on(dt.date(2025, 6, 1))], day)
    2
    """
    dated = [(a.date, i) for i, a in enumerate(actions) if isinstance(a.date, dt.date) and a.date <= today]
    if dated:
        return max(dated, key=lambda pair: (pair[0], -pair[1]))[1]
    undated = [i for i, a in enumerate(actions) if not isinstance(a.date, dt.date)]
    return undated[0] if undated else 0
