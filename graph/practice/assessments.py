"""Assessments: an action judged against one of the chapter's indicators, on one scale.

Assessors may disagree: each assessor keeps one assessment per action and indicator
(assessing again replaces one's own), and nobody else's is touched. An assessment
takes its action's visibility unless one is chosen.

>>> SCORE_LABELS[-2], SCORE_LABELS[2]
('set us back', 'clearly advanced')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require, require_level
from graph.errors import BadInput
from graph.namespaces import DCTERMS, PRX, RDF, RDFS
from graph.practice.actions import action as find_action
from graph.practice.forms import indicators
from graph.practice.members import member_for
from graph.practice.records import date_literal, new_iri, refuse, statements, text_literal
from graph.store import PraxisStore, Statement

__all__ = ["SCORE_LABELS", "AssessmentInput", "AssessmentRow", "list_assessments", "record_assessment"]


#: The assessment scale: one mapping for the page, the CSV templates and the docs.
SCORE_LABELS: dict[int, str] = {
    -2: "set us back",
    -1: "held us back",
    0: "no effect",
    1: "helped",
    2: "clearly advanced",
}


@dataclass(frozen=True)
class AssessmentInput:
    """One assessor's judgement of an action against one indicator."""

    action: URIRef | None
    indicator: URIRef | None
    score: int | None
    evidence: str = ""
    title: str = ""
    visibility: Visibility | None = None

    def problems(self) -> list[str]:
        found = []
        if self.action is None:
            found.append("Choose the action you are assessing.")
        if self.indicator is None:
            found.append("Choose the indicator you are judging the action against.")
        if self.score not in SCORE_LABELS:
            scale = ", ".join(f"{score:+d} {label}" for score, label in SCORE_LABELS.items())
            found.append(f"Choose a score on the scale: {scale}.")
        return found

    def statements(
        self, iri: URIRef, *, creator: URIRef, created: dt.date, level: Visibility, label: str
    ) -> list[Statement]:
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, PRX.Assessment),
            (RDFS.label, text_literal(self.title or label)),
            (PRX.assessedAction, self.action),
            (PRX.indicator, self.indicator),
            (PRX.score, Literal(int(self.score or 0))),
            (PRX.evidence, text_literal(self.evidence) if self.evidence.strip() else None),
            (DCTERMS.created, date_literal(created)),
            (DCTERMS.creator, creator),
            (PRX.visibility, level.concept),
        ]
        return statements(iri, level, pairs)


@dataclass(frozen=True)
class AssessmentRow:
    iri: URIRef
    action: URIRef
    indicator: URIRef | None
    indicator_label: str
    score: int | None
    evidence: str
    creator: URIRef | None
    nickname: str
    created: dt.date | None

    @property
    def score_label(self) -> str:
        return SCORE_LABELS.get(self.score, "no score") if self.score is not None else "no score"


def list_assessments(
    store: PraxisStore, viewer: Viewer, *, action: URIRef | str | None = None
) -> list[AssessmentRow]:
    """Assessments (of one action when given); disagreeing assessors each keep a row."""
    bindings = {"action": URIRef(str(action))} if action is not None else {}
    found = {}
    for row in store.select("record_assessments", viewer, **bindings):
        found.setdefault(
            row["assessment"],
            AssessmentRow(
                iri=row["assessment"],
                action=row["action"],
                indicator=row["indicator"],
                indicator_label=str(row["indicatorLabel"] or row["indicator"] or ""),
                score=row["score"] if isinstance(row["score"], int) else None,
                evidence=str(row["evidence"] or ""),
                creator=row["creator"],
                nickname=str(row["nickname"] or ""),
                created=row["created"] if isinstance(row["created"], dt.date) else None,
            ),
        )
    return sorted(found.values(), key=lambda r: (r.indicator_label, r.nickname, str(r.iri)))


def record_assessment(
    store: PraxisStore, viewer: Viewer, assessment: AssessmentInput, *, once: str | None = None
) -> URIRef:
    """Record (or revise one's own) assessment of an action against an indicator.

    ``once`` is the form's key: saving the same form again changes nothing."""
    require(viewer, Permission.RECORD_ASSESSMENT)
    refuse(assessment.problems(), "assessment")
    found = find_action(store, viewer, assessment.action)
    if found is None:
        raise BadInput(
            f"The action {assessment.action} cannot be found; pick one from the list.", source="assessment"
        )
    level = assessment.visibility or found.visibility
    require_level(viewer, level, "assessment")
    creator = member_for(store, viewer)
    mine = [
        row.iri
        for row in list_assessments(store, viewer, action=found.iri)
        if row.creator == creator and row.indicator == assessment.indicator
    ]
    iri = mine[0] if mine else new_iri("assessment", once)
    indicator = {c.iri: c.label for c in indicators(store, viewer)}.get(assessment.indicator, "indicator")
    statements = assessment.statements(
        iri, creator=creator, created=dt.date.today(), level=level, label=f"{found.label}: {indicator}"
    )
    store.write(statements, viewer=viewer, replace=mine, once=once)
    return iri
