"""The Learning programme page (AppTest on the seed) and the ``praxis sessions`` and
``praxis skills`` commands (the real console script)."""

from __future__ import annotations

import datetime as dt
import json

from explorer import links
from graph.access import Viewer
from graph.namespaces import DATA, VOCAB

TODAY = dt.date(2026, 11, 26)  # the seed's sessions and actions are laid out around this day
KESTREL = DATA["member-238da9"]
SEED_GAPS = ["Accessibility", "Know your rights", "Non-violent direct action skills", "Police awareness"]


def _programme(page, viewer: Viewer | None = None):
    app = page("programme", viewer)
    assert not app.exception
    app.date_input(key="programme-today").set_value(TODAY).run()
    assert not app.exception
    return app


def test_page_lists_sessions_gaps_posts_and_agreements(page):
    app = _programme(page)
    upcoming, past = app.dataframe[0].value, app.dataframe[1].value
    assert list(upcoming["date"]) == ["2026-12-09", "2026-12-16", "2027-01-13", "2027-01-27"]
    assert len(past) == 17 and past["date"].iloc[0] == "2026-11-04"
    assert [w.value.split(":")[0] for w in app.warning] == SEED_GAPS
    texts = [t.value for t in app.text]
    assert any("three quarters of those present" in t for t in texts)  # the current wording
    assert any(t.startswith("Why: Rotating by the sign-up sheet") for t in texts)  # the history
    assert any("Fifteen minutes is not care" in m.value for m in app.markdown)


def test_planner_picks_readings_from_a_concept_and_plans_the_session(page):
    app = _plan_parecon(page)
    candidates = app.dataframe[-1].value
    assert "Parecon: Life After Capitalism" in [links.shown(name) for name in candidates["reading"]]
    app.multiselect(key="programme-planner-facilitators").select(KESTREL).run()
    app.multiselect(key="programme-planner-readings").select(DATA["reading-albert-2003-parecon"])
    app.date_input(key="programme-planner-date").set_value(dt.date(2026, 12, 10))
    app.text_input(key="programme-planner-title").input("Parecon and the planning meeting")
    app.button(key="programme-planner-submit").click().run()
    assert not app.exception
    assert [s.value for s in app.success] == ["Session planned: it is listed on the Sessions tab."]
    upcoming = app.dataframe[0].value
    assert len(upcoming) == 5 and "Parecon and the planning meeting" in [
        links.shown(name) for name in upcoming["title"]
    ]
    # the form is empty again, ready for the next session
    assert app.multiselect(key="programme-planner-readings").value == []
    assert app.text_input(key="programme-planner-title").value == ""


def _plan_parecon(page):
    app = _programme(page)
    app.radio(key="programme-planner-source").set_value("concept").run()
    app.selectbox(key="programme-planner-concept").set_value(VOCAB["parecon"]).run()
    return app


def test_planning_with_nothing_chosen_says_what_is_missing_and_saves_nothing(page):
    """Regression: an empty planner form saved "Reading group: Participatory economics"
    with no readings, facilitators or date that anyone had chosen."""
    app = _plan_parecon(page)
    app.button(key="programme-planner-submit").click().run()
    assert not app.exception and not app.success
    (error,) = [e.value for e in app.error]
    for missing in ("at least one reading", "who facilitates", "the date", "a title"):
        assert missing in error
    assert len(app.dataframe[0].value) == 4  # no new upcoming session


def test_a_member_posts_and_records_a_new_wording(page):
    app = _programme(page, Viewer.member("Wren"))
    app.text_input(key="programme-post-title").input("Why the sit-in worked")
    app.text_area(key="programme-post-text").input("Tenants brought their own repair logs.")
    app.multiselect(key="programme-post-concepts").select(VOCAB["nvda"])
    app.multiselect(key="programme-post-campaigns").select(DATA["campaign-housing"])
    app.button(key="programme-post-submit").click().run()
    assert not app.exception and [s.value for s in app.success] == ["Post published."]
    assert any("Why the sit-in worked" in m.value for m in app.markdown)

    app.selectbox(key="programme-agreement-which").set_value(DATA["agreement-facilitation-rotates"])
    app.text_area(key="programme-agreement-statement").input("Facilitation rotates every meeting.")
    app.text_area(key="programme-agreement-rationale").input("Pairs now work well.")
    app.button(key="programme-agreement-submit").click().run()
    assert not app.exception and [s.value for s in app.success] == ["Agreement recorded."]
    assert "Facilitation rotates every meeting." in [t.value for t in app.text]


def test_a_bad_form_says_what_to_fix_and_changes_nothing(page):
    app = _programme(page)
    app.radio(key="programme-session-mode").set_value("plan").run()
    app.button(key="programme-plan-submit").click().run()  # no title
    assert not app.exception
    assert [e.value for e in app.error] == ["title: this cannot be empty"]
    assert len(app.dataframe[0].value) == 4


def test_visitors_read_but_see_no_forms(page):
    app = _programme(page, Viewer.visitor())
    assert {b.key for b in app.button}.isdisjoint({"programme-post-submit", "programme-agreement-submit"})
    assert len(app.dataframe[0].value) == 2  # the two public reading-group sessions
    assert not app.warning  # actions are members-only: no needs, no gaps


def test_page_on_an_empty_store(empty_page):
    app = empty_page("programme")
    assert not app.exception
    infos = " ".join(i.value for i in app.info)
    assert "No sessions are planned" in infos and "No member has posted yet" in infos
    assert "No group agreements are recorded yet" in infos


def test_long_lists_are_searched_and_picks_are_kept_across_searches(page, monkeypatch):
    """With more readings, topics and members than a picker lists, the forms search them;
    what was picked stays picked when the search changes, and is saved."""
    from graph.programme import options

    monkeypatch.setattr(options, "PICK_LIMIT", 3)
    app = _programme(page)
    app.radio(key="programme-session-mode").set_value("plan").run()
    assert app.multiselect(key="programme-plan-readings").options == []
    assert any(c.value.endswith("readings: search above to find the ones you want.") for c in app.caption)
    app.text_input(key="programme-plan-readings-search").input("parecon").run()
    app.multiselect(key="programme-plan-readings").select(DATA["reading-albert-2003-parecon"]).run()
    app.text_input(key="programme-plan-readings-search").input("tyranny").run()
    app.multiselect(key="programme-plan-readings").select(
        DATA["reading-freeman-1972-tyranny-of-structurelessness"]
    ).run()
    assert not app.exception
    assert app.multiselect(key="programme-plan-readings").value == [
        DATA["reading-albert-2003-parecon"],
        DATA["reading-freeman-1972-tyranny-of-structurelessness"],
    ]
    app.text_input(key="programme-plan-facilitators-search").input("kest").run()
    app.multiselect(key="programme-plan-facilitators").select(KESTREL).run()
    app.text_input(key="programme-plan-topics-search").input("participatory econ").run()
    app.multiselect(key="programme-plan-topics").select(VOCAB["parecon"]).run()
    app.text_input(key="programme-plan-title").input("Parecon and structure")
    app.button(key="programme-plan-submit").click().run()
    assert not app.exception and [s.value for s in app.success] == ["Session planned."]
    (row,) = [
        r
        for r in app.dataframe[0].value.to_dict("records")
        if links.shown(r["title"]) == "Parecon and structure"
    ]
    assert row["facilitators"] == "Kestrel"
    assert row["covers"] == "Parecon: Life After Capitalism; The Tyranny of Structurelessness"


def test_the_planner_searches_concepts_when_there_are_many(page, monkeypatch):
    from graph.programme import options

    monkeypatch.setattr(options, "PICK_LIMIT", 3)
    app = _programme(page)
    app.radio(key="programme-planner-source").set_value("concept").run()
    assert any(c.value.endswith("concepts: search above for the one to read about.") for c in app.caption)
    app.text_input(key="programme-planner-concept-search").input("participatory econ").run()
    app.selectbox(key="programme-planner-concept").set_value(VOCAB["parecon"]).run()
    assert not app.exception
    assert "Parecon: Life After Capitalism" in [
        links.shown(name) for name in app.dataframe[-1].value["reading"]
    ]


SESSION_KEYS = {
    "id",
    "title",
    "kind",
    "date",
    "upcoming",
    "facilitators",
    "readings",
    "skills",
    "topics",
    "notes",
    "head_count",
    "visibility",
}
SKILL_KEYS = {
    "id",
    "label",
    "last_practised",
    "next_session",
    "sessions_in_window",
    "recent_actions",
    "upcoming_actions",
    "gap",
}


def test_cli_sessions_and_skills_json(run_praxis):
    assert run_praxis("init").returncode == 0
    result = run_praxis("sessions", "--upcoming", "--format", "json", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr.decode()
    sessions = json.loads(result.stdout)
    assert [s["date"] for s in sessions] == ["2026-12-09", "2026-12-16", "2027-01-13", "2027-01-27"]
    assert all(set(s) == SESSION_KEYS and s["upcoming"] for s in sessions)
    assert sessions[0]["kind"] == "skill-workshop" and sessions[0]["facilitators"] == ["Kestrel"]
    assert set(sessions[1]["readings"][0]) == {"id", "label"}

    result = run_praxis("skills", "--gaps", "--format", "json", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr.decode()
    gaps = json.loads(result.stdout)
    assert [g["label"] for g in gaps] == SEED_GAPS
    assert all(set(g) == SKILL_KEYS and g["gap"] for g in gaps)
    assert set(gaps[0]["recent_actions"][0]) == {"id", "label", "date"}

    visitor = run_praxis(
        "--as", "visitor", "sessions", "--past", "--format", "json", "--today", TODAY.isoformat()
    )
    assert all(s["kind"] == "reading-group" and s["facilitators"] == [] for s in json.loads(visitor.stdout))
    table = run_praxis("skills", "--today", TODAY.isoformat())
    assert table.returncode == 0 and b"Police awareness" in table.stdout
