"""Overview: what the chapter's graph holds, what is active, what was learnt lately."""

import streamlit as st

from explorer import links, state, widgets
from graph import programme, views
from graph.text import md_escape


@state.cached(show_spinner=False)
def _overview() -> views.Overview:
    return views.overview(state.store(), state.viewer())


@state.cached(show_spinner=False)
def _agreements() -> list:
    return programme.current_agreements(state.store(), state.viewer())


st.title("Praxis graph")
role = state.viewer().role.value
st.caption(
    "How the chapter's theory (readings, concepts, claims) meets its practice (campaigns, "
    f"actions, lessons), as {'an' if role[0] in 'aeiou' else 'a'} {role} sees it."
)
summary = _overview()
if summary.empty:
    st.info(widgets.EMPTY_STORE, icon=":material/inventory_2:")
    st.stop()

counts = summary.counts
columns = st.columns(7)
for column, (label, value) in zip(
    columns,
    [
        ("Concepts", summary.concepts),
        ("Readings", counts.get("Reading", 0)),
        ("Claims", counts.get("Claim", 0)),
        ("Campaigns", counts.get("Campaign", 0)),
        ("Actions", counts.get("Action", 0)),
        ("Lessons", counts.get("Lesson", 0)),
        ("Assessments", counts.get("Assessment", 0)),
    ],
    strict=True,
):
    column.metric(label, f"{value:,}")
st.caption(f"{counts['statements']:,} statements in all.")

left, right = st.columns([3, 2], gap="large")  # room for campaign names
with left:
    st.subheader("Active campaigns")
    if summary.campaigns:
        st.dataframe(
            [
                {
                    "campaign": links.cell(c.label, c.iri),
                    "since": c.start,
                    "actions": c.actions,
                    "lessons": c.lessons,
                }
                for c in summary.campaigns
            ],
            hide_index=True,
            column_config={  # the name is what people read: it gets the room
                "campaign": links.column(width=360),
                "since": st.column_config.TextColumn(width=50),
                "actions": st.column_config.NumberColumn(width=56),
                "lessons": st.column_config.NumberColumn(width=56),
            },
            key="overview-campaigns",
        )
    else:
        st.info("No active campaigns (or none you can see). Campaigns are marked active with `prx:status`.")

with right:
    st.subheader("Latest lessons")
    if summary.lessons:
        for lesson in summary.lessons:
            stances = "; ".join(
                f"{widgets.STANCE_BADGES[how]} {md_escape(what)}" for how, what in lesson.stances
            )
            when = f"{lesson.created:%d %b %Y}" if lesson.created else "undated"
            st.markdown(f"**{links.md_link(lesson.title, lesson.iri)}** · {when}  \n{stances}")
    else:
        st.info("No lessons recorded yet. When an action teaches something, record it as a lesson.")

agreements = _agreements()
if agreements:
    st.subheader("Our group agreements")
    for agreement in agreements:
        adopted = f" (adopted {agreement.adopted:%d %b %Y})" if agreement.adopted else ""
        st.markdown(f"**{md_escape(agreement.name)}**{adopted}  \n{md_escape(agreement.statement)}")

st.subheader("Explore")
drawn = widgets.page_links(
    [
        (
            "explorer/pages/concept_map.py",
            "Concept map",
            "Concepts, readings, claims and lessons as a network",
        ),
        ("explorer/pages/readings.py", "Reading lists", "Readings per concept or scheme, with reasons"),
        ("explorer/pages/practice_vs_theory.py", "Practice vs theory", "Where lessons challenge theory"),
        ("explorer/pages/programme.py", "Learning programme", "Sessions for the reading group"),
        ("explorer/pages/suggest.py", "Readings for a campaign", "What to read for a current campaign"),
    ]
)
if not drawn:
    st.caption("The other pages are in the navigation menu.")
