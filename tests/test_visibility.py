"""Nothing above a viewer's level reaches them, through any door (property-based).

Random records get random visibility levels and a marker in every text field
(``MARK-members-3``). For each role, every output is searched for markers of a
level the role may not see: query results, every export format, statistics, and
each capability of the library that exists (tensions, suggestions, what was
taught, the concept map). A published site (``praxis publish``) is for everyone,
whoever publishes it, so it is searched for every marker above public.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal

from explorer import map_drawing
from graph import strategy, theory, views
from graph.access import Role, Viewer, Visibility
from graph.io.exports import ExportFormat, export
from graph.namespaces import DCTERMS, PRX, RDFS, VOCAB
from graph.publish import publish
from graph.store import Statement, open_store
from graph.suggest import suggest
from tests import data

LEVELS = list(Visibility)
VIEWERS = {
    Role.VISITOR: Viewer.visitor(),
    Role.MEMBER: Viewer.member("wren"),
    Role.ORGANISER: Viewer.organiser(),
}
CONCEPTS = [VOCAB["capitalism"], VOCAB["patriarchy"], VOCAB["grassroots-organising"], VOCAB["racism"]]


def marker(level: Visibility, number: int) -> str:
    return f"MARK-{level.value}-{number}"


records = st.lists(
    st.tuples(st.sampled_from(LEVELS), st.sampled_from(LEVELS), st.sampled_from(CONCEPTS), st.booleans()),
    min_size=1,
    max_size=6,
)


def build(store, spec) -> None:
    """Each item: an action at one level and a lesson on it at another."""
    author, statements = data.member(visibility=Visibility.MEMBERS)
    for number, (action_level, lesson_level, concept, challenge) in enumerate(spec):
        action, action_statements = data.action(action_level)
        action_statements = [s for s in action_statements if s.predicate != RDFS.label]
        action_statements.append(
            Statement(action, RDFS.label, Literal(marker(action_level, number)), action_level)
        )
        lesson, lesson_statements = data.lesson(
            action,
            author,
            visibility=lesson_level,
            target=concept,
            stance=PRX.challenges if challenge else PRX.supports,
            title=marker(lesson_level, number),
        )
        lesson_statements = [s for s in lesson_statements if s.predicate != DCTERMS.description]
        lesson_statements.append(
            Statement(
                lesson, DCTERMS.description, Literal(f"text {marker(lesson_level, number)}"), lesson_level
            )
        )
        statements += action_statements + lesson_statements
    store.write(statements, viewer=Viewer.organiser())


def forbidden(role: Role, spec) -> list[str]:
    hidden = [level for level in LEVELS if level.rank > role.ceiling.rank]
    marks = []
    for number, (action_level, lesson_level, _, _) in enumerate(spec):
        marks += [marker(level, number) for level in (action_level, lesson_level) if level in hidden]
    return marks


def outputs(store, viewer) -> dict[str, str]:
    """Everything a viewer can get out of the library, as text."""
    found = {
        "query": store.user_query("SELECT * WHERE { ?s ?p ?o }", viewer).decode(),
        "stats": json.dumps(store.stats(viewer)),
    }
    for fmt in ExportFormat:
        if fmt is ExportFormat.CSV:
            for kind in ("readings", "actions", "lessons", "assessments"):
                found[f"export-csv-{kind}"] = export(store, fmt, viewer=viewer, kind=kind).decode()
        else:
            found[f"export-{fmt.value}"] = export(store, fmt, viewer=viewer).decode()
    found["tensions"] = repr(theory.rank(store, viewer))
    found["suggest"] = repr(suggest(store, viewer, text="organising rent picket", top=20))
    found["taught"] = repr(strategy.answer(store, viewer, strategy.Question()))
    view = views.neighbourhood(store, viewer, VOCAB["capitalism"], depth=2)
    found["map"] = json.dumps(map_drawing.draw(view).data)
    return found


def published(store) -> str:
    """Every file of the site ``praxis publish`` writes, as one text."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        publish(store, site)
        return "\n".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*")) if p.is_file())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=records)
def test_no_output_shows_a_record_above_the_viewers_level(ontology_quads, spec):
    store = open_store("memory:")
    store.load_trusted(ontology_quads)
    build(store, spec)
    for role, viewer in VIEWERS.items():
        marks = forbidden(role, spec)
        for door, text in outputs(store, viewer).items():
            leaked = [m for m in marks if m in text]
            assert not leaked, f"{role.value} saw {leaked} through {door}"
    leaked = [m for m in forbidden(Role.VISITOR, spec) if m in published(store)]
    assert not leaked, f"the published site holds {leaked}"


def test_a_visitors_statements_are_all_in_the_public_graph(ontology_quads):
    store = open_store("memory:")
    store.load_trusted(ontology_quads)
    build(store, [(Visibility.MEMBERS, Visibility.RESTRICTED, CONCEPTS[0], True)])
    graphs = {q.graph_name for q in store.quads(Viewer.visitor())}
    assert graphs == {ox.NamedNode(str(Visibility.PUBLIC.graph))}
    assert not store.select("lessons_all", Viewer.visitor())
    assert len(store.select("lessons_all", Viewer.organiser())) == 1


def test_markers_do_reach_those_allowed(ontology_quads):
    """Guard against a test that passes because nothing is shown at all."""
    store = open_store("memory:")
    store.load_trusted(ontology_quads)
    spec = [
        (Visibility.RESTRICTED, Visibility.MEMBERS, CONCEPTS[0], False),
        (Visibility.PUBLIC, Visibility.PUBLIC, CONCEPTS[1], False),
    ]
    build(store, spec)
    text = outputs(store, Viewer.organiser())["query"]
    assert marker(Visibility.RESTRICTED, 0) in text and marker(Visibility.MEMBERS, 0) in text
    assert marker(Visibility.PUBLIC, 1) in published(store)


PAGE_SPEC = [
    (Visibility.RESTRICTED, Visibility.RESTRICTED, CONCEPTS[0], True),
    (Visibility.MEMBERS, Visibility.MEMBERS, CONCEPTS[1], True),
    (Visibility.PUBLIC, Visibility.MEMBERS, CONCEPTS[2], False),
    (Visibility.MEMBERS, Visibility.RESTRICTED, CONCEPTS[3], True),
    (Visibility.PUBLIC, Visibility.PUBLIC, CONCEPTS[0], False),
]


@pytest.fixture
def marked_app_store(app_store):
    """The seeded store the pages open, plus records with markers at every level."""
    store = open_store(app_store)
    build(store, PAGE_SPEC)
    del store
    return app_store


def page_text(app) -> str:
    """Everything an AppTest run put on the page, as one text."""
    parts = []
    for element in app._tree:
        for node in _walk(element):
            for attribute in ("value", "label", "body", "options", "proto"):
                parts.append(str(getattr(node, attribute, "")))
    return "\n".join(parts)


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


@pytest.mark.parametrize("role", [Role.VISITOR, Role.MEMBER])
def test_no_page_shows_a_record_above_the_viewers_level(marked_app_store, page, role):
    from explorer.navigation import PAGES

    marks = forbidden(role, PAGE_SPEC)
    allowed_marks = [
        m
        for m in (marker(level, n) for n, spec in enumerate(PAGE_SPEC) for level in spec[:2])
        if m not in marks
    ]
    seen_allowed = False
    for spec in PAGES:
        app = page(spec.file.removesuffix(".py"), VIEWERS[role])
        assert not app.exception, spec.file
        text = page_text(app)
        leaked = [m for m in marks if m in text]
        assert not leaked, f"{role.value} saw {leaked} on {spec.file}"
        seen_allowed = seen_allowed or any(m in text for m in allowed_marks)
    assert seen_allowed, "no page showed even the records this role may see"


@pytest.mark.parametrize("role", ["visitor", "member"])
def test_no_command_shows_a_record_above_the_viewers_level(marked_app_store, run_praxis, role, tmp_path):
    marks = forbidden(Role(role), PAGE_SPEC)
    commands = [
        ("query", "-e", "SELECT * WHERE { ?s ?p ?o }"),
        ("export", "--format", "nq"),
        ("tensions", "--format", "json"),
        ("taught", "--format", "json"),
        ("suggest", "--text", "organising rent picket", "--format", "json"),
        ("sessions", "--format", "json"),
        ("skills", "--format", "json"),
    ]
    for command in commands:
        result = run_praxis("--as", role, *command, store=marked_app_store)
        assert result.returncode == 0, (command, result.stderr.decode())
        leaked = [m for m in marks if m.encode() in result.stdout]
        assert not leaked, f"{role} saw {leaked} through praxis {command[0]}"
    # publish writes files, and only ever the public graph, whoever runs it
    site = tmp_path / "site"
    result = run_praxis("--as", role, "publish", str(site), store=marked_app_store)
    assert result.returncode == 0, result.stderr.decode()
    written = b"".join(path.read_bytes() for path in site.rglob("*") if path.is_file())
    leaked = [m for m in forbidden(Role.VISITOR, PAGE_SPEC) if m.encode() in written]
    assert not leaked, f"praxis publish (run as {role}) wrote {leaked}"
