"""What the reading-group pages share: cached reads, safe text, links, empty-store notes.

Cached reads follow :mod:`explorer.state`: keyed on the store's ``generation`` and the
viewer's role, so a write shows everywhere at once and no role sees another's answer.
Text from the data goes through :func:`md` before it reaches Markdown, so a title such
as ``![x](http://elsewhere/pixel)`` is shown as typed, not fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st
from rdflib import URIRef
from streamlit.errors import StreamlitAPIException

from explorer import links, state
from graph import network, views
from graph.practice import Stance
from graph.programme import options
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
    "network_switch",
    "page_links",
    "pick_found",
    "pick_many",
    "ref_list",
    "schemes",
]

#: A search for a picker: text -> what it offers (everything when the list is short).
Finder = Callable[[str], options.Found]

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


def lesson_lines(ties: Sequence[LessonRef]) -> str:
    """One lesson's links to a concept (directly or through claims) as one Markdown line."""
    first, *more = ties
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
    ties = "" if len(details.lessons) == len(each) else f" with {len(details.lessons)} links:"
    st.markdown(
        f"**Lessons:** {len(each)}{ties} "
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


def pick_many(
    label: str,
    choices: Mapping,
    key: str,
    *,
    where: object = st,
    default: Sequence = (),
    **options: object,
) -> list:
    """A multiselect over ``choices`` (value -> label), drawn in ``where`` (a column or
    container), with ``default`` picked the first time; returns the picked values.

    A pick that is not among the choices is dropped before the widget is drawn: one that
    left them since the last run (another member withdrew the lesson), or a click that
    reached the server after a rerun had taken its option away (the browser sends the
    option's name; Streamlit keeps a name it cannot map as the value, and a ``format_func``
    that names it ``None`` crashes the page). So every label is a string, and every value
    returned is one of ``choices``."""
    earlier = st.session_state.get(key, list(default))
    kept = [value for value in earlier if value in choices]
    if key not in st.session_state or kept != list(earlier):
        st.session_state[key] = kept
    return where.multiselect(
        label, list(choices), format_func=lambda value: choices.get(value) or str(value), key=key, **options
    )


def pick_found(
    label: str,
    key: str,
    find: Finder,
    *,
    noun: str,
    hint: str,
    initial: Mapping[URIRef, str] | None = None,
    help: str | None = None,
) -> dict[URIRef, str]:
    """A multiselect over what ``find`` offers: everything when the list is short, else
    what the search box above it finds. ``initial`` (IRI -> label) is picked the first time.

    Picks are kept, with their names, when the search changes: what was picked is always
    offered. A click that reaches the server after a rerun took its option away (the browser
    sends the option's name, which the new options no longer hold) is ignored. Not for use
    inside a form (a form sends nothing until it is submitted). Returns the chosen IRI ->
    label, in the order chosen."""
    kept: dict = st.session_state.get(f"{key}-kept", dict(initial or {}))
    found = find("")
    text = ""
    if not found.complete:
        text = st.text_input(
            f"Find {noun}", key=f"{key}-search", placeholder=hint, max_chars=options.MAX_SEARCH
        )
        text = text.strip()
        if text:
            found = find(text)
    offered = {ref.iri: ref.label or "" for ref in found.refs}
    offered |= {iri: name for iri, name in kept.items() if iri not in offered}
    if st.session_state.get(f"{key}-offered") != tuple(offered):
        # new options make a new widget: carry the picks over to it
        st.session_state[f"{key}-offered"] = tuple(offered)
        st.session_state[key] = list(kept)
    chosen = st.multiselect(
        label, list(offered), format_func=lambda iri: offered.get(iri) or str(iri), key=key, help=help
    )
    picked = st.session_state[f"{key}-kept"] = {iri: offered[iri] for iri in chosen if iri in offered}
    if not text and not found.complete:
        st.caption(md_escape(f"{found.total:,} {noun}: search above to find the ones you want."))
    elif text and not found.total:
        st.caption(md_escape(f'No {noun} match "{text}".'))
    elif not found.complete:
        shown = f"{len(found.refs):,}"
        st.caption(
            md_escape(f"{found.total:,} {noun} match; the first {shown} are listed: search more precisely.")
        )
    return picked


@state.cached(show_spinner=False)
def _followed() -> list[str]:
    return network.followed(state.store())


def network_switch(key: str, *, adds: str, alone: str) -> bool:
    """The **Include other chapters** switch a page shows (off by default; disabled, and
    saying so, while no chapter is followed), with the sentence under it. ``adds`` is its
    help (what switching on adds), ``alone`` what the page shows when it is off. True when
    the page should answer over every followed chapter."""
    followed = _followed()
    on = st.toggle("Include other chapters", value=False, disabled=not followed, help=adds, key=key)
    on = on and bool(followed)
    st.caption(network.includes_sentence(followed) if on or not followed else alone)
    return on
