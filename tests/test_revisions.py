"""Claim revisions and decisions: the chain through the store, history in order, refusals."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from graph import theory
from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed
from graph.namespaces import DATA, DCTERMS, PROV, PRX, RDF, RDFS, XSD
from graph.resolve import NodeKind, resolve
from graph.store import from_ox
from graph.theory import Decision, EntryKind
from tests import data

ORGANISER = Viewer.organiser()
WREN = Viewer.member("wren")
ORIGINAL = "Personal visits bring more people to an action than leaflets do."


@pytest.fixture
def claim_and_lessons(store):
    """A public claim, the member wren, and two members-only lessons challenging the claim."""
    claim, statements = data.claim(statement=ORIGINAL)
    author, more = data.member("wren")
    statements += more
    action, more = data.action()
    statements += more
    lessons = []
    for title in ("Leaflets brought more people than visits", "Visits only worked with follow-up"):
        lesson, more = data.lesson(action, author, stance=PRX.challenges, target=claim, title=title)
        statements += more
        lessons.append(lesson)
    store.write(statements, viewer=ORGANISER)
    return claim, author, lessons


def described(store, node) -> Graph:
    graph = Graph()
    for quad in store.quads(ORGANISER):
        if str(quad.subject.value) == str(node):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


def test_first_revision_keeps_the_original_as_version_one(store, claim_and_lessons):
    claim, author, lessons = claim_and_lessons
    day = dt.date(2026, 1, 18)
    new = theory.revise(
        store,
        WREN,
        claim,
        text="Visits bring people once; follow-up keeps them.",
        because=[lessons[1]],
        rationale="Our rent campaign kept only those we followed up.",
        today=day,
    )
    assert str(new).startswith(str(DATA["claimversion-"]))
    (first,) = [e.node for e in theory.history(store, WREN, claim) if e.number == 1]

    expected = Graph()
    for p, o in [
        (RDF.type, PRX.ClaimVersion),
        (PRX.versionOf, claim),
        (PRX.statement, Literal("Visits bring people once; follow-up keeps them.", lang="en")),
        (PROV.wasRevisionOf, first),
        (PRX.promptedBy, lessons[1]),
        (PRX.rationale, Literal("Our rent campaign kept only those we followed up.", lang="en")),
        (DCTERMS.created, Literal("2026-01-18", datatype=XSD.date)),
        (DCTERMS.creator, author),
        (PRX.visibility, PRX.MembersOnly),
    ]:
        expected.add((new, p, o))
    assert isomorphic(described(store, new), expected)

    original = Graph()
    for p, o in [
        (RDF.type, PRX.ClaimVersion),
        (PRX.versionOf, claim),
        (PRX.statement, Literal(ORIGINAL, lang="en")),
        (PRX.visibility, PRX.MembersOnly),
    ]:
        original.add((first, p, o))
    assert isomorphic(described(store, first), original)
    # the claim itself now says the new wording, once, at its own (public) level
    assert (
        theory.statement(store, Viewer.visitor(), claim) == "Visits bring people once; follow-up keeps them."
    )


def test_history_in_order_with_decisions_interleaved(store, claim_and_lessons):
    claim, _, lessons = claim_and_lessons
    theory.decide(
        store, WREN, claim, Decision.CONTESTED, comment="Two lessons disagree.", day=dt.date(2026, 1, 5)
    )
    second = theory.revise(
        store, WREN, claim, text="Second wording.", because=lessons, today=dt.date(2026, 1, 10)
    )
    theory.decide(store, WREN, claim, "revised", day=dt.date(2026, 1, 10))
    third = theory.revise(
        store,
        WREN,
        claim,
        text="Third wording.",
        because=[lessons[0]],
        author="wren",
        today=dt.date(2026, 2, 1),
    )
    theory.decide(store, WREN, claim, "prx:Retained", comment="Keep it.", day=dt.date(2026, 3, 1))

    entries = theory.history(store, WREN, claim)
    assert [(e.kind, e.number, e.decision) for e in entries] == [
        (EntryKind.VERSION, 1, None),
        (EntryKind.DECISION, None, Decision.CONTESTED),
        (EntryKind.VERSION, 2, None),
        (EntryKind.DECISION, None, Decision.REVISED),
        (EntryKind.VERSION, 3, None),
        (EntryKind.DECISION, None, Decision.RETAINED),
    ]
    assert [e.statement for e in entries if e.kind is EntryKind.VERSION] == [
        ORIGINAL,
        "Second wording.",
        "Third wording.",
    ]
    assert [e.node for e in entries if e.number and e.number > 1] == [second, third]
    assert [title for _, title in entries[2].lessons] == [
        "Leaflets brought more people than visits",
        "Visits only worked with follow-up",
    ]
    assert (entries[2].author, entries[2].date) == ("wren", dt.date(2026, 1, 10))
    assert (entries[1].comment, entries[5].comment) == ("Two lessons disagree.", "Keep it.")
    assert theory.standing(entries) is Decision.RETAINED
    # each version revises the one before it: one chain, one version 1
    versions = [e.node for e in entries if e.kind is EntryKind.VERSION]
    for older, newer in itertools.pairwise(versions):
        assert (newer, PROV.wasRevisionOf, older) in described(store, newer)


def test_a_visitor_sees_the_new_wording_but_no_members_only_history(store, claim_and_lessons):
    claim, _, lessons = claim_and_lessons
    theory.revise(store, WREN, claim, text="New wording.", because=lessons)
    assert theory.statement(store, Viewer.visitor(), claim) == "New wording."
    assert theory.history(store, Viewer.visitor(), claim) == []


def test_public_history_when_asked(store, claim_and_lessons):
    claim, _, lessons = claim_and_lessons
    theory.revise(store, ORGANISER, claim, text="New wording.", because=lessons, visibility=Visibility.PUBLIC)
    theory.decide(store, ORGANISER, claim, "dropped", visibility=Visibility.PUBLIC)
    entries = theory.history(store, Viewer.visitor(), claim)
    assert [e.kind for e in entries] == [EntryKind.VERSION, EntryKind.VERSION, EntryKind.DECISION]
    assert entries[1].lessons == ()  # the lessons themselves are members-only
    assert entries[1].author is None  # the organiser has no member record


@pytest.mark.parametrize(
    ("viewer", "options", "error", "message"),
    [
        (Viewer.visitor(), {}, NotAllowed, "Visitors cannot revise"),
        (WREN, {"text": "  "}, BadInput, "wording is empty"),
        (WREN, {"text": ORIGINAL}, BadInput, "same as the current one"),
        (WREN, {"because": []}, BadInput, "at least one lesson"),
        (WREN, {"because": [DATA["lesson-000000"]]}, BadInput, "not a lesson you can see"),
        (WREN, {"author": "nobody"}, BadInput, "no member called 'nobody'"),
    ],
)
def test_bad_revisions_change_nothing(store, claim_and_lessons, viewer, options, error, message):
    claim, _, lessons = claim_and_lessons
    before = store.select("triple_count", ORGANISER)
    arguments = {"text": "A new wording.", "because": lessons, **options}
    with pytest.raises(error, match=message):
        theory.revise(store, viewer, claim, **arguments)
    assert store.select("triple_count", ORGANISER) == before


def test_a_visitor_cannot_see_a_members_only_lesson_to_cite(store, claim_and_lessons):
    _, _, lessons = claim_and_lessons
    with pytest.raises(BadInput, match="no lesson"):
        resolve(store, Viewer.visitor(), str(lessons[0]), NodeKind.LESSON)


def test_unknown_decision_is_refused(store, claim_and_lessons):
    claim, _, _ = claim_and_lessons
    with pytest.raises(BadInput, match="contested, revised, retained or dropped"):
        theory.decide(store, WREN, claim, "postponed")


def test_resolve_by_iri_local_name_or_label(store, claim_and_lessons):
    claim, _, lessons = claim_and_lessons
    local = str(claim).rsplit("/", 1)[-1]
    for reference in (str(claim), local, f"px:{local}", "Door-knocking beats leafleting"):
        assert resolve(store, WREN, reference, NodeKind.CLAIM) == claim
    assert resolve(store, WREN, "Visits only worked with follow-up", NodeKind.LESSON) == lessons[1]
    other, statements = data.claim()  # same label
    store.write(statements, viewer=ORGANISER)
    with pytest.raises(BadInput, match="could mean more than one claim"):
        resolve(store, WREN, "Door-knocking beats leafleting", NodeKind.CLAIM)
    assert resolve(store, WREN, str(other), NodeKind.CLAIM) == other


def test_cli_revise_then_history(run_praxis):
    assert run_praxis("init").returncode == 0
    revised = run_praxis(
        "revise",
        "claim-three-point-five-percent",
        "--text",
        "Active participation tips campaigns; the 3.5% figure is a guide, not a law.",
        "--because",
        "lesson-3b685a",
        "--rationale",
        "On an estate, 3.5% was far too few.",
        "--as-member",
        "Wren",
    )
    assert revised.returncode == 0, revised.stderr.decode()
    version = json.loads(revised.stdout)["version"]
    decided = run_praxis("decide", "The 3.5% participation threshold", "revised")  # today: after the version
    assert decided.returncode == 0, decided.stderr.decode()
    history = json.loads(run_praxis("history", "claim-three-point-five-percent", "--format", "json").stdout)
    assert [entry["kind"] for entry in history] == ["version", "version", "decision"]
    assert history[1]["node"] == version and history[1]["author"] == "Wren"
    assert history[1]["lessons"] == [str(DATA["lesson-3b685a"])]
    assert history[0]["statement"].startswith("In the historical record studied")
    refused = run_praxis(
        "--as", "visitor", "revise", "claim-three-point-five-percent", "--text", "x", "--because", "y"
    )
    assert refused.returncode == 2 and b"Visitors cannot revise" in refused.stderr


def test_decision_record_round_trip(store, claim_and_lessons):
    claim, _, _ = claim_and_lessons
    decision = theory.decide(store, WREN, claim, "contested", comment="Look again.", day=dt.date(2026, 4, 1))
    expected = Graph()
    for p, o in [
        (RDF.type, PRX.ClaimDecision),
        (PRX.decisionAbout, claim),
        (PRX.decision, PRX.Contested),
        (DCTERMS.date, Literal("2026-04-01", datatype=XSD.date)),
        (RDFS.comment, Literal("Look again.", lang="en")),
        (PRX.visibility, PRX.MembersOnly),
    ]:
        expected.add((decision, p, o))
    assert isomorphic(described(store, decision), expected)
