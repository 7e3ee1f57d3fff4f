"""What the reading-group pages share: cached reads, safe text, links, empty-store notes.

Cached reads follow :mod:`explorer.state`: keyed on the store's ``generation`` and the
viewer's role, so a write shows everywhere at once and no role sees another's answer.
Text from the data goes through :func:`md` before it reaches Markdown, so a title such
as ``![x](http://elsewhere/pixel)`` is shown as typed, not fetched.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from rdflib import URIRef
from streamlit.errors import StreamlitAPIException

from explorer import links, state
from graph import views
from graph.practice import Stance
from graph.text import md_escape
from graph.views import ConceptDetails, LessonRef, Ref, Scheme

__all__ = [
    "EMPTY_STORE",
    "STANCE_BADGES",
    "STANCE_COLOURS",
    "all_concepts",
    "concept_panel",
    "lesson_line",
    "lesson_lines",
    "page_links",
    "ref_list",
    "schemes",
]

#: Shown by every page when the store holds nothing at all.
EMPTY_STORE = (
    "The store is empty. Create it with `praxis init` (the ontology, the concept schemes and "
    "the starter graph) or `praxis init --empty` (ontology and schemes only), then reload "
    "this page. `make run` does this for you on first run."
)

#: How each stance is shown: Streamlit's coloured Markdown, green for support, red against.
STANCE_BADGES = {
    Stance.SUPPORTS: ":green-badge[supports]",
    Stance.CHALLENGES: ":red-badge[challenges]",
    Stance.QUALIFIES: ":orange-badge[qualifies]",
}


#: The same three colours in every chart: challenges red, supports green, qualifies orange.
STANCE_COLOURS = {
    Stance.SUPPORTS: "#2e8b57",
    Stance.CHALLENGES: "#d62728",
    Stance.QUALIFIES: "#ff8c00",
}


@state.cached(show_spinner=False)
def _schemes() -> list[Scheme]:
    return views.list_schemes(state.store(), state.viewer())


def schemes() -> list[Scheme]:
    """Every concept scheme the viewer can see (cached)."""
    return _schemes()


@state.cached(show_spinner=False)
def _concepts(chosen: tuple[str, ...]) -> list[Ref]:
    return views.list_concepts(state.store(), state.viewer(), schemes=[URIRef(s) for s in chosen])


def all_concepts(chosen: Sequence[str] | None = None) -> list[Ref]:
    """Concepts of the ``chosen`` schemes (default: every scheme but the hidden ones), cached."""
    if chosen is None:
        chosen = [s.iri for s in schemes() if s.iri not in views.HIDDEN_SCHEMES]
    picked = tuple(sorted(str(s) for s in chosen))
    return _concepts(picked)


def ref_list(refs: Sequence[Ref], *, empty: str = "none", linked: bool = True) -> str:
    """Labels as one escaped line of text, each a link to its record's page (``linked``:
    false for what has no page, such as schemes)."""
    if not refs:
        return f"_{empty}_"
    return ", ".join(links.md_link(r.label, r.iri) if linked else md_escape(r.label) for r in refs)


def lesson_line(lesson: LessonRef) -> str:
    """A lesson as one Markdown line: stance badge, title, date, and the claim it tested."""
    line = f"{STANCE_BADGES[lesson.stance]} {links.md_link(lesson.title, lesson.iri)}"
    if lesson.created:
        line += f" ({lesson.created:%d %b %Y})"
    if lesson.via is not None:
        line += f" — via the claim _{links.md_link(lesson.via.label, lesson.via.iri)}_"
    return line


def lesson_lines(links: Sequence[LessonRef]) -> str:
    """One lesson's links to a concept (directly or through claims) as one Markdown line."""
    first, *more = links
    line = lesson_line(first)
    for link in more:
        line += f"; {STANCE_BADGES[link.stance]}" + (
            f" via the claim _{md_escape(link.via.label)}_" if link.via is not None else " directly"
        )
    return line


def page_links(links: Sequence[tuple[str, str, str]]) -> int:
    """A link per ``(page file, label, what it is for)`` in this app's navigation.

    Pages that are not in the navigation (another helper's page not added yet, or a page
    run on its own by a test) are left out; returns how many links were drawn.
    """
    drawn = 0
    for path, label, blurb in links:
        try:
            st.page_link(path, label=label, help=blurb)
        except StreamlitAPIException:
            continue
        drawn += 1
    return drawn


def concept_panel(details: ConceptDetails, *, readings: int = 5, lessons: int = 8) -> None:
    """A concept's details: definition, labels, neighbours, readings, claims, lessons."""
    st.subheader(md_escape(details.label))
    st.markdown(md_escape(details.definition) if details.definition else "_No definition recorded._")
    for note in details.notes:
        st.caption(md_escape(note))
    other = [lab for lab in details.labels if lab.kind != "hidden"]
    if other:
        st.markdown(
            "**Also called:** "
            + ", ".join(
                f"{md_escape(lab.text)}{f' ({lab.language})' if lab.language else ''}" for lab in other
            )
        )
    st.markdown(
        f"**In:** {ref_list(details.schemes, linked=False)}  \n**Broader:** {ref_list(details.broader)}  \n"
        f"**Narrower:** {ref_list(details.narrower)}  \n**Related:** {ref_list(details.related)}"
    )
    each = details.lessons_each
    tested = {stance: sum(1 for link in details.lessons if link.stance is stance) for stance in Stance}
    tags = "" if len(details.lessons) == len(each) else f" with {len(details.lessons)} links:"
    st.markdown(  # (not "links": that is the module that links names below)
        f"**Lessons:** {len(each)}{tags} "
        + " ".join(f"{STANCE_BADGES[stance]} {count}" for stance, count in tested.items() if count)
    )
    for group in each[:lessons]:
        st.markdown("- " + lesson_lines(group))
    if len(each) > lessons:
        with st.expander(f"{len(each) - lessons} more lessons"):
            for group in each[lessons:]:
                st.markdown("- " + lesson_lines(group))
    st.markdown(f"**Readings:** {len(details.readings)}")
    for entry in details.readings[:readings]:
        year = md_escape(entry.year or "n.d.")
        st.markdown(f"- {links.md_link(entry.title, entry.reading)} ({year}) — {md_escape(entry.why)}")
    if len(details.readings) > readings:
        page_links(
            [("explorer/pages/readings.py", "All readings on the Reading lists page", "Reading lists")]
        )
    if details.claims:
        st.markdown(f"**Claims about it:** {len(details.claims)}")
        for claim in details.claims:
            with st.expander(md_escape(claim.label)):
                st.markdown(md_escape(claim.statement) or "_No statement recorded._")
    if details.campaigns:
        st.markdown(f"**Campaigns about it:** {ref_list(details.campaigns)}")
