"""A form saved twice (a double click, a resent request) records once.

Every form's save passes the form instance's key to :meth:`PraxisStore.write` (``once``),
which checks it and writes it with the change under the write lock: the second save
writes nothing and names the record the first one made.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from rdflib import Literal

from graph import practice, programme, theory
from graph.access import Viewer, Visibility
from graph.namespaces import DATA, PRX, RDF, RDFS, VOCAB
from graph.store import Statement

WREN, ORGANISER = Viewer.member("wren"), Viewer.organiser()
BOYCOTT_DAY = DATA["action-ff2dd6"]
CLAIM = DATA["claim-three-point-five-percent"]


def _count(store, kind: str) -> int:
    """Records of ``prx:<kind>`` in every graph."""
    return len(
        {
            q.subject
            for q in store.quads(ORGANISER)
            if q.predicate.value == str(RDF.type) and q.object.value == str(PRX[kind])
        }
    )


def _lesson() -> practice.LessonInput:
    return practice.LessonInput(
        title="The car pool needed its own dispatchers",
        taught="Rides held only while someone answered the phone.",
        tags=(practice.Tag(practice.Stance.QUALIFIES, VOCAB["grassroots-organising"]),),
        action=BOYCOTT_DAY,
    )


def test_the_store_refuses_a_second_change_with_the_same_form_key(store):
    label = [Statement(DATA["note-1"], RDFS.label, Literal("a note"), Visibility.PUBLIC)]
    assert store.write(label, viewer=ORGANISER, validate=False, once="form-1") is True
    generation = store.generation
    assert store.write(label, viewer=ORGANISER, validate=False, once="form-1") is False
    assert store.generation == generation  # nothing written, not even an audit entry
    assert store.write(label, viewer=ORGANISER, validate=False, once="form-2") is True


def test_two_saves_of_one_lesson_form_at_once_record_one_lesson(seeded):
    before = _count(seeded, "Lesson")
    with ThreadPoolExecutor(4) as pool:
        saved = set(pool.map(lambda _: practice.record_lesson(seeded, WREN, _lesson(), once="k"), range(4)))
    assert len(saved) == 1
    assert _count(seeded, "Lesson") == before + 1
    # a new form (a new key) with the same words is a new lesson: people may mean it
    practice.record_lesson(seeded, WREN, _lesson(), once="another form")
    assert _count(seeded, "Lesson") == before + 2


def test_a_lesson_with_a_new_action_saved_twice_makes_one_action(seeded):
    actions = _count(seeded, "Action")
    picket = practice.ActionInput(label="Picket at the depot", date=dt.date(2026, 3, 2))
    unsaved = _lesson()
    first = practice.record_lesson(
        seeded,
        WREN,
        practice.LessonInput(unsaved.title, unsaved.taught, unsaved.tags),
        action=picket,
        once="k",
    )
    again = practice.record_lesson(
        seeded,
        WREN,
        practice.LessonInput(unsaved.title, unsaved.taught, unsaved.tags),
        action=picket,
        once="k",
    )
    assert first == again and _count(seeded, "Action") == actions + 1


def test_an_assessment_form_saved_twice_records_one_assessment(seeded):
    before = _count(seeded, "Assessment")
    form = practice.AssessmentInput(BOYCOTT_DAY, VOCAB["indicator-media-coverage"], 1, "Two papers.")
    assert practice.record_assessment(seeded, WREN, form, once="k") == practice.record_assessment(
        seeded, WREN, form, once="k"
    )
    assert _count(seeded, "Assessment") == before + 1


def test_a_session_form_saved_twice_plans_one_session(seeded):
    before = _count(seeded, "ReadingGroupSession")
    draft = programme.SessionDraft(
        title="Reading group: civil resistance",
        date=dt.date(2030, 1, 8),
        kind=programme.SessionKind.READING_GROUP,
        topics=(VOCAB["civil-resistance"],),
    )
    today = dt.date(2030, 1, 1)
    first = programme.plan_session(seeded, ORGANISER, draft, today=today, once="k")
    assert programme.plan_session(seeded, ORGANISER, draft, today=today, once="k") == first
    assert _count(seeded, "ReadingGroupSession") == before + 1


def test_a_post_form_saved_twice_adds_one_post(seeded):
    before = _count(seeded, "BlogPost")
    draft = programme.PostDraft(
        title="What the car pool taught us",
        date=dt.date(2026, 7, 1),
        concepts=(VOCAB["community"],),
        text="Rides.",
    )
    assert programme.add_post(seeded, WREN, draft, once="k") == programme.add_post(
        seeded, WREN, draft, once="k"
    )
    assert _count(seeded, "BlogPost") == before + 1


def test_an_agreement_form_saved_twice_adopts_one_version(seeded):
    before = (_count(seeded, "Agreement"), _count(seeded, "AgreementVersion"))
    form = {"name": "Quiet hours", "statement": "No calls after ten.", "adopted": dt.date(2026, 2, 1)}
    first = programme.adopt_agreement_version(seeded, ORGANISER, **form, once="k")
    assert programme.adopt_agreement_version(seeded, ORGANISER, **form, once="k") == first
    assert (_count(seeded, "Agreement"), _count(seeded, "AgreementVersion")) == (before[0] + 1, before[1] + 1)


def test_a_claim_revision_form_saved_twice_makes_one_version(seeded):
    lesson = practice.record_lesson(seeded, WREN, _lesson())
    before = _count(seeded, "ClaimVersion")
    form = {"text": "Participation, not sympathy, tips a campaign.", "because": [lesson]}
    first = theory.revise(seeded, ORGANISER, CLAIM, **form, once="k")
    assert theory.revise(seeded, ORGANISER, CLAIM, **form, once="k") == first
    # the original wording became version one, the new one version two: no third
    assert _count(seeded, "ClaimVersion") == before + 2
