"""Members record, edit and withdraw lessons, and assess actions (graph.practice)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import URIRef

from graph import practice
from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed, ValidationFailed
from graph.namespaces import CITO, DATA, PROV, VOCAB
from graph.practice import find_member, member_for
from graph.store import open_store

WREN, HERON, ORGANISER = Viewer.member("wren"), Viewer.member("heron"), Viewer.organiser()
PICKET = practice.ActionInput(
    label="Picket at the council offices", date=dt.date(2025, 3, 12), methods=(VOCAB["picketing"],)
)


def lesson(title: str = "Door-knocking brought neighbours", **changes) -> practice.LessonInput:
    values = {
        "title": title,
        "taught": "Personal invitations worked better than leaflets.",
        "what_happened": "Twelve of us knocked on doors the evening before.",
        "evidence": "Twelve of the fifteen who came had been visited.",
        "tags": (practice.Tag(practice.Stance.SUPPORTS, VOCAB["grassroots-organising"]),),
    }
    values.update(changes)
    return practice.LessonInput(**values)


def test_a_lesson_with_a_new_action_is_saved_in_one_write_and_reads_back(store):
    before = store.generation
    iri = practice.record_lesson(store, WREN, lesson(), action=PICKET)
    # the store's member key (this test store was not made by praxis init), the member
    # record, then the action and lesson together
    assert store.generation == before + 3
    saved = practice.get_lesson(store, WREN, iri)
    assert saved.title == "Door-knocking brought neighbours"
    assert saved.what_happened.startswith("Twelve of us")
    assert saved.tags == (practice.Tag(practice.Stance.SUPPORTS, VOCAB["grassroots-organising"]),)
    assert saved.creator == find_member(store, WREN)
    assert saved.created == dt.date.today()
    picket = practice.action(store, WREN, saved.action)
    assert picket.label == "Picket at the council offices"
    assert picket.visibility is Visibility.PUBLIC  # picketing is protest, not a direct action
    assert saved.visibility is Visibility.PUBLIC  # a lesson takes its action's visibility
    assert str(iri).startswith(str(DATA["lesson-"])) and len(str(iri).rsplit("-", 1)[-1]) == 12
    assert store.validate() == []


def test_direct_actions_default_to_members_only(store):
    sit_in = practice.ActionInput(
        label="Sit-in at the housing office", date=dt.date(2025, 4, 1), methods=(VOCAB["sit-in"],)
    )
    flagged = practice.ActionInput(label="Banner drop", date=dt.date(2025, 4, 2), direct=True)
    chosen = practice.ActionInput(
        label="Sit-in, announced",
        date=dt.date(2025, 4, 3),
        methods=(VOCAB["sit-in"],),
        visibility=Visibility.PUBLIC,
    )
    levels = [
        practice.action(
            store, ORGANISER, practice.create_action(store, WREN if a is not chosen else ORGANISER, a)
        ).visibility
        for a in (sit_in, flagged, chosen)
    ]
    assert levels == [Visibility.MEMBERS, Visibility.MEMBERS, Visibility.PUBLIC]
    iri = practice.record_lesson(store, WREN, lesson(), action=sit_in)
    assert practice.get_lesson(store, WREN, iri).visibility is Visibility.MEMBERS
    assert practice.get_lesson(store, Viewer.visitor(), iri) is None


def test_problems_are_reported_in_plain_words_before_anything_is_written(store):
    before = store.generation
    with pytest.raises(BadInput) as error:
        practice.record_lesson(store, WREN, lesson(title=" ", tags=()), action=PICKET)
    assert "Give the lesson a title." in str(error.value)
    assert "Tag at least one concept or claim" in str(error.value)
    with pytest.raises(BadInput, match="Choose the action"):
        practice.record_lesson(store, WREN, lesson())
    assert store.generation == before


def test_shapes_catch_what_the_form_cannot(store):
    """Regression: with pySHACL's focus_nodes, nested shapes were skipped on writes."""
    reading = URIRef("https://w3id.org/praxis/id/reading-nothing")
    with pytest.raises(ValidationFailed, match="can only support, challenge or qualify a concept or a claim"):
        practice.record_lesson(
            store, WREN, lesson(tags=(practice.Tag(practice.Stance.CHALLENGES, reading),)), action=PICKET
        )
    assert practice.all_actions(store, ORGANISER) == []  # the new action went with the failed write


def test_visitors_write_nothing(store):
    with pytest.raises(NotAllowed):
        practice.record_lesson(store, Viewer.visitor(), lesson(), action=PICKET)


def test_editing_keeps_the_previous_version_linked_by_prov(store):
    iri = practice.record_lesson(store, WREN, lesson(), action=PICKET)
    first = practice.get_lesson(store, WREN, iri)
    challenged = (practice.Tag(practice.Stance.CHALLENGES, VOCAB["grassroots-organising"]),)
    practice.edit_lesson(store, WREN, iri, lesson(title="Door-knocking was not enough", tags=challenged))
    second = practice.get_lesson(store, WREN, iri)
    assert second.title == "Door-knocking was not enough"
    assert second.tags == challenged
    assert second.creator == first.creator and second.created == first.created
    earlier = second.revision_of
    history = store.user_query(f"SELECT ?p ?o WHERE {{ <{earlier}> ?p ?o }}", ORGANISER).decode()
    assert "Door-knocking brought neighbours" in history
    assert str(CITO.supports) in history  # the old stance, in CiTO's words
    assert str(PROV.invalidatedAtTime) in history
    practice.edit_lesson(store, WREN, iri, lesson(title="Third wording", tags=challenged))
    third = practice.get_lesson(store, WREN, iri)
    chain = store.user_query(
        f"ASK {{ <{third.revision_of}> <{PROV.wasRevisionOf}> <{earlier}> }}", ORGANISER
    ).decode()
    assert "true" in chain
    # an edit that changes nothing makes no new version
    practice.edit_lesson(store, WREN, iri, third.as_input())
    assert practice.get_lesson(store, WREN, iri).revision_of == third.revision_of
    assert store.validate() == []


def test_only_the_author_or_an_organiser_may_change_a_lesson(store):
    iri = practice.record_lesson(store, WREN, lesson(), action=PICKET)
    with pytest.raises(NotAllowed, match="only the lessons you recorded"):
        practice.edit_lesson(store, HERON, iri, lesson(title="Not mine"))
    with pytest.raises(NotAllowed):
        practice.withdraw_lesson(store, HERON, iri)
    practice.edit_lesson(store, ORGANISER, iri, lesson(title="Tidied by an organiser"))
    assert practice.get_lesson(store, WREN, iri).creator == find_member(store, WREN)


def test_withdrawing_keeps_the_lesson_and_marks_it(store):
    iri = practice.record_lesson(store, WREN, lesson(), action=PICKET)
    practice.withdraw_lesson(store, WREN, iri)
    practice.withdraw_lesson(store, WREN, iri)  # twice is harmless
    withdrawn = practice.get_lesson(store, WREN, iri)
    assert withdrawn.withdrawn and withdrawn.withdrawn_at
    assert withdrawn.title == "Door-knocking brought neighbours"
    practice.edit_lesson(store, WREN, iri, lesson(title="Still withdrawn after an edit"))
    assert practice.get_lesson(store, WREN, iri).withdrawn
    assert [
        row.withdrawn for row in practice.list_lessons(store, WREN, creator=find_member(store, WREN))
    ] == [True]


def test_assessors_may_disagree_and_both_are_kept(store):
    action = practice.create_action(store, WREN, PICKET)
    coverage = VOCAB["indicator-media-coverage"]
    practice.record_assessment(
        store, WREN, practice.AssessmentInput(action, coverage, 2, "Two papers covered it.")
    )
    practice.record_assessment(
        store, HERON, practice.AssessmentInput(action, coverage, -1, "Both got it wrong.")
    )
    practice.record_assessment(
        store, WREN, practice.AssessmentInput(action, coverage, 1, "On reflection, one.")
    )
    rows = practice.list_assessments(store, WREN, action=action)
    assert sorted((r.nickname, r.score, r.score_label) for r in rows) == [
        ("heron", -1, "held us back"),
        ("wren", 1, "helped"),
    ]
    with pytest.raises(BadInput, match="Choose a score on the scale"):
        practice.record_assessment(store, WREN, practice.AssessmentInput(action, coverage, 3))
    assert store.validate() == []


def test_members_are_found_by_nickname_whatever_the_case(seeded):
    wren = find_member(seeded, Viewer.member("WREN"))
    assert wren is not None and member_for(seeded, Viewer.member("wren")) == wren
    assert find_member(seeded, Viewer.member("newcomer")) is None
    created = member_for(seeded, Viewer.member("newcomer"))
    assert find_member(seeded, Viewer.member("Newcomer")) == created
    assert "newcomer" not in str(created)


THREADS, LESSONS = 20, 10


def test_twenty_threads_record_two_hundred_lessons(tmp_path, ontology_quads):
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    store.load_trusted(ontology_quads)
    action = practice.create_action(store, ORGANISER, PICKET)

    def work(worker: int) -> list[URIRef]:
        viewer = Viewer.member(f"member-{worker % 5}")  # five members, four threads each
        return [
            practice.record_lesson(store, viewer, lesson(f"lesson {worker}-{n}", action=action))
            for n in range(LESSONS)
        ]

    with ThreadPoolExecutor(THREADS) as pool:
        written = [iri for batch in pool.map(work, range(THREADS)) for iri in batch]
    assert len(set(written)) == THREADS * LESSONS
    present = {row["lesson"] for row in store.select("lessons_all", ORGANISER)}
    assert present == set(written)
    members = store.select("record_members", ORGANISER)
    assert sorted(row["nickname"] for row in members) == [f"member-{n}" for n in range(5)]
    assert store.validate() == []
