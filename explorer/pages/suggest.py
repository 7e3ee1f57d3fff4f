"""Readings for a campaign: pick an active campaign or describe a new one, see readings
ranked with the reasons behind each, and add one to a reading-group session.

Everything is computed in graph.suggest; this file is layout.
"""

import streamlit as st

from explorer import links, state
from graph import suggest as suggestions
from graph.access import Role
from graph.errors import PraxisError
from graph.text import md_escape

CAMPAIGN, DESCRIBED = "An active campaign", "A new campaign, described in words"


@state.cached(show_spinner=False)
def _count() -> int:
    return suggestions.reading_count(state.store(), state.viewer())


@state.cached(show_spinner=False)
def _campaigns(active_only: bool) -> list:
    return suggestions.campaign_choices(state.store(), state.viewer(), active_only=active_only)


@state.cached(show_spinner=False)
def _concepts() -> list:
    return suggestions.concept_choices(state.store(), state.viewer())


@state.cached(show_spinner="Finding readings…")
def _suggest(campaign: str | None, text: str, concepts: tuple, top: int) -> list:
    return suggestions.suggest(
        state.store(), state.viewer(), campaign=campaign, text=text or None, concepts=concepts, top=top
    )


def _mark(reading: str, campaign: str, title: str, already_read: bool) -> None:
    store, viewer = state.store(), state.viewer()
    try:
        if already_read:
            suggestions.unmark_read(store, viewer, reading=reading, campaign=campaign)
            st.session_state["suggest-flash"] = f"Took “{title}” off this campaign's reading-group list."
        else:
            suggestions.mark_read(store, viewer, reading=reading, campaign=campaign)
            st.session_state["suggest-flash"] = f"Added “{title}” to this campaign's reading-group list."
    except PraxisError as error:
        st.session_state["suggest-error"] = str(error)


st.title("Readings for a campaign")
st.caption(
    "Readings close to the campaign in the graph (the concepts it addresses, what its actions used and "
    "what its lessons found), readings that share its words, and readings whose ideas its own lessons "
    "challenged come first; the list is kept varied. Each reading says why it is here."
)
if "suggest-flash" in st.session_state:
    st.success(st.session_state.pop("suggest-flash"))
if "suggest-error" in st.session_state:
    st.error(st.session_state.pop("suggest-error"))

store, viewer = state.store(), state.viewer()
if _count() == 0:
    st.info(
        "There are no readings yet. Import a reading list on the Data in and out page, or load the "
        "starter graph with `praxis init`, and suggestions will appear here."
    )
    st.stop()

mode = st.radio("Readings for", [CAMPAIGN, DESCRIBED], horizontal=True, key="suggest-mode")
campaign, text, concepts = None, "", ()
if mode == CAMPAIGN:
    left, right = st.columns([3, 1])
    concluded = right.checkbox("Include concluded campaigns", value=False, key="suggest-concluded")
    campaigns = _campaigns(not concluded)
    if not campaigns:
        st.info(
            "No active campaigns are visible to you (the chapter's own campaigns are for members). "
            "Include concluded campaigns, or describe a campaign in words."
        )
        st.stop()
    names = {str(c.iri): c.label + ("" if c.active else " (concluded)") for c in campaigns}
    campaign = left.selectbox("Campaign", list(names), format_func=names.get, key="suggest-campaign")
else:
    text = st.text_area(
        "Describe the campaign",
        placeholder="Who is it with, what is it for, what have you tried so far?",
        key="suggest-text",
    )
    labels = {str(iri): label for iri, label in _concepts()}
    concepts = tuple(
        st.multiselect("Concepts it is about", list(labels), format_func=labels.get, key="suggest-concepts")
    )
    if not text.strip() and not concepts:
        st.info("Describe the campaign in a few sentences, or choose the concepts it is about.")
        st.stop()
top = st.slider("How many readings", min_value=5, max_value=30, value=10, key="suggest-top")

try:
    found = _suggest(campaign, text, concepts, top)
except PraxisError as error:
    st.error(str(error))
    st.stop()
if not found:
    st.info("Nothing in the graph links to this yet, and no reading shares its words. Add a few concepts.")
    st.stop()

may_mark = campaign is not None and viewer.role is not Role.VISITOR
for number, item in enumerate(found, 1):
    local = str(item.reading).rsplit("/", 1)[-1]
    with st.container(border=True, key=f"suggest-item-{local}"):
        read = " · :green-badge[already read for this campaign]" if item.already_read else ""
        st.markdown(f"**{number}. {links.md_link(item.title, item.reading)}**{read}")
        st.markdown("\n".join(f"- {md_escape(reason)}" for reason in item.reasons))
        parts = item.parts
        st.caption(
            f"score {item.score:.2f}: graph {parts['graph']:.2f} · words {parts['text']:.2f} · "
            f"worth revisiting {parts['challenge']:.2f}"
        )
        if may_mark:
            st.button(
                "Take off the reading-group list" if item.already_read else "Add to a reading-group session",
                key=f"suggest-mark-{local}",
                on_click=_mark,
                args=(str(item.reading), campaign, item.title, item.already_read),
            )
