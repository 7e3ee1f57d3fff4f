"""Exports that other programs open: GraphML must always be well-formed XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from rdflib import Literal

from graph.access import Viewer
from graph.io.exports import ExportFormat, export, xml_text
from graph.namespaces import DATA, DCTERMS
from graph.store import Statement

ORGANISER = Viewer.organiser()
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.mark.parametrize(
    "text", ["NUL\x00here", "escape\x1b[31mred", "bell\x07, form\x0cfeed", "\ufffe\uffff"]
)
def test_a_control_character_in_a_literal_still_gives_valid_graphml(store, text):
    """Issue 16, item 5: a NUL in a literal made the GraphML export invalid XML."""
    reading = DATA["reading-controls"]
    title = Literal(f"{text} and a tab\tstays")
    store.write([Statement(reading, DCTERMS.title, title)], viewer=ORGANISER, validate=False)
    data = export(store, ExportFormat.GRAPHML, viewer=ORGANISER)
    root = ET.fromstring(data)  # raises on any character XML 1.0 forbids
    [node] = [node for node in root.iter(f"{GRAPHML}node") if node.get("id") == str(reading)]
    [label] = [element.text for element in node.iter(f"{GRAPHML}data")]
    assert label == xml_text(str(title)) and "\ufffd" in label and label.endswith("a tab\tstays")
