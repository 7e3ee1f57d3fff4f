"""What past actions taught: filters and aggregates on a small graph checked by hand, resolving
values as people type them, indicators, and the shape of ``praxis taught --format json``."""

from __future__ import annotations

import datetime as dt
import json
import math

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from graph import strategy
from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed
from graph.io.rdf import read_quads
from graph.namespaces import DATA, VOCAB
from graph.resolve import NodeKind, resolve
from graph.strategy import taught as taught_module
from graph.strategy.scores import estimate
from tests import data

# Five actions in two campaigns. Goal attainment scores: a1 +2, a2 +1, a3 -1, a4 +2, a5 0
# (a5 and its lesson are members-only); media coverage: a1 +1, a3 +2. Lesson l6 is withdrawn.
GRAPH = """
@prefix prx: <https://w3id.org/praxis/ontology#> . @prefix pxv: <https://w3id.org/praxis/vocab/> .
@prefix px: <https://w3id.org/praxis/id/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .

px:org-x a prx:Organisation ; rdfs:label "Group X" ; prx:visibility prx:Public .
px:member-000001 a prx:Member ; rdfs:label "Wren" ; foaf:nick "Wren" ; prx:visibility prx:MembersOnly .
px:claim-structurelessness-hides-power a prx:Claim ; rdfs:label "Structurelessness hides power" ;
    prx:statement "Groups without structure grow hidden elites." ; prx:aboutConcept pxv:horizontality ;
    prx:visibility prx:Public .

px:campaign-a a prx:Campaign ; rdfs:label "Campaign A" ; prx:status prx:Concluded ;
    prx:organisedBy px:org-x ; prx:addresses pxv:patriarchy ; prx:visibility prx:Public .
px:campaign-b a prx:Campaign ; rdfs:label "Campaign B" ; prx:status prx:Active ; prx:visibility prx:Public .

px:action-0000a1 a prx:Action ; rdfs:label "March one" ; schema:startDate "2020-03-01"^^xsd:date ;
    prx:partOf px:campaign-a ; prx:usesMethod pxv:marches ; prx:addresses pxv:patriarchy ;
    prx:visibility prx:Public .
px:action-0000a2 a prx:Action ; rdfs:label "March and petition" ; schema:startDate "2021-05-01"^^xsd:date ;
    prx:partOf px:campaign-a ; prx:usesMethod pxv:marches , pxv:petitions ; prx:visibility prx:Public .
px:action-0000a3 a prx:Action ; rdfs:label "Rent strike" ; schema:startDate "2022-07-01"^^xsd:date ;
    prx:partOf px:campaign-b ; prx:usesMethod pxv:rent-withholding ; prx:visibility prx:Public .
px:action-0000a4 a prx:Action ; rdfs:label "March two" ; schema:startDate "2023-01-15"^^xsd:date ;
    prx:partOf px:campaign-b ; prx:usesMethod pxv:marches ; prx:visibility prx:Public .
px:action-0000a5 a prx:Action ; rdfs:label "Vigil" ; schema:startDate "2023-06-01"^^xsd:date ;
    prx:usesMethod pxv:vigils ; prx:visibility prx:MembersOnly .

px:assessment-0000b1 a prx:Assessment ; prx:assessedAction px:action-0000a1 ;
    prx:indicator pxv:indicator-goal-attainment ; prx:score 2 ; prx:visibility prx:Public .
px:assessment-0000b2 a prx:Assessment ; prx:assessedAction px:action-0000a2 ;
    prx:indicator pxv:indicator-goal-attainment ; prx:score 1 ; prx:visibility prx:Public .
px:assessment-0000b3 a prx:Assessment ; prx:assessedAction px:action-0000a3 ;
    prx:indicator pxv:indicator-goal-attainment ; prx:score -1 ; prx:visibility prx:Public .
px:assessment-0000b4 a prx:Assessment ; prx:assessedAction px:action-0000a4 ;
    prx:indicator pxv:indicator-goal-attainment ; prx:score 2 ; prx:visibility prx:Public .
px:assessment-0000b5 a prx:Assessment ; prx:assessedAction px:action-0000a5 ;
    prx:indicator pxv:indicator-goal-attainment ; prx:score 0 ; prx:visibility prx:MembersOnly .
px:assessment-0000b6 a prx:Assessment ; prx:assessedAction px:action-0000a1 ;
    prx:indicator pxv:indicator-media-coverage ; prx:score 1 ; prx:visibility prx:Public .
px:assessment-0000b7 a prx:Assessment ; prx:assessedAction px:action-0000a3 ;
    prx:indicator pxv:indicator-media-coverage ; prx:score 2 ; prx:visibility prx:Public .

px:lesson-0000c1 a prx:Lesson ; rdfs:label "Women led the march" ; dct:description "Who led mattered." ;
    prx:evidence "Nine of twelve stewards were women." ; prx:fromAction px:action-0000a1 ;
    prx:supports pxv:patriarchy ; dct:created "2020-03-10"^^xsd:date ; dct:creator px:member-000001 ;
    prx:visibility prx:Public .
px:lesson-0000c2 a prx:Lesson ; rdfs:label "The informal core decided" ; dct:description "Power hid." ;
    prx:fromAction px:action-0000a2 ; prx:challenges px:claim-structurelessness-hides-power ;
    prx:qualifies pxv:patriarchy ; dct:created "2021-05-20"^^xsd:date ; dct:creator px:member-000001 ;
    prx:visibility prx:Public .
px:lesson-0000c3 a prx:Lesson ; rdfs:label "Withholding rent bit" ; dct:description "It cost them." ;
    prx:fromAction px:action-0000a3 ; prx:supports pxv:non-cooperation ; dct:created "2022-08-01"^^xsd:date ;
    dct:creator px:member-000001 ; prx:visibility prx:Public .
px:lesson-0000c4 a prx:Lesson ; rdfs:label "Marching again changed nothing" ; dct:description "Same route." ;
    prx:fromAction px:action-0000a4 ; prx:challenges pxv:marches ; dct:created "2023-02-01"^^xsd:date ;
    dct:creator px:member-000001 ; prx:visibility prx:Public .
px:lesson-0000c5 a prx:Lesson ; rdfs:label "The vigil decided by consensus" ; dct:description "Slow, fair." ;
    prx:fromAction px:action-0000a5 ; prx:supports pxv:horizontality ; dct:created "2023-06-02"^^xsd:date ;
    dct:creator px:member-000001 ; prx:visibility prx:MembersOnly .
px:lesson-0000c6 a prx:Lesson ; rdfs:label "Withdrawn lesson" ; dct:description "Taken back." ;
    prx:fromAction px:action-0000a1 ; prx:supports pxv:patriarchy ; dct:created "2020-04-01"^^xsd:date ;
    dct:creator px:member-000001 ; prx:withdrawn true ; prx:visibility prx:Public .
"""

ORGANISER, VISITOR = Viewer.organiser(), Viewer.visitor()


def a(n: int) -> URIRef:
    return DATA[f"action-0000a{n}"]


@pytest.fixture
def small(store):
    """The graph above, loaded (and validated) into a fresh store."""
    quads = read_quads(GRAPH.encode(), source="test", fmt=ox.RdfFormat.TURTLE)
    store.add_quads(quads, viewer=ORGANISER)
    return store


def ask(store, viewer=ORGANISER, **texts):
    return strategy.answer(store, viewer, strategy.ask(store, viewer, **texts))


def actions(answer) -> set[URIRef]:
    return {row.action for row in answer.actions}


def test_everything_counts_actions_lessons_and_stances(small):
    answer = ask(small)
    assert actions(answer) == {a(1), a(2), a(3), a(4), a(5)}
    # l2 is two rows (challenges the claim, qualifies patriarchy); l6 is withdrawn
    assert len(answer.lessons) == 6
    assert answer.lesson_count == 5
    assert answer.lessons_by_stance == {"supports": 3, "challenges": 2, "qualifies": 1}


def test_indicator_statistics_by_hand(small):
    stats = {s.label: s for s in ask(small).indicators}
    goal = stats["Goal attainment"]
    assert goal.n == 5
    assert goal.mean == pytest.approx(4 / 5)  # (2 + 1 - 1 + 2 + 0) / 5
    assert goal.distribution == (0, 1, 1, 1, 2)  # -2, -1, 0, +1, +2
    assert goal.share(2) == pytest.approx(2 / 5)
    media = stats["Media coverage"]
    assert (media.n, media.mean, media.distribution) == (2, 1.5, (0, 0, 0, 1, 1))


def test_methods_ranked_with_shrinkage_and_weak_evidence(small):
    ranked = [m for m in ask(small).methods if m.indicator == VOCAB["indicator-goal-attainment"]]
    assert [m.label for m in ranked] == ["Marches", "Group or mass petitions", "Vigils", "Rent withholding"]
    marches = ranked[0]
    # scores 2, 1, 2 (n=3); overall mean 0.8; spread = stdev(2, 1, -1, 2, 0) = sqrt(6.8 / 4)
    spread = math.sqrt(6.8 / 4)
    assert (marches.n, marches.rank, marches.weak) == (3, 1, False)
    assert marches.mean == pytest.approx(5 / 3, abs=1e-5)
    assert marches.estimate == pytest.approx((5 + 2 * 0.8) / 5)  # 1.32
    assert marches.low == pytest.approx(1.32 - 1.96 * spread / math.sqrt(5), abs=1e-5)
    assert marches.high == 2.0  # clipped to the scale
    petitions = ranked[1]  # one assessment: weak evidence, never ranked
    assert (petitions.n, petitions.weak, petitions.rank) == (1, True, None)
    assert petitions.estimate == pytest.approx((1 + 1.6) / 3, abs=1e-5)
    assert all(m.weak and m.rank is None for m in ranked[1:])
    answer = ask(small)
    assert answer.leader(VOCAB["indicator-goal-attainment"]).label == "Marches"
    assert answer.leader(VOCAB["indicator-media-coverage"]) is None  # two methods seen once each


def test_a_method_seen_twice_is_weak_even_with_the_best_mean():
    assert estimate([2, 2], overall=0.0, spread=1.0) == (2.0, 1.0, 0.02, 1.98)
    from graph.strategy.scores import Observation, rank_methods

    seen = [Observation(VOCAB["i"], "i", 2, ((VOCAB["twice"], "twice"),))] * 2
    seen += [Observation(VOCAB["i"], "i", 1, ((VOCAB["often"], "often"),))] * 5
    ranked = rank_methods(seen)
    assert [(m.label, m.rank, m.weak) for m in ranked] == [("often", 1, False), ("twice", None, True)]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ({"method": "pxv:protest-and-persuasion"}, {1, 2, 4, 5}),  # marches, petitions, vigils are narrower
        ({"method": "Marches"}, {1, 2, 4}),
        ({"concept": "patriarchy"}, {1, 2}),  # a1 addresses it; a2's campaign does and l2 qualifies it
        ({"concept": "Horizontality"}, {2, 5}),  # l2 challenges a claim about it; l5 supports it
        ({"campaign": "campaign-a"}, {1, 2}),
        ({"organisation": "Group X"}, {1, 2}),
        ({"indicator": "media-coverage"}, {1, 3}),
        ({"since": "2021-01-01", "until": "2022-12-31"}, {2, 3}),
        ({"since": "2023"}, {4, 5}),
        ({"until": "2020"}, {1}),
        ({"stance": "challenges"}, {1, 2, 3, 4, 5}),  # a stance narrows lessons, not actions
    ],
)
def test_filters_choose_actions(small, texts, expected):
    assert actions(ask(small, **texts)) == {a(n) for n in expected}


@pytest.mark.parametrize("viewer", [ORGANISER, VISITOR], ids=["organiser", "visitor"])
def test_scanning_a_broad_scope_gives_the_answer_lookups_give(small, viewer, monkeypatch):
    questions = [{"concept": "patriarchy"}, {"method": "Marches"}, {"campaign": "campaign-a"}]
    questions += [{"indicator": "media-coverage", "since": "2020"}, {"concept": "Horizontality"}]
    monkeypatch.setattr(taught_module, "BROAD_SHARE", 10.0)  # never broad: a lookup per action
    looked_up = [ask(small, viewer, **texts) for texts in questions]
    monkeypatch.setattr(taught_module, "BROAD_SHARE", 0.0)  # always broad: each predicate scanned once
    scanned = [ask(small, viewer, **texts) for texts in questions]
    assert scanned == looked_up
    assert all(answer.actions for answer in scanned)


def test_concept_filter_keeps_only_lessons_about_it(small):
    answer = ask(small, concept="pxv:patriarchy")
    assert sorted((row.lesson, row.stance.value) for row in answer.lessons) == [
        (DATA["lesson-0000c1"], "supports"),
        (DATA["lesson-0000c2"], "qualifies"),
    ]
    assert answer.lessons_by_stance == {"supports": 1, "challenges": 0, "qualifies": 1}


def test_stance_and_indicator_filters_narrow_lessons_and_assessments(small):
    challenged = ask(small, stance="challenges")
    assert {row.lesson for row in challenged.lessons} == {DATA["lesson-0000c2"], DATA["lesson-0000c4"]}
    media = ask(small, indicator="Media coverage")
    assert [(s.label, s.n, s.mean) for s in media.indicators] == [("Media coverage", 2, 1.5)]
    campaign = ask(small, campaign="Campaign A")
    goal = {s.label: s for s in campaign.indicators}["Goal attainment"]
    assert (goal.n, goal.mean) == (2, 1.5)


def test_a_visitor_counts_only_what_a_visitor_may_see(small):
    answer = ask(small, VISITOR)
    assert actions(answer) == {a(1), a(2), a(3), a(4)}
    assert answer.lesson_count == 4  # l5 is members-only
    assert {s.label: s.n for s in answer.indicators}["Goal attainment"] == 4
    assert all(row.author is None for row in answer.lessons)  # members are members-only
    assert {row.author for row in ask(small).lessons} == {"Wren"}
    assert actions(ask(small, VISITOR, concept="horizontality")) == {a(2)}


def test_lessons_carry_evidence_action_and_dates(small):
    row = next(r for r in ask(small).lessons if r.lesson == DATA["lesson-0000c1"])
    assert row.evidence == "Nine of twelve stewards were women."
    assert (row.action, row.action_label, row.action_date) == (a(1), "March one", dt.date(2020, 3, 1))
    assert (row.date, row.target_label) == (dt.date(2020, 3, 10), "Patriarchy")


def test_bad_values_say_what_to_do(small):
    with pytest.raises(BadInput, match="method: no method called 'teleportation'"):
        strategy.ask(small, ORGANISER, method="teleportation")
    with pytest.raises(BadInput, match="YYYY"):
        strategy.ask(small, ORGANISER, since="last spring")
    with pytest.raises(BadInput, match="after"):
        strategy.ask(small, ORGANISER, since="2024", until="2020")
    with pytest.raises(BadInput, match="stance"):
        strategy.ask(small, ORGANISER, stance="ignores")


def test_resolve_accepts_iris_names_and_labels(small):
    goal = VOCAB["indicator-goal-attainment"]
    for text in (
        str(goal),
        f"<{goal}>",
        "pxv:indicator-goal-attainment",
        "goal-attainment",
        "goal attainment",
    ):
        assert resolve(small, ORGANISER, text, NodeKind.INDICATOR) == goal
    assert resolve(small, ORGANISER, "people power", NodeKind.METHOD) == VOCAB["civil-resistance"]  # altLabel
    assert resolve(small, ORGANISER, "Vigil", NodeKind.ACTION) == a(5)
    with pytest.raises(BadInput, match="that you can see"):
        resolve(small, VISITOR, "Vigil", NodeKind.ACTION)  # members-only: not confirmed to a visitor
    with pytest.raises(BadInput, match="no method"):
        resolve(small, ORGANISER, "pxv:patriarchy", NodeKind.METHOD)  # a concept, but not a method
    with pytest.raises(BadInput, match="that you can see"):
        resolve(small, VISITOR, str(a(5)), NodeKind.ACTION)  # the IRI fast path keeps to the viewer too
    with pytest.raises(BadInput, match="no indicator"):
        resolve(small, ORGANISER, str(VOCAB["indicator-nowhere"]), NodeKind.INDICATOR)


def test_resolving_an_iri_reads_only_that_node(small, monkeypatch):
    """From the explorer's choices an IRI comes back on every rerun: at 1M statements reading
    every candidate of its kind again took 0.1-0.2 s per filter."""
    asked = []
    select = small.select
    monkeypatch.setattr(
        small, "select", lambda name, viewer, **b: asked.append(b) or select(name, viewer, **b)
    )
    assert (
        resolve(small, ORGANISER, str(VOCAB["civil-resistance"]), NodeKind.METHOD)
        == VOCAB["civil-resistance"]
    )
    assert asked and all(b.get("node") == VOCAB["civil-resistance"] for b in asked)


def test_indicators_added_described_retired_and_linked(small):
    iri = strategy.add_indicator(
        small, ORGANISER, label="Care for each other", definition="Whether we looked after one another.",
        serves=[VOCAB["horizontality"]],
    )  # fmt: skip
    assert iri == VOCAB["indicator-care-for-each-other"]
    strategy.describe_indicator(small, ORGANISER, iri, definition="Whether everyone got home safe.")
    strategy.set_principles(small, ORGANISER, iri, [VOCAB["self-management"]])
    strategy.retire_indicator(small, ORGANISER, iri)
    info = next(i for i in strategy.list_indicators(small, VISITOR) if i.indicator == iri)
    assert (info.definition, info.retired) == ("Whether everyone got home safe.", True)
    assert [label for _, label in info.serves] == ["Self-management"]
    assert iri not in {i.indicator for i in strategy.list_indicators(small, VISITOR, include_retired=False)}
    strategy.retire_indicator(small, ORGANISER, iri, retired=False)
    assert not next(i for i in strategy.list_indicators(small, VISITOR) if i.indicator == iri).retired
    with pytest.raises(BadInput, match="already an indicator"):
        strategy.add_indicator(small, ORGANISER, label="care for each other", definition="Again.")
    with pytest.raises(BadInput, match="not a principle"):
        strategy.set_principles(small, ORGANISER, iri, [VOCAB["patriarchy"]])
    with pytest.raises(NotAllowed):
        strategy.retire_indicator(small, Viewer.member("wren"), iri)


def test_campaign_progress_lists_indicators_advanced(small):
    found = {
        (p.campaign_label, p.indicator_label): (p.n, p.mean)
        for p in strategy.campaign_progress(small, VISITOR)
    }
    # Campaign A: goal 2 and 1 -> 1.5, media 1; Campaign B: goal -1 and 2 -> 0.5, media 2
    assert found == {
        ("Campaign A", "Goal attainment"): (2, 1.5),
        ("Campaign A", "Media coverage"): (1, 1.0),
        ("Campaign B", "Goal attainment"): (2, 0.5),
        ("Campaign B", "Media coverage"): (1, 2.0),
    }


def test_praxis_taught_json_shape(run_praxis):
    assert run_praxis("init").returncode == 0
    result = run_praxis("taught", "--method", "protest-and-persuasion", "--since", "1950", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    body = json.loads(result.stdout)
    assert isinstance(body["actions"], int) and body["actions"] > 0
    assert {"lesson", "text", "stance", "target", "action", "date"} <= set(body["lessons"][0])
    assert {"indicator", "label", "n", "mean"} <= set(body["indicators"][0])
    assert {"method", "label", "indicator", "n", "mean"} <= set(body["methods"][0])
    assert {row["stance"] for row in body["lessons"]} <= {"supports", "challenges", "qualifies"}
    bad = run_praxis("taught", "--concept", "no such thing")
    assert bad.returncode == 2
    assert b"no concept called" in bad.stderr
    brief = run_praxis("taught", "--campaign", "otpor", "--format", "md")
    assert brief.returncode == 0 and brief.stdout.startswith(b"# What past actions taught")
    assert b"record?id=" not in brief.stdout
    linked = run_praxis(
        "taught", "--campaign", "otpor", "--format", "html", "--link-base", "https://praxis.example.org"
    )
    assert linked.returncode == 0 and b'href="https://praxis.example.org/record?id=px:' in linked.stdout
    bad_base = run_praxis("taught", "--format", "md", "--link-base", "javascript:alert(1)")
    assert bad_base.returncode == 2 and b"must start with http" in bad_base.stderr


def test_the_summary_counts_lessons_and_tags_without_mixing_them(small):
    """Regression: "4 lessons (1 supporting, 3 challenging, 2 qualifying)" added tags up
    as if they were lessons. Lesson l2 has two tags, so five lessons carry six."""
    summary = ask(small).summary()
    assert "5 lessons with 6 tags (3 supporting, 2 challenging, 1 qualifying what we have read)" in summary
    one_tag_each = ask(small, campaign="Campaign B").summary()
    assert "2 lessons (1 supporting, 1 challenging, 0 qualifying" in one_tag_each


def test_the_method_asked_about_does_not_lead_against_itself(small):
    """Regression: asked about marches, the summary said "On it, Marches leads"."""
    assert "Marches leads" in ask(small).summary()
    marches = ask(small, method="Marches")
    assert marches.leader(VOCAB["indicator-goal-attainment"]) is None
    assert "leads" not in marches.summary()


def test_the_question_choices_follow_writes_that_add_a_choice_or_none(seeded):
    """Kept across a lesson (no new choice: nothing read again whole), read again when a
    campaign is added (it is offered at once)."""
    from graph.strategy import question_choices

    store, organiser = seeded, Viewer.organiser()
    before = question_choices(store, organiser)
    author, statements = data.member("wren")
    action, more = data.action(Visibility.PUBLIC)
    _lesson, rest = data.lesson(action, author, visibility=Visibility.PUBLIC)
    store.write(statements + more + rest, viewer=organiser)
    assert question_choices(store, organiser) is before
    campaign, described = data.campaign("Tenants' assembly")
    store.write(described, viewer=organiser)
    after = question_choices(store, organiser)
    assert campaign in dict(after.campaigns) and campaign not in dict(before.campaigns)
