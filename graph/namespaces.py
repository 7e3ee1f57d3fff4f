"""Every namespace the graph uses, in one place.

Our own terms live in closed namespaces (a typo such as ``PRX.Lessson`` raises
``AttributeError`` at import time instead of silently matching nothing). The
reused vocabularies come from rdflib where it ships them, so there is exactly
one spelling of each IRI in the code base; ``schema:`` is ``https://schema.org/``
as rdflib binds it.

>>> str(PRX.Lesson)
'https://w3id.org/praxis/ontology#Lesson'
>>> str(VOCAB["patriarchy"])
'https://w3id.org/praxis/vocab/patriarchy'
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    SOSA,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "BIBO",
    "CITO",
    "DATA",
    "DCTERMS",
    "FOAF",
    "GRAPH",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROLOGUE",
    "PROV",
    "PRX",
    "RDF",
    "RDFS",
    "SCHEME",
    "SDO",
    "SH",
    "SKOS",
    "SOSA",
    "VOCAB",
    "XSD",
    "bind_prefixes",
]

BIBO = Namespace("http://purl.org/ontology/bibo/")
CITO = Namespace("http://purl.org/spar/cito/")

#: Concepts of every scheme (patriarchy, parecon, sit-in, skill-facilitation, ...).
VOCAB = Namespace("https://w3id.org/praxis/vocab/")
#: The concept schemes themselves (systems, alternatives, principles, ...).
SCHEME = Namespace("https://w3id.org/praxis/scheme/")
#: Records: readings, claims, campaigns, actions, lessons, assessments, members.
DATA = Namespace("https://w3id.org/praxis/id/")


class PRX(DefinedNamespace):
    """The Praxis ontology (``ontology/praxis.ttl``); closed so typos fail."""

    _NS = Namespace("https://w3id.org/praxis/ontology#")
    _fail = True

    # classes
    Concept: URIRef
    Skill: URIRef
    Indicator: URIRef
    Reading: URIRef
    Claim: URIRef
    ClaimVersion: URIRef
    ClaimDecision: URIRef
    Campaign: URIRef
    Action: URIRef
    Lesson: URIRef
    Assessment: URIRef
    Organisation: URIRef
    Member: URIRef
    VisibilityLevel: URIRef
    CampaignStatus: URIRef
    ClaimStatus: URIRef
    # individuals
    Public: URIRef
    MembersOnly: URIRef
    Restricted: URIRef
    Active: URIRef
    Concluded: URIRef
    Contested: URIRef
    Revised: URIRef
    Retained: URIRef
    Dropped: URIRef
    # properties
    discusses: URIRef
    aboutConcept: URIRef
    fromReading: URIRef
    statement: URIRef
    partOf: URIRef
    addresses: URIRef
    usesMethod: URIRef
    requiresSkill: URIRef
    organisedBy: URIRef
    fromAction: URIRef
    supports: URIRef
    challenges: URIRef
    qualifies: URIRef
    evidence: URIRef
    assessedAction: URIRef
    indicator: URIRef
    score: URIRef
    visibility: URIRef
    status: URIRef
    authors: URIRef
    journal: URIRef
    versionOf: URIRef
    promptedBy: URIRef
    rationale: URIRef
    decision: URIRef
    decisionAbout: URIRef
    withdrawn: URIRef
    # audit log (graph/store/audit.py)
    Change: URIRef
    actorNickname: URIRef
    actorRole: URIRef
    statementsAdded: URIRef
    statementsRemoved: URIRef
    changedRecord: URIRef
    formInstance: URIRef
    # readings for campaigns (graph/suggest.py)
    readFor: URIRef
    # learning programme (graph/programme/)
    Session: URIRef
    ReadingGroupSession: URIRef
    SkillWorkshop: URIRef
    BlogPost: URIRef
    Agreement: URIRef
    AgreementVersion: URIRef
    facilitator: URIRef
    covers: URIRef
    practises: URIRef
    sessionTopic: URIRef
    headCount: URIRef
    aboutCampaign: URIRef
    versionOfAgreement: URIRef
    adoptedAt: URIRef
    # recording lessons, thesaurus matches (graph/practice/lessons.py, graph/io/skos.py)
    whatHappened: URIRef
    rejectedMatch: URIRef
    # indicators (graph/strategy/indicators.py)
    serves: URIRef
    retired: URIRef
    # the reading group's library and session agendas (graph/library/, graph/programme/agenda.py)
    Pamphlet: URIRef
    addedBy: URIRef
    ReadingAssignment: URIRef
    assignment: URIRef
    assignedReading: URIRef
    position: URIRef
    discussionQuestions: URIRef
    facilitatorNote: URIRef


#: Named graphs, one per visibility level (see ``graph.access``).
GRAPH = Namespace("https://w3id.org/praxis/graph/")

#: Prefixes predeclared for ``praxis query`` and used when serialising.
PREFIXES: dict[str, str] = {
    "prx": str(PRX._NS),
    "px": str(DATA),
    "pxv": str(VOCAB),
    "pxs": str(SCHEME),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "schema": str(SDO),
    "prov": str(PROV),
    "cito": str(CITO),
    "bibo": str(BIBO),
    "sosa": str(SOSA),
    "org": str(ORG),
    "foaf": str(FOAF),
    "sh": str(SH),
}


#: ``PREFIX`` lines for every standard prefix, put before named queries and people's queries.
PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def bind_prefixes(graph: Graph) -> Graph:
    """Bind our prefixes on ``graph`` (for readable Turtle) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph
