"""The explorer's entry point: navigation and nothing else (pages live in explorer/pages)."""

import streamlit as st

from explorer import links, navigation, state

st.set_page_config(page_title="Praxis graph", page_icon="🕸️", layout="wide")
chosen = st.navigation(navigation.pages(state.viewer()), expanded=True)  # every page, no "View more"
navigation.search_box()  # one search for everything, on every page
navigation.show_access()
links.follow()  # a click on a record's name opens its page in this session, not a new one
chosen.run()
