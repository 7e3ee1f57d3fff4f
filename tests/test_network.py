"""The network's evidence: other chapters' lessons beside ours, aligned, counted per chapter.

Each test puts two followed chapters' graphs (``graph/peer/east``, ``graph/peer/west``)
into a seeded store directly, as ``praxis peers sync`` would leave them, with lessons
whose counts are worked out by hand here.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from graph import strategy, theory
from graph.access import Viewer, Visibility
from graph.errors import PraxisError
from graph.io.skos import accept_match, match_suggestions, reject_match
from graph.namespaces import DCTERMS, GRAPH, PRX, RDF, RDFS, SKOS, VOCAB
from graph.network import (
    OURS,
    chapter_of,
    followed,
    includes_sentence,
    network_answer,
    network_brief,
    network_rank,
    network_suggest,
)
from graph.store import Statement, open_store, to_ox
from graph.suggest import suggest
from tests import data

ORGANISER = Viewer.organiser()
TODAY = dt.date(2025, 3, 14)  # the day data.lesson records lessons on: every weight is 1
#: A thesaurus concept, as a SKOS import leaves it in our public graph, labelled as our
#: pxv:grassroots-organising is: a match suggestion, pending until an organiser decides.
THEIRS = URIRef("http://thesaurus.example/concept/grassroots-organising")
THESAURUS = URIRef("http://thesaurus.example/scheme")
LABEL = ox.Literal("Grassroots organising", language="en")


def peer_lesson(name: str, stance: URIRef, target: URIRef, *, withdrawn: bool = False) -> tuple[URIRef, list]:
    """A lesson of chapter ``name``, with its own action and author, as quads of its graph."""
    action, action_statements = data.action(Visibility.PUBLIC)
    author, author_statements = data.member("kit", Visibility.PUBLIC)
    public = Visibility.PUBLIC
    lesson, statements = data.lesson(action, author, stance=stance, target=target, visibility=public)
    if withdrawn:
        statements.append(Statement(lesson, PRX.withdrawn, Literal(True), Visibility.PUBLIC))
    return lesson, data.in_peer(name, action_statements + author_statements + statements)


def our_lesson(store, stance: URIRef, target: URIRef, visibility=Visibility.PUBLIC) -> URIRef:
    action, action_statements = data.action(visibility)
    author, author_statements = data.member("wren", visibility)
    lesson, statements = data.lesson(action, author, stance=stance, target=target, visibility=visibility)
    store.write(action_statements + author_statements + statements, viewer=ORGANISER)
    return lesson


@pytest.fixture
def claim(seeded) -> URIRef:
    """A claim of ours that two of our lessons challenge (one public, one members-only)."""
    iri, statements = data.claim("Strikes win when the whole workplace is organised")
    seeded.write(statements, viewer=ORGANISER)
    our_lesson(seeded, PRX.challenges, iri)
    our_lesson(seeded, PRX.challenges, iri, Visibility.MEMBERS)
    return iri


@pytest.fixture
def network(seeded, claim):
    """East supports the claim three times; west supports it once, qualifies it once and
    challenged it once before withdrawing that lesson."""
    quads = []
    for _ in range(3):
        quads += peer_lesson("east", PRX.supports, claim)[1]
    quads += peer_lesson("west", PRX.supports, claim)[1]
    quads += peer_lesson("west", PRX.qualifies, claim)[1]
    quads += peer_lesson("west", PRX.challenges, claim, withdrawn=True)[1]
    seeded.load_trusted(quads)
    return seeded


def wilson_by_hand(c: float, n: float, z: float = 1.645) -> float:
    """The lower bound as the module docstring of graph.theory.tensions writes it."""
    p = c / n
    return (p + z * z / (2 * n) - z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)


def taught(store, viewer, question) -> dict:
    """The answer as JSON, its lessons in IRI order (two of ours tie on every sort key)."""
    found = strategy.answer(store, viewer, question).to_json()
    return {**found, "lessons": sorted(found["lessons"], key=lambda row: (row["lesson"], row["target"]))}


def about(found, target):
    return next(t for t in found if t.tension.target == target)


# ------------------------------------------------------------------ the counts
def test_the_network_counts_each_chapters_lessons_on_a_claim_as_worked_out_by_hand(network, claim):
    found = about(network_rank(network, ORGANISER, today=TODAY), claim)
    assert [(c.chapter, c.supports, c.challenges, c.qualifies) for c in found.chapters] == [
        ("ours", 0, 2, 0),
        ("east", 3, 0, 0),
        ("west", 1, 0, 1),
    ]
    tension = found.tension
    assert (tension.supports, tension.challenges, tension.qualifies) == (4, 2, 1)
    # 2 challenges and half of 1 qualification out of 7 lessons, all recorded today
    assert tension.score == pytest.approx(wilson_by_hand(2.5, 7))
    assert sorted(found.lesson_chapters) == ["east"] * 3 + ["ours"] * 2 + ["west"] * 2
    assert len(tension.lessons) == 7


def test_a_claim_challenged_here_but_supported_elsewhere_says_so(network, claim):
    found = about(network_rank(network, ORGANISER, today=TODAY), claim)
    assert found.sentence() == (
        "Challenged here but supported in every other chapter with lessons on it (east, west)."
    )
    assert found.as_dict()["chapters"] == "ours 0/2/0; east 3/0/0; west 1/0/1"


def test_peer_lessons_roll_up_from_our_claim_to_its_concept_with_the_discount(network, claim):
    concept = VOCAB["grassroots-organising"]
    alone = {t.target: t for t in theory.rank(network, ORGANISER, today=TODAY)}[concept]
    found = about(network_rank(network, ORGANISER, today=TODAY), concept)
    assert found.tension.supports == alone.supports + 4
    assert found.tension.weights[0] == pytest.approx(alone.weights[0] + 4 * 0.5)


def test_with_no_chapter_followed_the_network_scores_are_ours(seeded, claim):
    ours = theory.rank(seeded, ORGANISER, today=TODAY)
    network = network_rank(seeded, ORGANISER, today=TODAY)
    assert [t.target for t in ours] == [n.tension.target for n in network]
    for mine, theirs in zip(ours, network, strict=True):
        assert (mine.supports, mine.challenges, mine.qualifies) == (
            theirs.tension.supports,
            theirs.tension.challenges,
            theirs.tension.qualifies,
        )
        assert mine.score == pytest.approx(theirs.tension.score)
        assert set(mine.lessons) == set(theirs.tension.lessons)
        assert {c.chapter for c in theirs.chapters} <= {OURS}


@pytest.mark.parametrize(
    "viewer", [Viewer.visitor(), Viewer.member("wren"), ORGANISER], ids=["visitor", "member", "organiser"]
)
def test_default_answers_are_unchanged_by_peer_data(seed_quads, network, viewer):
    alone = open_store("memory:")
    alone.load_trusted(seed_quads)
    alone.load_trusted(q for q in network.quads(ORGANISER))  # ours, without the peers' graphs
    assert network.peer_graphs() and not alone.peer_graphs()
    assert [t.as_dict() for t in theory.rank(network, viewer, today=TODAY)] == [
        t.as_dict() for t in theory.rank(alone, viewer, today=TODAY)
    ]
    question = strategy.Question(concept=VOCAB["grassroots-organising"])
    assert taught(network, viewer, question) == taught(alone, viewer, question)
    assert network.stats(viewer) == alone.stats(viewer)
    rows = [sorted(map(repr, store.select("lessons_all", viewer))) for store in (network, alone)]
    assert rows[0] == rows[1]


def test_a_persons_sparql_query_sees_other_chapters_only_through_the_network_view(network):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?lesson a prx:Lesson }"
    ours = json.loads(network.user_query(text, ORGANISER))["results"]["bindings"][0]["n"]["value"]
    everywhere = json.loads(network.with_peers().user_query(text, ORGANISER))
    # east's 3 lessons and west's 3 (one of them withdrawn: still a lesson)
    assert int(everywhere["results"]["bindings"][0]["n"]["value"]) == int(ours) + 6


# ------------------------------------------------------------------ alignment
def thesaurus() -> list[ox.Quad]:
    """A scheme imported into our public graph with a concept labelled as ours is."""
    public = ox.NamedNode(str(GRAPH["public"]))
    return [
        ox.Quad(to_ox(THESAURUS), to_ox(RDF.type), to_ox(SKOS.ConceptScheme), public),
        ox.Quad(to_ox(THEIRS), to_ox(RDF.type), to_ox(SKOS.Concept), public),
        ox.Quad(to_ox(THEIRS), to_ox(SKOS.inScheme), to_ox(THESAURUS), public),
        ox.Quad(to_ox(THEIRS), to_ox(SKOS.prefLabel), LABEL, public),
    ]


def east_on(seeded, target: URIRef) -> URIRef:
    lesson, quads = peer_lesson("east", PRX.challenges, target)
    seeded.load_trusted(quads)
    return lesson


def test_a_peer_tag_on_our_concepts_iri_counts_toward_it(seeded):
    concept = VOCAB["grassroots-organising"]
    lesson = east_on(seeded, concept)
    assert lesson in about(network_rank(seeded, ORGANISER, today=TODAY), concept).tension.lessons


def test_a_peer_concept_counts_toward_ours_only_once_the_match_is_accepted(seeded):
    ours = VOCAB["grassroots-organising"]
    seeded.load_trusted(thesaurus())
    lesson = east_on(seeded, THEIRS)
    pending = [(s.ours, s.theirs) for s in match_suggestions(seeded, ORGANISER)]
    assert (ours, THEIRS) in pending  # suggested, not yet decided
    assert lesson not in about(network_rank(seeded, ORGANISER, today=TODAY), ours).tension.lessons

    accept_match(seeded, ORGANISER, ours, THEIRS)
    found = about(network_rank(seeded, ORGANISER, today=TODAY), ours)
    assert lesson in found.tension.lessons
    assert ("east", 0, 1, 0) in [(c.chapter, c.supports, c.challenges, c.qualifies) for c in found.chapters]

    reject_match(seeded, ORGANISER, ours, THEIRS)
    assert lesson not in about(network_rank(seeded, ORGANISER, today=TODAY), ours).tension.lessons


def test_a_match_a_peer_states_does_not_align_its_concepts_with_ours(seeded):
    ours = VOCAB["grassroots-organising"]
    lesson = east_on(seeded, THEIRS)
    seeded.load_trusted(data.in_peer("east", [Statement(THEIRS, SKOS.exactMatch, ours, Visibility.PUBLIC)]))
    assert lesson not in about(network_rank(seeded, ORGANISER, today=TODAY), ours).tension.lessons


def test_a_peers_broader_link_cannot_move_our_lessons(seeded, claim):
    """East says our claim is about another concept: our lessons on it stay where they were."""
    elsewhere = VOCAB["petitions"]
    before = about(network_rank(seeded, ORGANISER, today=TODAY), elsewhere).tension
    moved = Statement(claim, PRX.aboutConcept, elsewhere, Visibility.PUBLIC)
    seeded.load_trusted(data.in_peer("east", [moved]))
    after = about(network_rank(seeded, ORGANISER, today=TODAY), elsewhere).tension
    assert (after.supports, after.challenges, after.qualifies) == (
        before.supports,
        before.challenges,
        before.qualifies,
    )


# ------------------------------------------------------------------ withdrawn, visibility
def test_a_withdrawn_peer_lesson_is_left_out(network, claim):
    found = about(network_rank(network, ORGANISER, today=TODAY), claim)
    west = next(c for c in found.chapters if c.chapter == "west")
    assert west.challenges == 0


def test_a_peer_cannot_withdraw_our_lessons(seeded, claim):
    ours = about(network_rank(seeded, ORGANISER, today=TODAY), claim).tension.lessons
    withdrawal = Statement(ours[0], PRX.withdrawn, Literal(True), Visibility.PUBLIC)
    seeded.load_trusted(data.in_peer("east", [withdrawal]))
    assert about(network_rank(seeded, ORGANISER, today=TODAY), claim).tension.lessons == ours


def test_a_visitor_sees_the_network_but_not_our_members_only_lessons(network, claim):
    found = about(network_rank(network, Viewer.visitor(), today=TODAY), claim)
    assert [(c.chapter, c.supports, c.challenges, c.qualifies) for c in found.chapters] == [
        ("ours", 0, 1, 0),
        ("east", 3, 0, 0),
        ("west", 1, 0, 1),
    ]


# ------------------------------------------------------------------ the store's view
def test_the_peer_graphs_are_found_again_after_a_write(seeded):
    assert followed(seeded) == []
    seeded.load_trusted(peer_lesson("west", PRX.supports, VOCAB["petitions"])[1])
    seeded.load_trusted(peer_lesson("east", PRX.supports, VOCAB["petitions"])[1])
    assert followed(seeded) == ["east", "west"]
    assert chapter_of(GRAPH["public"]) == OURS


def test_a_syncs_staging_graph_is_no_chapter(seeded):
    """praxis peers sync fills graph/peer/NAME#incoming before it swaps it in."""
    quads = peer_lesson("east", PRX.supports, VOCAB["petitions"])[1]
    staging = ox.NamedNode(str(GRAPH["peer/east"]) + "#incoming")
    seeded.load_trusted(ox.Quad(q.subject, q.predicate, q.object, staging) for q in quads)
    assert followed(seeded) == []


def test_the_network_score_follows_our_writes_and_a_new_peer_snapshot(network, claim):
    """The followed chapters' rows are kept between reads; neither a lesson we record nor a
    chapter's new snapshot may be missed."""
    network_rank(network, ORGANISER, today=TODAY)  # keeps the peers' rows
    our_lesson(network, PRX.supports, claim)
    counts = about(network_rank(network, ORGANISER, today=TODAY), claim).chapters
    assert (counts[0].chapter, counts[0].supports) == ("ours", 1)
    network.load_trusted(peer_lesson("east", PRX.challenges, claim)[1])
    east = about(network_rank(network, ORGANISER, today=TODAY), claim).chapters[1]
    assert (east.chapter, east.supports, east.challenges) == ("east", 3, 1)


def test_the_network_view_is_read_only(network):
    view = network.with_peers()
    assert view is network.with_peers()
    _lesson, statements = data.claim()
    with pytest.raises(PraxisError, match="read-only"):
        view.write(statements, viewer=ORGANISER)
    with pytest.raises(PraxisError, match="read-only"):
        view.load_trusted([])
    assert view.generation == network.generation


def test_the_brief_sentence_names_the_chapters(network):
    assert includes_sentence(followed(network)) == "Includes the evidence of 2 other chapters: east, west."


# ------------------------------------------------------------------ what was taught
def test_what_was_taught_across_chapters_counts_each_chapters_lessons(network, claim):
    question = strategy.Question(concept=VOCAB["grassroots-organising"])
    ours = strategy.answer(network, ORGANISER, question).lessons_by_stance
    found = network_answer(network, ORGANISER, question)
    counts = found.by_chapter
    assert counts["ours"] == ours
    assert counts["east"] == {"supports": 3, "challenges": 0, "qualifies": 0}
    assert counts["west"] == {"supports": 1, "challenges": 0, "qualifies": 1}
    assert "By chapter: ours" in found.summary()


def test_what_was_taught_adds_peer_lessons_on_a_matched_concept(seeded):
    ours = VOCAB["grassroots-organising"]
    seeded.load_trusted(thesaurus())
    lesson = east_on(seeded, THEIRS)
    question = strategy.Question(concept=ours)
    assert lesson not in {row.lesson for row in network_answer(seeded, ORGANISER, question).answer.lessons}
    accept_match(seeded, ORGANISER, ours, THEIRS)
    found = network_answer(seeded, ORGANISER, question)
    assert lesson in {row.lesson for row in found.answer.lessons}
    assert found.chapter(lesson) == "east"


def taught_everywhere(store, concept=VOCAB["grassroots-organising"]):
    return network_answer(store, ORGANISER, strategy.Question(concept=concept))


def test_what_was_taught_follows_a_chapters_own_narrower_concept_but_not_its_links_from_ours(seeded):
    """East files a concept of its own under ours (its lesson counts) and one of ours, petitions,
    under ours too (its lesson on petitions does not: a chapter cannot move our concepts)."""
    grassroots, petitions = VOCAB["grassroots-organising"], VOCAB["petitions"]
    narrower = URIRef("https://east.example/concept/street-stalls")
    own = east_on(seeded, narrower)
    moved = east_on(seeded, petitions)
    seeded.load_trusted(
        data.in_peer(
            "east",
            [
                Statement(narrower, SKOS.broader, grassroots, Visibility.PUBLIC),
                Statement(petitions, SKOS.broader, grassroots, Visibility.PUBLIC),
            ],
        )
    )
    found = taught_everywhere(seeded)
    lessons = {row.lesson for row in found.answer.lessons}
    assert own in lessons and found.chapter(own) == "east"
    assert moved not in lessons


def test_a_chapters_copy_of_our_lesson_counts_as_ours_and_its_tags_there_do_not(seeded):
    """East republishes one of our public lessons, with its action, adding a tag on the
    question's concept: the lesson is ours, and only our tags count."""
    action, action_statements = data.action(Visibility.PUBLIC)
    author, author_statements = data.member("wren", Visibility.PUBLIC)
    public = Visibility.PUBLIC
    ours, statements = data.lesson(action, author, target=VOCAB["petitions"], visibility=public)
    seeded.write(action_statements + author_statements + statements, viewer=ORGANISER)
    extra = Statement(ours, PRX.challenges, VOCAB["grassroots-organising"], Visibility.PUBLIC)
    seeded.load_trusted(data.in_peer("east", action_statements + author_statements + statements + [extra]))
    assert ours not in {row.lesson for row in taught_everywhere(seeded).answer.lessons}
    on_petitions = taught_everywhere(seeded, VOCAB["petitions"])
    assert ours in {row.lesson for row in on_petitions.answer.lessons}
    assert on_petitions.chapter(ours) == OURS


def test_a_chapters_lessons_on_our_concepts_carry_our_names(seeded):
    """East labels our concept its own way: its rows show ours, and our readings behind it."""
    concept = VOCAB["grassroots-organising"]
    lesson = east_on(seeded, concept)
    renamed = Statement(concept, RDFS.label, Literal("junk"), Visibility.PUBLIC)
    seeded.load_trusted(data.in_peer("east", [renamed]))
    found = taught_everywhere(seeded)
    theirs = next(row for row in found.answer.lessons if row.lesson == lesson)
    ours = next(
        row for row in found.answer.lessons if found.chapter(row.lesson) == OURS and row.target == concept
    )
    assert theirs.target_label == ours.target_label == "Grassroots organising"
    assert theirs.readings == ours.readings


def test_what_was_taught_reads_each_chapter_again_only_when_it_is_synced(network, claim, monkeypatch):
    """Each chapter's answer is kept through our writes and the other chapters' syncs."""
    read = []
    chapter = type(network).chapter
    monkeypatch.setattr(
        type(network), "chapter", lambda self, graph: read.append(chapter_of(graph)) or chapter(self, graph)
    )
    question = strategy.Question(concept=claim)
    network_answer(network, ORGANISER, question)
    assert sorted(set(read)) == ["east", "west"]
    read.clear()
    lesson = our_lesson(network, PRX.supports, claim)
    found = network_answer(network, ORGANISER, question)
    assert (
        read == []
        and found.chapter(lesson) == OURS
        and lesson in {row.lesson for row in found.answer.lessons}
    )
    west = GRAPH["peer/west"]
    again, quads = peer_lesson("west", PRX.challenges, claim)
    network.replace_graph(
        west,
        [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
        viewer=ORGANISER,
        record=west,
        about=[],
    )
    found = network_answer(network, ORGANISER, question)
    assert set(read) == {"west"}
    assert found.by_chapter["west"] == {"supports": 0, "challenges": 1, "qualifies": 0}
    assert found.chapter(again) == "west"


def test_the_brief_says_when_other_chapters_evidence_is_included(network, claim):
    question = strategy.Question(concept=VOCAB["grassroots-organising"])
    ours = strategy.build_brief(network, ORGANISER, strategy.answer(network, ORGANISER, question))
    assert ours.network_note is None
    assert "other chapters" not in strategy.render(ours, strategy.BriefFormat.MARKDOWN)
    everywhere = network_brief(network, ORGANISER, network_answer(network, ORGANISER, question))
    for fmt in strategy.BriefFormat:
        text = strategy.render(everywhere, fmt)
        assert "Includes the evidence of 2 other chapters: east, west." in text
        assert "By chapter: ours" in text
    assert any(line.chapters for line in everywhere.tensions)


# ------------------------------------------------------------------ suggestions
HOUSING = URIRef("https://w3id.org/praxis/id/campaign-housing")
MCALEVEY = URIRef("https://w3id.org/praxis/id/reading-mcalevey-2016-no-shortcuts")


def copied(store, record: URIRef, name: str, title: str) -> tuple[URIRef, list[ox.Quad]]:
    """A copy of one of our readings published by chapter ``name`` under its own IRI and title."""
    iri = URIRef(f"{record}-{name}")
    title_of = {to_ox(DCTERMS.title), to_ox(RDFS.label)}
    graph = ox.NamedNode(str(GRAPH[f"peer/{name}"]))
    quads = [
        ox.Quad(to_ox(iri), q.predicate, ox.Literal(title) if q.predicate in title_of else q.object, graph)
        for q in store.quads(ORGANISER)
        if q.subject == to_ox(record)
    ]
    return iri, quads


def test_suggestions_include_other_chapters_readings_marked_as_theirs(seeded):
    theirs, quads = copied(seeded, MCALEVEY, "east", "Organising for power: east's notes")
    ours = [s.reading for s in suggest(seeded, ORGANISER, campaign=HOUSING, top=30)]
    seeded.load_trusted(quads)
    assert [s.reading for s in suggest(seeded, ORGANISER, campaign=HOUSING, top=30)] == ours
    found = {n.suggestion.reading: n for n in network_suggest(seeded, ORGANISER, campaign=HOUSING, top=30)}
    assert found[theirs].chapter == "east" and found[theirs].theirs
    assert found[MCALEVEY].chapter == OURS


# ------------------------------------------------------------------ the pages
CLAIM = URIRef("https://w3id.org/praxis/id/claim-three-point-five-percent")


@pytest.fixture
def network_page(tmp_path, seed_quads, seeded, monkeypatch):
    """Pages on the seed plus two followed chapters: east supports the 3.5% claim three times,
    west challenges it once."""
    from tests.conftest import serve_to_pages

    quads = []
    for _ in range(3):
        quads += peer_lesson("east", PRX.supports, CLAIM)[1]
    quads += peer_lesson("west", PRX.challenges, CLAIM)[1]
    quads += copied(seeded, MCALEVEY, "east", "Organising for power: east's notes")[1]
    yield from serve_to_pages(tmp_path / "network-store", seed_quads + quads, monkeypatch)


def ranked_table(app):
    (table,) = [d.value for d in app.dataframe if "due_for_review" in d.value.columns]
    return table


def test_practice_page_leaves_other_chapters_out_until_asked(network_page):
    from tests.conftest import page_runner

    app = page_runner()("practice_vs_theory", Viewer.visitor())
    assert not app.exception
    assert app.toggle(key="practice-network").value is False
    assert "chapters" not in ranked_table(app).columns
    before = ranked_table(app)

    app.toggle(key="practice-network").set_value(True).run()
    assert not app.exception
    assert "Includes the evidence of 2 other chapters: east, west." in [c.value for c in app.caption]
    table = ranked_table(app)
    assert "chapters" in table.columns
    assert len(table) >= len(before)
    app.selectbox(key="practice-target").select(str(CLAIM)).run()
    (spread,) = [d.value for d in app.dataframe if {"chapter", "supports"} <= set(d.value.columns)]
    assert spread.set_index("chapter").loc["east", "supports"] == 3
    assert spread.set_index("chapter").loc["west", "challenges"] == 1
    (lessons,) = [d.value for d in app.dataframe if "what it taught" in d.value.columns]
    assert {"east", "west"} <= set(lessons["chapter"])


def test_practice_page_says_no_chapter_is_followed_yet(page):
    from tests.conftest import page_runner

    app = page_runner()("practice_vs_theory", Viewer.organiser())
    assert not app.exception
    assert app.toggle(key="practice-network").disabled
    assert "No other chapters followed yet (praxis peers add)." in [c.value for c in app.caption]


def test_taught_page_counts_each_chapters_lessons_when_asked(network_page):
    from tests.conftest import page_runner

    app = page_runner()("taught", Viewer.member("wren"))
    assert not app.exception
    assert not [d for d in app.dataframe if "chapter" in d.value.columns]
    app.toggle(key="taught-network").set_value(True).run()
    assert not app.exception
    assert "Includes the evidence of 2 other chapters: east, west." in [c.value for c in app.caption]
    (spread,) = [d.value for d in app.dataframe if {"chapter", "supports"} <= set(d.value.columns)]
    counts = spread.set_index("chapter")
    assert counts.loc["east", "supports"] == 3 and counts.loc["west", "challenges"] == 1
    (lessons,) = [d.value for d in app.dataframe if "what it taught" in d.value.columns]
    assert {"ours", "east", "west"} <= set(lessons["chapter"])


def test_suggest_page_marks_other_chapters_readings_and_offers_them_no_session(network_page):
    from tests.conftest import page_runner

    app = page_runner()("suggest", Viewer.organiser())
    app.selectbox(key="suggest-campaign").select(str(HOUSING)).run()
    app.slider(key="suggest-top").set_value(30).run()
    assert not app.exception
    assert not any("from east" in m.value for m in app.markdown)
    app.toggle(key="suggest-network").set_value(True).run()
    assert not app.exception
    assert "Includes the evidence of 2 other chapters: east, west." in [c.value for c in app.caption]
    assert any("east's notes" in m.value and "from east" in m.value for m in app.markdown)
    keys = {button.key for button in app.button}
    assert "suggest-mark-reading-mcalevey-2016-no-shortcuts" in keys
    assert "suggest-mark-reading-mcalevey-2016-no-shortcuts-east" not in keys


def test_a_served_store_finds_the_followed_chapters_and_reads_them_only_when_asked(
    oxigraph_server, claim, seeded
):
    served = open_store(oxigraph_server)
    served.load_trusted(seeded.quads(ORGANISER))
    assert served.peer_graphs() == ()
    before = [t.as_dict() for t in theory.rank(served, ORGANISER, today=TODAY)]
    served.load_trusted(peer_lesson("east", PRX.supports, claim)[1])
    assert followed(served) == ["east"]
    assert [t.as_dict() for t in theory.rank(served, ORGANISER, today=TODAY)] == before
    east = about(network_rank(served, ORGANISER, today=TODAY), claim).chapters[-1]
    assert (east.chapter, east.supports) == ("east", 1)


def test_a_sync_of_one_chapter_makes_only_that_chapters_answers_again(network, claim):
    """What a chapter's graph gives is kept through our writes and other chapters' syncs."""
    east, west = (ox.NamedNode(str(GRAPH[f"peer/{name}"])) for name in ("east", "west"))
    made = []

    def ask(graph):
        return network.graph_memo(graph, ("test", graph.value), lambda: made.append(graph.value))

    ask(east), ask(west)
    our_lesson(network, PRX.supports, claim)
    ask(east), ask(west)
    assert made == [east.value, west.value]
    lesson = [
        ox.Triple(q.subject, q.predicate, q.object) for q in peer_lesson("west", PRX.supports, claim)[1]
    ]
    network.replace_graph(URIRef(west.value), lesson, viewer=ORGANISER, record=URIRef(west.value), about=[])
    ask(east), ask(west)
    assert made == [east.value, west.value, west.value]
    west_now = about(network_rank(network, ORGANISER, today=TODAY), claim).chapters[-1]
    assert (west_now.chapter, west_now.supports, west_now.qualifies) == ("west", 1, 0)
    network.load_trusted(peer_lesson("east", PRX.challenges, claim)[1])  # a change not accounted for
    ask(east)
    assert made[-1] == east.value
