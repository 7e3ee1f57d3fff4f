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

>>> NodeKind.INDICATOR.local_prefix
'indicator-'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import local_name
from graph.namespaces import PREFIXES, PRX, SCHEME, SKOS
from graph.store import PraxisStore

__all__ = ["NodeKind", "candidates", "first_label", "resolve", "resolve_optional"]


class NodeKind(Enum):
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
            NodeKind.CONCEPT: (SKOS.Concept, PRX.Claim),
            NodeKind.METHOD: (SKOS.Concept,),
            NodeKind.INDICATOR: (PRX.Indicator,),
            NodeKind.PRINCIPLE: (SKOS.Concept,),
            NodeKind.CAMPAIGN: (PRX.Campaign,),
            NodeKind.ORGANISATION: (PRX.Organisation,),
            NodeKind.READING: (PRX.Reading,),
            NodeKind.CLAIM: (PRX.Claim,),
            NodeKind.ACTION: (PRX.Action,),
            NodeKind.LESSON: (PRX.Lesson,),
            NodeKind.MEMBER: (PRX.Member,),
        }[self]

    @property
    def scheme(self) -> URIRef | None:
        """The concept scheme a candidate must be in, if any."""
        return {NodeKind.METHOD: SCHEME["strategy"], NodeKind.PRINCIPLE: SCHEME["principles"]}.get(self)

    @property
    def local_prefix(self) -> str:
        """How local names of this kind usually start (``indicator-``, ``campaign-``...)."""
        return {
            NodeKind.INDICATOR: "indicator-",
            NodeKind.CAMPAIGN: "campaign-",
            NodeKind.ORGANISATION: "org-",
            NodeKind.READING: "reading-",
            NodeKind.CLAIM: "claim-",
            NodeKind.ACTION: "action-",
            NodeKind.LESSON: "lesson-",
            NodeKind.MEMBER: "member-",
        }.get(self, "")


_PREFERRED = {
    str(SKOS.prefLabel),
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
}


def candidates(
    store: PraxisStore,
    viewer: Viewer,
    kind: NodeKind,
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


def first_label(labels: list[tuple[str, bool]]) -> str | None:
    """The first preferred label (a name, title or ``skos:prefLabel``) of :func:`candidates`' labels."""
    preferred = [text for text, is_preferred in labels if is_preferred]
    return preferred[0] if preferred else None


def resolve(store: PraxisStore, viewer: Viewer, text: str, kind: NodeKind) -> URIRef:
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


def resolve_optional(store: PraxisStore, viewer: Viewer, text: str | None, kind: NodeKind) -> URIRef | None:
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


def _levels(
    wanted: str, kind: NodeKind, found: dict[URIRef, list[tuple[str, bool]]]
) -> Iterable[list[URIRef]]:
    """Matches at each level of preference, best first."""
    iri = wanted[1:-1] if wanted.startswith("<") and wanted.endswith(">") else wanted
    yield [node for node in found if str(node) == iri]
    prefix, colon, rest = wanted.partition(":")
    if colon and prefix in PREFIXES:
        yield [node for node in found if str(node) == PREFIXES[prefix] + rest]
    locals_ = {wanted, kind.local_prefix + wanted} if kind.local_prefix else {wanted}
    yield [node for node in found if local_name(node) in locals_]
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
    return preferred[0] if preferred else local_name(node)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()
