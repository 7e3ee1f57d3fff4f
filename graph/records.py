"""Members record lessons and assessments: the write side of the practice half.

Each function checks the input in plain words (:meth:`LessonInput.problems` and
friends), finds or creates the writer's member record (:mod:`graph.members`),
builds the statements (:mod:`graph.inputs`) and makes **one**
:meth:`PraxisStore.write`: SHACL-validated, one transaction, all or nothing. The
store's generation then moves on, so every page's cached data refreshes and the
new lesson shows at once.

Rules:

- Visitors write nothing. A member edits or withdraws only the lessons whose
  ``dct:creator`` is a member record with their nickname (one, see
  :mod:`graph.members`); an organiser may change any.
- A new action is members-only when it is a direct action (flagged, or a method
  under nonviolent intervention or non-violent direct action), public otherwise,
  unless a visibility is chosen. A lesson or an assessment takes its action's
  visibility unless one is chosen.
- Editing keeps history: the previous version becomes a snapshot linked with
  ``prov:wasRevisionOf`` (see :mod:`graph.inputs`). The author and the date
  recorded stay those of the first version; the audit log says who edited.
- Withdrawing adds ``prx:withdrawn true`` and ``prov:invalidatedAtTime``; nothing
  is deleted, so claim versions that a lesson prompted keep their history.
- Assessors may disagree: each assessor keeps one assessment per action and
  indicator (assessing again replaces one's own), and nobody else's is touched.
"""

from __future__ import annotations

import datetime as dt

from rdflib import Literal, URIRef

from graph import choices
from graph.access import Role, Viewer, Visibility
from graph.errors import BadInput, NotAllowed
from graph.inputs import (
    SCORE_LABELS,
    ActionInput,
    AssessmentInput,
    Lesson,
    LessonInput,
    ReadingInput,
    ReadingType,
    Stance,
    Tag,
    new_iri,
)
from graph.members import member_for, nickname_of, own_records
from graph.namespaces import PROV, PRX, XSD
from graph.store import PraxisStore, Statement

__all__ = [
    "SCORE_LABELS",
    "ActionInput",
    "AssessmentInput",
    "Lesson",
    "LessonInput",
    "ReadingInput",
    "ReadingType",
    "Stance",
    "Tag",
    "action_visibility",
    "create_action",
    "edit_lesson",
    "get_lesson",
    "record_assessment",
    "record_lesson",
    "withdraw_lesson",
]


def _refuse(problems: list[str], what: str) -> None:
    if problems:
        raise BadInput(" ".join(problems), source=what)


def _check_level(viewer: Viewer, level: Visibility, what: str) -> None:
    if not viewer.may_write(level):
        raise NotAllowed(
            f"A {viewer.role.value} cannot save a {level.value} {what}: choose another visibility."
        )


def action_visibility(store: PraxisStore, viewer: Viewer, action: ActionInput) -> Visibility:
    """The visibility a new action gets (see the module notes)."""
    if action.visibility is not None:
        return action.visibility
    if action.direct or set(action.methods) & choices.direct_methods(store, viewer):
        return Visibility.MEMBERS
    return Visibility.PUBLIC


def _action_statements(
    store: PraxisStore, viewer: Viewer, action: ActionInput
) -> tuple[URIRef, Visibility, list[Statement]]:
    _refuse(action.problems(), "action")
    level = action_visibility(store, viewer, action)
    _check_level(viewer, level, "action")
    iri = new_iri("action")
    return iri, level, action.statements(iri, level)


def create_action(store: PraxisStore, viewer: Viewer, action: ActionInput) -> URIRef:
    """Record a new action; return its IRI."""
    nickname_of(viewer)
    iri, _, statements = _action_statements(store, viewer, action)
    store.write(statements, viewer=viewer)
    return iri


def record_lesson(
    store: PraxisStore, viewer: Viewer, lesson: LessonInput, *, action: ActionInput | None = None
) -> URIRef:
    """Record what an action taught; return the lesson's IRI.

    ``action`` describes a new action, written in the same transaction as the
    lesson; otherwise ``lesson.action`` names an existing one."""
    nickname_of(viewer)
    _refuse(lesson.problems(new_action=action is not None), "lesson")
    statements: list[Statement] = []
    if action is not None:
        action_iri, action_level, statements = _action_statements(store, viewer, action)
    else:
        found = choices.action(store, viewer, lesson.action)
        if found is None:
            raise BadInput(
                f"The action {lesson.action} cannot be found; pick one from the list.", source="lesson"
            )
        action_iri, action_level = found.iri, found.visibility
    level = lesson.visibility or action_level
    _check_level(viewer, level, "lesson")
    creator = member_for(store, viewer)
    iri = new_iri("lesson")
    statements += lesson.statements(
        iri, action=action_iri, creator=creator, created=dt.date.today(), level=level
    )
    store.write(statements, viewer=viewer)
    return iri


def get_lesson(store: PraxisStore, viewer: Viewer, iri: URIRef) -> Lesson | None:
    """The lesson ``iri`` as ``viewer`` sees it, or ``None``."""
    rows = store.select("record_lesson", viewer, lesson=iri)
    return Lesson.from_rows(iri, rows) if rows else None


def _own(store: PraxisStore, viewer: Viewer, iri: URIRef) -> Lesson:
    current = get_lesson(store, viewer, iri)
    if current is None:
        raise BadInput(f"There is no lesson {iri} that you can see.", source="lesson")
    if viewer.role is not Role.ORGANISER and current.creator not in own_records(store, viewer):
        raise NotAllowed(
            "You can change only the lessons you recorded yourself; ask an organiser for others."
        )
    return current


def edit_lesson(store: PraxisStore, viewer: Viewer, iri: URIRef, lesson: LessonInput) -> URIRef:
    """Replace a lesson's content, keeping the previous version as a snapshot."""
    current = _own(store, viewer, iri)
    edited = LessonInput(
        title=lesson.title,
        taught=lesson.taught,
        tags=tuple(sorted(lesson.tags, key=lambda tag: (list(Stance).index(tag.stance), str(tag.target)))),
        what_happened=lesson.what_happened,
        evidence=lesson.evidence,
        action=lesson.action or current.action,
        visibility=lesson.visibility or current.visibility,
    )
    _refuse(edited.problems(), "lesson")
    if edited == current.as_input():
        return iri
    _check_level(viewer, edited.visibility, "lesson")
    snapshot = new_iri("revision")
    withdrawn_at = None
    if current.withdrawn:
        withdrawn_at = Literal(
            current.withdrawn_at or dt.datetime.now(dt.UTC).isoformat(), datatype=XSD.dateTime
        )
    additions = current.snapshot(snapshot) + edited.statements(
        iri,
        action=edited.action,
        creator=current.creator,
        created=current.created or dt.date.today(),
        level=edited.visibility,
        revision_of=snapshot,
        withdrawn_at=withdrawn_at,
    )
    store.write(additions, viewer=viewer, replace=[iri])
    return iri


def withdraw_lesson(store: PraxisStore, viewer: Viewer, iri: URIRef) -> None:
    """Mark a lesson withdrawn (kept for history, left out of counts)."""
    current = _own(store, viewer, iri)
    if current.withdrawn:
        return
    now = Literal(dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    level = current.visibility
    store.write(
        [
            Statement(iri, PRX.withdrawn, Literal(True), level),
            Statement(iri, PROV.invalidatedAtTime, now, level),
        ],
        viewer=viewer,
    )


def record_assessment(store: PraxisStore, viewer: Viewer, assessment: AssessmentInput) -> URIRef:
    """Record (or revise one's own) assessment of an action against an indicator."""
    nickname_of(viewer)
    _refuse(assessment.problems(), "assessment")
    found = choices.action(store, viewer, assessment.action)
    if found is None:
        raise BadInput(
            f"The action {assessment.action} cannot be found; pick one from the list.", source="assessment"
        )
    level = assessment.visibility or found.visibility
    _check_level(viewer, level, "assessment")
    creator = member_for(store, viewer)
    mine = [
        row.iri
        for row in choices.assessments(store, viewer, action=found.iri)
        if row.creator == creator and row.indicator == assessment.indicator
    ]
    iri = mine[0] if mine else new_iri("assessment")
    indicator = {c.iri: c.label for c in choices.indicators(store, viewer)}.get(
        assessment.indicator, "indicator"
    )
    statements = assessment.statements(
        iri, creator=creator, created=dt.date.today(), level=level, label=f"{found.label}: {indicator}"
    )
    store.write(statements, viewer=viewer, replace=mine)
    return iri
