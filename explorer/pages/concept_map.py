"""Concept map: concepts, readings, claims, lessons and campaigns as a network.

Choose schemes and kinds, find a concept by any of its labels in any language, focus the
map on it (one to three hops), and read about it beside the map. The map is drawn in an
iframe that cannot send clicks back, so concepts are chosen in the lists above it.
"""

import streamlit as st

from explorer import map_drawing, state, widgets
from graph import views
from graph.views import DEPTHS, MapKind


@state.cached(show_spinner="Drawing the map…", max_entries=64)
def _map(focus: str | None, depth: int, schemes: tuple, kinds: tuple) -> map_drawing.ConceptMap:
    store, viewer = state.store(), state.viewer()
    if focus is None:
        view = views.whole_map(store, viewer, kinds=kinds, schemes=schemes)
    else:
        view = views.neighbourhood(store, viewer, focus, depth=depth, kinds=kinds, schemes=schemes)
    return map_drawing.draw(view)


@state.cached(show_spinner=False)
def _details(concept: str) -> views.ConceptDetails | None:
    return views.concept_details(state.store(), state.viewer(), concept)


@state.cached(show_spinner=False)
def _search(text: str) -> list[views.ConceptHit]:
    return views.search_concepts(state.store(), state.viewer(), text)


def _focus_on_hit() -> None:
    if st.session_state.get("map-hit"):
        st.session_state["map-focus"] = st.session_state["map-hit"]
        st.session_state["map-hit"] = None  # ready for the next choice


def _whole_map() -> None:
    st.session_state["map-focus"] = None


key = ()
st.title("Concept map")
schemes = widgets.schemes()
if not schemes:
    st.info(
        widgets.EMPTY_STORE
        if state.store().is_empty()
        else "No concept schemes yet: load one with `praxis load`."
    )
    st.stop()

names = {str(s.iri): f"{s.label} ({s.concepts:,})" for s in schemes}
left, middle, right = st.columns([3, 3, 2])
chosen = left.multiselect(
    "Schemes",
    list(names),
    default=[str(s.iri) for s in schemes if s.iri not in views.HIDDEN_SCHEMES],
    format_func=names.get,
    key="map-schemes",
)
kinds = middle.multiselect(
    "Show",
    [k.value for k in MapKind],
    default=[k.value for k in MapKind],
    format_func=lambda k: map_drawing.NODE_STYLES[MapKind(k)].name + "s",
    key="map-kinds",
)
depth = right.radio("Hops from the focus", DEPTHS, horizontal=True, key="map-depth")

search, pick = st.columns([3, 5])
text = search.text_input(
    "Find a concept",
    key="map-search",
    placeholder="any label, any language: direct action, Éducation, Право…",
)
hits = _search(text) if text.strip() else []
if text.strip() and not hits:
    search.caption("No concept has a label containing that text.")
if hits:
    found = {str(h.concept): h for h in hits}
    search.selectbox(
        f"{len(hits)} match{'es' if len(hits) > 1 else ''}",
        list(found),
        index=None,
        format_func=lambda c: (
            f"{found[c].label} — “{found[c].matched}” ({found[c].language or 'no language'})"
        ),
        placeholder="choose one to focus the map on it",
        key="map-hit",
        on_change=_focus_on_hit,
    )

options = {str(r.iri): r.label for r in widgets.all_concepts(chosen)}
current = st.session_state.get("map-focus")
if current and current not in options:
    details = _details(current)
    options = {current: details.label if details else current, **options}
focus = pick.selectbox(
    "Focus on a concept",
    list(options),
    index=None,
    format_func=options.get,
    placeholder="the whole map: choose a concept to see its neighbourhood",
    key="map-focus",
)
pick.button("Show the whole map", key="map-whole", on_click=_whole_map, disabled=focus is None)

drawing, reading = st.columns([2, 1], gap="medium")
with drawing:
    drawn = _map(focus, depth, tuple(sorted(chosen)), tuple(sorted(kinds)))
    if drawn.note:
        st.info(drawn.note, icon=":material/info:")
    st.iframe(drawn.html, height=map_drawing.HEIGHT + 16, alt="Concept map")
    st.caption(
        f"{drawn.nodes:,} nodes, {drawn.edges:,} links. Hover over a node for its name; drag to move, "
        "scroll to zoom. Green links support, red dashed links challenge, orange dotted ones qualify."
    )

with reading:
    if focus is None:
        st.markdown(
            "**Choose a concept** in *Focus on a concept* or find one by name: its definition, "
            "other labels, neighbours, readings, claims and lessons appear here."
        )
    else:
        details = _details(focus)
        if details is None:
            st.warning("This concept is not in the store any more, or you cannot see it.")
        else:
            widgets.concept_panel(details)
