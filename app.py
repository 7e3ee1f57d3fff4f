"""The explorer's entry point: navigation and nothing else (pages live in explorer/pages)."""

import streamlit as st

from explorer import navigation, state

st.set_page_config(page_title="Praxis graph", page_icon="🕸️", layout="wide")
navigation.show_access()
st.navigation(navigation.pages(state.viewer()), expanded=True).run()  # every page, no "View more"
