"""Citing reading lists: APA and Chicago via citeproc-py, BibTeX, CSL-JSON and its round trip."""

from __future__ import annotations

import json
import re

import pytest

from graph.access import Viewer, Visibility
from graph.io.bibtex import parse_bibtex
from graph.io.csljson import import_csljson
from graph.library import ReadingDraft, ReadingKind, add_reading
from graph.library.citations import (
    CitationStyle,
    bibliography,
    bibliography_html,
    bibtex,
    csl_items,
    csl_json,
    list_for_campaign,
    list_for_concept,
    list_for_session,
)
from graph.namespaces import DATA, VOCAB
from graph.suggest import mark_read
from graph.views.readings import reading_list

ORGANISER = Viewer.organiser()
VISITOR = Viewer.visitor()
WREN = Viewer.member("wren")
FREEMAN = DATA["reading-freeman-1972-tyranny-of-structurelessness"]


def _without_ids(items):
    """Items without their ids (an import mints new IRIs). A blog post by someone else is
    ``post-weblog``, which the CSL-JSON importer reads as a web page (graph.io.csljson)."""
    return [
        {k: ("webpage" if k == "type" and v == "post-weblog" else v) for k, v in item.items() if k != "id"}
        for item in items
    ]


def test_a_concepts_list_exports_as_csl_json_that_comes_back_the_same_from_an_empty_store(seeded, store):
    listed = list_for_concept(seeded, ORGANISER, VOCAB["grassroots-organising"])
    first = csl_items(seeded, ORGANISER, listed)
    assert len(first) == len(reading_list(seeded, ORGANISER, concept=VOCAB["grassroots-organising"])) > 3
    import_csljson(store, csl_json(first).encode(), viewer=ORGANISER, source="list.json")
    again = csl_items(store, ORGANISER, [r["reading"] for r in store.select("reading_all", ORGANISER)])
    key = lambda item: (item["title"], item.get("issued", {}).get("date-parts", [[0]])[0][0])  # noqa: E731
    assert sorted(_without_ids(again), key=key) == sorted(_without_ids(first), key=key)


def test_csl_json_carries_what_zotero_reads(seeded):
    iri = add_reading(
        seeded,
        WREN,
        ReadingDraft(
            "Mapping the Margins",
            authors=("Kimberlé Crenshaw",),
            year="1991-07-01",
            kind=ReadingKind.JOURNAL_ARTICLE,
            journal="Stanford Law Review",
            pages="1241-1299",
            doi="10.2307/1229039",
            language="en",
            discusses=(VOCAB["nvda"],),
        ),
    )
    (item,) = csl_items(seeded, WREN, [iri])
    assert item["type"] == "article-journal" and item["container-title"] == "Stanford Law Review"
    assert item["author"] == [{"family": "Crenshaw", "given": "Kimberlé"}]
    assert item["issued"] == {"date-parts": [[1991, 7, 1]]}
    assert item["page"] == "1241-1299" and item["DOI"] == "10.2307/1229039" and item["language"] == "en"
    assert "Nonviolent direct action" in item["keyword"] or "direct action" in item["keyword"].casefold()


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (CitationStyle.APA, "Freeman, J. (1972)."),
        (CitationStyle.CHICAGO, "Freeman, J. 1972."),
    ],
)
def test_apa_and_chicago_format_a_reading_as_their_styles_say(seeded, style, expected):
    (entry,) = bibliography(csl_items(seeded, ORGANISER, [FREEMAN]), style)
    assert entry.startswith(expected)
    assert "Tyranny of Structurelessness" in entry


def test_html_bibliographies_keep_hostile_titles_as_text(seeded):
    iri = add_reading(seeded, WREN, ReadingDraft("<script>alert(1)</script> & <b>bold</b>", authors=("A B",)))
    page = bibliography_html(csl_items(seeded, WREN, [iri]), CitationStyle.APA, title="<i>x</i>")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>" not in page


def test_bibtex_escapes_latex_and_parses_back_with_the_same_titles_and_authors(seeded):
    iri = add_reading(
        seeded,
        WREN,
        ReadingDraft(
            "Profits & 100% of #everything_now $5", authors=("Bruce Bueno de Mesquita", "IOPS London")
        ),
    )
    items = csl_items(seeded, WREN, [iri, FREEMAN])
    text = bibtex(items)
    raws = parse_bibtex(text, source="list.bib")
    assert [r.title for r in raws] == [i["title"] for i in items]
    assert raws[0].authors == ("Bruce Bueno de Mesquita", "IOPS London")


def test_a_session_lists_its_readings_and_a_campaign_what_was_read_for_it(seeded):
    for reading in (FREEMAN, DATA["reading-alinsky-1971-rules-for-radicals"]):
        mark_read(seeded, WREN, reading=reading, campaign=DATA["campaign-housing"])
    campaign = list_for_campaign(seeded, ORGANISER, DATA["campaign-housing"])
    assert campaign.readings == (DATA["reading-alinsky-1971-rules-for-radicals"], FREEMAN)  # by title
    session = list_for_session(seeded, ORGANISER, DATA["session-9c92d4"])
    assert session.readings and session.title


def test_a_members_only_reading_is_left_out_of_a_visitors_export(seeded):
    hidden = add_reading(
        seeded,
        WREN,
        ReadingDraft("Our internal notes on NVDA", visibility=Visibility.MEMBERS, discusses=(VOCAB["nvda"],)),
    )
    assert hidden in list_for_concept(seeded, WREN, VOCAB["nvda"]).readings
    assert hidden not in list_for_concept(seeded, VISITOR, VOCAB["nvda"]).readings
    assert not csl_items(seeded, VISITOR, [hidden])
    assert json.loads(csl_json([])) == []


def test_a_bibliography_is_in_author_then_year_order(seeded):
    listed = list_for_concept(seeded, ORGANISER, VOCAB["grassroots-organising"])
    entries = bibliography(csl_items(seeded, ORGANISER, listed), CitationStyle.APA)
    firsts = [re.sub(r"^(a|an|the) ", "", entry.casefold()).replace(" ", "") for entry in entries]
    assert firsts == sorted(firsts)
    assert entries[0].startswith("Alinsky")
