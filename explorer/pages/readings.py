"""Reading lists: readings per concept or per scheme, most relevant first, with why; the
whole library searched by title or author; and one reading in full: its facts, concepts,
claims and the lessons that tested them. A list shows its first readings and counts the
rest, so a large library is never read whole."""

import streamlit as st

from explorer import links, state, widgets
from graph import views
from graph.library.duplicates import editions
from graph.text import md_escape

MODES = ("By concept", "By scheme", "All readings")


@state.cached(show_spinner=False)
def _count() -> int:
    return views.count_readings(state.store(), state.viewer())


@state.cached(show_spinner=False)
def _list(concept: str | None, scheme: str | None) -> views.ReadingPage:
    return views.reading_page(
        state.store(), state.viewer(), concept=concept, scheme=scheme, limit=views.LIST_LIMIT
    )


@state.cached(show_spinner="Searching…")
def _search(text: str) -> views.ReadingPage:
    return views.search_readings(state.store(), state.viewer(), text, limit=views.LIST_LIMIT)


@state.cached(show_spinner=False)
def _editions(readings: tuple[str, ...]) -> dict:
    return editions(state.store(), state.viewer(), readings)


def together(entries, works: dict) -> list[tuple[views.ReadingEntry, str]]:
    """Each reading with its other editions' years, the editions of one work shown together
    on the row of the first of them the list reaches (linked by an organiser as editions)."""
    rows, seen = [], set()
    for entry in entries:
        if entry.reading in seen:
            continue
        these = works.get(entry.reading, ())
        seen.update(edition.iri for edition in these)
        others = [edition.year or "n.d." for edition in these if edition.iri != entry.reading]
        rows.append((entry, ", ".join(others)))
    return rows


@state.cached(show_spinner=False)
def _reading(reading: str) -> views.ReadingDetails | None:
    return views.reading_details(state.store(), state.viewer(), reading)


key = ()
st.title("Reading lists")
total = _count()
if not total:
    st.info(
        widgets.EMPTY_STORE
        if state.store().is_empty()
        else "No readings yet. Import a bibliography (BibTeX or Zotero CSL-JSON) or load Turtle with "
        "`praxis load`; each reading names the concepts and claims it discusses."
    )
    st.stop()

mode = st.segmented_control("List readings", MODES, default=MODES[0], key="readings-mode") or MODES[0]
if mode == "By concept":
    choices = {str(r.iri): r.label for r in widgets.all_concepts()}
    concept = st.selectbox(
        "Concept",
        list(choices),
        index=None,
        format_func=choices.get,
        key="readings-concept",
        placeholder="choose a concept (type to search)",
    )
    if concept is None:
        st.info("Choose a concept to see its readings, most relevant first, and why each is there.")
        st.stop()
    found = _list(concept, None)
    st.caption(
        "Most relevant first: a reading that discusses the concept itself counts 3, each claim about "
        "it that the reading discusses 2, each narrower concept it discusses 1."
    )
elif mode == "By scheme":
    names = {str(s.iri): s.label for s in widgets.schemes()}
    scheme = st.selectbox("Scheme", list(names), format_func=names.get, key="readings-scheme")
    found = _list(None, scheme) if scheme else views.ReadingPage((), 0)
    st.caption(
        "Most relevant first: 3 for each concept of the scheme a reading discusses, "
        "2 for each it discusses a claim about."
    )
else:
    text = st.text_input(
        "Search titles and authors",
        key="readings-search",
        placeholder="part of a title or an author's name",
        max_chars=views.MAX_SEARCH,
    )
    found = _search(text)
    if not found.entries:
        st.info(f'No reading\'s title or authors contain "{md_escape(text.strip())}". Try a shorter search.')
        st.stop()
    shown, matched = f"{len(found.entries):,}", f"{found.total:,}"
    if not text.strip():
        st.caption(
            f"All {matched} readings, by title."
            if found.complete
            else f"The first {shown} of {matched} readings by title: search to find the others."
        )
    else:
        st.caption(
            f"{matched} of {total:,} readings match, by title."
            if found.complete
            else f"{matched} readings match; the first {shown} by title are shown: search more precisely."
        )

entries = found.entries
if not entries:
    st.info("No readings discuss this yet, nor any claim about it or any narrower concept.")
    st.stop()
if mode != MODES[2] and not found.complete:
    st.caption(f"Showing the {len(entries):,} most relevant of {found.total:,} readings.")

rows = together(entries, _editions(tuple(str(e.reading) for e in entries)))
table = [
    {"title": links.cell(e.title, e.reading), "authors": e.authors, "year": e.year, "other editions": others}
    | {"why": e.why}
    for e, others in rows
]
if not any(row["other editions"] for row in table):
    for row in table:
        del row["other editions"]  # a column only where an organiser linked editions
st.dataframe(
    table,
    hide_index=True,
    column_config={  # sized for their content: "why" is what people came for
        "title": links.column(width="medium"),
        "authors": st.column_config.TextColumn(width="small"),
        "year": st.column_config.TextColumn(width=60),
        "other editions": st.column_config.TextColumn(width=80),
        "why": st.column_config.TextColumn(width="large"),
    },
    key="readings-table",
)

titles = {str(e.reading): f"{e.title} ({e.year or 'n.d.'})" for e in entries}
chosen = st.selectbox("Read about", list(titles), format_func=titles.get, key="readings-reading")
reading = _reading(chosen) if chosen else None
if reading is None:
    st.stop()

st.subheader(md_escape(reading.title))
links.record_link("Its page: every link, its neighbourhood", reading.iri, icon=":material/open_in_new:")
facts = [
    ("By", "; ".join(reading.authors)),
    ("Year", reading.year),
    ("Kind", ", ".join(reading.kinds)),
    ("Publisher", reading.publisher),
    ("Journal", reading.journal),
    ("ISBN", reading.isbn),
]
st.markdown("  \n".join(f"**{name}:** {md_escape(value)}" for name, value in facts if value))
if reading.doi:
    st.markdown(f"**DOI:** [{md_escape(reading.doi)}](https://doi.org/{reading.doi.replace(')', '%29')})")
if reading.url.startswith(("https://", "http://")):
    st.markdown(f"**Online:** [{md_escape(reading.url)}]({reading.url.replace(')', '%29')})")
if reading.abstract:
    st.markdown(md_escape(reading.abstract))

concept_column, claim_column = st.columns(2)
concept_column.markdown(f"**Concepts it discusses:** {widgets.ref_list(reading.concepts)}")
claim_column.markdown(f"**Its claims:** {widgets.ref_list(reading.claims)}")
st.markdown(f"**Lessons that tested its claims:** {len(reading.lessons)}")
for lesson in reading.lessons:
    st.markdown("- " + widgets.lesson_line(lesson))
if not reading.lessons:
    st.caption("No lesson has supported, challenged or qualified its claims yet.")
