"""Search and record pages: one search for everything, and a page for every record.

``record`` with no id is the search: concepts in any language, readings by title, author
or year, claims, lessons, campaigns, actions, organisations and sessions, grouped by kind,
each opening its page. ``record?id=pxv:parecon`` is that record's page (the permalink to
paste into a chat): what it says, every link in and out with the other record's name,
a clickable graph of its neighbourhood, and a lesson's or a claim's history. A record
the viewer may not see gets the same "not found" as an address that names nothing.
"""

import streamlit as st

from explorer import links, map_component, map_drawing, state
from graph.errors import BadInput
from graph.text import md_escape
from graph.views.records import RecordKind, local_graph, parse_record_id, record, record_id
from graph.views.search import search

#: Kinds the concept map draws, so a record page can show its record there.
_ON_THE_MAP = (
    RecordKind.CONCEPT,
    RecordKind.READING,
    RecordKind.CLAIM,
    RecordKind.LESSON,
    RecordKind.CAMPAIGN,
)
NOT_FOUND = "Not found: no record has this address, or it is not one you can see."


@state.cached(show_spinner=False)
def _record(iri: str):
    return record(state.store(), state.viewer(), iri)


@state.cached(show_spinner="Drawing its neighbourhood…")
def _local(iri: str, depth: int) -> map_drawing.ConceptMap | None:
    found = local_graph(state.store(), state.viewer(), iri, depth=depth)
    return map_drawing.draw_local(found) if found is not None else None


def _go(key: str) -> None:
    """A node of the local graph was clicked: open its page."""
    chosen = (st.session_state.get(key) or {}).get("select") or (st.session_state.get(key) or {}).get("open")
    if chosen and parse_record_id(chosen) is not None and chosen != st.query_params.get("id"):
        st.query_params["id"] = chosen


def _search_box() -> None:
    st.title("Search")
    asked = st.query_params.get("q")  # from the sidebar's box, or a shared link to a search
    if asked is not None and st.session_state.get("search-asked") != asked:
        st.session_state["search-text"] = asked
        st.session_state["search-asked"] = asked
    text = st.text_input(
        "Search everything",
        key="search-text",
        placeholder="a concept in any language, a title, an author, a year, a lesson, a campaign…",
    )
    if not text.strip():
        st.caption("Results are grouped by kind; each name opens the record's page.")
        return
    try:
        found = search(state.store(), state.viewer(), text)
    except BadInput as error:
        st.error(str(error))
        return
    if not found.groups:
        st.info("Nothing found with that text in its name.")
        return
    st.caption(f"{found.total:,} found.")
    for group in found.groups:
        st.subheader(f"{group.kind.title}s ({group.total:,})")
        for hit in group.hits:
            # page_link, not a Markdown link: it opens the page in this session (a password
            # sign-in lives in the session, and a Markdown link opens a new one).
            line = md_escape(hit.label)
            if hit.matched != hit.label:
                line += f" — “{md_escape(hit.matched)}”" + (f" ({hit.language})" if hit.language else "")
            if hit.detail:
                line += f" · {md_escape(hit.detail)}"
            links.page_link(line, query={"id": record_id(hit.iri)})
        if group.total > len(group.hits):
            st.caption(f"and {group.total - len(group.hits):,} more: type more of the name.")


def _page(iri: str) -> None:
    found = _record(iri)
    if found is None:
        st.title("Not found")
        st.warning(NOT_FOUND)
        links.page_link("Search everything", icon=":material/search:")
        return
    st.title(md_escape(found.label))
    st.caption(f"{found.kind.title} · permalink: `{links.href(found.iri)}`")
    if found.withdrawn:
        st.warning(f"Withdrawn on {found.withdrawn}: kept for the record, no longer counted.")
    if found.kind in _ON_THE_MAP:
        links.page_link(
            "Show it on the concept map",
            page="explorer/pages/concept_map.py",
            query={"focus": found.id},
            icon=":material/hub:",
        )
    said, linked = st.columns([3, 2], gap="medium")
    with said:
        said_of: dict[tuple[str, str], list[str]] = {}
        for fact in found.facts:  # "Also called (en): parecon, participatory economy"
            said_of.setdefault((fact.name, fact.language), []).append(md_escape(fact.value))
        for (name, language), values in said_of.items():
            st.markdown(f"**{name}{f' ({language})' if language else ''}:** {', '.join(values)}")
        if not found.facts:
            st.caption("Nothing recorded about it but its name and links.")
        if found.history:
            st.subheader("History")
            for step in found.history:
                with st.expander(f"{step.when or 'undated'} · {md_escape(step.title) or 'earlier version'}"):
                    st.markdown(md_escape(step.text) or "_no text_")
                    if step.note:
                        st.caption(md_escape(step.note))
    with linked:
        st.subheader("Links")
        if not found.links:
            st.caption("No links to or from other records.")
        for relation, group in found.groups():
            st.markdown(f"**{md_escape(relation.capitalize())}:** {links.md_names(group)}")
    st.subheader("Neighbourhood")
    depth = st.segmented_control("Hops", [1, 2], default=1, key="record-depth") or 1
    drawn = _local(iri, depth)
    if drawn is not None:
        if drawn.note:
            st.caption(drawn.note)
        map_component.show(drawn.data, key="record-graph", on_select=lambda: _go("record-graph"))
        st.caption("Click a node to open its page.")


chosen = st.query_params.get("id")
if chosen:
    target = parse_record_id(chosen)
    if target is None:
        st.title("Not found")
        st.warning(NOT_FOUND)
    else:
        _page(str(target))
else:
    _search_box()
