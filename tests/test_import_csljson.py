"""CSL-JSON (Zotero) import: items become readings; JSON that is not CSL is refused where it fails."""

from __future__ import annotations

import json

import pytest

from graph.access import Viewer
from graph.errors import BadInput
from graph.io.bibtex import import_bibtex
from graph.io.csljson import import_csljson
from graph.namespaces import BIBO, DATA, DCTERMS, PRX, RDF, SDO, VOCAB

ORGANISER = Viewer.organiser()

ZOTERO = [
    {
        "id": "http://zotero.org/users/1/items/AAA",
        "type": "book",
        "title": "Twitter and Tear Gas",
        "author": [{"family": "Tufekci", "given": "Zeynep"}],
        "issued": {"date-parts": [["2017"]]},
        "publisher": "Yale University Press",
        "ISBN": "978-0-300-21512-0 0300215126",
        "keyword": "Social movements, alternative media",
    },
    {
        "id": "BBB",
        "type": "article-journal",
        "title": "Mapping the Margins",
        "author": [{"family": "Crenshaw", "given": "Kimberlé"}],
        "issued": {"date-parts": [[1991, 7, 1]]},
        "container-title": "Stanford Law Review",
        "DOI": "10.2307/1229039",
        "abstract": "Intersectionality and violence against women of colour.",
        "keyword": "intersectionality",
    },
    {
        "id": "CCC",
        "type": "webpage",
        "title": "A guide to affinity groups",
        "author": [{"literal": "Seeds for Change"}],
        "URL": "https://www.seedsforchange.org.uk/affinity",
        "issued": {"raw": "2019"},
    },
]


def snapshot(store) -> set[str]:
    return {str(quad) for quad in store.quads(ORGANISER)}


def values(store, reading, predicate) -> list[str]:
    rows = store.select("record_table", ORGANISER, **{"class": PRX.Reading})
    return sorted(str(r["o"]) for r in rows if r["record"] == reading and r["p"] == predicate)


def run(store, text: str):
    return import_csljson(store, text.encode("utf-8"), viewer=ORGANISER, source="zotero.json")


def test_zotero_items_become_readings(store):
    report = run(store, json.dumps(ZOTERO, indent=2, ensure_ascii=False))
    assert (report.added, report.merged) == (3, 0)
    book = DATA["reading-tufekci-2017-twitter"]
    assert values(store, book, BIBO.isbn13) == ["9780300215120"]
    assert values(store, book, BIBO.isbn10) == ["0300215126"]
    assert values(store, book, PRX.discusses) == [str(VOCAB["alternative-media"])]
    assert values(store, book, DCTERMS.subject) == ["Social movements"]
    article = DATA["reading-crenshaw-1991-mapping"]
    assert values(store, article, PRX.authors) == ["Kimberlé Crenshaw"]
    assert values(store, article, DCTERMS.issued) == ["1991-07-01"]
    assert values(store, article, PRX.journal) == ["Stanford Law Review"]
    assert str(BIBO.AcademicArticle) in values(store, article, RDF.type)
    page = DATA["reading-seeds-for-change-2019-guide"]
    assert values(store, page, SDO.url) == ["https://www.seedsforchange.org.uk/affinity"]


def test_the_same_work_from_bibtex_and_zotero_is_one_reading(store):
    import_bibtex(
        store,
        b"@article{c, title={Mapping the margins}, year=1991, doi={10.2307/1229039}}",
        viewer=ORGANISER,
        source="c.bib",
    )
    report = run(store, json.dumps(ZOTERO[1:2]))
    assert (report.added, report.merged) == (0, 1)
    reading = DATA["reading-anon-1991-mapping"]
    assert values(store, reading, PRX.journal) == ["Stanford Law Review"]  # filled in
    assert values(store, reading, DCTERMS.title) == ["Mapping the margins"]  # not overwritten


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"items": []}', r"zotero.json, line 1: this is not CSL-JSON"),
        ('[\n  {"title": "No type"}\n]', r"zotero.json, line 2: item 1 has no \"type\""),
        ('[\n  {"type": "book",\n   "title": "Cut', r"zotero.json, line 3: this is not valid JSON"),
        (
            '[\n  {"type": "book", "title": "Unclosed"}',
            r"line 2: the file ends before the list of items is closed",
        ),
        ("[]", "the list of items is empty"),
        ("not json at all", r"line 1: this is not valid JSON"),
    ],
)
def test_json_that_is_not_csl_is_refused_where_it_fails(store, text, message):
    before = snapshot(store)
    with pytest.raises(BadInput, match=message):
        run(store, text)
    assert snapshot(store) == before


def test_problems_name_the_line_of_the_item(store):
    items = json.dumps([ZOTERO[2], {"type": "book", "title": "Bad ISBN", "ISBN": "12345"}], indent=2)
    report = run(store, items)
    [warning] = [w for w in report.warnings if "ISBN" in w.message]
    assert warning.line == items.splitlines().index("  {", 2) + 1  # the second item starts there


@pytest.mark.parametrize(
    ("field", "value"),
    [("abstract", "word " * (17 * 2**20 // 5)), ("URL", "https://example.org/" + "a" * (2 * 2**20))],
)
def test_a_field_over_the_value_limit_is_refused_with_its_line(store, field, value):
    """Issue 16, item 3: a member's 17 MB abstract was stored, and no backup could be restored."""
    before = snapshot(store)
    items = json.dumps([ZOTERO[0], {"type": "book", "title": "Huge", field: value}], indent=2)
    line = items.splitlines().index("  {", 2) + 1
    with pytest.raises(
        BadInput, match=rf"zotero\.json, line {line}: the field {field.lower()} is \d+\.\d MiB"
    ):
        run(store, items)
    assert snapshot(store) == before


def test_json_nested_too_deep_is_a_message_not_a_recursion_error(store):
    before = snapshot(store)
    for text in ("[" * 200_000, "[" + "[" * 200_000 + "]" * 200_001, '[{"type": ' + "[" * 100_000):
        with pytest.raises(BadInput, match=r"zotero\.json, line 1: this is not CSL-JSON: .* nested too deep"):
            run(store, text)
    assert snapshot(store) == before
