"""Claim revisions and group decisions: how the chapter revises its views.

A claim keeps one stable IRI while its wording changes. :func:`revise` records a
new wording as a ``prx:ClaimVersion`` (``prx:versionOf`` the claim,
``prov:wasRevisionOf`` the version it replaces, ``prx:promptedBy`` the lessons it
answers, ``prx:rationale``, ``dct:created``, ``dct:creator`` the member who
recorded it) and makes it the claim's ``prx:statement``; the old wording stays in
its version. The first revision of a claim also records version 1, the original
wording, so the history starts from it. :func:`decide` records a dated group
decision (``prx:ClaimDecision``: contested, revised, retained or dropped).
:func:`history` reads it all back in time order.

Each call is one ``PraxisStore.write``: validated by the shapes and applied as one
transaction, or refused with nothing changed. Versions and decisions are
members-only unless told otherwise (they name members and the chapter's own
lessons); the claim's new statement stays at the claim's own level. Their IRIs
are opaque (``px:claimversion-3fa9c2``, ``px:decision-b41d07``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.labels import local_name
from graph.namespaces import DATA, DCTERMS, PROV, PRX, RDF, RDFS, XSD
from graph.practice.records import new_iri
from graph.resolve import NodeKind, candidates, resolve
from graph.store import PraxisStore, Statement

__all__ = [
    "Decision",
    "EntryKind",
    "HistoryEntry",
    "decide",
    "history",
    "members",
    "revise",
    "standing",
    "statement",
]


class Decision(Enum):
    """What the group decided about a claim (``prx:ClaimStatus``)."""

    CONTESTED = "contested"
    REVISED = "revised"
    RETAINED = "retained"
    DROPPED = "dropped"

    @property
    def term(self) -> URIRef:
        return PRX[self.value.capitalize()]

    @classmethod
    def of(cls, value: Any) -> Decision:
        text = local_name(str(value)).rsplit(":", 1)[-1].lower()
        try:
            return cls(text)
        except ValueError:
            raise BadInput(
                f"unknown decision {value!r}: use contested, revised, retained or dropped", source="decision"
            ) from None


class EntryKind(Enum):
    VERSION = "version"
    DECISION = "decision"


@dataclass(frozen=True)
class HistoryEntry:
    """One step in a claim's history: a wording (version) or a group decision."""

    kind: EntryKind
    node: URIRef
    date: dt.date | None
    number: int | None = None
    statement: str | None = None
    rationale: str | None = None
    lessons: tuple[tuple[URIRef, str], ...] = ()
    author: str | None = None
    decision: Decision | None = None
    comment: str | None = None


@dataclass(frozen=True)
class _Claim:
    iri: URIRef
    label: str
    statement: Literal | None
    level: Visibility | None


# ------------------------------------------------------------------ reading
def _claim(store: PraxisStore, viewer: Viewer, claim: URIRef) -> _Claim:
    rows = store.select("revision_claim", viewer, claim=URIRef(claim))
    if not rows:
        raise BadInput(f"there is no claim {claim} that you can see", source="claim")
    row = rows[0]
    literal = None
    if row["statement"] is not None:
        literal = Literal(str(row["statement"]), lang=row["lang"] or None)
    level = next((v for v in Visibility if row["graph"] == v.graph), None)
    return _Claim(URIRef(claim), str(row["label"] or claim), literal, level)


def statement(store: PraxisStore, viewer: Viewer, claim: URIRef) -> str | None:
    """The claim's current wording."""
    found = _claim(store, viewer, claim).statement
    return None if found is None else str(found)


def _kinds(store: PraxisStore, viewer: Viewer, record: URIRef) -> set[URIRef]:
    return {row["kind"] for row in store.select("revision_record", viewer, record=URIRef(record))}


def members(store: PraxisStore, viewer: Viewer) -> list[tuple[URIRef, str]]:
    """(member, nickname) for every member ``viewer`` can see, by nickname."""
    found = {
        node: labels[0][0] for node, labels in candidates(store, viewer, NodeKind.MEMBER).items() if labels
    }
    return sorted(found.items(), key=lambda item: item[1].casefold())


def _member(store: PraxisStore, viewer: Viewer, author: str | URIRef | None) -> URIRef | None:
    """The member recording a change: ``author`` (IRI or nickname), else the viewer's nickname."""
    if author is None:
        nickname = viewer.nickname or ""
        found = [iri for iri, nick in members(store, viewer) if nick.casefold() == nickname.casefold()]
        return found[0] if len(found) == 1 else None
    return resolve(store, viewer, str(author), NodeKind.MEMBER)


def _versions(store: PraxisStore, viewer: Viewer, claim: URIRef) -> dict[URIRef, dict[str, Any]]:
    versions: dict[URIRef, dict[str, Any]] = {}
    for row in store.select("history_versions", viewer, claim=URIRef(claim)):
        entry = versions.setdefault(row["version"], {**row, "lessons": {}})
        if row["lesson"] is not None:
            entry["lessons"][row["lesson"]] = str(row["lessonTitle"] or row["lesson"])
    return versions


def _ordered(versions: dict[URIRef, dict[str, Any]]) -> list[URIRef]:
    """Versions along the ``prov:wasRevisionOf`` chain, oldest first."""

    def depth(version: URIRef, seen: frozenset = frozenset()) -> int:
        previous = versions[version]["previous"]
        if previous not in versions or previous in seen:
            return 0
        return 1 + depth(previous, seen | {version})

    def created(version: URIRef) -> dt.date:
        day = versions[version]["created"]
        return day if isinstance(day, dt.date) else dt.date.min

    return sorted(versions, key=lambda v: (depth(v), created(v), v))


# ------------------------------------------------------------------ writing
def _new_iri(store: PraxisStore, viewer: Viewer, kind: str) -> URIRef:
    while True:
        iri = DATA[f"{kind}-{secrets.token_hex(3)}"]
        if not _kinds(store, viewer, iri):
            return iri


def revise(
    store: PraxisStore,
    viewer: Viewer,
    claim: URIRef,
    *,
    text: str,
    because: Iterable[URIRef],
    rationale: str | None = None,
    author: str | URIRef | None = None,
    today: dt.date | None = None,
    visibility: Visibility = Visibility.MEMBERS,
    once: str | None = None,
) -> URIRef:
    """Record a new wording of ``claim``, prompted by the lessons ``because``; its IRI.

    ``author`` is the recording member (IRI or nickname; default: the member whose
    nickname is the viewer's, if there is one). ``once`` is the form's key: saving the
    same form again (its wording is then the current one) records nothing and returns
    the version the first save made.
    """
    require(viewer, Permission.REVISE_CLAIM)
    if once is not None and _kinds(store, viewer, already := new_iri("claimversion", once)):
        return already
    current = _claim(store, viewer, claim)
    wording = (text or "").strip()
    if not wording:
        raise BadInput("the new wording is empty: write the claim as the group now holds it", source="text")
    if current.statement is not None and wording == str(current.statement).strip():
        raise BadInput("the new wording is the same as the current one", source="text")
    lessons = list(dict.fromkeys(URIRef(lesson) for lesson in because))
    if not lessons:
        raise BadInput("name at least one lesson the new wording answers", source="because")
    for lesson in lessons:
        if PRX.Lesson not in _kinds(store, viewer, lesson):
            raise BadInput(f"{lesson} is not a lesson you can see", source="because")
    member = _member(store, viewer, author)
    versions = _versions(store, viewer, current.iri)
    level, additions = visibility, []

    def version(iri: URIRef, wording: Literal, previous: URIRef | None) -> None:
        additions.extend(
            Statement(iri, p, o, level)
            for p, o in [
                (RDF.type, PRX.ClaimVersion),
                (PRX.versionOf, current.iri),
                (PRX.statement, wording),
                (PRX.visibility, level.concept),
            ]
        )
        if previous is not None:
            additions.append(Statement(iri, PROV.wasRevisionOf, previous, level))

    previous = _ordered(versions)[-1] if versions else None
    if previous is None and current.statement is not None:
        previous = _new_iri(store, viewer, "claimversion")
        version(previous, current.statement, None)
    new = _new_iri(store, viewer, "claimversion") if once is None else new_iri("claimversion", once)
    language = current.statement.language if current.statement is not None else "en"
    new_wording = Literal(wording, lang=language)
    version(new, new_wording, previous)
    additions.append(
        Statement(
            new, DCTERMS.created, Literal((today or dt.date.today()).isoformat(), datatype=XSD.date), level
        )
    )
    additions += [Statement(new, PRX.promptedBy, lesson, level) for lesson in lessons]
    if rationale and rationale.strip():
        additions.append(Statement(new, PRX.rationale, Literal(rationale.strip(), lang="en"), level))
    if member is not None:
        additions.append(Statement(new, DCTERMS.creator, member, level))
    claim_level = current.level or Visibility.PUBLIC
    removals = []
    if current.statement is not None:
        removals.append(Statement(current.iri, PRX.statement, current.statement, claim_level))
    additions.append(Statement(current.iri, PRX.statement, new_wording, claim_level))
    store.write(additions, removals, viewer=viewer, once=once)
    return new


def decide(
    store: PraxisStore,
    viewer: Viewer,
    claim: URIRef,
    decision: Decision | str,
    *,
    comment: str | None = None,
    day: dt.date | None = None,
    visibility: Visibility = Visibility.MEMBERS,
) -> URIRef:
    """Record the group's dated decision about ``claim``; the decision's IRI."""
    require(viewer, Permission.DECIDE_CLAIM)
    outcome = decision if isinstance(decision, Decision) else Decision.of(decision)
    current = _claim(store, viewer, claim)
    iri = _new_iri(store, viewer, "decision")
    day = day or dt.date.today()
    additions = [
        Statement(iri, RDF.type, PRX.ClaimDecision, visibility),
        Statement(iri, PRX.decisionAbout, current.iri, visibility),
        Statement(iri, PRX.decision, outcome.term, visibility),
        Statement(iri, DCTERMS.date, Literal(day.isoformat(), datatype=XSD.date), visibility),
        Statement(iri, PRX.visibility, visibility.concept, visibility),
    ]
    if comment and comment.strip():
        additions.append(Statement(iri, RDFS.comment, Literal(comment.strip(), lang="en"), visibility))
    store.write(additions, viewer=viewer)
    return iri


# ------------------------------------------------------------------ history
def history(store: PraxisStore, viewer: Viewer, claim: URIRef) -> list[HistoryEntry]:
    """The claim's versions (oldest first, numbered from 1) with its decisions interleaved by date.

    A decision dated on or after a version's day comes after it; version 1 (the
    original wording, undated) comes first.
    """
    versions = _versions(store, viewer, URIRef(claim))
    entries = []
    for number, iri in enumerate(_ordered(versions), start=1):
        row = versions[iri]
        entries.append(
            HistoryEntry(
                kind=EntryKind.VERSION,
                node=iri,
                date=row["created"] if isinstance(row["created"], dt.date) else None,
                number=number,
                statement=None if row["statement"] is None else str(row["statement"]),
                rationale=None if row["rationale"] is None else str(row["rationale"]),
                lessons=tuple(sorted(row["lessons"].items(), key=lambda item: item[1])),
                author=None if row["author"] is None else str(row["author"]),
            )
        )
    decisions = {}
    for row in store.select("history_decisions", viewer, claim=URIRef(claim)):
        decisions[row["decision"]] = row
    pending = sorted(
        (
            HistoryEntry(
                kind=EntryKind.DECISION,
                node=iri,
                date=row["date"] if isinstance(row["date"], dt.date) else None,
                decision=None if row["outcome"] is None else Decision.of(row["outcome"]),
                comment=None if row["comment"] is None else str(row["comment"]),
            )
            for iri, row in decisions.items()
        ),
        key=lambda e: (e.date or dt.date.min, e.node),
    )
    merged: list[HistoryEntry] = []
    for entry in entries:
        while pending and entry.date is not None and (pending[0].date or dt.date.min) < entry.date:
            merged.append(pending.pop(0))
        merged.append(entry)
    return merged + pending


def standing(entries: Iterable[HistoryEntry]) -> Decision | None:
    """The outcome of the latest decision in a history, if any."""
    outcomes = [e.decision for e in entries if e.kind is EntryKind.DECISION and e.decision is not None]
    return outcomes[-1] if outcomes else None
