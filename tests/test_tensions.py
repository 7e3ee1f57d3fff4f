"""Tension scores: properties of the score, roll-up, decay, visibility and the CLI.

Graphs are small and built by hand in a fresh store (tests/data.py builders); the
numbers are worked out in the comments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal

from graph import theory
from graph.access import Viewer, Visibility
from graph.namespaces import DCTERMS, PRX, RDF, SCHEME, VOCAB, XSD
from graph.practice import Stance
from graph.store import Statement, open_store
from graph.theory import TensionSettings, rank, tension_score, wilson_lower
from tests import data

TODAY = dt.date(2026, 1, 1)
Z = 1.645
ORGANISER = Viewer.organiser()


def days_ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


def tag(store, *tags, visibility=Visibility.PUBLIC, campaign=None, validate=True) -> list:
    """Write a member, an action and one lesson per (stance, target, days ago); the lessons."""
    author, statements = data.member("wren")
    action, more = data.action(visibility)
    statements += more
    if campaign is not None:
        statements.append(Statement(action, PRX.partOf, campaign, visibility))
    lessons = []
    for stance, target, age in tags:
        lesson, more = data.lesson(action, author, stance=stance, target=target, visibility=visibility)
        statements += data.dated(more, days_ago(age))
        lessons.append(lesson)
    store.write(statements, viewer=ORGANISER, validate=validate)
    return lessons


def about(store, target, viewer=ORGANISER, **options) -> theory.Tension:
    return next(t for t in rank(store, viewer, today=TODAY, **options) if t.target == target)


# ------------------------------------------------------------------ the formula
def test_one_challenge_out_of_one_is_weaker_than_eight_out_of_ten():
    # 1 of 1: (1 + z²/2 - z·sqrt(z²/4)) / (1 + z²) = 1 / (1 + 2.706) = 0.2698
    assert wilson_lower(1, 1) == pytest.approx(1 / (1 + Z * Z), abs=1e-9)
    # 8 of 10: (0.8 + 0.1353 - 1.645·sqrt(0.016 + 0.00677)) / 1.2706 = 0.5409
    assert wilson_lower(8, 10) == pytest.approx(0.5409, abs=1e-3)
    assert wilson_lower(1, 1) < wilson_lower(8, 10) < wilson_lower(80, 100)


def test_a_qualification_is_half_a_challenge():
    assert tension_score(1, 0, 2) == pytest.approx(wilson_lower(1, 3))
    assert tension_score(0, 0, 0) == 0.0
    assert tension_score(5, 0, 0) == 0.0


amounts = st.floats(min_value=0, max_value=50, allow_nan=False)


@given(supports=amounts, challenges=amounts, qualifies=amounts, extra=st.floats(min_value=0, max_value=20))
def test_more_challenges_with_the_same_supports_never_lower_the_score(supports, challenges, qualifies, extra):
    before = tension_score(supports, challenges, qualifies)
    assert tension_score(supports, challenges + extra, qualifies) >= before - 1e-12
    assert 0.0 <= before <= 1.0


@given(supports=amounts, challenges=amounts, qualifies=amounts, extra=st.floats(min_value=0, max_value=20))
def test_more_supports_never_raise_the_score(supports, challenges, qualifies, extra):
    assert (
        tension_score(supports + extra, challenges, qualifies)
        <= tension_score(supports, challenges, qualifies) + 1e-12
    )


# ------------------------------------------------------------------ on a graph
def test_counts_and_lessons_of_a_concept(store):
    target = VOCAB["petitions"]
    lessons = tag(store, (PRX.supports, target, 0), (PRX.supports, target, 10), (PRX.challenges, target, 5))
    found = about(store, target)
    assert (found.kind, found.label) == ("Concept", "Group or mass petitions")
    assert (found.supports, found.challenges, found.qualifies) == (2, 1, 0)
    assert found.lessons == (lessons[0], lessons[2], lessons[1])  # newest first
    # weights 1, 0.5**(10/730) and 0.5**(5/730): about 1/3 challenging of ~3
    weights = (1 + 0.5 ** (10 / 730), 0.5 ** (5 / 730), 0.0)
    assert found.weights == pytest.approx(weights)
    assert found.score == pytest.approx(wilson_lower(weights[1], sum(weights)))
    assert not found.due_for_review


def test_two_fresh_challenges_are_due_for_review_and_one_is_not(store):
    one, two = VOCAB["petitions"], VOCAB["vigils"]
    tag(store, (PRX.challenges, one, 0), (PRX.challenges, two, 0), (PRX.challenges, two, 0))
    # 1 of 1: 0.27 < 0.3; 2 of 2: 1 / (1 + z²/2) = 0.425 >= 0.3
    assert about(store, one).score == pytest.approx(0.2698, abs=1e-4)
    assert not about(store, one).due_for_review
    assert about(store, two).score == pytest.approx(1 / (1 + Z * Z / 2))
    assert about(store, two).due_for_review
    # both roll up to protest and persuasion at half weight: 1.5 of 1.5, 1 / (1 + z²/1.5) = 0.357
    broader = about(store, VOCAB["protest-and-persuasion"])
    assert (broader.challenges, broader.score) == (3, pytest.approx(1 / (1 + Z * Z / 1.5)))
    ranked = [t.target for t in rank(store, ORGANISER, today=TODAY)]
    assert ranked[:3] == [two, VOCAB["protest-and-persuasion"], one]


def test_older_lessons_count_less(store):
    fresh, old = VOCAB["petitions"], VOCAB["vigils"]
    tag(store, (PRX.supports, fresh, 0), (PRX.challenges, fresh, 0))
    tag(store, (PRX.supports, old, 0), (PRX.challenges, old, 730))
    assert about(store, old).weights == pytest.approx((1.0, 0.5, 0.0))  # one half-life
    assert about(store, old).score < about(store, fresh).score
    # a longer half-life forgets more slowly
    slow = about(store, old, settings=TensionSettings(half_life_days=7300)).score
    assert about(store, old).score < slow < about(store, fresh).score


def test_narrower_concepts_roll_up_with_a_discount_per_level(store):
    # hunger strike -> fasting -> nonviolent intervention
    (lesson,) = tag(store, (PRX.challenges, VOCAB["hunger-strike"], 0))
    for target, weight in [("hunger-strike", 1.0), ("fasting", 0.5), ("nonviolent-intervention", 0.25)]:
        found = about(store, VOCAB[target])
        assert (found.challenges, found.lessons, found.weights) == (1, (lesson,), (0.0, weight, 0.0))
    # 1 challenge weighing 0.25: 1 / (1 + z²/0.25) = 0.0846
    assert about(store, VOCAB["nonviolent-intervention"]).score == pytest.approx(1 / (1 + Z * Z / 0.25))


def test_a_lesson_reaching_a_concept_twice_counts_once(store):
    tag(store, (PRX.challenges, VOCAB["hunger-strike"], 0))
    (both,) = tag(store, (PRX.challenges, VOCAB["fasting"], 0))
    store.write(
        [Statement(both, PRX.challenges, VOCAB["hunger-strike"], Visibility.PUBLIC)], viewer=ORGANISER
    )
    top = about(store, VOCAB["nonviolent-intervention"])
    # two lessons; the second counts by its shortest path (fasting: 0.5), not 0.5 + 0.25
    assert top.challenges == 2
    assert top.weights == pytest.approx((0.0, 0.25 + 0.5, 0.0))


def test_a_lesson_on_a_claim_counts_toward_its_concept(store):
    claim, statements = data.claim(about=VOCAB["grassroots-organising"])
    store.write(statements, viewer=ORGANISER)
    tag(store, (PRX.challenges, claim, 0), (PRX.supports, VOCAB["grassroots-organising"], 0))
    assert (about(store, claim).kind, about(store, claim).challenges) == ("Claim", 1)
    concept = about(store, VOCAB["grassroots-organising"])
    assert (concept.supports, concept.challenges, concept.weights) == (1, 1, (1.0, 0.5, 0.0))


def test_a_visitor_never_counts_members_only_lessons(store):
    target = VOCAB["petitions"]
    (public,) = tag(store, (PRX.supports, target, 0))
    (hidden,) = tag(store, (PRX.challenges, target, 0), visibility=Visibility.MEMBERS)
    seen = about(store, target, Viewer.visitor())
    assert (seen.supports, seen.challenges, seen.lessons, seen.score) == (1, 0, (public,), 0.0)
    assert about(store, target).challenges == 1
    assert [e.lesson for e in theory.evidence(store, Viewer.visitor(), target)] == [public]
    assert hidden in {e.lesson for e in theory.evidence(store, ORGANISER, target)}


def test_withdrawn_lessons_do_not_count(store):
    (lesson,) = tag(store, (PRX.challenges, VOCAB["petitions"], 0))
    store.write([Statement(lesson, PRX.withdrawn, Literal(True), Visibility.PUBLIC)], viewer=ORGANISER)
    assert about(store, VOCAB["petitions"]).lessons == ()


def test_filters_by_date_campaign_scheme_and_kind(store):
    campaign, statements = data.campaign()
    store.write(statements, viewer=ORGANISER)
    claim, statements = data.claim(about=VOCAB["petitions"])
    store.write(statements, viewer=ORGANISER)
    (recent,) = tag(store, (PRX.challenges, VOCAB["petitions"], 10), campaign=campaign)
    (older,) = tag(store, (PRX.challenges, VOCAB["petitions"], 400))
    target = VOCAB["petitions"]
    assert about(store, target, since=TODAY - dt.timedelta(days=30)).lessons == (recent,)
    assert about(store, target, until=TODAY - dt.timedelta(days=30)).lessons == (older,)
    assert about(store, target, campaign=campaign).lessons == (recent,)
    strategy = rank(store, ORGANISER, today=TODAY, schemes=[SCHEME["strategy"]])
    assert target in {t.target for t in strategy} and claim in {t.target for t in strategy}
    systems = rank(store, ORGANISER, today=TODAY, schemes=[SCHEME["systems"]])
    assert target not in {t.target for t in systems} and claim not in {t.target for t in systems}
    assert {t.kind for t in rank(store, ORGANISER, today=TODAY, kinds=["Claim"])} == {"Claim"}


def test_evidence_names_the_lesson_its_action_and_author(store):
    (lesson,) = tag(store, (PRX.qualifies, VOCAB["hunger-strike"], 3))
    (row,) = theory.evidence(store, ORGANISER, VOCAB["nonviolent-intervention"])
    assert (row.lesson, row.stance, row.via, row.level) == (
        lesson,
        Stance.QUALIFIES,
        VOCAB["hunger-strike"],
        2,
    )
    assert (row.action_label, row.author, row.date) == ("Picket at the council offices", "wren", _day(3))
    assert row.title == "Door-knocking brought neighbours to the picket"


def test_readings_behind_a_concept_or_claim(store):
    reading = data.new_id("reading")
    store.write(
        [
            Statement(reading, RDF.type, PRX.Reading),
            Statement(reading, DCTERMS.title, Literal("Why Civil Resistance Works")),
            Statement(reading, PRX.discusses, VOCAB["petitions"]),
            Statement(reading, DCTERMS.issued, Literal("2011", datatype=XSD.gYear)),
            Statement(reading, PRX.visibility, PRX.Public),
        ],
        viewer=ORGANISER,
    )
    (found,) = theory.readings(store, Viewer.visitor(), VOCAB["petitions"])
    assert (found.reading, found.title, found.issued) == (reading, "Why Civil Resistance Works", "2011")


def test_an_empty_store_ranks_every_concept_at_zero(store):
    ranked = rank(store, Viewer.visitor(), today=TODAY)
    assert ranked and all(t.score == 0 and t.lessons == () for t in ranked)


def test_bad_options_are_refused(store):
    from graph.errors import BadInput

    with pytest.raises(BadInput, match="Concept or Claim"):
        rank(store, ORGANISER, kinds=["Reading"])
    with pytest.raises(BadInput, match="half-life"):
        rank(store, ORGANISER, settings=TensionSettings(half_life_days=0))


@settings(max_examples=15, deadline=None)
@given(
    stances=st.lists(st.sampled_from([PRX.supports, PRX.challenges, PRX.qualifies]), max_size=6),
    ages=st.lists(st.integers(min_value=0, max_value=3000), min_size=6, max_size=6),
    extra_age=st.integers(min_value=0, max_value=3000),
)
def test_another_challenging_lesson_never_lowers_a_score(ontology_quads, stances, ages, extra_age):
    fresh = open_store("memory:")
    fresh.load_trusted(ontology_quads)
    target = VOCAB["petitions"]
    tag(fresh, *[(s, target, age) for s, age in zip(stances, ages, strict=False)], validate=False)
    before = about(fresh, target)
    tag(fresh, (PRX.challenges, target, extra_age), validate=False)
    after = about(fresh, target)
    assert after.score >= before.score - 1e-12
    assert after.challenges == before.challenges + 1


# ------------------------------------------------------------------ settings and CLI
def test_every_setting_has_help_and_a_finite_default():
    for setting in dataclasses.fields(TensionSettings):
        assert len(TensionSettings.help(setting.name)) > 20 and math.isfinite(setting.default)


def test_every_setting_is_documented_in_the_readme():
    readme = (data.ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Where practice challenges theory" in readme
    section = readme.split("## Where practice challenges theory", 1)[1].split("\n## ", 1)[0]
    for setting in dataclasses.fields(TensionSettings):
        assert f"`{setting.name}`" in section, f"README does not document the setting {setting.name}"
        assert f"{setting.default:g}" in section, f"README does not give the default of {setting.name}"


def test_cli_tensions_json_shape(run_praxis):
    assert run_praxis("init").returncode == 0
    result = run_praxis("tensions", "--format", "json", "--top", "5")
    assert result.returncode == 0, result.stderr.decode()
    rows = json.loads(result.stdout)
    assert len(rows) == 5
    for row in rows:
        assert row["target"].startswith("https://w3id.org/praxis/")
        assert row["kind"] in ("Concept", "Claim") and isinstance(row["label"], str)
        for key in ("supports", "challenges", "qualifies"):
            assert isinstance(row[key], int) and row[key] >= 0
        assert isinstance(row["score"], float) and isinstance(row["due_for_review"], bool)
        assert all(lesson.startswith("https://w3id.org/praxis/id/lesson-") for lesson in row["lessons"])
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)
    visitor = json.loads(run_praxis("--as", "visitor", "tensions", "--format", "json").stdout)
    organiser = json.loads(run_praxis("tensions", "--format", "json").stdout)
    assert sum(len(r["lessons"]) for r in visitor) < sum(len(r["lessons"]) for r in organiser)


def _day(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


# ------------------------------------------------------------ following writes


def _as_sets(rows) -> dict:
    """The rows of the score, order aside (a packed row's lessons too)."""
    return {
        "lessons": {(r["target"], r["stance"], frozenset(r["lessons"].split("\n"))) for r in rows["lessons"]},
        "targets": {tuple(sorted(r.items())) for r in rows["targets"]},
        "links": {tuple(sorted(r.items())) for r in rows["links"]},
        "withdrawn": {r["lesson"] for r in rows["withdrawn"]},
    }


def test_the_rows_of_the_score_follow_each_kind_of_write_as_if_read_afresh(seeded):
    """The rows the score is worked from are brought up to date from the records a write
    touched (graph.theory.tensions._followed); after every kind of write they equal rows
    read afresh, for the organiser and for a visitor, and so does the ranking."""
    from graph.theory.tensions import _READS, _rows

    store = seeded
    petitions, organising = VOCAB["petitions"], VOCAB["grassroots-organising"]
    claim, claimed = data.claim(about=petitions)
    viewers = (ORGANISER, Viewer.visitor())
    for viewer in viewers:
        _rows(store, viewer)  # kept before the writes
    made: dict[str, list] = {}

    writes = {
        "a new lesson": lambda: made.setdefault("new", tag(store, (PRX.challenges, petitions, 1))),
        "a members-only lesson": lambda: tag(
            store, (PRX.challenges, organising, 3), visibility=Visibility.MEMBERS
        ),
        "a new claim": lambda: store.write(claimed, viewer=ORGANISER),
        "two lessons on it": lambda: made.setdefault(
            "two", tag(store, (PRX.challenges, claim, 0), (PRX.qualifies, claim, 9))
        ),
        "a lesson withdrawn": lambda: store.write(
            [Statement(made["new"][0], PRX.withdrawn, Literal(True), Visibility.PUBLIC)], viewer=ORGANISER
        ),
        "a lesson moved to another target": lambda: store.write(
            [
                Statement(s.subject, PRX.supports, organising, s.visibility)
                if s.predicate == PRX.qualifies
                else s
                for s in statements_about(store, made["two"][1])
            ],
            viewer=ORGANISER,
            replace=[made["two"][1]],
        ),
        "a lesson deleted": lambda: store.write([], viewer=ORGANISER, replace=[made["two"][0]]),
    }
    for what, write in writes.items():
        write()
        for viewer in viewers:
            fresh = store.select_together(viewer, _READS)
            assert _as_sets(_rows(store, viewer)) == _as_sets(fresh), (what, viewer.role)
    for viewer in viewers:
        followed = rank(store, viewer, today=TODAY)
        store.forget()
        assert followed == rank(store, viewer, today=TODAY), viewer.role


def statements_about(store, subject) -> list[Statement]:
    """Every statement about ``subject``, in the graph it is in."""
    from graph.labels import local_name
    from graph.store import from_ox, to_ox

    return [
        Statement(
            subject, from_ox(q.predicate), from_ox(q.object), Visibility(local_name(q.graph_name.value))
        )
        for q in store.backend.triples_about([to_ox(subject)])
    ]


def test_the_followed_ranking_is_made_from_fewer_reads_than_a_fresh_one(seeded, monkeypatch):
    """The check above could pass with rows read again whole: after a lesson, the whole
    tension_lessons read is not asked again."""
    store = seeded
    rank(store, ORGANISER, today=TODAY)
    asked = []
    select = store.select

    def counted(name, viewer, **bindings):
        asked.append((name, sorted(bindings)))
        return select(name, viewer, **bindings)

    monkeypatch.setattr(store, "select", counted)
    author, statements = data.member("wren")
    action, more = data.action(Visibility.PUBLIC)
    store.write(statements + more, viewer=ORGANISER)
    rank(store, ORGANISER, today=TODAY)
    asked.clear()
    lesson, rest = data.lesson(action, author, stance=PRX.challenges, target=VOCAB["petitions"])
    store.write(rest, viewer=ORGANISER)
    assert lesson in {t for t in about(store, VOCAB["petitions"]).lessons}
    assert ("tension_lessons", []) not in asked and ("tension_targets", []) not in asked
    assert ("tension_lessons", ["target"]) in asked
