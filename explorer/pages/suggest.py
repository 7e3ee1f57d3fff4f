"""Readings for a campaign: pick an active campaign or describe a new one, see readings
ranked with the reasons behind each, and add one to the next reading-group session
(graph.programme.next_session: the session covers it, and it is recorded as read for the
campaign; with no session planned, the person gives the date and the first reading plans one).

A description is applied with the Suggest button, then shown as what it was read as
("Read as:"): each match can be unticked and concepts added, and the list is ranked
again from what is left.

"Include other chapters" ranks the readings and blog posts of the chapters we follow too,
each marked as theirs. Everything is computed in graph.suggest and graph.network; this file
is layout.
"""

import datetime as dt
import uuid

import streamlit as st

from explorer import links, state, widgets
from graph import network, programme
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


@state.cached(show_spinner="Reading the description…")
def _read(text: str):
    return suggestions.read_text(state.store(), state.viewer(), text)


@state.cached(show_spinner="Finding readings…")
def _suggest(
    campaign: str | None, text: str, concepts: tuple, removed: tuple, top: int, everywhere: bool
) -> list:
    """Readings from our library, or from every followed chapter's too when ``everywhere``."""
    suggesting = network.network_suggest if everywhere else suggestions.suggest
    return suggesting(
        state.store(),
        state.viewer(),
        campaign=campaign,
        text=text or None,
        concepts=concepts,
        removed=removed,
        top=top,
    )


def _asked() -> None:
    """A new description: ask for it, and start again from what it is read as."""
    st.session_state["suggest-asked"] = st.session_state.get("suggest-text", "")
    for key in [k for k in st.session_state if str(k).startswith("suggest-keep-")]:
        del st.session_state[key]
    st.session_state["suggest-concepts"] = []


def _key(node: object) -> str:
    return "suggest-keep-" + str(node).rsplit("/", 1)[-1]


def _once() -> str:
    """The key of this rendering's buttons: a double click adds once; the next rendering
    gets a new key, so a reading taken out can be added again."""
    if "suggest-once" not in st.session_state:
        st.session_state["suggest-once"] = uuid.uuid4().hex
    return st.session_state["suggest-once"]


def _add(reading: str, campaign: str, title: str, once: str) -> None:
    store, viewer = state.store(), state.viewer()
    try:
        added = programme.add_to_next_session(
            store,
            viewer,
            reading=reading,
            campaign=campaign,
            today=dt.date.today(),
            date=st.session_state.get("suggest-session-date"),
            once=once,
        )
        st.session_state["suggest-flash"] = (reading, added.said(title))
        st.session_state.pop("suggest-once", None)
    except PraxisError as error:
        st.session_state["suggest-error"] = str(error)


def _take_out(reading: str, campaign: str, title: str, session: str) -> None:
    store, viewer = state.store(), state.viewer()
    try:
        programme.remove_from_next_session(
            store, viewer, reading=reading, campaign=campaign, today=dt.date.today()
        )
        said = f"Took “{title}” out of the next reading-group session, “{session}”."
        st.session_state["suggest-flash"] = (reading, said)
        st.session_state.pop("suggest-once", None)
    except PraxisError as error:
        st.session_state["suggest-error"] = str(error)


st.title("Readings for a campaign")
st.caption(
    "Readings close to the campaign in the graph (the concepts it addresses, what its actions used and "
    "what its lessons found), readings that share its words, and readings whose ideas its own lessons "
    "challenged come first; the list is kept varied. Each reading says why it is here, and what its "
    "place rests on: the list is in the order of the value it was ranked on."
)
flash = st.session_state.pop("suggest-flash", None)  # shown by the reading it is about
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
campaign, text, concepts, removed = None, "", (), ()
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
    with st.form("suggest-describe", border=False):
        st.text_area(
            "Describe the campaign",
            placeholder="Who is it with, what is it for, what have you tried so far?",
            key="suggest-text",
        )
        st.form_submit_button("Suggest", type="primary", key="suggest-go", on_click=_asked)
    text = st.session_state.get("suggest-asked", "")
    if not text.strip():
        st.info("Describe the campaign in a few sentences, then press Suggest.")
        st.stop()
    reading = _read(text)
    st.markdown("**Read as:**")
    if not reading.matches:
        st.caption(
            "Nothing in the graph yet: no concept, method or past campaign it names. Add concepts below."
        )
    st.caption("Untick what the description does not mean; add concepts it is about. The list follows.")
    removed = tuple(
        str(m.node)
        for m in reading.matches
        if not st.checkbox(md_escape(m.phrase()), value=True, key=_key(m.node))
    )
    named = reading.nodes()
    labels = {str(iri): label for iri, label in _concepts() if iri not in named}
    concepts = tuple(
        widgets.pick_many("Add concepts", labels, "suggest-concepts", placeholder="Type a concept's name")
    )
top = st.slider("How many readings", min_value=5, max_value=30, value=10, key="suggest-top")
everywhere = widgets.network_switch(
    "suggest-network",
    adds="Suggest the readings and blog posts the chapters we follow have published, too.",
    alone="Our own library only.",
)

try:
    if everywhere:
        spread = _suggest(campaign, text, concepts, removed, top, True)
        found, whose = [n.suggestion for n in spread], {n.suggestion.reading: n.chapter for n in spread}
    else:
        found, whose = _suggest(campaign, text, concepts, removed, top, False), {}
except PraxisError as error:
    st.error(str(error))
    st.stop()
if not found:
    st.info("Nothing in the graph links to this yet, and no reading shares its words. Add a few concepts.")
    st.stop()

may_mark = campaign is not None and viewer.role is not Role.VISITOR
next_session = programme.next_reading_group(store, viewer, today=dt.date.today()) if may_mark else None
in_next = {ref.iri for ref in next_session.readings} if next_session else set()
if may_mark and next_session is None:
    st.date_input(
        "No reading-group session is planned: the date of the next one",
        value=None,
        min_value=dt.date.today(),
        key="suggest-session-date",
        help="The first reading you add to the next reading-group session plans it on this date.",
    )
for number, item in enumerate(found, 1):
    local = str(item.reading).rsplit("/", 1)[-1]
    here = item.reading in in_next
    chapter = whose.get(item.reading, network.OURS)
    with st.container(border=True, key=f"suggest-item-{local}"):
        badge = " · :green-badge[in the next reading-group session]" if here else ""
        if chapter != network.OURS:
            badge += f" · :blue-badge[from {md_escape(chapter)}]"
        st.markdown(f"**{number}. {links.md_link(item.title, item.reading)}**{badge}")
        st.markdown("\n".join(f"- {md_escape(reason.text)}" for reason in item.explained))
        for reason in item.explained:
            if reason.how:
                with st.expander("how: every link of the chain"):
                    st.markdown(md_escape(reason.how))
        st.caption(md_escape(item.basis()))
        if flash and flash[0] == str(item.reading):
            st.success(flash[1])  # beside the button pressed, where the person is looking
        if may_mark and here:
            st.button(
                "Take out of the next reading-group session",
                key=f"suggest-mark-{local}",
                on_click=_take_out,
                args=(str(item.reading), campaign, item.title, next_session.title),
            )
        elif may_mark and chapter != network.OURS:
            st.caption(f"A reading of {md_escape(chapter)}'s: add it to our library to read it in a session.")
        elif may_mark:
            st.button(
                programme.ACTION,
                key=f"suggest-mark-{local}",
                on_click=_add,
                args=(str(item.reading), campaign, item.title, f"{_once()}-{local}"),
                disabled=next_session is None and st.session_state.get("suggest-session-date") is None,
                help=None if next_session else "Choose the date of the next session above first.",
            )
