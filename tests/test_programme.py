"""The learning programme: sessions, skill gaps, member blog posts, group agreements, planner."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal

from graph import programme
from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed
from graph.namespaces import DATA, PRX, RDF, RDFS, SDO, VOCAB, XSD
from graph.programme import options
from graph.store import Statement, to_ox
from tests.data import member, new_id

ORGANISER = Viewer.organiser()
SEED_TODAY = dt.date(2026, 11, 26)
MEMBERS = Visibility.MEMBERS


def _day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def _action(day: str, *skills: str) -> list[Statement]:
    iri = new_id("action")
    return [
        Statement(iri, RDF.type, PRX.Action, MEMBERS),
        Statement(iri, RDFS.label, Literal(f"Action on {day}"), MEMBERS),
        Statement(iri, SDO.startDate, _day(day), MEMBERS),
        Statement(iri, PRX.visibility, MEMBERS.concept, MEMBERS),
    ] + [Statement(iri, PRX.requiresSkill, VOCAB[f"skill-{s}"], MEMBERS) for s in skills]


def _workshop(day: str, *skills: str) -> list[Statement]:
    iri = new_id("session")
    return [
        Statement(iri, RDF.type, PRX.Session, MEMBERS),
        Statement(iri, RDF.type, PRX.SkillWorkshop, MEMBERS),
        Statement(iri, RDFS.label, Literal(f"Workshop on {day}"), MEMBERS),
        Statement(iri, SDO.startDate, _day(day), MEMBERS),
        Statement(iri, PRX.visibility, MEMBERS.concept, MEMBERS),
    ] + [Statement(iri, PRX.practises, VOCAB[f"skill-{s}"], MEMBERS) for s in skills]


# ------------------------------------------------------------------ skill gaps
@pytest.fixture
def hand_checked(store):
    """Today is 2026-06-30. 183 days back: 30 (June) + 31 (May) + 30 (April) + 31 (March)
    + 28 (February) + 31 (January) = 181 days reach 2025-12-31, two more reach 2025-12-29,
    so the window is 2025-12-29 .. 2026-06-30, both ends included."""
    statements = (
        _action("2025-12-28", "facilitation")  # the day before the window: not recent
        + _action("2025-12-29", "know-your-rights")  # first day of the window: recent
        + _action("2026-03-01", "safe-spaces")
        + _action("2026-06-30", "nvda")  # today: recent
        + _action("2026-07-01", "nvda", "accessibility")  # tomorrow: upcoming
        + _workshop("2025-12-28", "know-your-rights")  # before the window
        + _workshop("2025-12-29", "facilitation")  # first day of the window
        + _workshop("2026-06-30", "safe-spaces")  # today: held, in the window
        + _workshop("2026-07-15", "nvda")  # planned
    )
    store.write(statements, viewer=ORGANISER)
    return store


def _by_label(statuses) -> dict[str, programme.SkillStatus]:
    return {str(s.skill).rsplit("/", 1)[-1].removeprefix("skill-"): s for s in statuses}


def test_window_start_is_worked_out_by_hand():
    assert programme.window_start(dt.date(2026, 6, 30), 183) == dt.date(2025, 12, 29)


def test_gaps_on_a_hand_checked_graph(hand_checked):
    today = dt.date(2026, 6, 30)
    statuses = _by_label(programme.skill_status(hand_checked, ORGANISER, today=today))
    # know-your-rights: needed on 2025-12-29 (in the window), last practised 2025-12-28 (outside).
    kyr = statuses["know-your-rights"]
    assert kyr.gap and kyr.last_practised == dt.date(2025, 12, 28) and kyr.sessions_in_window == 0
    assert [a.date for a in kyr.recent_actions] == [dt.date(2025, 12, 29)]
    # nvda: needed today, practised only at the planned session of 2026-07-15.
    nvda = statuses["nvda"]
    assert nvda.gap and nvda.last_practised is None and nvda.next_session == dt.date(2026, 7, 15)
    assert [a.date for a in nvda.recent_actions] == [dt.date(2026, 6, 30)]
    assert [a.date for a in nvda.upcoming_actions] == [dt.date(2026, 7, 1)]
    # safe-spaces: needed 2026-03-01, practised today, which counts as held and in the window.
    assert not statuses["safe-spaces"].gap and statuses["safe-spaces"].sessions_in_window == 1
    # facilitation: its only need (2025-12-28) is before the window, so no gap.
    facilitation = statuses["facilitation"]
    assert not facilitation.gap and facilitation.recent_actions == ()
    assert facilitation.last_practised == dt.date(2025, 12, 29)
    # accessibility: only an upcoming action needs it.
    assert not statuses["accessibility"].gap and len(statuses["accessibility"].upcoming_actions) == 1
    gaps = programme.skill_gaps(hand_checked, ORGANISER, today=today)
    assert {str(s.skill) for s in gaps} == {str(VOCAB["skill-know-your-rights"]), str(VOCAB["skill-nvda"])}
    assert list(programme.skill_status(hand_checked, ORGANISER, today=today))[:2] == gaps  # gaps first


def test_a_longer_window_reaches_the_day_before(hand_checked):
    # 184 days: the window starts 2025-12-28, so the facilitation need and the
    # know-your-rights workshop of that day now fall inside it.
    gaps = programme.skill_gaps(hand_checked, ORGANISER, today=dt.date(2026, 6, 30), window_days=184)
    assert [str(s.skill) for s in gaps] == [str(VOCAB["skill-nvda"])]


def test_visitors_see_no_needs_and_so_no_gaps(hand_checked):
    assert programme.skill_gaps(hand_checked, Viewer.visitor(), today=dt.date(2026, 6, 30)) == []


def test_the_window_must_be_positive(hand_checked):
    with pytest.raises(BadInput, match="window"):
        programme.skill_status(hand_checked, ORGANISER, today=dt.date(2026, 6, 30), window_days=0)


def test_every_setting_is_declared_with_help():
    assert programme.SETTINGS
    for setting in programme.SETTINGS:
        assert setting.name and isinstance(setting.default, int) and len(setting.help) > 40
    assert programme.SKILL_GAP_DAYS.default == 183


def test_seed_gaps_on_the_seed_day(seeded):
    gaps = programme.skill_gaps(seeded, ORGANISER, today=SEED_TODAY)
    assert {str(s.skill).rsplit("/", 1)[-1] for s in gaps} == {
        "skill-accessibility",
        "skill-know-your-rights",
        "skill-nvda",
        "skill-police-awareness",
    }


# ------------------------------------------------------------------ sessions
def test_seed_sessions_upcoming_and_past(seeded):
    upcoming = programme.list_sessions(seeded, ORGANISER, today=SEED_TODAY, when=programme.When.UPCOMING)
    assert [s.date for s in upcoming] == sorted(s.date for s in upcoming) and len(upcoming) == 4
    past = programme.list_sessions(seeded, ORGANISER, today=SEED_TODAY, when=programme.When.PAST)
    assert len(past) >= 12 and all(s.head_count is not None for s in past)
    assert past[0].date >= past[-1].date
    public = programme.list_sessions(seeded, Viewer.visitor(), today=SEED_TODAY)
    assert public and all(s.kind is programme.SessionKind.READING_GROUP for s in public)
    assert all(ref.label is None for s in public for ref in s.facilitators)  # members stay hidden


def test_plan_then_log_a_session(store):
    nick_iri, nick = member("Heron")
    store.write(nick, viewer=ORGANISER)
    today = dt.date(2026, 3, 1)
    draft = programme.SessionDraft(
        title="Know your rights before the sit-in",
        date=dt.date(2026, 3, 11),
        kind=programme.SessionKind.SKILL_WORKSHOP,
        facilitators=("heron",),
        skills=(VOCAB["skill-know-your-rights"],),
        topics=(VOCAB["nvda"],),
    )
    iri = programme.plan_session(store, ORGANISER, draft, today=today)
    (found,) = programme.list_sessions(store, ORGANISER, today=today, when=programme.When.UPCOMING)
    assert found.as_dict(today=today) == {
        "id": str(iri),
        "title": "Know your rights before the sit-in",
        "kind": "skill-workshop",
        "date": "2026-03-11",
        "upcoming": True,
        "facilitators": ["Heron"],
        "readings": [],
        "skills": [{"id": str(VOCAB["skill-know-your-rights"]), "label": "Know your rights"}],
        "topics": [{"id": str(VOCAB["nvda"]), "label": found.topics[0].label}],
        "notes": None,
        "head_count": None,
        "visibility": "members",
    }
    later = dt.date(2026, 3, 12)
    assert found.needs_logging(later)
    programme.complete_session(store, ORGANISER, iri, head_count=14, notes="Went well.", today=later)
    (logged,) = programme.list_sessions(store, ORGANISER, today=later, when=programme.When.PAST)
    assert (logged.head_count, logged.notes, logged.facilitators[0].iri) == (14, "Went well.", nick_iri)


def test_logging_a_planned_seed_session_replaces_its_notes(seeded):
    later, iri = dt.date(2026, 12, 10), DATA["session-5307d5"]  # planned for 2026-12-09, with notes
    programme.complete_session(seeded, ORGANISER, iri, head_count=9, notes="Done.", today=later)
    rows = [row for row in seeded.select("session_list", ORGANISER) if row["session"] == iri]
    assert [(row["headCount"], row["notes"]) for row in rows] == [(9, "Done.")]


def test_session_dates_and_counts_are_checked(store):
    today = dt.date(2026, 3, 1)
    draft = programme.SessionDraft("Reading Freire", dt.date(2026, 2, 1), programme.SessionKind.READING_GROUP)
    with pytest.raises(BadInput, match="log it instead"):
        programme.plan_session(store, ORGANISER, draft, today=today)
    with pytest.raises(BadInput, match="how many people came"):
        programme.log_session(store, ORGANISER, draft, today=today)
    with pytest.raises(BadInput, match="plan the session instead"):
        programme.log_session(
            store, ORGANISER, programme.SessionDraft("Later", dt.date(2026, 4, 1), draft.kind), today=today
        )
    with pytest.raises(BadInput, match=r"facilitator.*no member"):
        programme.log_session(
            store,
            ORGANISER,
            programme.SessionDraft("X", today, draft.kind, ("Nobody",), head_count=3),
            today=today,
        )
    with pytest.raises(NotAllowed):
        programme.log_session(
            store, Viewer.visitor(), programme.SessionDraft("X", today, draft.kind, head_count=3), today=today
        )
    assert programme.list_sessions(store, ORGANISER, today=today) == []


# ------------------------------------------------------------------ posts
def test_a_member_adds_a_post_and_pages_find_it(store):
    wren = Viewer.member("Wren")
    iri = programme.add_post(
        store,
        wren,
        programme.PostDraft(
            title="Consent, not consensus",
            date=dt.date(2026, 7, 15),
            concepts=(VOCAB["group-agreements"],),
            text="One objection held up a decision for two months.\n\nSo we changed how we decide.",
        ),
    )
    (post,) = programme.posts_for(store, wren, concept=VOCAB["group-agreements"])
    assert (post.iri, post.author, post.summary) == (
        iri,
        "Wren",
        "One objection held up a decision for two months.",
    )
    assert programme.posts_for(store, wren, concept=VOCAB["parecon"]) == []
    (public,) = programme.list_posts(store, Viewer.visitor())
    assert public.author is None  # the member record is members-only
    assert iri in {ref.iri for ref in options.readings(store, wren)}  # on reading lists too


def test_posts_for_the_seed_campaigns(seeded):
    care = programme.posts_for(seeded, Viewer.visitor(), campaign=DATA["campaign-care-work"])
    housing = programme.posts_for(seeded, Viewer.visitor(), campaign=DATA["campaign-housing"])
    assert len(care) >= 2 and len(housing) >= 2
    assert [p.date for p in housing] == sorted((p.date for p in housing), reverse=True)


def test_a_post_needs_a_link_or_text_and_a_concept(store):
    wren = Viewer.member("Wren")
    base = programme.PostDraft(title="T", date=dt.date(2026, 1, 1), concepts=(VOCAB["parecon"],))
    with pytest.raises(BadInput, match="link"):
        programme.add_post(store, wren, base)
    with pytest.raises(BadInput, match="http"):
        programme.add_post(
            store,
            wren,
            programme.PostDraft("T", dt.date(2026, 1, 1), (VOCAB["parecon"],), url="javascript:alert(1)"),
        )
    with pytest.raises(BadInput, match="concept"):
        programme.add_post(
            store, wren, programme.PostDraft("T", dt.date(2026, 1, 1), (), url="https://example.org/p")
        )
    with pytest.raises(NotAllowed):
        programme.add_post(
            store,
            Viewer.visitor(),
            programme.PostDraft("T", dt.date(2026, 1, 1), (VOCAB["parecon"],), text="x"),
        )


# ------------------------------------------------------------------ agreements
def test_agreement_history_is_in_time_order(store):
    first = programme.adopt_agreement_version(
        store,
        ORGANISER,
        name="Decisions by consent",
        statement="Consensus of all present.",
        adopted=dt.date(2026, 1, 10),
    )
    (agreement,) = programme.list_agreements(store, ORGANISER)
    second = programme.adopt_agreement_version(
        store,
        ORGANISER,
        agreement=agreement.iri,
        statement="Consent: no reasoned objection.",
        adopted=dt.date(2026, 3, 5),
        rationale="One objection held us up.",
        meeting="General meeting",
    )
    # Same day as the second: the revision chain, not the IRI, decides the order.
    third = programme.adopt_agreement_version(
        store,
        ORGANISER,
        agreement=agreement.iri,
        statement="Consent, with a fallback.",
        adopted=dt.date(2026, 3, 5),
    )
    history = programme.agreement_history(store, ORGANISER, agreement.iri)
    assert [v.iri for v in history] == [first, second, third]
    assert [v.revises for v in history] == [None, first, second]
    assert history[1].rationale == "One objection held us up." and history[1].meeting == "General meeting"
    (current,) = programme.current_agreements(store, ORGANISER)
    assert (current.iri, current.name, current.visibility) == (
        third,
        "Decisions by consent",
        Visibility.MEMBERS,
    )
    with pytest.raises(BadInput, match="cannot be dated before"):
        programme.adopt_agreement_version(
            store, ORGANISER, agreement=agreement.iri, statement="Back-dated.", adopted=dt.date(2026, 3, 4)
        )
    assert programme.current_agreements(store, Viewer.visitor()) == []


def test_seed_agreements_each_have_a_revision(seeded):
    current = programme.current_agreements(seeded, Viewer.visitor())
    assert {v.name for v in current} == {
        "Meeting facilitation rotates",
        "Decisions by consent, with a fallback",
    }
    for version in current:
        history = programme.agreement_history(seeded, Viewer.visitor(), version.agreement)
        assert len(history) == 2 and history[-1] == version and history[1].revises == history[0].iri
        assert history[0].adopted < history[1].adopted and history[1].rationale


# ------------------------------------------------------------------ planner
def test_planner_reads_for_a_claim_and_marks_what_was_covered(seeded):
    found = programme.readings_for_topic(
        seeded, ORGANISER, DATA["claim-structurelessness-hides-power"], today=SEED_TODAY
    )
    freeman = next(c for c in found if c.reading == DATA["reading-freeman-1972-tyranny-of-structurelessness"])
    assert "the claim was taken from it" in freeman.reasons
    assert freeman.covered_on == dt.date(2025, 12, 10)


# ------------------------------------------------------------------ pickers
FINDERS = [
    (options.find_readings, options.readings),
    (options.find_topics, options.topics),
    (options.find_members, options.members),
    (options.find_campaigns, options.campaigns),
    (options.find_concepts, options.concepts),
]


@pytest.mark.parametrize(("find", "every"), FINDERS, ids=lambda f: getattr(f, "__name__", ""))
def test_pickers_offer_everything_when_the_list_is_short(seeded, find, every):
    found = find(seeded, ORGANISER)
    assert list(found.refs) == every(seeded, ORGANISER) and found.complete and found.total == len(found.refs)


def test_pickers_search_when_the_list_is_long(seeded, monkeypatch):
    monkeypatch.setattr(options, "PICK_LIMIT", 3)
    readings = options.find_readings(seeded, ORGANISER)
    assert readings.refs == () and readings.total == len(options.readings(seeded, ORGANISER)) > 3
    parecon = options.find_readings(seeded, ORGANISER, "  PARECON ")
    assert DATA["reading-albert-2003-parecon"] in {r.iri for r in parecon.refs} and parecon.complete
    many = options.find_readings(seeded, ORGANISER, "the")  # more than three titles hold "the"
    assert len(many.refs) == 3 and many.total > 3 and not many.complete
    assert [r.label for r in many.refs] == sorted((r.label for r in many.refs), key=str.casefold)
    topics = options.find_topics(seeded, ORGANISER, "participatory econ")
    assert VOCAB["parecon"] in {r.iri for r in topics.refs}
    claims = options.find_topics(seeded, ORGANISER, "structurelessness")
    assert DATA["claim-structurelessness-hides-power"] in {r.iri for r in claims.refs}
    assert [r.label for r in options.find_members(seeded, ORGANISER, "wre").refs] == ["Wren"]
    assert options.find_members(seeded, Viewer.visitor(), "wre").total == 0  # members are members-only
    housing = options.find_campaigns(seeded, ORGANISER, "housing")
    assert DATA["campaign-housing"] in {r.iri for r in housing.refs}
    (found,) = [c for c in options.find_concepts(seeded, ORGANISER, "participatory econ").refs]
    (listed,) = [c for c in options.concepts(seeded, ORGANISER) if c.iri == VOCAB["parecon"]]
    assert found == listed and found.readings >= 1
    with pytest.raises(BadInput, match="longer than"):
        options.find_topics(seeded, ORGANISER, "x" * 201)


def _subjects(store, predicate, obj=None) -> set[str]:
    """Subjects of ``predicate`` (with object ``obj`` if given) anywhere in ``store``."""
    found = store.quads(Viewer.organiser())
    return {
        q.subject.value
        for q in found
        if q.predicate == to_ox(predicate) and (obj is None or q.object == to_ox(obj))
    }


def test_active_campaigns_are_found_through_their_status(seeded):
    every = options.campaigns(seeded, ORGANISER)
    active = options.campaigns(seeded, ORGANISER, active_only=True)
    assert {str(r.iri) for r in active} == _subjects(seeded, PRX.status, PRX.Active)
    assert set(active) < set(every)


def test_concept_reading_counts_are_the_readings_that_discuss_them(seeded):
    counts = {c.iri: c.readings for c in options.concepts(seeded, ORGANISER)}
    for concept in (VOCAB["parecon"], VOCAB["nvda"], VOCAB["group-agreements"]):
        assert counts.get(concept, 0) == len(_subjects(seeded, PRX.discusses, concept))
    assert counts[VOCAB["parecon"]] >= 1
