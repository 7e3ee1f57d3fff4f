"""Long lists read a page at a time: the actions the forms list, everyone's lessons, and the
strongest advances on the Indicators page (graph.practice, graph.strategy and their pages).

A small graph worked out by hand, the seed for "the same answers as reading everything", and
AppTests with the limits lowered so the seed is "too many".
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from explorer import links, state
from graph import practice, strategy
from graph.access import Viewer
from graph.io.rdf import read_quads
from graph.namespaces import DATA, VOCAB
from graph.practice import actions as actions_module
from graph.practice import lessons as lessons_module
from graph.store import queries
from graph.strategy import indicators as indicators_module

ORGANISER, VISITOR, WREN = Viewer.organiser(), Viewer.visitor(), Viewer.member("wren")

# Six actions in two campaigns (a5 members-only with no campaign, a6 the oldest). Goal attainment:
# a1 +2, a2 +1, a3 -1, a4 +2; media coverage: a1 +1, a3 +2, and a4 -2 (members-only); voting: a3 -1.
GRAPH = """
@prefix prx: <https://w3id.org/praxis/ontology#> . @prefix pxv: <https://w3id.org/praxis/vocab/> .
@prefix px: <https://w3id.org/praxis/id/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .

px:member-000001 a prx:Member ; rdfs:label "Wren" ; foaf:nick "Wren" ; prx:visibility prx:MembersOnly .
px:campaign-a a prx:Campaign ; rdfs:label "Campaign A" ; prx:status prx:Concluded ;
    prx:visibility prx:Public .
px:campaign-b a prx:Campaign ; rdfs:label "Campaign B" ; prx:status prx:Active ; prx:visibility prx:Public .

px:action-0000a1 a prx:Action ; rdfs:label "March one" ; schema:startDate "2020-03-01"^^xsd:date ;
    prx:partOf px:campaign-a ; prx:visibility prx:Public .
px:action-0000a2 a prx:Action ; rdfs:label "March and petition" ; schema:startDate "2021-05-01"^^xsd:date ;
    prx:partOf px:campaign-a ; prx:visibility prx:Public .
px:action-0000a3 a prx:Action ; rdfs:label "Rent strike" ; schema:startDate "2022-07-01"^^xsd:date ;
    prx:partOf px:campaign-b ; prx:visibility prx:Public .
px:action-0000a4 a prx:Action ; rdfs:label "March two" ; schema:startDate "2023-01-15"^^xsd:date ;
    prx:partOf px:campaign-b ; prx:visibility prx:Public .
px:action-0000a5 a prx:Action ; rdfs:label "Vigil" ; schema:startDate "2023-06-01"^^xsd:date ;
    prx:visibility prx:MembersOnly .
px:action-0000a6 a prx:Action ; rdfs:label "Banner drop" ; schema:startDate "2019-11-30"^^xsd:date ;
    prx:partOf px:campaign-b ; prx:visibility prx:Public .

px:assessment-0000b1 a prx:Assessment ; prx:assessedAction px:action-0000a1 ;
    prx:indicator pxv:indicator-goal-attainment ; prx:score 2 ; prx:visibility prx:Public .
px:assessment-0000b2 a prx:Assessment ; prx:assessedAction px:action-0000a2 ;
    prx:indicator pxv:indicator-goal-attainment ; prx:score 1 ; prx:visibility prx:Public .
px:assessment-0000b3 a prx:Assessment ; prx:assessedAction px:action-0000a3 ;
    prx:indicator pxv:indicator-goal-attainment ; prx:score -1 ; prx:visibility prx:Public .
px:assessment-0000b4 a prx:Assessment ; prx:assessedAction px:action-0000a4 ;
    prx:indicator pxv:indicator-goal-attainment ; prx:score 2 ; prx:visibility prx:Public .
px:assessment-0000b5 a prx:Assessment ; prx:assessedAction px:action-0000a1 ;
    prx:indicator pxv:indicator-media-coverage ; prx:score 1 ; prx:visibility prx:Public .
px:assessment-0000b6 a prx:Assessment ; prx:assessedAction px:action-0000a3 ;
    prx:indicator pxv:indicator-media-coverage ; prx:score 2 ; prx:visibility prx:Public .
px:assessment-0000b7 a prx:Assessment ; prx:assessedAction px:action-0000a4 ;
    prx:indicator pxv:indicator-media-coverage ; prx:score -2 ; prx:visibility prx:MembersOnly .
px:assessment-0000b8 a prx:Assessment ; prx:assessedAction px:action-0000a3 ;
    prx:indicator pxv:indicator-voting ; prx:score -1 ; prx:visibility prx:Public .

px:lesson-0000c1 a prx:Lesson ; rdfs:label "First" ; dct:description "One." ;
    prx:fromAction px:action-0000a1 ;
    prx:supports pxv:patriarchy ; dct:created "2020-03-10"^^xsd:date ; dct:creator px:member-000001 ;
    prx:visibility prx:Public .
px:lesson-0000c2 a prx:Lesson ; rdfs:label "Second" ; dct:description "Two." ;
    prx:fromAction px:action-0000a2 ;
    prx:supports pxv:patriarchy ; dct:created "2021-05-20"^^xsd:date ; dct:creator px:member-000001 ;
    prx:visibility prx:Public .
px:lesson-0000c3 a prx:Lesson ; rdfs:label "Third" ; dct:description "Three." ;
    prx:fromAction px:action-0000a3 ;
    prx:supports pxv:patriarchy ; dct:created "2022-08-01"^^xsd:date ; dct:creator px:member-000001 ;
    prx:visibility prx:Public .
"""


def a(n: int):
    return DATA[f"action-0000a{n}"]


CAMPAIGN_A, CAMPAIGN_B = DATA["campaign-a"], DATA["campaign-b"]


@pytest.fixture
def small(store):
    store.add_quads(read_quads(GRAPH.encode(), source="test", fmt=ox.RdfFormat.TURTLE), viewer=ORGANISER)
    return store


def listed(page: practice.ActionPage) -> list:
    return [action.iri for action in page.actions]


# ------------------------------------------------------------------ actions
def test_the_most_recent_actions_come_first(small):
    page = practice.list_actions(small, ORGANISER)
    assert listed(page) == [a(5), a(4), a(3), a(2), a(1), a(6)]
    assert (page.more, page.total, page.note) == (False, 6, "")
    assert page.actions[0].caption == "2023-06-01: Vigil"
    visitor = practice.list_actions(small, VISITOR)  # a5 is members-only: not listed, not counted
    assert listed(visitor) == [a(4), a(3), a(2), a(1), a(6)] and visitor.total == 5
    assert practice.action_count(small, VISITOR) == 5


def test_past_the_limit_only_the_most_recent_are_listed(small, monkeypatch):
    for where in (actions_module, practice):  # the library and the forms
        monkeypatch.setattr(where, "ACTIONS_LISTED", 2)
    page = practice.list_actions(small, ORGANISER)
    assert listed(page) == [a(5), a(4)] and page.more and page.total == 6
    assert page.note.startswith("The 2 most recent of 6 actions are listed")
    search = practice.list_actions(small, ORGANISER, text="march")  # a4, a2, a1 match
    assert listed(search) == [a(4), a(2)] and search.more
    assert search.note.startswith("More than 2 actions match")


def test_a_campaign_lists_its_actions(small):
    assert listed(practice.list_actions(small, ORGANISER, campaign=CAMPAIGN_A)) == [a(2), a(1)]
    assert listed(practice.list_actions(small, ORGANISER, campaign=str(CAMPAIGN_B))) == [a(4), a(3), a(6)]
    assert listed(practice.list_actions(small, ORGANISER, campaign=CAMPAIGN_A, text="one")) == [a(1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("march", [4, 2, 1]),
        ("  MARCH   two ", [4]),
        ("2022", [3]),
        ("2019-11-30", [6]),
        ("2021-05", [2]),
        ("banner", [6]),
        ("no such thing", []),
    ],
)
def test_a_search_matches_the_name_or_the_start_of_the_date(small, text, expected):
    page = practice.list_actions(small, ORGANISER, text=text)
    assert listed(page) == [a(n) for n in expected]
    # the Python rule (used within a campaign) is the query's rule
    needle = " ".join(text.split()).lower()
    assert {x.iri for x in practice.all_actions(small, ORGANISER) if x.matches(needle)} == {
        a(n) for n in expected
    }
    if not expected:
        assert page.note.startswith("No action matches")


def test_the_queries_read_one_more_than_is_listed():
    for name in ("record_action_recent", "record_action_search"):
        assert f"LIMIT {practice.ACTIONS_LISTED + 1}\n" in queries.load(name)
    assert f"LIMIT {practice.LESSONS_LISTED + 1}\n" in queries.load("record_lessons_recent")
    assert f"LIMIT {strategy.TOP_ADVANCES + 1}\n" in queries.load("indicator_progress_top")


def test_on_the_seed_every_action_is_listed_as_before(seeded):
    for viewer in (ORGANISER, VISITOR):
        page = practice.list_actions(seeded, viewer)
        assert list(page.actions) == practice.all_actions(seeded, viewer)
        assert not page.more and page.note == ""


# ------------------------------------------------------------------ lessons
def test_everyones_lessons_are_the_most_recent(small, monkeypatch):
    assert [r.title for r in practice.recent_lessons(small, ORGANISER).lessons] == [
        "Third",
        "Second",
        "First",
    ]
    for where in (lessons_module, practice):
        monkeypatch.setattr(where, "LESSONS_LISTED", 2)
    found = practice.recent_lessons(small, ORGANISER)
    assert [r.title for r in found.lessons] == ["Third", "Second"] and found.more


def test_on_the_seed_everyones_lessons_are_all_the_lessons(seeded):
    found = practice.recent_lessons(seeded, ORGANISER)
    assert list(found.lessons) == practice.list_lessons(seeded, ORGANISER) and not found.more


# ------------------------------------------------------------------ indicators
def progress(rows) -> dict:
    return {(p.campaign_label, p.indicator_label): (p.n, p.mean) for p in rows}


def test_advances_by_hand_as_each_viewer_sees_them(small):
    # Organiser: A goal (2+1)/2 = 1.5; A media 1; B goal (-1+2)/2 = 0.5; B media (2-2)/2 = 0 and
    # B voting -1 are not advances. A visitor does not see the -2, so B media is 2.
    organiser = {
        ("Campaign A", "Goal attainment"): (2, 1.5),
        ("Campaign A", "Media coverage"): (1, 1.0),
        ("Campaign B", "Goal attainment"): (2, 0.5),
    }
    assert progress(strategy.campaign_progress(small, ORGANISER)) == organiser
    assert progress(strategy.top_advances(small, ORGANISER).rows) == organiser
    visitor = organiser | {("Campaign B", "Media coverage"): (1, 2.0)}
    assert progress(strategy.top_advances(small, VISITOR).rows) == visitor
    assert progress(strategy.campaign_progress(small, VISITOR, campaign=CAMPAIGN_B)) == {
        ("Campaign B", "Goal attainment"): (2, 0.5),
        ("Campaign B", "Media coverage"): (1, 2.0),
    }


def test_past_the_limit_the_strongest_advances_are_kept(small, monkeypatch):
    for where in (indicators_module, strategy):
        monkeypatch.setattr(where, "TOP_ADVANCES", 2)
    found = strategy.top_advances(small, VISITOR)  # means 2.0, 1.5, 1.0, 0.5: the first two stay
    assert found.more
    assert [(p.campaign_label, p.indicator_label) for p in found.rows] == [
        ("Campaign A", "Goal attainment"),
        ("Campaign B", "Media coverage"),
    ]


def test_on_the_seed_the_top_advances_are_all_the_advances(seeded):
    for viewer in (ORGANISER, VISITOR):
        found = strategy.top_advances(seeded, viewer)
        assert list(found.rows) == strategy.campaign_progress(seeded, viewer) and not found.more


# ------------------------------------------------------------------ pages
def keys(widgets) -> set:
    return {w.key for w in widgets}


def test_the_seed_form_lists_every_action_without_search_widgets(page):
    app = page("record_lesson", WREN)
    assert not app.exception
    assert "record-find-campaign" not in keys(app.selectbox) and "record-find-text" not in keys(
        app.text_input
    )
    everything = practice.action_count(state.store(), WREN)  # the page's own handle on the store
    assert everything > 5 and len(app.selectbox(key="record-action").options) == everything


def test_past_the_limit_a_member_finds_the_action_by_campaign_or_search(page, monkeypatch):
    for where in (actions_module, practice):  # the library and the forms
        monkeypatch.setattr(where, "ACTIONS_LISTED", 5)
    app = page("record_lesson", WREN)
    assert not app.exception
    assert len(app.selectbox(key="record-action").options) == 5
    assert any(c.value.startswith("The 5 most recent of ") for c in app.caption)
    app.selectbox(key="record-find-campaign").set_value(DATA["campaign-otpor"]).run()
    options = app.selectbox(key="record-action").options
    assert len(options) == 2 and all("Otpor" in option for option in options)
    strike = next(o for o in options if "miners" in o)
    app.selectbox(key="record-action").select_index(options.index(strike)).run()
    app.selectbox(key="record-find-campaign").set_value(None)
    app.text_input(key="record-find-text").input("no such action").run()
    assert app.selectbox(key="record-action").options == [strike]  # the choice outlives the search
    assert any("No action matches" in c.value for c in app.caption)
    app.text_input(key="record-title").input("Miners decided it")
    app.text_area(key="record-taught").input("Withdrawing labour from the power plant broke the regime.")
    app.multiselect(key="record-supports").set_value([VOCAB["non-cooperation"]])
    app.button(key="record-save").click().run()
    assert not app.exception and "Saved “Miners decided it”" in " ".join(s.value for s in app.success)


def test_past_the_limit_the_assess_page_searches_by_date(page, monkeypatch):
    for where in (actions_module, practice):  # the library and the forms
        monkeypatch.setattr(where, "ACTIONS_LISTED", 5)
    app = page("assess", WREN)
    assert not app.exception and len(app.selectbox(key="assess-action").options) == 5
    app.text_input(key="assess-find-text").input("1955-12-05").run()
    assert not app.exception
    assert app.selectbox(key="assess-action").value == DATA["action-ff2dd6"]  # the boycott's first day


def test_past_the_limit_the_indicators_page_shows_the_strongest_and_one_campaign(page, monkeypatch):
    for where in (indicators_module, strategy):
        monkeypatch.setattr(where, "TOP_ADVANCES", 3)
    app = page("indicators")
    assert not app.exception
    table = next(f.value for f in app.dataframe if "mean score" in f.value.columns)
    assert len(table) == 3 and (table["mean score"] == 2.0).all()
    app.selectbox(key="indicators-progress-campaign").set_value(DATA["campaign-otpor"]).run()
    table = next(f.value for f in app.dataframe if "mean score" in f.value.columns)
    assert {links.shown(name) for name in table["indicator"]} == {
        "Deepening resistance",
        "Goal attainment",
        "Insurrection",
    }
    assert len(set(table["campaign"])) == 1


def test_an_organiser_sees_the_most_recent_of_everyones_lessons(page, monkeypatch):
    for where in (lessons_module, practice):
        monkeypatch.setattr(where, "LESSONS_LISTED", 5)
    app = page("record_lesson", ORGANISER)
    app.toggle(key="mine-everyone").set_value(True).run()
    assert not app.exception
    lessons = next(f.value for f in app.dataframe if "lesson" in f.value.columns)
    assert len(lessons) == 5 and list(lessons["recorded"]) == sorted(lessons["recorded"], reverse=True)
    assert any(c.value == "The 5 most recent lessons are listed." for c in app.caption)
