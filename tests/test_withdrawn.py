"""A withdrawn lesson leaves every count, list, map, suggestion, brief and example query.

The oracle: two stores from the same seed. In one, members record some lessons and
withdraw a random subset; in the other, only the lessons kept were ever recorded (the
same IRIs: each is saved with the same form key, see :func:`graph.practice.new_iri`).
Every page's reading, answer, export of counts and example query must be the same in
both: whatever differs counts a withdrawn lesson. The lesson's own history and My
lessons still show it, marked withdrawn.
"""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import practice, strategy, theory, views
from graph.access import Viewer
from graph.errors import NotAllowed
from graph.namespaces import DATA, VOCAB
from graph.sparql.examples import list_examples, run_table
from graph.store import open_store
from graph.suggest import suggest

WREN = Viewer.member("Wren")  # a seed member: no new member record, the same in both stores
TODAY = dt.date(2026, 11, 26)
ACTIONS = [DATA["action-ff2dd6"], DATA["action-77deaa"], DATA["action-0935a2"]]
TARGETS = [
    VOCAB["grassroots-organising"],
    VOCAB["civil-resistance"],
    VOCAB["non-cooperation"],
    DATA["claim-three-point-five-percent"],
    DATA["claim-nonviolent-campaigns-succeed-more"],
]
CAMPAIGN = DATA["campaign-montgomery-bus-boycott"]

lessons = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.sampled_from(list(practice.Stance)),
        st.sampled_from(TARGETS),
        st.booleans(),  # withdrawn?
    ),
    min_size=1,
    max_size=6,
)


def _store(seed_quads: list[ox.Quad]):
    fresh = open_store("memory:")
    fresh.load_trusted(seed_quads)
    return fresh


def _record(store, number: int, action, stance, target) -> object:
    form = practice.LessonInput(
        title=f"Lesson {number} from the boycott",
        taught=f"What lesson {number} taught.",
        tags=(practice.Tag(stance, target),),
        action=action,
    )
    return practice.record_lesson(store, WREN, form, once=f"property-{number}")


def _everything(store) -> dict:
    """What every page, answer, export of counts and example query says, as values."""
    summary = views.overview(store, WREN)
    counts = {kind: n for kind, n in summary.counts.items() if kind != "statements"}
    answer = strategy.answer(store, WREN, strategy.Question())
    found = {
        "overview": (counts, summary.campaigns, summary.lessons),
        "tensions": theory.rank(store, WREN, today=TODAY),
        "answer": (answer.lessons, answer.actions),
        "brief": _brief(strategy.build_brief(store, WREN, answer, today=TODAY)),
        "suggestions": suggest(store, WREN, campaign=CAMPAIGN),
        "lessons": store.select("lessons_all", WREN),
        "campaign lessons": store.select("tension_campaign", WREN, campaign=CAMPAIGN),
    }
    for target in TARGETS:
        found[f"map {target}"] = sorted(
            str(node.iri) for node in views.neighbourhood(store, WREN, target).nodes
        )
        if not str(target).startswith(str(DATA)):
            found[f"concept {target}"] = views.concept_details(store, WREN, target)
    for example in list_examples():
        found[example.name] = run_table(store, WREN, example.text).rows
    return found


def _brief(brief) -> tuple:
    return (brief.summary, brief.findings, brief.more_findings, brief.tensions, brief.readings)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(recorded=lessons)
def test_nothing_counts_a_withdrawn_lesson(seed_quads, recorded):
    everyone, kept_only = _store(seed_quads), _store(seed_quads)
    withdrawn = []
    for number, (action, stance, target, withdraw) in enumerate(recorded):
        iri = _record(everyone, number, action, stance, target)
        if withdraw:
            practice.withdraw_lesson(everyone, WREN, iri)
            withdrawn.append(iri)
        else:
            _record(kept_only, number, action, stance, target)
    seen, expected = _everything(everyone), _everything(kept_only)
    for name in expected:
        assert seen[name] == expected[name], f"{name} counts a withdrawn lesson"
    # still there, marked, for its author: My lessons and the lesson itself
    mine = {row.iri: row.withdrawn for row in practice.list_lessons(everyone, WREN)}
    assert all(mine[iri] for iri in withdrawn)
    assert all(practice.get_lesson(everyone, WREN, iri).withdrawn for iri in withdrawn)


def test_withdrawing_the_lesson_just_recorded_brings_the_overview_back(seeded):
    """Regression: the seed's 66 lessons became 67 after a lesson, and stayed 67 after
    withdrawing it; the lesson stayed among the latest."""
    before = views.overview(seeded, WREN)
    iri = _record(seeded, 1, ACTIONS[0], practice.Stance.CHALLENGES, TARGETS[0])
    assert views.overview(seeded, WREN).counts["Lesson"] == before.counts["Lesson"] + 1
    practice.withdraw_lesson(seeded, WREN, iri)
    after = views.overview(seeded, WREN)
    assert after.counts["Lesson"] == before.counts["Lesson"]
    assert iri not in {lesson.iri for lesson in after.lessons}
    assert after.campaigns == before.campaigns


def test_a_withdrawal_taken_back_counts_the_lesson_again_and_only_its_author_may(seeded):
    iri = _record(seeded, 2, ACTIONS[1], practice.Stance.SUPPORTS, TARGETS[1])
    counted = views.overview(seeded, WREN).counts["Lesson"]
    practice.withdraw_lesson(seeded, WREN, iri)
    with pytest.raises(NotAllowed):
        practice.restore_lesson(seeded, Viewer.member("Heron"), iri)
    practice.restore_lesson(seeded, WREN, iri)
    restored = practice.get_lesson(seeded, WREN, iri)
    assert not restored.withdrawn and restored.withdrawn_at is None
    assert restored.tags == (practice.Tag(practice.Stance.SUPPORTS, TARGETS[1]),)
    assert views.overview(seeded, WREN).counts["Lesson"] == counted
    assert seeded.validate() == []
