"""The question a strategy session asks, built from values as people type them.

A session asks about any of a concept, a method, an indicator, a campaign, an
organisation, a stance and a date range (all optional): a :class:`Question`.
:func:`ask` builds one from IRIs, prefixed or local names and exact labels
(:func:`graph.resolve.resolve`); :func:`question_choices` is what a question builder
offers to pick from.

>>> parse_date("2024", end=True)
datetime.date(2024, 12, 31)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import local_name
from graph.practice import Stance
from graph.resolve import NodeKind, candidates, first_label, resolve_optional
from graph.store import PraxisStore

__all__ = ["Question", "QuestionChoices", "ask", "parse_date", "question_choices"]


@dataclass(frozen=True)
class Question:
    """What a session asks; ``None`` means "any"."""

    concept: URIRef | None = None
    method: URIRef | None = None
    indicator: URIRef | None = None
    campaign: URIRef | None = None
    organisation: URIRef | None = None
    stance: Stance | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def narrows_actions(self) -> bool:
        """True if the question keeps some actions out (a stance narrows the lessons only).

        >>> Question().narrows_actions, Question(stance=Stance.CHALLENGES).narrows_actions
        (False, False)
        """
        return any(
            value is not None
            for value in (self.concept, self.method, self.indicator, self.campaign, self.organisation)
        ) or bool(self.since or self.until)


def parse_date(text: str | dt.date | None, *, field_name: str = "date", end: bool = False) -> dt.date | None:
    """``2024``, ``2024-03`` or ``2024-03-12`` as a date (``end``: the last day of a year or month)."""
    if text is None or isinstance(text, dt.date):
        return text
    value = str(text).strip()
    if not value:
        return None
    try:
        if len(value) == 4:
            return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:])
            first = dt.date(year, month, 1)
            if not end:
                return first
            return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(
            f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", source=field_name
        ) from None


def ask(
    store: PraxisStore,
    viewer: Viewer,
    *,
    concept: str | None = None,
    method: str | None = None,
    indicator: str | None = None,
    campaign: str | None = None,
    organisation: str | None = None,
    stance: str | Stance | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
) -> Question:
    """A :class:`Question` from values as people type them (IRIs, local names or labels)."""
    if isinstance(stance, str) and stance.strip():
        try:
            stance = Stance(stance.strip().lower())
        except ValueError:
            raise BadInput(
                f"{stance!r} is not a stance: use supports, challenges or qualifies", source="stance"
            ) from None
    elif not isinstance(stance, Stance):
        stance = None
    question = Question(
        concept=resolve_optional(store, viewer, concept, NodeKind.CONCEPT),
        method=resolve_optional(store, viewer, method, NodeKind.METHOD),
        indicator=resolve_optional(store, viewer, indicator, NodeKind.INDICATOR),
        campaign=resolve_optional(store, viewer, campaign, NodeKind.CAMPAIGN),
        organisation=resolve_optional(store, viewer, organisation, NodeKind.ORGANISATION),
        stance=stance,
        since=parse_date(since, field_name="since"),
        until=parse_date(until, field_name="until", end=True),
    )
    if question.since and question.until and question.since > question.until:
        raise BadInput(f"since ({question.since}) is after until ({question.until})", source="since")
    return question


@dataclass(frozen=True)
class QuestionChoices:
    """What a question builder can offer, as (IRI, label) sorted by label."""

    concepts: tuple[tuple[URIRef, str], ...]
    methods: tuple[tuple[URIRef, str], ...]
    indicators: tuple[tuple[URIRef, str], ...]
    campaigns: tuple[tuple[URIRef, str], ...]
    organisations: tuple[tuple[URIRef, str], ...]


#: What a question builder offers, in QuestionChoices' order, and their classes.
_OFFERED = (NodeKind.CONCEPT, NodeKind.METHOD, NodeKind.INDICATOR, NodeKind.CAMPAIGN, NodeKind.ORGANISATION)
_CHOICE_CLASSES = frozenset(cls for kind in _OFFERED for cls in kind.classes)


def question_choices(store: PraxisStore, viewer: Viewer) -> QuestionChoices:
    """Every concept, claim, method, indicator, campaign and organisation the viewer can see
    (kept per role and followed across writes: five classes read whole take half a second at
    1M statements, and a lesson or an assessment changes none of them)."""
    role = viewer.role
    return store.memo(
        ("question-choices", role),
        lambda: _question_choices(store, Viewer(role)),
        follow=lambda kept, since: _followed(store, Viewer(role), kept, store.touched_since(since)),
    )


def _followed(
    store: PraxisStore, viewer: Viewer, kept: QuestionChoices, touched: frozenset | None
) -> QuestionChoices | None:
    """``kept`` if no touched record is one of the choices or became one, else ``None``."""
    if touched is None:
        return None
    nodes = {node for node in touched if isinstance(node, URIRef)}
    offered = {iri for pairs in vars(kept).values() for iri, _label in pairs}
    if nodes & offered or any(
        store.select("taught_candidates", viewer, **{"class": cls}, node=nodes) for cls in _CHOICE_CLASSES
    ):
        return None
    return kept


def _question_choices(store: PraxisStore, viewer: Viewer) -> QuestionChoices:
    rows_of: dict[URIRef, list[dict]] = {}  # concepts and methods are both skos:Concept: read once

    def listed(kind: NodeKind) -> tuple[tuple[URIRef, str], ...]:
        found = candidates(store, viewer, kind, rows_of=rows_of)
        pairs = [(node, first_label(labels) or local_name(node)) for node, labels in found.items()]
        return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))

    return QuestionChoices(*(listed(kind) for kind in _OFFERED))
