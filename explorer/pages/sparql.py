"""SPARQL (read-only): for those who know it. Example queries to start from, results as a table.

Layout only: examples and results come from graph.sparql; the checks (updates,
LOAD and SERVICE refused, size and nesting bounded: graph.sparql.checks) and the
limits (graph.sparql.limits) apply in PraxisStore.user_query, which runs the query in a
worker process (graph.sparql.pool), so no query can stop this page for others.
"""

import pandas as pd
import streamlit as st

from explorer import state
from graph.errors import PraxisError
from graph.sparql import LIMITS, MAX_DEPTH, MAX_QUERY_CHARS, limit, list_examples, run_table
from graph.text import md_escape

EXAMPLES = {example.name: example for example in list_examples()}


def _use_example() -> None:
    chosen = EXAMPLES.get(st.session_state["sparql-example"])
    if chosen is not None:
        st.session_state["sparql-text"] = chosen.text


st.title("SPARQL (read-only)")
st.caption(
    "Ask the graph anything in SPARQL 1.1. The prefixes prx:, px:, pxv:, pxs:, skos:, dct:, rdfs:, "
    "schema:, prov:, sosa:, owl:, xsd: and others are declared for you. You see only what your role "
    f"may see. Updates, LOAD and SERVICE are refused; a query may be {MAX_QUERY_CHARS:,} characters "
    f"long and nest {{ ( [ {MAX_DEPTH} deep, runs for at most {limit('PRAXIS_QUERY_SECONDS'):g} seconds "
    f"in {int(limit('PRAXIS_QUERY_MEMORY_MB')):,} MB and returns at most "
    f"{int(limit('PRAXIS_QUERY_ROWS')):,} rows. CSV downloads start cells a spreadsheet would run as "
    "formulas with an apostrophe."
)

st.selectbox(
    "Start from an example",
    list(EXAMPLES),
    format_func=lambda name: EXAMPLES[name].title,
    index=None,
    placeholder="Choose an example query…",
    on_change=_use_example,
    key="sparql-example",
)
if st.session_state.get("sparql-example") in EXAMPLES:
    st.caption(EXAMPLES[st.session_state["sparql-example"]].description)

if "sparql-text" not in st.session_state:
    st.session_state["sparql-text"] = next(iter(EXAMPLES.values())).text
text = st.text_area("Query", height=260, key="sparql-text")
run = st.button("Run the query", type="primary", key="sparql-run")

store, viewer = state.store(), state.viewer()
if run:
    try:
        st.session_state["sparql-result"] = (text, run_table(store, viewer, text))
    except PraxisError as error:
        st.session_state.pop("sparql-result", None)
        st.error(md_escape(str(error)))

last = st.session_state.get("sparql-result")
if last is not None:
    ran, result = last
    if ran != text:
        st.caption("These are the results of the query as it was when you last ran it.")
    if result.boolean is not None:
        if result.boolean:
            st.success("Yes: the pattern matches.")
        else:
            st.info("No: the pattern does not match.")
    elif result.turtle is not None:
        st.code(result.turtle, language="turtle")
        st.download_button(
            "Download as Turtle",
            result.turtle,
            file_name="result.ttl",
            mime="text/turtle",
            key="sparql-ttl",
            on_click="ignore",
        )
    else:
        st.write(f"{len(result.rows):,} row{'s' if len(result.rows) != 1 else ''}.")
        if result.truncated:
            st.warning(
                f"Stopped at the row limit ({len(result.rows):,} rows): add LIMIT or narrow the query "
                "to see everything."
            )
        st.dataframe(
            pd.DataFrame(list(result.rows), columns=list(result.columns)),
            hide_index=True,
            key="sparql-results",
        )
        st.download_button(
            "Download as CSV",
            result.csv,
            file_name="result.csv",
            mime="text/csv",
            key="sparql-csv",
            on_click="ignore",
        )

with st.expander("Limits and settings"):
    for name, (default, meaning) in LIMITS.items():
        st.markdown(f"- `{name}` = {limit(name):g} (default {default:g}): {meaning}")
