"""What the benchmark asks of the graph: named queries, capabilities and a lesson write.

Capabilities live in modules other helpers are still writing, so each is
imported when it is measured; a module or function that is not there yet is
reported as "n/a" rather than failing the run. Every call reads as an
organiser, who sees all three graphs: the largest answer, so the worst case.

Named queries that need bindings say so in their first comment
(``# ... (bind ?concept) ...``); the benchmark binds the variables it knows
(:data:`BY_VARIABLE`, from the generated dataset's landmarks, with
:data:`BY_QUERY` for the few that need something specific) and skips the rest,
saying which variable it lacked.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from graph import queries
from graph.access import Viewer, Visibility
from graph.namespaces import DATA, DCTERMS, PRX, RDF, RDFS, XSD
from graph.store import PraxisStore, Statement

__all__ = [
    "BY_QUERY",
    "BY_VARIABLE",
    "CAPABILITIES",
    "READER",
    "WRITER",
    "Capability",
    "bindings_for",
    "lesson_statements",
    "needed_variables",
]

#: Who reads: the organiser sees everything.
READER = Viewer.organiser("bench")
#: Who records lessons: a member, as in the explorer.
WRITER = Viewer.member("bench")

#: Landmark (or constant) bound to a query variable of that name.
BY_VARIABLE: dict[str, str | URIRef | Literal] = {
    "node": "concept",
    "concept": "concept",
    "target": "concept",
    "topic": "concept",
    "focus": "concept",
    "campaign": "campaign",
    "action": "action",
    "lesson": "lesson",
    "member": "member",
    "creator": "member",
    "reading": "reading",
    "claim": "claim",
    "indicator": "indicator",
    "scheme": "scheme",
    "method": "method",
    "organisation": "organisation",
    "record": "lesson",
    "iri": "lesson",
    "kind": PRX.Lesson,
    "class": PRX.Concept,
    "stance": PRX.challenges,
    "status": PRX.Active,
    "text": Literal("rent strike"),
    "search": Literal("rent strike"),
    "words": Literal("rent strike"),
}
#: Per-query bindings where the variable's name is not enough.
BY_QUERY: dict[str, dict[str, str | URIRef | Literal]] = {
    "label_of": {"node": "lesson"},
}

_BIND = re.compile(r"\bbind\s+((?:\?\w+[\s,]*(?:and\s+|or\s+)?)+)", re.IGNORECASE)


def needed_variables(name: str) -> list[str]:
    """Variables the comment of ``graph/queries/<name>.rq`` asks to bind."""
    comment = "\n".join(
        line
        for line in (queries.HERE / f"{name}.rq").read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith("#")
    )
    found: list[str] = []
    for match in _BIND.finditer(comment):
        found += [v for v in re.findall(r"\?(\w+)", match.group(1)) if v not in found]
    return found


def bindings_for(name: str, landmarks: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
    """Bindings for a named query, or ``None`` and the reason it is skipped."""
    values: dict[str, Any] = {}
    for variable in needed_variables(name):
        chosen = BY_QUERY.get(name, {}).get(variable, BY_VARIABLE.get(variable))
        if chosen is None:
            return None, f"needs ?{variable}, which the benchmark does not know how to bind"
        if not isinstance(chosen, (URIRef, Literal)):  # the name of a landmark
            chosen = URIRef(landmarks[chosen])
        values[variable] = chosen
    note = ", ".join(f"?{k}={_short(v)}" for k, v in values.items())
    return values, note


@dataclass(frozen=True)
class Capability:
    """A capability measured by name: its module and how to call it."""

    name: str
    module: str
    call: Callable[[Any, PraxisStore, dict[str, str]], Any]
    what: str

    def load(self) -> tuple[Any | None, str]:
        """The module, or ``None`` and why not."""
        try:
            return importlib.import_module(self.module), ""
        except ImportError as error:
            return None, f"{self.module} is not there yet ({error})"


def _suggest(module: Any, store: PraxisStore, marks: dict[str, str]) -> Any:
    return module.suggest(store, READER, campaign=URIRef(marks["campaign"]), top=10)


def _tensions(module: Any, store: PraxisStore, marks: dict[str, str]) -> Any:
    return module.rank(store, READER)


def _taught(module: Any, store: PraxisStore, marks: dict[str, str]) -> Any:
    return module.answer(store, READER, module.Question(concept=URIRef(marks["concept"])))


def _concept_map(module: Any, store: PraxisStore, marks: dict[str, str]) -> Any:
    return module.build_concept_map(store, READER, focus=URIRef(marks["concept"]), depth=2)


def _record_lesson(module: Any, store: PraxisStore, marks: dict[str, str]) -> Any:
    inputs = importlib.import_module("graph.inputs")
    lesson = inputs.LessonInput(
        title="Door-knocking brought neighbours to the picket",
        taught="Personal invitations worked better than leaflets.",
        tags=(inputs.Tag(inputs.Stance.CHALLENGES, URIRef(marks["concept"])),),
        evidence="Twelve of the fifteen who came had been visited.",
        action=URIRef(marks["action"]),
    )
    return module.record_lesson(store, WRITER, lesson)


CAPABILITIES = [
    Capability("tensions", "graph.tensions", _tensions, "tensions.rank (every concept and claim)"),
    Capability("suggest", "graph.suggest", _suggest, "suggest(campaign=an active campaign, top=10)"),
    Capability("taught", "graph.taught", _taught, "taught.answer(Question(concept=the busiest concept))"),
    Capability(
        "concept_map", "graph.viz", _concept_map, "viz.build_concept_map(focus=that concept, depth=2)"
    ),
    Capability("record_lesson", "graph.records", _record_lesson, "records.record_lesson (the member's path)"),
]


def lesson_statements(marks: dict[str, str], number: int) -> tuple[URIRef, list[Statement]]:
    """A new members-only lesson on the landmark action, built like ``tests/data.py``'s."""
    iri = DATA[f"lesson-b{number:05x}"]
    level = Visibility.MEMBERS
    return iri, [
        Statement(iri, RDF.type, PRX.Lesson, level),
        Statement(
            iri, RDFS.label, Literal(f"Door-knocking brought neighbours to the picket ({number})"), level
        ),
        Statement(
            iri, DCTERMS.description, Literal("Personal invitations worked better than leaflets."), level
        ),
        Statement(iri, PRX.evidence, Literal("Twelve of the fifteen who came had been visited."), level),
        Statement(iri, PRX.fromAction, URIRef(marks["action"]), level),
        Statement(iri, PRX.challenges, URIRef(marks["concept"]), level),
        Statement(iri, DCTERMS.created, Literal(dt.date(2025, 3, 14).isoformat(), datatype=XSD.date), level),
        Statement(iri, DCTERMS.creator, URIRef(marks["member"]), level),
        Statement(iri, PRX.visibility, level.concept, level),
    ]


def _short(value: Any) -> str:
    text = str(value)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if isinstance(value, URIRef) else repr(text)
