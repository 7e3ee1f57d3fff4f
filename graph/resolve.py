"""Turn what a person types (an IRI, a prefixed or local name, a label) into a node.

``praxis taught --method civil-resistance`` and the question builder both take
values as people write them. :func:`resolve` accepts, in this order of
preference:

1. a full IRI (``https://w3id.org/praxis/vocab/sit-in``, with or without ``<>``);
2. a prefixed name with one of the standard prefixes (``pxv:sit-in``);
3. a local name, with the kind's usual start added when it is missing
   (``goal-attainment`` finds ``pxv:indicator-goal-attainment``, ``otpor``
   finds ``px:campaign-otpor``);
4. an exact label, ignoring case and repeated spaces: preferred labels, names and
   titles first, then alternative labels (``people power`` finds civil resistance).

Only nodes the viewer can see are candidates, so a name never confirms that a
hidden record exists. One named query per class (``taught_candidates``) fetches the
candidates of the kind; matching happens here. A value written as an IRI is first
looked up alone, bound to the same query, so choosing from a list of a million
statements' concepts does not read them all again.

>>> Kind.INDICATOR.local_prefix
'indicator-'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.namespaces import PREFIXES, PRX, SCHEME, SKOS
from graph.store import PraxisStore

__all__ = ["Choices", "Kind", "candidates", "choices", "resolve", "resolve_optional"]


class Kind(Enum):
    """What a value names; ``value`` is the field name used in messages."""

    CONCEPT = "concept"
    METHOD = "method"
    INDICATOR = "indicator"
    PRINCIPLE = "principle"
    CAMPAIGN = "campaign"
    ORGANISATION = "organisation"
    READING = "reading"
    CLAIM = "claim"
    ACTION = "action"
    LESSON = "lesson"
    MEMBER = "member"

    @property
    def classes(self) -> tuple[URIRef, ...]:
        """The classes whose members are candidates (a concept may also be a claim)."""
        return {
            Kind.CONCEPT: (SKOS.Concept, PRX.Claim),
            Kind.METHOD: (SKOS.Concept,),
            Kind.INDICATOR: (PRX.Indicator,),
            Kind.PRINCIPLE: (SKOS.Concept,),
            Kind.CAMPAIGN: (PRX.Campaign,),
            Kind.ORGANISATION: (PRX.Organisation,),
            Kind.READING: (PRX.Reading,),
            Kind.CLAIM: (PRX.Claim,),
            Kind.ACTION: (PRX.Action,),
            Kind.LESSON: (PRX.Lesson,),
            Kind.MEMBER: (PRX.Member,),
        }[self]

    @property
    def scheme(self) -> URIRef | None:
        """The concept scheme a candidate must be in, if any."""
        return {Kind.METHOD: SCHEME["strategy"], Kind.PRINCIPLE: SCHEME["principles"]}.get(self)

    @property
    def local_prefix(self) -> str:
        """How local names of this kind usually start (``indicator-``, ``campaign-``...)."""
        return {
            Kind.INDICATOR: "indicator-",
            Kind.CAMPAIGN: "campaign-",
            Kind.ORGANISATION: "org-",
            Kind.READING: "reading-",
            Kind.CLAIM: "claim-",
            Kind.ACTION: "action-",
            Kind.LESSON: "lesson-",
            Kind.MEMBER: "member-",
        }.get(self, "")


_PREFERRED = {
    str(SKOS.prefLabel),
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
}


def candidates(
    store: PraxisStore,
    viewer: Viewer,
    kind: Kind,
    *,
    node: URIRef | None = None,
    rows_of: dict[URIRef, list[dict]] | None = None,
) -> dict[URIRef, list[tuple[str, bool]]]:
    """Every node of ``kind`` the viewer can see, with its labels (text, preferred?).

    ``node`` asks about that one node only (an IRI someone gave: one lookup instead
    of every candidate). ``rows_of`` shares the rows read per class between calls."""
    found: dict[URIRef, list[tuple[str, bool]]] = {}
    bound = {} if node is None else {"node": node}
    for cls in kind.classes:
        if rows_of is not None and cls in rows_of:
            rows = rows_of[cls]
        else:
            rows = store.select("taught_candidates", viewer, **{"class": cls}, **bound)
            if rows_of is not None:
                rows_of[cls] = rows
        in_scheme = {row["node"] for row in rows if kind.scheme is None or row["scheme"] == kind.scheme}
        for row in rows:
            node = row["node"]
            if node not in in_scheme or not isinstance(node, URIRef):
                continue
            labels = found.setdefault(node, [])
            if row["label"] is not None:
                entry = (str(row["label"]), str(row["labelKind"]) in _PREFERRED)
                if entry not in labels:
                    labels.append(entry)
    return found


@dataclass(frozen=True)
class Choices:
    """What a question builder can offer, as (IRI, label) sorted by label."""

    concepts: tuple[tuple[URIRef, str], ...]
    methods: tuple[tuple[URIRef, str], ...]
    indicators: tuple[tuple[URIRef, str], ...]
    campaigns: tuple[tuple[URIRef, str], ...]
    organisations: tuple[tuple[URIRef, str], ...]


def choices(store: PraxisStore, viewer: Viewer) -> Choices:
    """Every concept, claim, method, indicator, campaign and organisation the viewer can see."""

    rows_of: dict[URIRef, list[dict]] = {}  # concepts and methods are both skos:Concept: read once

    def listed(kind: Kind) -> tuple[tuple[URIRef, str], ...]:
        found = candidates(store, viewer, kind, rows_of=rows_of)
        pairs = [(node, _first_label(labels) or node.rsplit("/", 1)[-1]) for node, labels in found.items()]
        return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))

    return Choices(
        concepts=listed(Kind.CONCEPT),
        methods=listed(Kind.METHOD),
        indicators=listed(Kind.INDICATOR),
        campaigns=listed(Kind.CAMPAIGN),
        organisations=listed(Kind.ORGANISATION),
    )


def _first_label(labels: list[tuple[str, bool]]) -> str | None:
    preferred = [text for text, is_preferred in labels if is_preferred]
    return preferred[0] if preferred else None


def resolve(store: PraxisStore, viewer: Viewer, text: str, kind: Kind) -> URIRef:
    """The one node of ``kind`` that ``text`` names, or :class:`BadInput` saying why not."""
    wanted = text.strip()
    if not wanted:
        raise BadInput(f"give a {kind.value}", source=kind.value)
    iri = _as_iri(wanted)
    if iri is not None and candidates(store, viewer, kind, node=iri):
        return iri  # the usual case from the explorer's choices: no need to read every candidate
    found = candidates(store, viewer, kind)
    for level in _levels(wanted, kind, found):
        if len(level) == 1:
            return level[0]
        if len(level) > 1:
            names = ", ".join(f"{_label(found, n)} ({n})" for n in sorted(level)[:6])
            raise BadInput(
                f"{wanted!r} could mean more than one {kind.value}: {names}. Give the IRI or local name.",
                source=kind.value,
            )
    hint = _suggestions(wanted, found)
    raise BadInput(
        f"no {kind.value} called {wanted!r} that you can see."
        + (f" Did you mean: {hint}?" if hint else " Check the spelling, or give its IRI or local name."),
        source=kind.value,
    )


def resolve_optional(store: PraxisStore, viewer: Viewer, text: str | None, kind: Kind) -> URIRef | None:
    """Like :func:`resolve`, but an empty or missing value means "any"."""
    if text is None or not str(text).strip():
        return None
    return resolve(store, viewer, str(text), kind)


def _as_iri(wanted: str) -> URIRef | None:
    """``wanted`` as an IRI if it is written as one (full, in ``<>``, or with a standard prefix).

    >>> _as_iri("pxv:sit-in"), _as_iri("sit-in")
    (rdflib.term.URIRef('https://w3id.org/praxis/vocab/sit-in'), None)
    """
    if wanted.startswith("<") and wanted.endswith(">"):
        wanted = wanted[1:-1]
    if wanted.startswith(("http://", "https://", "urn:")) and not any(c in wanted for c in ' <>"{}|\\^`'):
        return URIRef(wanted)
    prefix, colon, rest = wanted.partition(":")
    if colon and prefix in PREFIXES and rest and not any(c in rest for c in ' <>"{}|\\^`'):
        return URIRef(PREFIXES[prefix] + rest)
    return None


def _levels(wanted: str, kind: Kind, found: dict[URIRef, list[tuple[str, bool]]]) -> Iterable[list[URIRef]]:
    """Matches at each level of preference, best first."""
    iri = wanted[1:-1] if wanted.startswith("<") and wanted.endswith(">") else wanted
    yield [node for node in found if str(node) == iri]
    prefix, colon, rest = wanted.partition(":")
    if colon and prefix in PREFIXES:
        yield [node for node in found if str(node) == PREFIXES[prefix] + rest]
    locals_ = {wanted, kind.local_prefix + wanted} if kind.local_prefix else {wanted}
    yield [node for node in found if _local(node) in locals_]
    key = _key(wanted)
    yield [node for node, labels in found.items() if any(_key(t) == key and p for t, p in labels)]
    yield [node for node, labels in found.items() if any(_key(t) == key for t, _ in labels)]


def _suggestions(wanted: str, found: dict[URIRef, list[tuple[str, bool]]]) -> str:
    key = _key(wanted)
    close = sorted(
        {_label(found, node) for node, labels in found.items() if any(key in _key(t) for t, _ in labels)}
    )
    return ", ".join(close[:5])


def _label(found: dict[URIRef, list[tuple[str, bool]]], node: URIRef) -> str:
    preferred = [text for text, is_preferred in found.get(node, []) if is_preferred]
    return preferred[0] if preferred else _local(node)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _local(node: URIRef) -> str:
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
