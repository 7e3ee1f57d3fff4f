"""Overview: what the chapter's graph holds (placeholder until the explorer issue lands)."""

import streamlit as st

from explorer import state

st.title("Praxis graph")
counts = state.store().stats(state.viewer())
st.dataframe({"kind": list(counts), "count": list(counts.values())}, key="overview-counts")
