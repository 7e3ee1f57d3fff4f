"""Reading lists: readings per concept or per scheme, most relevant first, with why;
and one reading in full: its facts, concepts, claims and the lessons that tested them."""

import streamlit as st

from explorer import state, widgets
from graph import concepts

MODES = ("By concept", "By scheme", "All readings")


@st.cache_data(show_spinner=False)
def _list(generation: int, role: str, concept: str | None, scheme: str | None) -> list[concepts.ReadingEntry]:
    return concepts.reading_list(state.store(), state.viewer(), concept=concept, scheme=scheme)


@st.cache_data(show_spinner=False)
def _reading(generation: int, role: str, reading: str) -> concepts.ReadingDetails | None:
    return concepts.reading_details(state.store(), state.viewer(), reading)


key = (state.store().generation, state.viewer().role.value)
st.title("Reading lists")
everything = _list(*key, None, None)
if not everything:
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
    entries = _list(*key, concept, None)
    st.caption(
        "Most relevant first: a reading that discusses the concept itself counts 3, each claim about "
        "it that the reading discusses 2, each narrower concept it discusses 1."
    )
elif mode == "By scheme":
    names = {str(s.iri): s.label for s in widgets.schemes()}
    scheme = st.selectbox("Scheme", list(names), format_func=names.get, key="readings-scheme")
    entries = _list(*key, None, scheme) if scheme else []
    st.caption(
        "Most relevant first: 3 for each concept of the scheme a reading discusses, "
        "2 for each it discusses a claim about."
    )
else:
    entries = everything

if not entries:
    st.info("No readings discuss this yet, nor any claim about it or any narrower concept.")
    st.stop()

st.dataframe(
    [{"title": e.title, "authors": e.authors, "year": e.year, "why": e.why} for e in entries],
    hide_index=True,
    key="readings-table",
)

titles = {str(e.reading): f"{e.title} ({e.year or 'n.d.'})" for e in entries}
chosen = st.selectbox("Read about", list(titles), format_func=titles.get, key="readings-reading")
reading = _reading(*key, chosen) if chosen else None
if reading is None:
    st.stop()

st.subheader(widgets.md(reading.title))
facts = [
    ("By", "; ".join(reading.authors)),
    ("Year", reading.year),
    ("Kind", ", ".join(reading.kinds)),
    ("Publisher", reading.publisher),
    ("Journal", reading.journal),
    ("ISBN", reading.isbn),
]
st.markdown("  \n".join(f"**{name}:** {widgets.md(value)}" for name, value in facts if value))
if reading.doi:
    st.markdown(f"**DOI:** [{widgets.md(reading.doi)}](https://doi.org/{reading.doi.replace(')', '%29')})")
if reading.url.startswith(("https://", "http://")):
    st.markdown(f"**Online:** [{widgets.md(reading.url)}]({reading.url.replace(')', '%29')})")
if reading.abstract:
    st.markdown(widgets.md(reading.abstract))

concept_column, claim_column = st.columns(2)
concept_column.markdown(f"**Concepts it discusses:** {widgets.ref_list(reading.concepts)}")
claim_column.markdown(f"**Its claims:** {widgets.ref_list(reading.claims)}")
st.markdown(f"**Lessons that tested its claims:** {len(reading.lessons)}")
for lesson in reading.lessons:
    st.markdown("- " + widgets.lesson_line(lesson))
if not reading.lessons:
    st.caption("No lesson has supported, challenged or qualified its claims yet.")
