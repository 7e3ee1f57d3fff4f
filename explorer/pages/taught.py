"""What past actions taught: a question builder, the answer, charts and a brief for the session.

Layout only: the answer comes from graph.strategy (filters, aggregates, method
rankings), the charts' tables from graph.strategy.charts, the brief from graph.strategy.brief;
with "Include other chapters", from graph.network over every followed chapter's lessons.
"""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from explorer import links, state, widgets
from graph import network, strategy
from graph.errors import PraxisError
from graph.practice import Stance
from graph.strategy import charts
from graph.text import md_escape


@state.cached(show_spinner=False)
def _choices() -> strategy.QuestionChoices:
    return strategy.question_choices(state.store(), state.viewer())


@state.cached(show_spinner=False)
def _action_count(everywhere: bool) -> int:
    store = state.store()
    return strategy.action_count(store.with_peers() if everywhere else store, state.viewer())


@state.cached(show_spinner="Reading what past actions taught…")
def _answer(question: strategy.Question) -> strategy.Answer:
    return strategy.answer(state.store(), state.viewer(), question)


@state.cached(show_spinner="Reading what every chapter's actions taught…")
def _network_answer(question: strategy.Question) -> network.NetworkAnswer:
    return network.network_answer(state.store(), state.viewer(), question)


@state.cached(show_spinner=False)
def _brief(question: strategy.Question, today: dt.date, base: str, everywhere: bool) -> dict[str, str]:
    """The brief in each format, its names linking to their pages under ``base``; over every
    followed chapter when ``everywhere``. From the page's own cached answer, not a second run."""
    store, viewer = state.store(), state.viewer()
    if everywhere:
        brief = network.network_brief(store, viewer, _network_answer(question), today=today, base=base)
    else:
        brief = strategy.build_brief(store, viewer, _answer(question), today=today, base=base)
    return {fmt.value: strategy.render(brief, fmt) for fmt in strategy.BriefFormat}


def _pick(column, label: str, options: tuple, key: str):
    names = dict(options)
    return column.selectbox(
        label, [None, *names], format_func=lambda v: "any" if v is None else names[v], key=key
    )


st.title("What past actions taught")
st.caption(
    "Ask what our actions taught about a concept, a method, an indicator or a campaign. Concepts "
    "include narrower ones and the claims about them; methods include narrower methods. Methods are "
    "ranked by the lower end of a 95% interval, so one seen only once or twice never wins."
)

store, viewer = state.store(), state.viewer()
#: Legends below the charts, where a narrow screen does not cut them off.
LEGEND = alt.Legend(orient="bottom", direction="horizontal", labelLimit=0)
choices = _choices()
actions = _action_count(False)
if not choices.campaigns and not actions:
    st.info(
        "No actions are recorded yet. Record campaigns, actions and the lessons they taught (or import "
        "NAVCO 1.2 with `praxis import navco FILE`), and this page will answer questions about them."
    )
    st.stop()

with st.container(border=True):
    st.subheader("The question")
    first, second, third = st.columns(3)
    concept = _pick(first, "About the concept or claim", choices.concepts, "taught-concept")
    method = _pick(first, "Using the method", choices.methods, "taught-method")
    indicator = _pick(second, "Assessed on the indicator", choices.indicators, "taught-indicator")
    campaign = _pick(second, "In the campaign", choices.campaigns, "taught-campaign")
    organisation = _pick(third, "Organised by", choices.organisations, "taught-organisation")
    stance = third.selectbox(
        "Lessons that",
        [None, *Stance],
        format_func=lambda s: "any stance" if s is None else s.value,
        key="taught-stance",
    )
    since_col, until_col = st.columns(2)
    since = since_col.date_input(
        "Actions since", value=None, min_value=dt.date(1900, 1, 1), key="taught-since"
    )
    until = until_col.date_input(
        "Actions until", value=None, min_value=dt.date(1900, 1, 1), key="taught-until"
    )

everywhere = widgets.network_switch(
    "taught-network",
    adds="Add the lessons the chapters we follow have published, with each chapter's counts.",
    alone="Our own actions only.",
)
if everywhere:
    actions = _action_count(True)

try:
    question = strategy.ask(
        store, viewer, concept=concept, method=method, indicator=indicator, campaign=campaign,
        organisation=organisation, stance=stance, since=since, until=until,
    )  # fmt: skip
except PraxisError as error:
    st.error(md_escape(str(error)))
    st.stop()
if not question.narrows_actions and actions > strategy.WHOLE_ANSWER_MAX_ACTIONS:
    st.info(
        f"{actions:,} actions are recorded: too many to read all at once here. Choose a concept, a "
        "method, an indicator, a campaign, an organisation or dates above to ask about some of them "
        "(`praxis taught` answers about all of them)."
    )
    st.stop()
spread = _network_answer(question) if everywhere else None
answer = spread.answer if spread else _answer(question)

st.subheader("The answer")
st.markdown(md_escape(spread.summary() if spread else answer.summary()))
if spread and spread.by_chapter:
    st.dataframe(
        pd.DataFrame([{"chapter": chapter, **counts} for chapter, counts in spread.by_chapter.items()]),
        hide_index=True,
        key="taught-chapters",
    )
stances = answer.tags_by_stance  # in tags, as the summary above counts them
cols = st.columns(5)
cols[0].metric("Actions", answer.action_count)
cols[1].metric("Lessons", answer.lesson_count)
cols[2].metric(
    "Tags supporting",
    stances["supports"],
    help="Links from lessons to what they support; a lesson may have several.",
)
cols[3].metric("Tags challenging", stances["challenges"])
cols[4].metric("Tags qualifying", stances["qualifies"])
if not answer.actions:
    st.warning("No action matches this question: widen the dates or leave a filter at 'any'.")
    st.stop()

lessons_tab, indicators_tab, methods_tab, charts_tab, brief_tab = st.tabs(
    ["Lessons", "Indicators", "Methods", "Charts", "Brief"]
)
with lessons_tab:
    if answer.lessons:
        lessons = charts.lessons_table(answer)  # a row per lesson, in answer.lessons' order
        lessons["action"] = [links.cell(row.action_label, row.action) for row in answer.lessons]
        lessons["about"] = [links.cell(row.target_label, row.target) for row in answer.lessons]
        lessons["lesson"] = [links.cell(row.title, row.lesson) for row in answer.lessons]
        if spread:
            lessons.insert(0, "chapter", [spread.chapter(row.lesson) for row in answer.lessons])
        st.dataframe(
            lessons,
            column_config={
                "action": links.column(),
                "about": links.column(),
                "lesson": links.column(),
                "what it taught": st.column_config.TextColumn(width="large"),
                "evidence": st.column_config.TextColumn(width="large"),
                "reading link": st.column_config.LinkColumn("reading link", display_text="open"),
            },
            hide_index=True,
            key="taught-lessons",
        )
    else:
        st.info("These actions taught no lesson that matches the question yet.")
with indicators_tab:
    if answer.indicators:
        indicators = charts.indicators_table(answer)  # a row per indicator, in answer.indicators' order
        indicators["indicator"] = [links.cell(s.label, s.indicator) for s in answer.indicators]
        st.dataframe(
            indicators,
            column_config={"indicator": links.column()},
            hide_index=True,
            key="taught-indicators",
        )
        st.caption("Scores: -2 set us back, -1 hindered, 0 no effect, +1 helped, +2 clearly advanced.")
    else:
        st.info("None of these actions has been assessed yet.")
with methods_tab:
    if answer.methods:
        methods = charts.methods_table(answer)  # a row per method and indicator, in answer.methods' order
        methods["indicator"] = [links.cell(m.indicator_label, m.indicator) for m in answer.methods]
        methods["method"] = [links.cell(m.label, m.method) for m in answer.methods]
        st.dataframe(
            methods,
            column_config={"indicator": links.column(), "method": links.column()},
            hide_index=True,
            key="taught-methods",
        )
        st.caption(
            "Estimate: the method's mean pulled toward the indicator's overall mean; 'weak' means fewer "
            "than three assessments, so it is not ranked."
        )
    else:
        st.info("No assessed action used a method yet.")
with charts_tab:
    heat = charts.actions_by_indicator(answer)
    if not heat.empty:
        st.markdown("**Actions by indicator** (mean score)")
        st.altair_chart(
            alt.Chart(heat)
            .mark_rect()
            .encode(
                x=alt.X("indicator:N", title=None),
                y=alt.Y("action:N", sort=alt.EncodingSortField("date", order="descending"), title=None),
                color=alt.Color(
                    "score:Q", scale=alt.Scale(domain=[-2, 2], scheme="redyellowgreen"), legend=LEGEND
                ),
                tooltip=["action", "date", "indicator", "score", "n"],
            )
            .properties(width=alt.Step(90), height=alt.Step(18)),
            key="taught-heatmap",
        )
    grid = charts.methods_by_indicator(answer)
    if not grid.empty:
        st.markdown("**Methods by indicator** (estimate; hollow: weak evidence)")
        st.altair_chart(
            alt.Chart(grid)
            .mark_rect()
            .encode(
                x=alt.X("indicator:N", title=None),
                y=alt.Y("method:N", title=None),
                color=alt.Color(
                    "estimate:Q", scale=alt.Scale(domain=[-2, 2], scheme="redyellowgreen"), legend=LEGEND
                ),
                opacity=alt.condition("datum.weak", alt.value(0.35), alt.value(1.0)),
                tooltip=["method", "indicator", "n", "mean", "estimate", "low", "high", "weak"],
            )
            .properties(width=alt.Step(90), height=alt.Step(18)),
            key="taught-methods-chart",
        )
    timeline = charts.timeline(answer)
    st.markdown("**Timeline of actions and lessons**")
    st.altair_chart(
        alt.Chart(timeline)
        .mark_circle(size=70, opacity=0.7)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("kind:N", title=None),
            color=alt.Color(
                "what:N",
                title=None,
                scale=alt.Scale(
                    domain=["action", *(f"lesson ({stance.value})" for stance in widgets.STANCE_COLOURS)],
                    range=["#7f7f7f", *widgets.STANCE_COLOURS.values()],
                ),
                legend=LEGEND,
            ),
            tooltip=["date", "kind", "what", "label"],
        )
        .interactive(),
        key="taught-timeline",
    )
with brief_tab:
    st.write(
        "A brief for the session: the question, the findings with evidence, claims in tension, readings."
    )
    rendered = _brief(question, dt.date.today(), links.explorer_address(), everywhere)
    left, right = st.columns(2)
    left.download_button(
        "Download the brief (Markdown)", rendered["md"], file_name="brief.md", mime="text/markdown",
        key="taught-brief-md", on_click="ignore",
    )  # fmt: skip
    right.download_button(
        "Download the brief (printable HTML)", rendered["html"], file_name="brief.html", mime="text/html",
        key="taught-brief-html", on_click="ignore",
    )  # fmt: skip
    with st.expander("Preview (Markdown)"):
        st.code(rendered["md"], language="markdown")
