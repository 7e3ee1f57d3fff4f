"""What the benchmark asks of the graph: named queries, capabilities and a lesson write.

Each capability is one call into the library, as the explorer makes it. Every call
reads as an organiser, who sees all three graphs: the largest answer, so the worst case.

Named queries that need bindings say so in their first comment
(``# ... (bind ?concept) ...``); the benchmark binds the variables it knows
(:data:`BY_VARIABLE`, from the generated dataset's landmarks, with
:data:`BY_QUERY` for the few that need something specific) and skips the rest,
saying which variable it lacked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from explorer.map_drawing import draw, draw_clusters
from graph import practice, strategy, theory, views
from graph.access import Viewer, Visibility
from graph.labels import local_name
from graph.namespaces import DATA, DCTERMS, PRX, RDF, RDFS, XSD
from graph.store import PraxisStore, Statement, queries
from graph.suggest import suggest
from graph.views.map_clusters import cluster
from graph.views.records import local_graph, record
from graph.views.search import SearchIndex, search

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
    """Variables the comment of ``graph/store/queries/<name>.rq`` asks to bind."""
    comment = "\n".join(line for line in queries.load(name).splitlines() if line.lstrip().startswith("#"))
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
    """A capability measured by name: how to call it, and what the call is in words."""

    name: str
    call: Callable[[PraxisStore, dict[str, str]], Any]
    what: str


def _suggest(store: PraxisStore, marks: dict[str, str]) -> Any:
    return suggest(store, READER, campaign=URIRef(marks["campaign"]), top=10)


#: A new campaign typed as a strategy session would type it (the issue's own example).
DESCRIPTION = (
    "A rent strike in student halls against above-inflation rent rises: tenants organising "
    "door to door, with a strike fund and a plan for evictions."
)


def _suggest_text(store: PraxisStore, marks: dict[str, str]) -> Any:
    return suggest(store, READER, text=DESCRIPTION, top=10)


def _tensions(store: PraxisStore, marks: dict[str, str]) -> Any:
    return theory.rank(store, READER)


def _taught(store: PraxisStore, marks: dict[str, str]) -> Any:
    return strategy.answer(store, READER, strategy.Question(concept=URIRef(marks["concept"])))


def _concept_map(store: PraxisStore, marks: dict[str, str]) -> Any:
    return draw(views.neighbourhood(store, READER, URIRef(marks["concept"]), depth=2))


def _map_opening(store: PraxisStore, marks: dict[str, str]) -> Any:
    return draw_clusters(cluster(views.whole_map(store, READER)))


def _search(store: PraxisStore, marks: dict[str, str]) -> Any:
    return search(store, READER, "rent str")  # the index is kept: what each keystroke costs


def _search_index(store: PraxisStore, marks: dict[str, str]) -> Any:
    return SearchIndex.build(store, READER).find("rent str")  # after an import: built again


def _record_page(store: PraxisStore, marks: dict[str, str]) -> Any:
    concept = URIRef(marks["concept"])
    return record(store, READER, concept), local_graph(store, READER, concept)


def _record_lesson(store: PraxisStore, marks: dict[str, str]) -> Any:
    lesson = practice.LessonInput(
        title="Door-knocking brought neighbours to the picket",
        taught="Personal invitations worked better than leaflets.",
        tags=(practice.Tag(practice.Stance.CHALLENGES, URIRef(marks["concept"])),),
        evidence="Twelve of the fifteen who came had been visited.",
        action=URIRef(marks["action"]),
    )
    return practice.record_lesson(store, WRITER, lesson)


def _library_queue(store: PraxisStore, marks: dict[str, str]) -> Any:
    from graph.library.queue import suggest_concepts

    readings = sorted(row["reading"] for row in store.select("reading_all", READER))[:100]
    return suggest_concepts(store, READER, readings)


CAPABILITIES = [
    Capability("tensions", _tensions, "theory.rank (every concept and claim)"),
    Capability("suggest", _suggest, "suggest(campaign=an active campaign, top=10)"),
    Capability("suggest_text", _suggest_text, "suggest(text=a new campaign in words, top=10), warm"),
    Capability("taught", _taught, "strategy.answer(Question(concept=the busiest concept))"),
    Capability("concept_map", _concept_map, "map_drawing.draw(views.neighbourhood(that concept, depth=2))"),
    Capability("map_opening", _map_opening, "the map's opening view: whole_map, its clusters, drawn"),
    Capability("search", _search, "views.search('rent str'), index kept (one keystroke)"),
    Capability("search_index", _search_index, "SearchIndex.build + find (the first search after an import)"),
    Capability("record_page", _record_page, "records.record + local_graph of the busiest concept"),
    Capability("record_lesson", _record_lesson, "practice.record_lesson (the member's path)"),
    Capability("library_queue", _library_queue, "library.queue.suggest_concepts for 100 readings"),
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
    return local_name(value) if isinstance(value, URIRef) else repr(str(value))
