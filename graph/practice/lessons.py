"""Lessons: what an action taught, recorded, edited, withdrawn and listed.

A member writes a lesson (:class:`LessonInput`: title, what happened, what it taught,
the concepts or claims it supports, challenges or qualifies, evidence) about an action,
new or already recorded; :func:`record_lesson` checks it in plain words
(:meth:`LessonInput.problems`), finds or creates the writer's member record
(:mod:`graph.practice.members`) and makes **one** :meth:`~graph.store.PraxisStore.write`:
SHACL-validated, one transaction, all or nothing. The store's generation then moves on,
so every page's cached data refreshes and the new lesson shows at once.

Rules (the permission table is :mod:`graph.access`):

- Visitors write nothing. A member edits or withdraws only the lessons whose
  ``dct:creator`` is a member record with their nickname; an organiser may change any.
- A lesson takes its action's visibility unless one is chosen.
- Editing keeps history: the previous version becomes a snapshot (:meth:`Lesson.snapshot`),
  a ``prov:Entity`` linked from the lesson by ``prov:wasRevisionOf`` and closed with
  ``prov:invalidatedAtTime``. The snapshot keeps its stances with CiTO's own terms
  (``cito:supports``, ``cito:disputes``, ``cito:qualifies``) and its action with
  ``prov:wasDerivedFrom``, so no query over ``prx:`` terms counts an old version as a
  lesson, while the history stays readable as standard RDF. The author and the date
  recorded stay those of the first version; the audit log says who edited.
- Withdrawing adds ``prx:withdrawn true`` and ``prov:invalidatedAtTime``; nothing is
  deleted, so claim versions that a lesson prompted keep their history.

>>> for problem in LessonInput(title="", taught="x", tags=()).problems():
...     print(problem)
Give the lesson a title.
Tag at least one concept or claim that the lesson supports, challenges or qualifies.
Choose the action the lesson comes from, or describe a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require, require_level, require_owner
from graph.errors import BadInput
from graph.namespaces import DCTERMS, PROV, PRX, RDF, RDFS, XSD
from graph.practice.actions import ActionInput, action_statements
from graph.practice.actions import action as find_action
from graph.practice.members import member_for, own_records
from graph.practice.records import (
    date_literal,
    level_of,
    new_iri,
    now_literal,
    refuse,
    statements,
    text_literal,
)
from graph.practice.stance import Stance
from graph.store import PraxisStore, Statement

__all__ = [
    "LESSONS_LISTED",
    "Lesson",
    "LessonInput",
    "LessonPage",
    "LessonRow",
    "Tag",
    "edit_lesson",
    "get_lesson",
    "list_lessons",
    "recent_lessons",
    "record_lesson",
    "restore_lesson",
    "withdraw_lesson",
]


@dataclass(frozen=True)
class Tag:
    """One link from a lesson to theory: ``stance`` a concept or claim."""

    stance: Stance
    target: URIRef


@dataclass(frozen=True)
class LessonInput:
    """What a member writes about an action: title, account, teaching, tags, evidence."""

    title: str
    taught: str
    tags: tuple[Tag, ...]
    what_happened: str = ""
    evidence: str = ""
    action: URIRef | None = None
    visibility: Visibility | None = None

    def problems(self, *, new_action: bool = False) -> list[str]:
        found = []
        if not self.title.strip():
            found.append("Give the lesson a title.")
        if not self.taught.strip():
            found.append("Say what the action taught.")
        if not self.tags:
            found.append(
                "Tag at least one concept or claim that the lesson supports, challenges or qualifies."
            )
        if len({tag.target for tag in self.tags}) < len(self.tags):
            found.append("Tag each concept or claim once, with the one stance that fits best.")
        if self.action is None and not new_action:
            found.append("Choose the action the lesson comes from, or describe a new one.")
        return found

    def statements(
        self,
        iri: URIRef,
        *,
        action: URIRef,
        creator: URIRef,
        created: dt.date,
        level: Visibility,
        revision_of: URIRef | None = None,
        withdrawn_at: Literal | None = None,
    ) -> list[Statement]:
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, PRX.Lesson),
            (RDFS.label, text_literal(self.title)),
            (DCTERMS.description, text_literal(self.taught)),
            (PRX.whatHappened, text_literal(self.what_happened) if self.what_happened.strip() else None),
            (PRX.evidence, text_literal(self.evidence) if self.evidence.strip() else None),
            (PRX.fromAction, action),
            (DCTERMS.created, date_literal(created)),
            (DCTERMS.creator, creator),
            (PRX.visibility, level.concept),
            (PROV.wasRevisionOf, revision_of),
        ]
        pairs += [(tag.stance.predicate, tag.target) for tag in self.tags]
        if withdrawn_at is not None:
            pairs += [(PRX.withdrawn, Literal(True)), (PROV.invalidatedAtTime, withdrawn_at)]
        return statements(iri, level, pairs)


@dataclass(frozen=True)
class Lesson:
    """A lesson as stored, read back for display, editing and history."""

    iri: URIRef
    title: str
    taught: str
    action: URIRef | None
    tags: tuple[Tag, ...]
    created: dt.date | None
    creator: URIRef | None
    visibility: Visibility
    what_happened: str = ""
    evidence: str = ""
    withdrawn: bool = False
    withdrawn_at: str | None = None
    revision_of: URIRef | None = None

    @classmethod
    def from_rows(cls, iri: URIRef, rows: Iterable[dict]) -> Lesson:
        """Build from ``record_lesson`` rows (``p``, ``o`` as Python values)."""
        values: dict[str, list] = {}
        for row in rows:
            values.setdefault(str(row["p"]), []).append(row["o"])

        def one(predicate: URIRef, default=None):
            found = values.get(str(predicate))
            return found[0] if found else default

        tags = tuple(
            Tag(stance, target)
            for stance in Stance
            for target in sorted(values.get(str(stance.predicate), []))
        )
        level = one(PRX.visibility)
        return cls(
            iri=iri,
            title=str(one(RDFS.label, "")),
            taught=str(one(DCTERMS.description, "")),
            action=one(PRX.fromAction),
            tags=tags,
            created=one(DCTERMS.created),
            creator=one(DCTERMS.creator),
            visibility=Visibility.from_concept(level) if level else Visibility.MEMBERS,
            what_happened=str(one(PRX.whatHappened, "")),
            evidence=str(one(PRX.evidence, "")),
            withdrawn=bool(one(PRX.withdrawn, False)),
            withdrawn_at=one(PROV.invalidatedAtTime),
            revision_of=one(PROV.wasRevisionOf),
        )

    def as_input(self) -> LessonInput:
        return LessonInput(
            title=self.title,
            taught=self.taught,
            tags=self.tags,
            what_happened=self.what_happened,
            evidence=self.evidence,
            action=self.action,
            visibility=self.visibility,
        )

    def snapshot(self, iri: URIRef) -> list[Statement]:
        """This version as an earlier version (see the module notes), closed now."""
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, PROV.Entity),
            (RDFS.label, Literal(self.title)),
            (DCTERMS.description, Literal(self.taught)),
            (PRX.whatHappened, Literal(self.what_happened) if self.what_happened else None),
            (PRX.evidence, Literal(self.evidence) if self.evidence else None),
            (PROV.wasDerivedFrom, self.action),
            (DCTERMS.created, date_literal(self.created) if self.created else None),
            (DCTERMS.creator, self.creator),
            (PROV.invalidatedAtTime, now_literal()),
            (PROV.wasRevisionOf, self.revision_of),
            (PRX.visibility, self.visibility.concept),
        ]
        pairs += [(tag.stance.earlier, tag.target) for tag in self.tags]
        return statements(iri, self.visibility, pairs)


def record_lesson(
    store: PraxisStore,
    viewer: Viewer,
    lesson: LessonInput,
    *,
    action: ActionInput | None = None,
    once: str | None = None,
) -> URIRef:
    """Record what an action taught; return the lesson's IRI.

    ``action`` describes a new action, written in the same transaction as the
    lesson; otherwise ``lesson.action`` names an existing one. ``once`` is the form's
    key: saving the same form again records nothing and returns the same IRI."""
    require(viewer, Permission.RECORD_LESSON)
    refuse(lesson.problems(new_action=action is not None), "lesson")
    written: list[Statement] = []
    if action is not None:
        action_iri, action_level, written = action_statements(store, viewer, action)
    else:
        found = find_action(store, viewer, lesson.action)
        if found is None:
            raise BadInput(
                f"The action {lesson.action} cannot be found; pick one from the list.", source="lesson"
            )
        action_iri, action_level = found.iri, found.visibility
    level = lesson.visibility or action_level
    require_level(viewer, level, "lesson")
    creator = member_for(store, viewer)
    iri = new_iri("lesson", once)
    written += lesson.statements(
        iri, action=action_iri, creator=creator, created=dt.date.today(), level=level
    )
    store.write(written, viewer=viewer, once=once)
    return iri


def get_lesson(store: PraxisStore, viewer: Viewer, iri: URIRef) -> Lesson | None:
    """The lesson ``iri`` as ``viewer`` sees it, or ``None``."""
    rows = store.select("record_lesson", viewer, lesson=iri)
    return Lesson.from_rows(iri, rows) if rows else None


def _own(store: PraxisStore, viewer: Viewer, iri: URIRef) -> Lesson:
    """The lesson ``iri``, if ``viewer`` may change it (:mod:`graph.access`: role, then owner)."""
    require(viewer, Permission.CHANGE_LESSON)
    current = get_lesson(store, viewer, iri)
    if current is None:
        raise BadInput(f"There is no lesson {iri} that you can see.", source="lesson")
    require_owner(viewer, owned=current.creator in own_records(store, viewer), what="lessons")
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
    refuse(edited.problems(), "lesson")
    if edited == current.as_input():
        return iri
    require_level(viewer, edited.visibility, "lesson")
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


def restore_lesson(store: PraxisStore, viewer: Viewer, iri: URIRef) -> None:
    """Take a withdrawal back (the explorer offers it for a while after withdrawing): the
    lesson counts again, as it was. The same people may do it as may withdraw it."""
    current = _own(store, viewer, iri)
    if not current.withdrawn:
        return
    restored = current.as_input().statements(
        iri,
        action=current.action,
        creator=current.creator,
        created=current.created or dt.date.today(),
        level=current.visibility,
        revision_of=current.revision_of,
    )
    store.write(restored, viewer=viewer, replace=[iri])


#: How many of everyone's lessons the organiser's list shows (``record_lessons_recent.rq``
#: reads one more: its LIMIT).
LESSONS_LISTED = 200


@dataclass(frozen=True)
class LessonRow:
    iri: URIRef
    title: str
    created: dt.date | None
    creator: URIRef
    nickname: str
    action: URIRef | None
    action_label: str
    visibility: Visibility
    withdrawn: bool


@dataclass(frozen=True)
class LessonPage:
    """Some lessons, newest first, and whether there are more than listed."""

    lessons: tuple[LessonRow, ...]
    more: bool


def list_lessons(store: PraxisStore, viewer: Viewer, *, creator: URIRef | None = None) -> list[LessonRow]:
    """Lessons (of one member when ``creator`` is given), newest first."""
    bindings = {"creator": creator} if creator is not None else {}
    return _lesson_rows(store.select("record_lessons", viewer, **bindings))


def recent_lessons(store: PraxisStore, viewer: Viewer) -> LessonPage:
    """The :data:`LESSONS_LISTED` most recent lessons of everyone, newest first."""
    picked = [row["lesson"] for row in store.select("record_lessons_recent", viewer)]
    kept = tuple(dict.fromkeys(picked))[:LESSONS_LISTED]
    found = _lesson_rows(store.select("record_lessons", viewer, lesson=kept)) if kept else []
    return LessonPage(tuple(found), more=len(set(picked)) > LESSONS_LISTED)


def _lesson_rows(rows: list[dict]) -> list[LessonRow]:
    found = {}
    for row in rows:
        found.setdefault(
            row["lesson"],
            LessonRow(
                iri=row["lesson"],
                title=str(row["title"] or ""),
                created=row["created"] if isinstance(row["created"], dt.date) else None,
                creator=row["creator"],
                nickname=str(row["nickname"] or ""),
                action=row["action"],
                action_label=str(row["actionLabel"] or ""),
                visibility=level_of(row["visibility"], Visibility.MEMBERS),
                withdrawn=bool(row["withdrawn"]),
            ),
        )
    return sorted(found.values(), key=lambda r: (r.created or dt.date.min, r.title), reverse=True)
