"""Shapes tested as data: every ``*-valid.ttl`` conforms, every ``*-invalid-NN.ttl``
fails with the message its first line promises."""

from __future__ import annotations

import pytest
from rdflib import Graph

from graph.namespaces import RDF, SH
from graph.store import shapes, validate_graph
from tests.data import SHAPES_DIR

VALID = sorted(SHAPES_DIR.glob("*-valid.ttl"))
INVALID = sorted(SHAPES_DIR.glob("*-invalid-*.ttl"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_conforms(path):
    assert validate_graph(Graph().parse(path)) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_with_its_message(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: <message>'"
    expected = first.removeprefix("# expect: ").strip()
    findings = validate_graph(Graph().parse(path))
    assert expected in {f.message for f in findings}, findings


def test_every_shape_has_a_valid_and_an_invalid_example():
    names = {str(s).rsplit("#", 1)[-1] for s in shapes().subjects(RDF.type, SH.NodeShape)}
    assert names, "no node shapes found"
    for name in names:
        assert (SHAPES_DIR / f"{name}-valid.ttl").exists(), name
        assert list(SHAPES_DIR.glob(f"{name}-invalid-*.ttl")), name


def test_every_constraint_speaks_to_a_member():
    graph = shapes()
    for shape in graph.subjects(RDF.type, SH.NodeShape):
        for prop in graph.objects(shape, SH.property):
            assert graph.value(prop, SH.message), f"{shape} has a property constraint without sh:message"
