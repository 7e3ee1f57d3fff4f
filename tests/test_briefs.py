"""Briefs for a strategy session, rendered from the seeded store, with hostile text escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal

from graph import strategy
from graph.access import Viewer, Visibility
from graph.errors import BadInput
from graph.namespaces import DATA, RDFS
from graph.store import Statement
from graph.strategy import BriefFormat
from graph.views.records import record_id

ORGANISER = Viewer.organiser()
TODAY = dt.date(2026, 1, 15)
BASE = "https://praxis.example.org/chapter"
HOSTILE = '<script>alert("brief")</script> & [click](javascript:alert(1))'


def brief_for(store, viewer=ORGANISER, base: str = "", **texts) -> strategy.Brief:
    answer = strategy.answer(store, viewer, strategy.ask(store, viewer, **texts))
    return strategy.build_brief(store, viewer, answer, today=TODAY, base=base)


def test_a_brief_has_the_question_findings_and_statistics(seeded):
    brief = brief_for(seeded, campaign="campaign-housing")
    markdown = strategy.render(brief, BriefFormat.MARKDOWN)
    assert markdown.startswith("# What past actions taught\n")
    for heading in ("The question", "Summary", "Findings", "Indicators", "Methods by indicator",
                    "Claims in tension", "Readings to revisit"):  # fmt: skip
        assert f"\n## {heading}\n" in markdown
    assert "Tenants' housing campaign (our chapter)" in markdown
    assert brief.findings, "the housing campaign's lessons are findings"
    first = brief.findings[0]
    assert first.evidence and "**Evidence:** " in markdown
    assert "2026-01-15" in markdown


def test_the_html_brief_is_printable_and_self_contained(seeded):
    html = strategy.render(brief_for(seeded, concept="civil resistance"), BriefFormat.HTML)
    assert html.startswith("<!DOCTYPE html>")
    assert "@media print" in html and "@page" in html
    assert "<script" not in html.lower()
    assert "http://" not in html.split("<body>")[0] and "https://" not in html.split("<body>")[0]
    assert "<h2>Findings</h2>" in html and "<table>" in html


def test_sections_from_other_rooms_appear_or_say_why_not(seeded):
    with_campaign = brief_for(seeded, campaign="campaign-housing")
    assert with_campaign.tensions or with_campaign.tensions_note
    assert with_campaign.readings and all(r.title for r in with_campaign.readings)
    without = brief_for(seeded)
    assert not without.readings and "Name a campaign" in without.readings_note


def test_a_hostile_label_is_escaped_in_html_and_markdown(seeded):
    lesson = next(row for row in strategy.answer(seeded, ORGANISER, strategy.Question()).lessons)
    campaign = DATA["campaign-housing"]
    seeded.write(
        [
            Statement(lesson.lesson, RDFS.label, Literal(HOSTILE), Visibility.MEMBERS),
            Statement(campaign, RDFS.label, Literal(HOSTILE), Visibility.MEMBERS),
        ],
        [
            Statement(
                campaign, RDFS.label, Literal("Tenants' housing campaign (our chapter)"), Visibility.MEMBERS
            )
        ],
        viewer=ORGANISER,
    )
    brief = brief_for(seeded, campaign=str(campaign))
    html = strategy.render(brief, BriefFormat.HTML)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;brief&#34;)&lt;/script&gt;" in html  # Jinja2's autoescape
    assert "javascript:" not in html.replace("[click](javascript:alert(1))", "")
    assert 'href="javascript' not in html
    markdown = strategy.render(brief, BriefFormat.MARKDOWN)
    assert "<script>" not in markdown
    assert "\\<script\\>" in markdown
    assert "\\[click\\](javascript:alert(1))" in markdown  # not a link
    linked = strategy.render(brief_for(seeded, base=BASE, campaign=str(campaign)), BriefFormat.HTML)
    assert "<script>" not in linked and 'href="javascript' not in linked


def test_a_visitors_brief_holds_nothing_a_visitor_may_not_see(seeded):
    organiser = strategy.render(brief_for(seeded), BriefFormat.MARKDOWN)
    visitor = strategy.render(brief_for(seeded, Viewer.visitor()), BriefFormat.MARKDOWN)
    assert "Recorded by Rowan" in organiser or "Recorded by Heron" in organiser
    for nickname in ("Rowan", "Heron", "Alder", "Wren", "Kestrel", "Hazel", "Swift"):
        assert f"by {nickname}" not in visitor
    assert "our chapter" not in visitor  # the chapter's own campaigns are members-only


@pytest.mark.parametrize("fmt", list(BriefFormat))
def test_an_empty_answer_still_renders(store, fmt):
    text = strategy.render(brief_for(store), fmt)
    assert "No lesson matches this question." in text


def test_with_the_explorers_address_every_name_in_a_brief_links_to_its_page(seeded):
    """Lessons, actions, concepts and claims, methods, indicators and readings each link to
    their record page under the explorer's address; the printed page does not print them."""
    brief = brief_for(seeded, base=BASE, campaign="campaign-housing")
    finding = brief.findings[0]
    html = strategy.render(brief, BriefFormat.HTML)
    markdown = strategy.render(brief, BriefFormat.MARKDOWN)
    named = (finding.lesson, finding.action_iri, finding.stances[0][2], brief.tensions[0].target)
    named += (brief.readings[0].reading, brief.methods[0].method, brief.indicators[0].indicator)
    for iri in named:
        address = f"{BASE}/record?id={record_id(iri)}"
        assert f'<a class="record" href="{address}">' in html
        assert f"(<{address}>)" in markdown
    assert "a.record::after { content: none; }" in html


def test_without_an_address_a_brief_has_no_record_links(seeded):
    brief = brief_for(seeded, campaign="campaign-housing")
    assert 'class="record"' not in strategy.render(brief, BriefFormat.HTML)
    assert "record?id=" not in strategy.render(brief, BriefFormat.MARKDOWN)


@pytest.mark.parametrize("base", ["javascript:alert(1)", "ftp://x", "//elsewhere"])
def test_an_address_that_is_not_http_is_refused(seeded, base):
    with pytest.raises(BadInput, match="must start with http"):
        brief_for(seeded, base=base)
