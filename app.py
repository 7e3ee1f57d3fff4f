"""The explorer's entry point: navigation and nothing else (pages live in explorer/pages)."""

import streamlit as st

st.set_page_config(page_title="Praxis graph", page_icon=":material/hub:", layout="wide")
st.navigation(
    {
        "Theory": [
            st.Page("explorer/pages/overview.py", title="Overview", icon=":material/home:", default=True),
        ],
    }
).run()
