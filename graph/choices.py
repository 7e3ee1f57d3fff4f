"""What the record and assess forms offer, read as the viewer sees it.

Campaigns, actions, the concepts and claims a lesson can be tagged with, methods
of action (and which of them make an action a direct action), indicators, a
member's lessons and an action's assessments. Every list is a list of frozen
rows with plain Python values, sorted for display, so pages only lay them out.

Actions and everyone's lessons are listed a page at a time (:func:`list_actions`,
:func:`recent_lessons`): a chapter of years has tens of thousands, and nobody
picks one from a list that long. The forms show the most recent, a campaign's,
or those whose name or date matches a search; the queries pick them (newest
first, one more than is listed, so the page knows there are more) and only the
actions listed are read in full.

>>> from graph.store import open_store
>>> campaigns(open_store("memory:"), Viewer.visitor())
[]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import Literal, URIRef

from graph.access import Viewer, Visibility
from graph.inputs import SCORE_LABELS
from graph.namespaces import VOCAB
from graph.store import PraxisStore

__all__ = [
    "ACTIONS_LISTED",
    "DIRECT_CLASSES",
    "LESSONS_LISTED",
    "ActionChoice",
    "ActionPage",
    "AssessmentRow",
    "Choice",
    "LessonPage",
    "LessonRow",
    "action",
    "action_count",
    "actions",
    "assessments",
    "campaigns",
    "direct_methods",
    "indicators",
    "lessons",
    "list_actions",
    "methods",
    "recent_lessons",
    "targets",
]

#: Methods under these concepts make an action a direct action (members-only by default).
DIRECT_CLASSES = frozenset({VOCAB["nonviolent-intervention"], VOCAB["nvda"]})

#: How many actions a form lists at once, newest first. The queries that pick them
#: (``record_action_recent.rq``, ``record_action_search.rq``) read one more: their LIMIT.
ACTIONS_LISTED = 100

#: How many of everyone's lessons the organiser's list shows (``record_lessons_recent.rq``
#: reads one more: its LIMIT).
LESSONS_LISTED = 200


@dataclass(frozen=True)
class Choice:
    """Something to pick: its IRI, its label and what kind of thing it is."""

    iri: URIRef
    label: str
    kind: str = ""
    direct: bool = False


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


@dataclass(frozen=True)
class LessonRow:
    iri: URIRef
    title: str
    created: dt.date | None
    creator: URIRef
    nickname: str
    action: URIRef | None
    action_label: str
    visibility: Visibility
    withdrawn: bool


@dataclass(frozen=True)
class LessonPage:
    """Some lessons, newest first, and whether there are more than listed."""

    lessons: tuple[LessonRow, ...]
    more: bool


@dataclass(frozen=True)
class AssessmentRow:
    iri: URIRef
    action: URIRef
    indicator: URIRef | None
    indicator_label: str
    score: int | None
    evidence: str
    creator: URIRef | None
    nickname: str
    created: dt.date | None

    @property
    def score_label(self) -> str:
        return SCORE_LABELS.get(self.score, "no score") if self.score is not None else "no score"


def _labelled(rows: list[dict], key: str) -> dict[URIRef, dict]:
    """One row per ``key``, preferring an English (or untagged) label."""
    best: dict[URIRef, dict] = {}
    for row in rows:
        current = best.get(row[key])
        if current is None or (row.get("lang") in ("en", "") and current.get("lang") not in ("en", "")):
            best[row[key]] = row
    return best


def _level(value: object, default: Visibility = Visibility.PUBLIC) -> Visibility:
    try:
        return Visibility.from_concept(value) if value else default
    except ValueError:
        return default


def campaigns(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    rows = _labelled(store.select("record_campaigns", viewer), "campaign")
    found = [Choice(iri, str(row["label"] or iri), "campaign") for iri, row in rows.items()]
    return sorted(found, key=lambda c: c.label.casefold())


def _action(row: dict) -> ActionChoice:
    date = row["date"] if isinstance(row["date"], dt.date) else None
    return ActionChoice(
        iri=row["action"],
        label=str(row["label"] or row["action"]),
        date=date,
        campaign=row["campaign"],
        campaign_label=str(row["campaignLabel"] or ""),
        visibility=_level(row["visibility"]),
    )


def _newest_first(found: list[ActionChoice]) -> list[ActionChoice]:
    return sorted(found, key=lambda a: (a.date or dt.date.min, a.label), reverse=True)


def actions(store: PraxisStore, viewer: Viewer) -> list[ActionChoice]:
    """Every action the viewer can see, newest first (importers; forms use :func:`list_actions`)."""
    found = [_action(row) for row in _labelled(store.select("record_actions", viewer), "action").values()]
    return _newest_first(found)


def _details(store: PraxisStore, viewer: Viewer, iris: list[URIRef]) -> list[ActionChoice]:
    """The actions ``iris``, read in full, newest first."""
    if not iris:
        return []
    rows = store.select("record_actions", viewer, action=tuple(dict.fromkeys(iris)))
    return _newest_first([_action(row) for row in _labelled(rows, "action").values()])


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


def targets(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    """Concepts of our schemes (not indicators) and claims, by label."""
    rows = _labelled(store.select("record_targets", viewer), "target")
    found = [Choice(iri, str(row["label"]), str(row["kind"])) for iri, row in rows.items()]
    return sorted(found, key=lambda c: (c.kind != "concept", c.label.casefold()))


def methods(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    """Methods of action; ``direct`` marks those that make a direct action."""
    rows = store.select("record_methods", viewer)
    direct = {row["method"] for row in rows if row["class"] in DIRECT_CLASSES}
    labelled = _labelled(rows, "method")
    found = [Choice(iri, str(row["label"]), "method", iri in direct) for iri, row in labelled.items()]
    return sorted(found, key=lambda c: c.label.casefold())


def direct_methods(store: PraxisStore, viewer: Viewer) -> frozenset[URIRef]:
    return frozenset(choice.iri for choice in methods(store, viewer) if choice.direct)


def indicators(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    rows = _labelled(store.select("record_indicators", viewer), "indicator")
    return sorted(
        (Choice(iri, str(row["label"]), "indicator") for iri, row in rows.items()),
        key=lambda c: c.label.casefold(),
    )


def lessons(store: PraxisStore, viewer: Viewer, *, creator: URIRef | None = None) -> list[LessonRow]:
    """Lessons (of one member when ``creator`` is given), newest first."""
    bindings = {"creator": creator} if creator is not None else {}
    return _lesson_rows(store.select("record_lessons", viewer, **bindings))


def recent_lessons(store: PraxisStore, viewer: Viewer) -> LessonPage:
    """The :data:`LESSONS_LISTED` most recent lessons of everyone, newest first."""
    picked = [row["lesson"] for row in store.select("record_lessons_recent", viewer)]
    kept = tuple(dict.fromkeys(picked))[:LESSONS_LISTED]
    found = _lesson_rows(store.select("record_lessons", viewer, lesson=kept)) if kept else []
    return LessonPage(tuple(found), more=len(set(picked)) > LESSONS_LISTED)


def _lesson_rows(rows: list[dict]) -> list[LessonRow]:
    found = {}
    for row in rows:
        found.setdefault(
            row["lesson"],
            LessonRow(
                iri=row["lesson"],
                title=str(row["title"] or ""),
                created=row["created"] if isinstance(row["created"], dt.date) else None,
                creator=row["creator"],
                nickname=str(row["nickname"] or ""),
                action=row["action"],
                action_label=str(row["actionLabel"] or ""),
                visibility=_level(row["visibility"], Visibility.MEMBERS),
                withdrawn=bool(row["withdrawn"]),
            ),
        )
    return sorted(found.values(), key=lambda r: (r.created or dt.date.min, r.title), reverse=True)


def assessments(
    store: PraxisStore, viewer: Viewer, *, action: URIRef | str | None = None
) -> list[AssessmentRow]:
    """Assessments (of one action when given); disagreeing assessors each keep a row."""
    bindings = {"action": URIRef(str(action))} if action is not None else {}
    found = {}
    for row in store.select("record_assessments", viewer, **bindings):
        found.setdefault(
            row["assessment"],
            AssessmentRow(
                iri=row["assessment"],
                action=row["action"],
                indicator=row["indicator"],
                indicator_label=str(row["indicatorLabel"] or row["indicator"] or ""),
                score=row["score"] if isinstance(row["score"], int) else None,
                evidence=str(row["evidence"] or ""),
                creator=row["creator"],
                nickname=str(row["nickname"] or ""),
                created=row["created"] if isinstance(row["created"], dt.date) else None,
            ),
        )
    return sorted(found.values(), key=lambda r: (r.indicator_label, r.nickname, str(r.iri)))
