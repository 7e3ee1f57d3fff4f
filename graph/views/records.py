"""A page for every record: what it says, every link in and out, its history, its local graph.

Concepts, readings, claims, lessons, campaigns, actions, organisations and sessions each
have a page, reached by a permalink such as ``record?id=pxv:parecon`` (:func:`record_id`
writes the id, :func:`parse_record_id` reads it back). :func:`record` gathers what the
page shows from three named queries, as the viewer sees it:

- ``record_facts``: its kinds, names, texts, dates and numbers (:class:`Fact`);
- ``record_links``: every link to or from another record, with that record's name and
  kind (:class:`Link`), so a concept's page lists the readings that discuss it and the
  lessons that challenge it (backlinks) as well as its broader concepts;
- ``record_history`` (lessons: the versions an edit kept) or ``history_versions`` and
  ``history_decisions`` (claims: rewordings and the group's decisions).

A record the viewer cannot see (members-only for a visitor, restricted for a member)
and an IRI that names nothing give the same answer, ``None``: a page never hints that a
hidden record exists. A link to a record the viewer cannot see is left out for the same
reason. :func:`local_graph` is the record's neighbourhood, one or two hops out, for the
page's clickable graph.

>>> parse_record_id("pxv:parecon")
rdflib.term.URIRef('https://w3id.org/praxis/vocab/parecon')
>>> record_id(parse_record_id("px:lesson-7c1e9a")), parse_record_id("javascript:alert(1)") is None
('px:lesson-7c1e9a', True)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import quote

from rdflib import URIRef

from graph.access import Viewer, Visibility
from graph.labels import best_label, local_name
from graph.namespaces import BIBO, CITO, DCTERMS, FOAF, PREFIXES, PROV, PRX, RDF, RDFS, SDO, SKOS
from graph.store import PraxisStore
from graph.views.references import Ref

__all__ = [
    "GRAPH_KINDS",
    "LOCAL_MAX",
    "Fact",
    "GraphEdge",
    "GraphNode",
    "Link",
    "LocalGraph",
    "Record",
    "RecordKind",
    "Version",
    "kind_of",
    "local_graph",
    "parse_record_id",
    "record",
    "record_address",
    "record_id",
]


class RecordKind(Enum):
    """What a record is. The first eight have pages; the rest are named where they are linked."""

    CONCEPT = "concept"
    READING = "reading"
    CLAIM = "claim"
    LESSON = "lesson"
    CAMPAIGN = "campaign"
    ACTION = "action"
    ORGANISATION = "organisation"
    SESSION = "session"
    ASSESSMENT = "assessment"
    MEMBER = "member"
    POST = "post"
    AGREEMENT = "agreement"
    VERSION = "version"
    DECISION = "decision"
    SCHEME = "scheme"

    @property
    def paged(self) -> bool:
        """True for the kinds that have a page of their own."""
        return list(RecordKind).index(self) < 8

    @property
    def title(self) -> str:
        """The kind as a reader says it: ``"Concept"``, ``"Blog post"``."""
        return {"post": "Blog post", "version": "Earlier wording"}.get(self.value, self.value.capitalize())


#: Classes to kinds, most specific first: a lesson also typed as a concept is a lesson.
_CLASSES: tuple[tuple[URIRef, RecordKind], ...] = (
    (PRX.Lesson, RecordKind.LESSON),
    (PRX.Claim, RecordKind.CLAIM),
    (PRX.Campaign, RecordKind.CAMPAIGN),
    (PRX.Action, RecordKind.ACTION),
    (PRX.Session, RecordKind.SESSION),
    (PRX.Reading, RecordKind.READING),
    (PRX.Organisation, RecordKind.ORGANISATION),
    (PRX.Assessment, RecordKind.ASSESSMENT),
    (PRX.Member, RecordKind.MEMBER),
    (PRX.BlogPost, RecordKind.POST),
    (PRX.Agreement, RecordKind.AGREEMENT),
    (PRX.ClaimVersion, RecordKind.VERSION),
    (PRX.AgreementVersion, RecordKind.VERSION),
    (PRX.ClaimDecision, RecordKind.DECISION),
    (SKOS.Concept, RecordKind.CONCEPT),
    (SKOS.ConceptScheme, RecordKind.SCHEME),
)
#: Kinds drawn on a record's local graph (the kinds with pages).
GRAPH_KINDS = frozenset(kind for kind in RecordKind if kind.paged)
#: At most this many nodes on a record's local graph.
LOCAL_MAX = 120


def kind_of(types: Iterable[Any]) -> RecordKind | None:
    """The kind of a node with these ``rdf:type`` values, or ``None`` when it is none of ours.

    >>> kind_of([SKOS.Concept, PRX.Lesson]), kind_of([BIBO.Book])
    (<RecordKind.LESSON: 'lesson'>, None)
    """
    found = {str(t) for t in types}
    return next((kind for cls, kind in _CLASSES if str(cls) in found), None)


# ------------------------------------------------------------------------ ids
_PREFIXED = re.compile(r"^([a-z][a-z0-9]*):([A-Za-z0-9_][A-Za-z0-9_.\-]*)$")
_IRI = re.compile(r"^(https?|urn):[^\s<>\"{}|\\^`]+$")
#: Prefixes used in permalinks, most specific first.
_SHORT = ("pxv", "px", "pxs", "prx")


def record_id(iri: Any) -> str:
    """The id a permalink carries: a prefixed name where one is clear, else the IRI."""
    text = str(iri)
    for prefix in _SHORT:
        base = PREFIXES[prefix]
        if text.startswith(base) and _PREFIXED.match(f"{prefix}:{text[len(base) :]}"):
            return f"{prefix}:{text[len(base) :]}"
    return text


def record_address(iri: Any, base: str = "") -> str:
    """The address of ``iri``'s page: relative (``record?id=pxv:parecon``), or under the
    explorer's ``base`` address (``https://praxis.example.org/record?id=pxv:parecon``) for
    a file read away from the explorer, such as a downloaded brief."""
    relative = "record?id=" + quote(record_id(iri), safe=":/")
    return f"{base.rstrip('/')}/{relative}" if base else relative


def parse_record_id(text: str | None) -> URIRef | None:
    """The IRI a permalink's id names (a prefixed name or an http(s) or urn IRI), or ``None``."""
    text = (text or "").strip().removeprefix("<").removesuffix(">")
    if not text or len(text) > 2000:
        return None
    found = _PREFIXED.match(text)
    if found and found.group(1) in PREFIXES:
        return URIRef(PREFIXES[found.group(1)] + found.group(2))
    return URIRef(text) if _IRI.match(text) else None


# ---------------------------------------------------------------------- facts
#: Values a page shows, in this order, with the name it gives them. Names and titles that
#: become the record's heading are left out (see _NAMES).
_FACTS: tuple[tuple[URIRef, str], ...] = (
    (SKOS.definition, "Definition"),
    (PRX.statement, "Statement"),
    (DCTERMS.description, "Description"),
    (DCTERMS.abstract, "Abstract"),
    (PRX.whatHappened, "What happened"),
    (PRX.evidence, "Evidence"),
    (PRX.rationale, "Why"),
    (SKOS.scopeNote, "Note"),
    (SKOS.altLabel, "Also called"),
    (PRX.authors, "Authors"),
    (DCTERMS.issued, "Published"),
    (DCTERMS.publisher, "Publisher"),
    (PRX.journal, "Journal"),
    (BIBO.volume, "Volume"),
    (BIBO.issue, "Issue"),
    (BIBO.pageStart, "First page"),
    (BIBO.pageEnd, "Last page"),
    (BIBO.isbn13, "ISBN"),
    (BIBO.isbn10, "ISBN-10"),
    (BIBO.doi, "DOI"),
    (SDO.url, "Link"),
    (SDO.startDate, "Date"),
    (SDO.endDate, "Until"),
    (SDO.location, "Where"),
    (DCTERMS.date, "Date"),
    (DCTERMS.created, "Recorded"),
    (PRX.score, "Score"),
    (PRX.headCount, "People there"),
    (SKOS.notation, "Notation"),
    (PRX.status, "Status"),
    (PRX.decision, "Decision"),
    (PRX.visibility, "Who can see it"),
)
_NAMES = (SKOS.prefLabel, DCTERMS.title, RDFS.label)
#: Values shown in every language they are given in (the rest: the best one).
_EVERY_LANGUAGE = frozenset({SKOS.altLabel, PRX.authors})
_VALUE_NAMES = {
    PRX.Active: "active",
    PRX.Concluded: "concluded",
    PRX.Public: "public",
    PRX.MembersOnly: "members only",
    PRX.Restricted: "organisers only",
}


@dataclass(frozen=True)
class Fact:
    """One value a record has, named for a reader (``Definition``, ``Published``)."""

    name: str
    value: str
    language: str = ""


@dataclass(frozen=True)
class Link:
    """A link between the record and ``other``, named from the record's side."""

    relation: str  # "discusses", "discussed in", "supported by", ...
    other: Ref
    kind: RecordKind
    outgoing: bool
    property: URIRef


@dataclass(frozen=True)
class Version:
    """One step of a record's history: an earlier wording, or a decision about it."""

    when: str
    title: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class Record:
    """What a record's page shows."""

    iri: URIRef
    kind: RecordKind
    label: str
    facts: tuple[Fact, ...]
    links: tuple[Link, ...]
    history: tuple[Version, ...] = ()
    withdrawn: str = ""  # when a lesson was withdrawn
    visibility: Visibility | None = None

    @property
    def id(self) -> str:
        return record_id(self.iri)

    def groups(self) -> list[tuple[str, tuple[Link, ...]]]:
        """The links grouped by how they read from here, links out first. Links that read
        the same both ways are one group: ``related`` (skos:related stated on either
        side), ``broader`` (this one's skos:broader, or another's skos:narrower)."""
        grouped: dict[str, dict[Any, Link]] = {}
        for link in sorted(self.links, key=lambda k: (not k.outgoing, _order(k), k.other.label.casefold())):
            grouped.setdefault(link.relation, {}).setdefault(link.other.iri, link)
        return [
            (relation, tuple(sorted(found.values(), key=lambda k: k.other.label.casefold())))
            for relation, found in grouped.items()
        ]

    def fact(self, name: str) -> str:
        """The first value named ``name``, or ``""``."""
        return next((f.value for f in self.facts if f.name == name), "")


#: How a link reads from each end: (from the subject, from the object).
_PHRASES: dict[URIRef, tuple[str, str]] = {
    SKOS.broader: ("broader", "narrower"),
    SKOS.narrower: ("narrower", "broader"),
    SKOS.related: ("related", "related"),
    SKOS.inScheme: ("in scheme", "concepts"),
    SKOS.closeMatch: ("close match", "close match"),
    SKOS.exactMatch: ("same as", "same as"),
    PRX.discusses: ("discusses", "discussed in"),
    PRX.aboutConcept: ("about", "claims about it"),
    PRX.fromReading: ("from the reading", "claims from it"),
    PRX.supports: ("supports", "supported by"),
    PRX.challenges: ("challenges", "challenged by"),
    PRX.qualifies: ("qualifies", "qualified by"),
    PRX.fromAction: ("learnt in", "lessons from it"),
    PRX.partOf: ("part of", "actions"),
    PRX.addresses: ("addresses", "addressed by"),
    PRX.usesMethod: ("uses the method", "actions using it"),
    PRX.requiresSkill: ("needs the skill", "needed by"),
    PRX.organisedBy: ("organised by", "organises"),
    PRX.assessedAction: ("assesses", "assessments"),
    PRX.indicator: ("against the indicator", "assessments against it"),
    PRX.readFor: ("read for", "readings for it"),
    PRX.covers: ("covers", "covered in"),
    PRX.sessionTopic: ("topic", "topic of"),
    PRX.practises: ("practises", "practised in"),
    PRX.facilitator: ("facilitated by", "facilitated"),
    PRX.aboutCampaign: ("about the campaign", "sessions and posts about it"),
    PRX.serves: ("serves", "served by"),
    PRX.versionOf: ("wording of", "wordings"),
    PRX.decisionAbout: ("decision about", "decisions"),
    PRX.promptedBy: ("prompted by", "prompted"),
    PRX.versionOfAgreement: ("wording of", "wordings"),
    PRX.adoptedAt: ("adopted at", "adopted here"),
    DCTERMS.creator: ("recorded by", "recorded"),
    DCTERMS.subject: ("subject", "subject of"),
    PROV.wasRevisionOf: ("revises", "revised by"),
    PROV.wasDerivedFrom: ("derived from", "derived into"),
    FOAF.maker: ("made by", "made"),
}
#: Relations listed first on a page, in this order; the rest follow by name.
_FIRST = [
    "broader",
    "narrower",
    "related",
    "about",
    "discusses",
    "supports",
    "challenges",
    "qualifies",
    "learnt in",
    "part of",
    "addresses",
    "uses the method",
    "supported by",
    "challenged by",
    "qualified by",
    "claims about it",
    "discussed in",
]


def _order(link: Link) -> tuple[int, str]:
    return (_FIRST.index(link.relation) if link.relation in _FIRST else len(_FIRST), link.relation)


def _phrase(prop: Any, outgoing: bool) -> str:
    found = _PHRASES.get(URIRef(str(prop)))
    if found:
        return found[0] if outgoing else found[1]
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local_name(prop)).lower()
    return name if outgoing else f"{name} (from)"


@dataclass
class _Other:
    types: set
    labels: set
    links: set  # (property, outgoing)


def _others(rows: Iterable[dict[str, Any]], *, by_node: bool = False) -> dict[Any, dict[Any, _Other]]:
    """``record_links`` rows as {node: {other: what the rows say of it}}."""
    found: dict[Any, dict[Any, _Other]] = defaultdict(dict)
    for row in rows:
        other = found[row["node"] if by_node else None].setdefault(row["other"], _Other(set(), set(), set()))
        if row["type"] is not None:
            other.types.add(row["type"])
        if row["label"]:
            other.labels.add((row["label"], row["lang"]))
        other.links.add((row["property"], bool(row["outgoing"])))
    return found


def _name(kind: RecordKind, labels: set, iri: Any) -> str:
    return best_label(labels) or f"{kind.title} {local_name(iri)}"


#: Links a page does not list: a concept's place at the top of its scheme says no more
#: than its scheme does.
_UNLISTED = frozenset({str(SKOS.topConceptOf), str(SKOS.hasTopConcept)})


def _links(rows: list[dict[str, Any]]) -> tuple[Link, ...]:
    links: dict[tuple[str, Any], Link] = {}
    rows = [r for r in rows if str(r["property"]) not in _UNLISTED]
    for other, seen in _others(rows)[None].items():
        kind = kind_of(seen.types)
        if kind is None:  # not a record of ours, or one the viewer cannot see
            continue
        ref = Ref(URIRef(str(other)), _name(kind, seen.labels, other))
        for prop, outgoing in sorted(seen.links, key=lambda link: (str(link[0]), not link[1])):
            relation = _phrase(prop, outgoing)
            links.setdefault((relation, other), Link(relation, ref, kind, outgoing, URIRef(str(prop))))
    return tuple(links.values())


def _facts(rows: list[dict[str, Any]]) -> tuple[Fact, ...]:
    by_property: dict[str, list[tuple[Any, str]]] = defaultdict(list)
    for row in rows:
        by_property[str(row["property"])].append((row["value"], row["lang"] or ""))
    facts = []
    for prop, name in _FACTS:
        values = by_property.get(str(prop), [])
        if not values:
            continue
        if prop in _EVERY_LANGUAGE:
            chosen = sorted({(_text(v), lang) for v, lang in values}, key=lambda p: (p[1] != "en", p))
        else:
            best = best_label((_text(v), lang) for v, lang in values)
            chosen = [next((_text(v), lang) for v, lang in values if _text(v) == best)]
        facts += [Fact(name, text, lang) for text, lang in chosen]
    return tuple(facts)


def _text(value: Any) -> str:
    if isinstance(value, URIRef):
        return _VALUE_NAMES.get(value, local_name(value).lower())
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def record(store: PraxisStore, viewer: Viewer, iri: URIRef | str) -> Record | None:
    """The record ``iri`` as ``viewer`` sees it: ``None`` when it does not exist, is not one
    of the kinds with a page, or is hidden from the viewer (the same answer for all three)."""
    iri = URIRef(str(iri))
    facts = store.select("record_facts", viewer, record=iri)
    kind = kind_of(r["value"] for r in facts if r["property"] == RDF.type)
    if kind is None or not kind.paged:
        return None
    label = best_label(
        (str(r["value"]), r["lang"]) for r in facts if r["property"] in _NAMES and r["value"] is not None
    )
    level = next((r["value"] for r in facts if r["property"] == PRX.visibility), None)
    withdrawn = ""
    if any(r["property"] == PRX.withdrawn and r["value"] for r in facts):
        withdrawn = next((str(r["value"])[:10] for r in facts if r["property"] == PROV.invalidatedAtTime), "")
        withdrawn = withdrawn or "an unknown date"
    history: tuple[Version, ...] = ()
    if kind is RecordKind.LESSON:
        history = _lesson_history(store.select("record_history", viewer, record=iri))
    elif kind is RecordKind.CLAIM:
        history = _claim_history(store, viewer, iri)
    return Record(
        iri=iri,
        kind=kind,
        label=label or f"{kind.title} {local_name(iri)}",
        facts=_facts(facts),
        links=_links(store.select("record_links", viewer, node=iri)),
        history=history,
        withdrawn=withdrawn,
        visibility=Visibility.from_concept(level) if level is not None else None,
    )


_STANCES = {CITO.supports: "supported", CITO.disputes: "challenged", CITO.qualifies: "qualified"}


def _lesson_history(rows: list[dict[str, Any]]) -> tuple[Version, ...]:
    """Earlier versions of a lesson, newest first (the order the edits replaced them)."""
    versions: dict[Any, dict[str, Any]] = {}
    for row in rows:
        seen = versions.setdefault(row["version"], {"row": row, "tags": set()})
        if row["stance"] is not None:
            name = row["targetLabel"] or local_name(row["target"])
            seen["tags"].add(f"{_STANCES.get(row['stance'], 'tagged')} {name}")
    # Newest first, following the chain each version keeps (prov:wasRevisionOf): two edits
    # in the same second have the same time, so times cannot order them.
    earlier = {version: seen["row"]["previous"] for version, seen in versions.items()}
    later = set(earlier.values())
    heads = sorted(
        (v for v in versions if v not in later), key=lambda v: str(versions[v]["row"]["replaced"] or "")
    )
    ordered, step = [], heads[-1] if heads else None
    while step in versions and versions[step] not in ordered:
        ordered.append(versions[step])
        step = earlier[step]
    ordered += sorted(
        (v for v in versions.values() if v not in ordered),
        key=lambda v: str(v["row"]["replaced"] or ""),
        reverse=True,
    )
    return tuple(
        Version(
            when=str(v["row"]["replaced"] or "")[:10],
            title=str(v["row"]["title"] or ""),
            text=str(v["row"]["text"] or ""),
            note="; ".join(sorted(v["tags"])),
        )
        for v in ordered
    )


def _claim_history(store: PraxisStore, viewer: Viewer, claim: URIRef) -> tuple[Version, ...]:
    """A claim's wordings and the group's decisions, newest first."""
    steps: dict[Any, Version] = {}
    lessons: dict[Any, set[str]] = defaultdict(set)
    for row in store.select("history_versions", viewer, claim=claim):
        if row["lessonTitle"]:
            lessons[row["version"]].add(str(row["lessonTitle"]))
        steps[row["version"]] = Version(
            when=str(row["created"] or "")[:10],
            title="Reworded" if row["previous"] is not None else "First wording",
            text=str(row["statement"] or ""),
            note=str(row["rationale"] or ""),
        )
    for version, titles in lessons.items():
        step = steps[version]
        prompted = "prompted by " + "; ".join(sorted(titles))
        steps[version] = Version(
            step.when, step.title, step.text, "; ".join(filter(None, [step.note, prompted]))
        )
    for row in store.select("history_decisions", viewer, claim=claim):
        steps[row["decision"]] = Version(
            when=str(row["date"] or "")[:10],
            title=f"Decided: {_text(row['outcome']) if row['outcome'] is not None else 'no outcome'}",
            text=str(row["comment"] or ""),
        )
    return tuple(sorted(steps.values(), key=lambda v: v.when, reverse=True))


# ---------------------------------------------------------------- local graph
@dataclass(frozen=True)
class GraphNode:
    iri: URIRef
    kind: RecordKind
    label: str
    depth: int


@dataclass(frozen=True)
class GraphEdge:
    source: URIRef
    target: URIRef
    relation: str  # as read from the source: "supports", "discusses", "part of"


@dataclass(frozen=True)
class LocalGraph:
    """A record and the records around it, one or two hops out."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    focus: URIRef
    note: str = ""


def _edge(node: Any, prop: Any, other: Any, outgoing: bool) -> GraphEdge:
    source, target = (node, other) if outgoing else (other, node)
    if str(prop) == str(SKOS.narrower):  # drawn one way: narrower -> broader
        source, target, prop = target, source, SKOS.broader
    return GraphEdge(URIRef(str(source)), URIRef(str(target)), _phrase(prop, True))


def local_graph(
    store: PraxisStore, viewer: Viewer, iri: URIRef | str, *, depth: int = 1, max_nodes: int = LOCAL_MAX
) -> LocalGraph | None:
    """``iri`` and the records linked to it (``depth`` 2: and to those), of the kinds with
    pages, at most ``max_nodes``: the nearest first, then the ones linked to most of them.
    ``None`` when the viewer cannot see the record."""
    iri = URIRef(str(iri))
    facts = store.select("record_facts", viewer, record=iri)
    kind = kind_of(r["value"] for r in facts if r["property"] == RDF.type)
    if kind is None or not kind.paged:
        return None
    label = best_label((str(r["value"]), r["lang"]) for r in facts if r["property"] in _NAMES)
    nodes = {iri: GraphNode(iri, kind, label or f"{kind.title} {local_name(iri)}", 0)}
    edges: set[GraphEdge] = set()

    def add(rows: list[dict[str, Any]], level: int, room: int) -> list:
        seen_by = _others(rows, by_node=True)
        candidates: dict[Any, tuple[RecordKind, str, int]] = {}
        for node, others in seen_by.items():
            for other, seen in others.items():
                found = kind_of(seen.types)
                if found is None or found not in GRAPH_KINDS or other == node:
                    continue
                if other not in nodes:
                    _, _, count = candidates.get(other, (found, "", 0))
                    candidates[other] = (found, _name(found, seen.labels, other), count + 1)
                for prop, outgoing in seen.links:
                    edges.add(_edge(node, prop, other, outgoing))
        ranked = sorted(candidates, key=lambda o: (-candidates[o][2], candidates[o][1].casefold(), str(o)))
        for other in ranked[:room]:
            found, name, _ = candidates[other]
            nodes[other] = GraphNode(URIRef(str(other)), found, name, level)
        return ranked[room:]

    left = add(store.select("record_links", viewer, node=iri), 1, max_nodes - 1)
    note = ""
    if left:
        note = f"{len(left):,} more linked record{'s' * (len(left) > 1)} left out: the lists name them all."
    elif depth >= 2:
        ring = [n.iri for n in nodes.values() if n.depth == 1]
        further = add(store.select("record_links", viewer, node=set(ring)), 2, max_nodes - len(nodes))
        if further:
            note = f"{len(further):,} record{'s' * (len(further) > 1)} two hops away left out."
    kept = [e for e in edges if e.source in nodes and e.target in nodes and e.source != e.target]
    if note:
        note += f" The graph shows at most {max_nodes:,}, the best-linked first."
    ordered = sorted(kept, key=lambda e: (str(e.source), str(e.target), e.relation))
    return LocalGraph(tuple(nodes.values()), tuple(ordered), iri, note)
