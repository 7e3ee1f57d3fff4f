"""Test data in one place: paths, the shared datasets, and small record builders."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from graph.access import Visibility
from graph.namespaces import DATA, DCTERMS, GRAPH, PRX, RDF, RDFS, SDO, VOCAB, XSD
from graph.store import Statement, from_ox, to_ox

ROOT = Path(__file__).resolve().parent.parent
SHAPES_DIR = Path(__file__).resolve().parent / "shapes"
SHARED = ROOT.parent / "shared" / "datasets"
SHARED_REASON = f"the shared datasets are not here ({SHARED}); they come with the project's workspace"


def new_id(kind: str) -> URIRef:
    return DATA[f"{kind}-{uuid.uuid4().hex[:6]}"]


def member(
    nickname: str = "wren", visibility: Visibility = Visibility.MEMBERS
) -> tuple[URIRef, list[Statement]]:
    iri = new_id("member")
    return iri, [
        Statement(iri, RDF.type, PRX.Member, visibility),
        Statement(iri, RDFS.label, Literal(nickname), visibility),
        Statement(iri, PRX.visibility, visibility.concept, visibility),
    ]


def action(
    visibility: Visibility = Visibility.MEMBERS, day: str = "2025-03-12"
) -> tuple[URIRef, list[Statement]]:
    iri = new_id("action")
    return iri, [
        Statement(iri, RDF.type, PRX.Action, visibility),
        Statement(iri, RDFS.label, Literal("Picket at the council offices"), visibility),
        Statement(iri, SDO.startDate, Literal(day, datatype=XSD.date), visibility),
        Statement(iri, PRX.usesMethod, VOCAB["picketing"], visibility),
        Statement(iri, PRX.visibility, visibility.concept, visibility),
    ]


def lesson(
    action_iri: URIRef,
    author: URIRef,
    *,
    stance: URIRef = PRX.supports,
    target: URIRef = VOCAB["grassroots-organising"],
    visibility: Visibility = Visibility.MEMBERS,
    title: str = "Door-knocking brought neighbours to the picket",
) -> tuple[URIRef, list[Statement]]:
    iri = new_id("lesson")
    return iri, [
        Statement(iri, RDF.type, PRX.Lesson, visibility),
        Statement(iri, RDFS.label, Literal(title), visibility),
        Statement(
            iri, DCTERMS.description, Literal("Personal invitations worked better than leaflets."), visibility
        ),
        Statement(iri, PRX.evidence, Literal("Twelve of the fifteen who came had been visited."), visibility),
        Statement(iri, PRX.fromAction, action_iri, visibility),
        Statement(iri, stance, target, visibility),
        Statement(
            iri, DCTERMS.created, Literal(dt.date(2025, 3, 14).isoformat(), datatype=XSD.date), visibility
        ),
        Statement(iri, DCTERMS.creator, author, visibility),
        Statement(iri, PRX.visibility, visibility.concept, visibility),
    ]


# Builders for practice vs theory (tests/test_tensions.py, tests/test_revisions.py).


def dated(statements: list[Statement], day: str) -> list[Statement]:
    """A record's statements with its ``dct:created`` moved to ``day`` (YYYY-MM-DD)."""
    return [
        Statement(s.subject, s.predicate, Literal(day, datatype=XSD.date), s.visibility)
        if s.predicate == DCTERMS.created
        else s
        for s in statements
    ]


def claim(
    label: str = "Door-knocking beats leafleting",
    *,
    about: URIRef = VOCAB["grassroots-organising"],
    statement: str = "Personal visits bring more people to an action than leaflets do.",
    visibility: Visibility = Visibility.PUBLIC,
) -> tuple[URIRef, list[Statement]]:
    iri = new_id("claim")
    return iri, [
        Statement(iri, RDF.type, PRX.Claim, visibility),
        Statement(iri, RDFS.label, Literal(label, lang="en"), visibility),
        Statement(iri, PRX.statement, Literal(statement, lang="en"), visibility),
        Statement(iri, PRX.aboutConcept, about, visibility),
        Statement(iri, PRX.visibility, visibility.concept, visibility),
    ]


def campaign(
    label: str = "Rent strike on the estate", visibility: Visibility = Visibility.PUBLIC
) -> tuple[URIRef, list[Statement]]:
    iri = new_id("campaign")
    return iri, [
        Statement(iri, RDF.type, PRX.Campaign, visibility),
        Statement(iri, RDFS.label, Literal(label), visibility),
        Statement(iri, PRX.status, PRX.Active, visibility),
        Statement(iri, PRX.visibility, visibility.concept, visibility),
    ]


def in_peer(name: str, statements: list[Statement]) -> list[ox.Quad]:
    """``statements`` re-homed into a followed chapter's graph (as its public statements)."""
    graph = ox.NamedNode(str(GRAPH[f"peer/{name}"]))
    return [
        ox.Quad(to_ox(s.subject), to_ox(s.predicate), to_ox(s.object), graph)
        for s in statements
        if s.predicate != PRX.visibility
    ]


def rdflib_graph(statements: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """Engine triples or quads as one rdflib graph (graph names dropped), to compare as graphs."""
    graph = Graph()
    for s in statements:
        graph.add((from_ox(s.subject), from_ox(s.predicate), from_ox(s.object)))
    return graph
