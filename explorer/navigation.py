"""Which pages a viewer is offered, by section.

The page table is data (:data:`PAGES`): section, file, title, icon and the least
role that may use the page. Visitors are not offered the pages for members
(recording lessons, assessing actions); those pages also check the role
themselves (``state.require``), so a visitor who types their address gets a
message, not the form. The sidebar says who the explorer takes you for, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explorer import state
from graph.access import Role, Viewer

__all__ = ["PAGES", "PageSpec", "offered", "pages", "search_box", "sections", "show_access"]


@dataclass(frozen=True)
class PageSpec:
    section: str
    file: str
    title: str
    icon: str
    least: Role = Role.VISITOR


#: Every page of the explorer; a new page is one line here.
PAGES = (
    PageSpec("", "overview.py", "Overview", ":material/home:"),
    PageSpec("", "record.py", "Search", ":material/search:"),
    PageSpec("Theory", "concept_map.py", "Concept map", ":material/hub:"),
    PageSpec("Theory", "readings.py", "Reading lists", ":material/menu_book:"),
    PageSpec("Theory", "library.py", "Library", ":material/local_library:"),
    PageSpec("Theory", "programme.py", "Learning programme", ":material/school:"),
    PageSpec("Practice", "record_lesson.py", "Record a lesson", ":material/edit_note:", Role.MEMBER),
    PageSpec("Practice", "assess.py", "Assess actions", ":material/rule:", Role.MEMBER),
    PageSpec("Strategy", "practice_vs_theory.py", "Practice vs theory", ":material/balance:"),
    PageSpec("Strategy", "suggest.py", "Readings for a campaign", ":material/book:"),
    PageSpec("Strategy", "taught.py", "What past actions taught", ":material/insights:"),
    PageSpec("Strategy", "indicators.py", "Indicators of success", ":material/flag:"),
    PageSpec("Data", "sparql.py", "SPARQL (read-only)", ":material/terminal:"),
    PageSpec("Data", "data.py", "Data in and out", ":material/swap_vert:"),
    PageSpec("Data", "account.py", "Account", ":material/person:"),
)


def offered(viewer: Viewer) -> list[PageSpec]:
    """The pages ``viewer``'s role may use, in order."""
    return [spec for spec in PAGES if viewer.role.at_least(spec.least)]


def sections(viewer: Viewer) -> dict[str, list[PageSpec]]:
    """The pages offered to ``viewer``, by section. A visitor finds "Sign in" at the top,
    next to the Overview, where people look for it (the Account page, further down for
    everyone signed in)."""
    found: dict[str, list[PageSpec]] = {}
    for spec in offered(viewer):
        if spec.file == "account.py" and viewer.role is Role.VISITOR:
            spec = PageSpec("", spec.file, "Sign in", ":material/login:")
        found.setdefault(spec.section, []).append(spec)
    return found


def pages(viewer: Viewer) -> dict[str, list]:
    """``st.navigation``'s sections for ``viewer``."""
    return {
        section: [
            st.Page(f"explorer/pages/{spec.file}", title=spec.title, icon=spec.icon, default=spec is PAGES[0])
            for spec in specs
        ]
        for section, specs in sections(viewer).items()
    }


def show_access() -> None:
    """A line in the sidebar: signed in as whom, local organiser, or visitor."""
    st.sidebar.caption(state.access_note())


def _search_asked() -> None:
    st.session_state["sidebar-search-go"] = st.session_state.get("sidebar-search", "").strip()
    st.session_state["sidebar-search"] = ""  # empty again for the next search


def search_box() -> None:
    """One search for everything, in the sidebar of every page: Enter opens the search
    page (``record?q=...``) with the results grouped by kind."""
    st.sidebar.text_input(
        "Search everything",
        key="sidebar-search",
        placeholder="Search: a name, a title, an author…",
        label_visibility="collapsed",
        icon=":material/search:",
        on_change=_search_asked,
    )
    asked = st.session_state.pop("sidebar-search-go", "")
    if asked:
        st.switch_page("explorer/pages/record.py", query_params={"q": asked})
