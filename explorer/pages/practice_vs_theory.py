"""Practice vs theory: concepts and claims ranked by how much practice challenges them.

Filters, a chart of supports against challenges, the ranked table with the "due
for review" mark, and a drill-down to the lessons and readings behind one concept
or claim. For a claim: its history as a timeline and, for members and organisers,
forms to record a new wording or a group decision. "Include other chapters" scores on
every followed chapter's lessons too, with each chapter's counts. Everything is computed
in graph.theory and graph.network; this file is layout.
"""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from explorer import links, state, widgets
from graph import network, theory
from graph.access import Visibility
from graph.errors import PraxisError


@state.cached(show_spinner=False)
def _choices() -> theory.TensionFilters:
    return theory.filters(state.store(), state.viewer())


def _ranked(today, kinds, schemes, campaign, since, until, half_life, everywhere: bool) -> list:
    """Our tensions (theory.rank, kept on the store until the next change, so not copied
    through Streamlit's cache), or every chapter's (network.network_rank) when ``everywhere``."""
    if everywhere:
        return _network_ranked(today, kinds, schemes, campaign, since, until, half_life)
    with st.spinner("Weighing the lessons…"):
        return _ranking(theory.rank, today, kinds, schemes, campaign, since, until, half_life)


@state.cached(show_spinner="Weighing every chapter's lessons…")
def _network_ranked(today, kinds, schemes, campaign, since, until, half_life) -> list:
    return _ranking(network.network_rank, today, kinds, schemes, campaign, since, until, half_life)


def _ranking(ranking, today, kinds, schemes, campaign, since, until, half_life) -> list:
    return ranking(
        state.store(),
        state.viewer(),
        today=today,
        kinds=kinds,
        schemes=schemes or None,
        campaign=campaign,
        since=since,
        until=until,
        settings=theory.TensionSettings(half_life_days=half_life),
    )


@state.cached(show_spinner=False)
def _evidence(target: str, lessons: tuple, everywhere: bool) -> list:
    store = state.store().with_peers() if everywhere else state.store()
    return theory.evidence(store, state.viewer(), target, lessons=lessons)


@state.cached(show_spinner=False)
def _readings(target: str) -> list:
    return theory.readings(state.store(), state.viewer(), target)


@state.cached(show_spinner=False)
def _history(claim: str) -> tuple:
    store, viewer = state.store(), state.viewer()
    return theory.statement(store, viewer, claim), theory.history(store, viewer, claim)


st.title("Practice vs theory")
st.caption(
    "Which of our concepts and claims are our own lessons questioning? The score rises with "
    "challenging lessons (a qualification counts half), counts recent lessons more, and stays low "
    "while there is little evidence. At 0.3 or more a concept or claim is due for review."
)
if "practice-flash" in st.session_state:
    st.success(st.session_state.pop("practice-flash"))

store, viewer = state.store(), state.viewer()
choices = _choices()
scheme_names = dict(choices.schemes)
campaign_names = dict(choices.campaigns)

with st.expander("Filters", expanded=False):
    left, middle, right = st.columns(3)
    kinds = left.multiselect("Show", ["Concept", "Claim"], default=["Concept", "Claim"], key="practice-kinds")
    schemes = widgets.pick_many("Concept schemes", scheme_names, "practice-schemes", where=left)
    campaign = middle.selectbox(
        "Lessons from the campaign",
        [None, *campaign_names],
        format_func=lambda c: "any campaign" if c is None else campaign_names[c],
        key="practice-campaign",
    )
    dates = middle.date_input("Lessons recorded between", value=[], key="practice-dates")
    half_life = right.number_input(
        "Half-life of a lesson (days)",
        min_value=30,
        max_value=7300,
        value=int(theory.TensionSettings().half_life_days),
        step=30,
        help="A lesson this old counts half as much as a new one.",
        key="practice-half-life",
    )
    only_evidence = right.checkbox("Only those with lessons", value=True, key="practice-only-evidence")

everywhere = widgets.network_switch(
    "practice-network",
    adds="Count the lessons the chapters we follow have published, beside ours.",
    alone="Our own lessons only.",
)

since = dates[0] if len(dates) >= 1 else None
until = dates[1] if len(dates) == 2 else None
asked = (dt.date.today(), tuple(kinds), tuple(schemes), campaign, since, until, float(half_life))
chapters = {str(n.tension.target): n for n in _ranked(*asked, True)} if everywhere else {}
ranked = [n.tension for n in chapters.values()] if chapters else _ranked(*asked, False)
tested = [t for t in ranked if t.lessons]
filtered = bool(schemes or campaign or dates) or set(kinds) != {"Concept", "Claim"}
if not tested and not filtered:
    st.info(
        "No lessons are tagged to theory yet. When members record what an action taught and say which "
        "concept or claim it supports, challenges or qualifies, this page ranks them here."
    )
    st.stop()
shown = tested if only_evidence else ranked
if not tested:
    st.warning("No lessons match these filters. Widen the date range or choose another campaign or scheme.")
    st.stop()

due = [t for t in shown if t.due_for_review]
first, second, third = st.columns(3)
first.metric("Concepts and claims with lessons", len(tested))
second.metric("Due for review", len(due))
third.metric("Lessons counted", len({lesson for t in tested for lesson in t.lessons}))

table = pd.DataFrame([chapters[str(t.target)].as_dict() if chapters else t.as_dict() for t in shown])
chart_data = table[table["supports"] + table["challenges"] + table["qualifies"] > 0].copy()
chart_data["review"] = chart_data["due_for_review"].map({True: "due for review", False: "not yet"})
top = int(max(chart_data["supports"].max(), chart_data["challenges"].max(), 1)) + 1
whole = alt.Axis(tickMinStep=1, format="d")
# both axes from 0 to one past the largest count, so no point sits on (or past) the edge
scale = alt.Scale(domain=[0, top], nice=False)
x = alt.X("supports:Q", title="lessons that support", axis=whole, scale=scale)
y = alt.Y("challenges:Q", title="lessons that challenge", axis=whole, scale=scale)
points = (
    alt.Chart(chart_data)
    .mark_point(filled=True, opacity=0.75)
    .encode(
        x=x,
        y=y,
        size=alt.Size("score:Q", title="tension", scale=alt.Scale(range=[40, 600])),
        color=alt.Color(
            "review:N",
            title=None,
            scale=alt.Scale(domain=["due for review", "not yet"], range=["#d62728", "#4c78a8"]),
        ),
        shape=alt.Shape("kind:N", title="kind"),
        tooltip=["label", "kind", "supports", "challenges", "qualifies", "score", "review"],
    )
)
# names on the points that matter most (the five most contested), written towards the middle
# of the chart so that none runs off its right edge
named = chart_data.sort_values("score", ascending=False).head(5)
near_right = named["supports"] > top * 0.6
labels = alt.layer(
    *(
        alt.Chart(part)
        .mark_text(align=side, dx=9 if side == "left" else -9, dy=-9, fontSize=11, limit=200)
        .encode(x=x, y=y, text="label:N")
        for side, part in (("left", named[~near_right]), ("right", named[near_right]))
        if not part.empty
    )
)
even = alt.Chart(pd.DataFrame({"x": [0, top], "y": [0, top]})).mark_line(strokeDash=[4, 4], color="gray")
st.altair_chart(
    (even.encode(x=alt.X("x:Q", scale=scale), y=alt.Y("y:Q", scale=scale)) + points + labels).interactive(),
    key="practice-chart",
)
st.caption("Above the dashed line, more lessons challenge than support.")

table["label"] = [
    links.cell(label, target) for label, target in zip(table["label"], table["target"], strict=True)
]
st.dataframe(
    table[
        ["label", "kind", "score", "due_for_review", "supports", "challenges", "qualifies"]
        + (["chapters"] if chapters else [])
    ],
    column_config={
        "chapters": st.column_config.TextColumn(
            "by chapter", help="supports/challenges/qualifies of each chapter with lessons on it"
        ),
        "label": links.column("concept or claim", width="large"),
        "score": st.column_config.ProgressColumn("tension", min_value=0.0, max_value=1.0, format="%.2f"),
        "due_for_review": st.column_config.CheckboxColumn("due for review"),
    },
    hide_index=True,
    key="practice-table",
)

st.header("Behind the score")
by_target = {str(t.target): t for t in shown}
chosen = st.selectbox(
    "Concept or claim",
    list(by_target),
    format_func=lambda iri: (
        f"{by_target[iri].label} ({by_target[iri].kind.lower()}, {by_target[iri].score:.2f})"
    ),
    key="practice-target",
)
tension = by_target[chosen]
if tension.due_for_review:
    st.badge("Due for review", icon=":material/flag:", color="orange")
st.text(
    f"{tension.supports} support, {tension.challenges} challenge, {tension.qualifies} qualify "
    f"(lessons tagged to it or to anything narrower) · score {tension.score:.2f}"
)
if chapters:
    spread = chapters[chosen]
    st.markdown(spread.sentence())
    st.dataframe(
        pd.DataFrame(
            {
                "chapter": [c.chapter for c in spread.chapters],
                "supports": [c.supports for c in spread.chapters],
                "challenges": [c.challenges for c in spread.chapters],
                "qualifies": [c.qualifies for c in spread.chapters],
            }
        ),
        hide_index=True,
        key="practice-chapters",
    )

lessons_tab, readings_tab, history_tab = st.tabs(["Lessons", "Readings", "History and revision"])
with lessons_tab:
    found = _evidence(chosen, tension.lessons, bool(chapters))
    whose = dict(zip(tension.lessons, chapters[chosen].lesson_chapters, strict=True)) if chapters else {}
    if found:
        st.dataframe(
            pd.DataFrame(
                {
                    **({"chapter": [whose.get(e.lesson, network.OURS) for e in found]} if chapters else {}),
                    "date": [e.date for e in found],
                    "stance": [e.stance.value for e in found],
                    "lesson": [links.cell(e.title, e.lesson) for e in found],
                    "what it taught": [e.text for e in found],
                    "action": [links.cell(e.action_label or "", e.action) for e in found],
                    "recorded by": [e.author or "a member" for e in found],
                    "tagged to": [
                        links.cell(by_target[str(e.via)].label, e.via) if str(e.via) in by_target else None
                        for e in found
                    ],
                }
            ),
            column_config={
                "what it taught": st.column_config.TextColumn(width="large"),
                "lesson": links.column(),
                "action": links.column(),
                "tagged to": links.column(),
            },
            hide_index=True,
            key="practice-evidence",
        )
    else:
        st.info("No lessons bear on this one yet.")
with readings_tab:
    behind = _readings(chosen)
    if behind:
        st.dataframe(
            pd.DataFrame(
                {
                    "year": [r.issued or "" for r in behind],
                    "title": [links.cell(r.title, r.reading) for r in behind],
                    "authors": [r.authors or "" for r in behind],
                }
            ),
            column_config={"title": links.column()},
            hide_index=True,
            key="practice-readings",
        )
    else:
        st.info("No reading in the library discusses this one yet.")
with history_tab:
    if tension.kind != "Claim":
        st.info("Concepts are not reworded here: choose a claim to see its history and revise it.")
    else:
        wording, entries = _history(chosen)
        st.subheader("Current wording")
        st.text(wording or "(no wording recorded)")
        outcome = theory.standing(entries)
        if outcome is not None:
            st.badge(f"Group decision: {outcome.value}", color="violet")
        for entry in entries:
            with st.container(border=True):
                when = entry.date.isoformat() if entry.date else "original wording"
                if entry.kind is theory.EntryKind.VERSION:
                    st.markdown(f"**Version {entry.number}** · {when}")
                    st.text(entry.statement or "")
                    if entry.author:
                        st.text(f"Recorded by {entry.author}")
                    if entry.rationale:
                        st.text(f"Why: {entry.rationale}")
                    for _, title in entry.lessons:
                        st.text(f"Prompted by: {title}")
                else:
                    st.markdown(f"**Decision** · {when}")
                    st.text(entry.decision.value if entry.decision else "")
                    if entry.comment:
                        st.text(entry.comment)
        if not entries:
            st.caption("No revisions or decisions recorded yet.")

        if viewer.may_write(Visibility.MEMBERS):
            # a new wording answers our own lessons (another chapter's are theirs to cite)
            ours = [e for e in found if whose.get(e.lesson, network.OURS) == network.OURS]
            titles = {str(e.lesson): e.title for e in ours}
            people = dict(theory.members(store, viewer))
            mine = [
                iri for iri, nick in people.items() if nick.casefold() == (viewer.nickname or "").casefold()
            ]
            with st.form("practice-revise-form"):
                st.subheader("Record a new wording")
                text = st.text_area("New wording", value=wording or "", key="practice-revise-text")
                because = widgets.pick_many("Lessons it answers", titles, "practice-revise-lessons")
                rationale = st.text_area("Why the wording changes", key="practice-revise-rationale")
                author = st.selectbox(
                    "Recorded by",
                    [None, *people],
                    index=1 + list(people).index(mine[0]) if mine else 0,
                    format_func=lambda m: "(not said)" if m is None else people[m],
                    key="practice-revise-author",
                )
                revise = st.form_submit_button("Record the new wording", key="practice-revise-submit")
            if revise:
                content = (chosen, text, tuple(because), rationale, author)
                key = state.form_key("practice-revise", content)
                try:
                    theory.revise(
                        store,
                        viewer,
                        chosen,
                        text=text,
                        because=because,
                        rationale=rationale,
                        author=author,
                        once=key,
                    )
                except PraxisError as error:
                    st.error(str(error))
                else:
                    state.form_saved("practice-revise", key, content)
                    for field in (
                        "practice-revise-lessons",
                        "practice-revise-rationale",
                        "practice-revise-text",
                    ):
                        st.session_state.pop(field, None)
                    st.session_state["practice-flash"] = "Recorded the new wording; the old one is kept."
                    st.rerun()
            with st.form("practice-decide-form"):
                st.subheader("Record a group decision")
                decision = st.selectbox(
                    "Decision",
                    [d.value for d in theory.Decision],
                    key="practice-decide-outcome",
                )
                day = st.date_input("Date of the decision", value=dt.date.today(), key="practice-decide-date")
                comment = st.text_area("Reasons", key="practice-decide-comment")
                decide = st.form_submit_button("Record the decision", key="practice-decide-submit")
            if decide:
                try:
                    theory.decide(store, viewer, chosen, decision, comment=comment, day=day)
                except PraxisError as error:
                    st.error(str(error))
                else:
                    st.session_state["practice-flash"] = f"Recorded the decision: {decision}."
                    st.rerun()
