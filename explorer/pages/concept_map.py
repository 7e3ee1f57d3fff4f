"""Concept map: concepts, readings, claims, lessons and campaigns as a network you can click.

The map opens on its clusters (the schemes, the largest split into the communities
networkx finds), sized by what they hold, so the first view can be read; a click opens a
cluster. Clicking a node focuses the map on it and shows its panel beside the map (and
puts it in the address, so the view can be shared); double-clicking, or the panel's
button, opens the record's page. Concepts can also be found by any label in any
language, or chosen in a list. Positions are computed on the server and cached per
store generation and role, so the map is still when it appears and the same on every
visit.
"""

import streamlit as st

from explorer import links, map_component, map_drawing, state, widgets
from graph import views
from graph.text import md_escape
from graph.views import DEPTHS, MapKind
from graph.views.map_clusters import cluster, opened
from graph.views.records import parse_record_id, record, record_id

#: A whole map with more nodes than this opens as its clusters.
OPEN_LIMIT = 80


@state.cached(show_spinner="Drawing the map…", max_entries=64)
def _map(focus: str | None, depth: int, schemes: tuple, kinds: tuple, part: str | None = None):
    store, viewer = state.store(), state.viewer()
    if focus is not None:
        return map_drawing.draw(
            views.neighbourhood(store, viewer, focus, depth=depth, kinds=kinds, schemes=schemes)
        )
    whole = views.whole_map(store, viewer, kinds=kinds, schemes=schemes)
    if len(whole.nodes) <= OPEN_LIMIT:
        return map_drawing.draw(whole)
    folded = cluster(whole)
    inside = opened(folded, part) if part else None
    if inside is not None:
        name = folded.find(part).label
        drawn = map_drawing.draw(inside)
        return map_drawing.ConceptMap(drawn.data, drawn.nodes, drawn.edges, False, "", False, name)
    return map_drawing.draw_clusters(folded)


@state.cached(show_spinner=False)
def _details(concept: str) -> views.ConceptDetails | None:
    return views.concept_details(state.store(), state.viewer(), concept)


@state.cached(show_spinner=False)
def _record(iri: str):
    return record(state.store(), state.viewer(), iri)


@state.cached(show_spinner=False)
def _search(text: str) -> list[views.ConceptHit]:
    return views.search_concepts(state.store(), state.viewer(), text)


def _focus_on_hit() -> None:
    if st.session_state.get("map-hit"):
        st.session_state["map-focus"] = st.session_state["map-hit"]
        st.session_state["map-hit"] = None  # ready for the next choice


def _whole_map() -> None:
    st.session_state["map-focus"] = None
    st.session_state["map-cluster"] = None


def _clicked() -> None:
    """A node was clicked: open a cluster, or focus the map on a record."""
    chosen = (st.session_state.get("map-canvas") or {}).get("select")
    if not chosen:
        return
    if chosen.startswith("cluster:"):
        st.session_state["map-cluster"] = chosen.removeprefix("cluster:")
        return
    iri = parse_record_id(chosen)
    if iri is not None:
        st.session_state["map-focus"] = str(iri)


def _double_clicked() -> None:
    chosen = (st.session_state.get("map-canvas") or {}).get("open")
    if chosen and not chosen.startswith("cluster:") and parse_record_id(chosen) is not None:
        st.session_state["map-open"] = chosen


if st.session_state.get("map-open"):
    opening = st.session_state.pop("map-open")
    st.switch_page(links.PAGE, query_params={"id": opening})
# The address says what the map is focused on: a shared link opens there, and the
# browser's back button (which changes the address without a click on the map) returns
# to the previous focus. "map-address" is what this page last wrote there.
address = st.query_params.get("focus") or None
if address != st.session_state.get("map-address") or "map-address" not in st.session_state:
    shared = parse_record_id(address) if address else None
    if shared is not None or "map-address" in st.session_state:
        st.session_state["map-focus"] = str(shared) if shared is not None else None
    st.session_state["map-address"] = address

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
choosing = st.expander("Schemes, kinds and hops", icon=":material/tune:")
left, middle, right = choosing.columns([3, 3, 2])
chosen = widgets.pick_many(
    "Schemes",
    names,
    "map-schemes",
    where=left,
    default=[str(s.iri) for s in schemes if s.iri not in views.HIDDEN_SCHEMES],
)
kinds = middle.multiselect(
    "Show",
    [k.value for k in MapKind],
    default=[k.value for k in MapKind],
    format_func=lambda k: map_drawing.NODE_STYLES[MapKind(k)].name + "s",
    key="map-kinds",
)
depth = right.radio("Hops from the focus", DEPTHS, horizontal=True, key="map-depth")

search, pick, whole = st.columns([3, 4, 1.4], vertical_alignment="bottom")
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
    found = _record(current)
    options = {current: found.label if found else current, **options}
focus = pick.selectbox(
    "Focus on a concept",
    list(options),
    index=None,
    format_func=options.get,
    placeholder="the whole map: choose a concept to see its neighbourhood",
    key="map-focus",
)
whole.button(
    "Whole map",
    key="map-whole",
    help="Show the whole map again (its clusters)",
    on_click=_whole_map,
    disabled=focus is None and not st.session_state.get("map-cluster"),
)

st.session_state["map-address"] = record_id(focus) if focus else None
if focus:
    st.query_params["focus"] = record_id(focus)
elif "focus" in st.query_params:
    del st.query_params["focus"]
part = st.session_state.get("map-cluster") if focus is None else None

drawing, reading = st.columns([5, 2], gap="medium")
with drawing:
    drawn = _map(focus, depth, tuple(sorted(chosen)), tuple(sorted(kinds)), part)
    if drawn.note:
        st.info(drawn.note, icon=":material/info:")
    map_component.show(drawn.data, key="map-canvas", on_select=_clicked, on_open=_double_clicked)
    st.download_button(
        "What the map shows (GraphML)",
        map_drawing.graphml(drawn),
        file_name="concept-map.graphml",
        mime="application/graphml+xml",
        icon=":material/download:",
        key="map-graphml",
        on_click="ignore",
    )
    what = "clusters" if drawn.clusters else "nodes"
    st.caption(
        f"{drawn.nodes:,} {what}, {drawn.edges:,} links. Click a node to focus on it, double-click to open "
        "its page; hover for its name; drag to move, scroll to zoom (smaller names appear as you zoom in)."
    )

with reading:
    if focus is not None:
        found = _record(focus)
        if found is None:
            st.warning("This record is not in the store any more, or you cannot see it.")
        else:
            links.record_link(f"Open the page of {found.label}", found.iri, icon=":material/open_in_new:")
            details = _details(focus) if found.kind.value == "concept" else None
            if details is not None:
                widgets.concept_panel(details)
            else:
                st.subheader(md_escape(found.label))
                st.caption(found.kind.title)
                for fact in found.facts[:6]:
                    st.markdown(f"**{fact.name}:** {md_escape(fact.value)}")
                for relation, linked in found.groups()[:8]:
                    st.markdown(f"**{md_escape(relation.capitalize())}:** {links.md_names(linked)}")
    elif drawn.clusters:
        st.markdown(
            "**The map's clusters.** Each circle gathers a scheme's concepts (the largest schemes are "
            "split into the groups of concepts most linked to each other) with the readings, claims, "
            "lessons and campaigns linked to them. **Click a cluster** to open it, or find a concept "
            "by name above."
        )
    elif part:
        st.markdown(f"**Cluster: {md_escape(drawn.title)}**")
        st.button("Back to the clusters", key="map-clusters", on_click=_whole_map)
        st.markdown("**Click a node** to focus the map on it and read about it here.")
    else:
        st.markdown(
            "**Click a node**, choose a concept in *Focus on a concept*, or find one by name: its "
            "definition, other labels, neighbours, readings, claims and lessons appear here."
        )
