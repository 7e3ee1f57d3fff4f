"""What every page shares: the store (opened once per process) and the viewer.

The store comes from ``st.cache_resource``: one object shared by every browser
session, so pages never change it except through ``PraxisStore.write``, whose
``generation`` counter then moves on. Cache derived data with ``st.cache_data``
keyed on that generation and the viewer's role, so a saved lesson shows on every
page at once and no viewer is ever served another role's cached answer::

    @st.cache_data(show_spinner=False)
    def _tensions(generation: int, role: str):
        return tensions.rank(state.store(), state.viewer())

    rows = _tensions(state.store().generation, state.viewer().role.value)
"""

from __future__ import annotations

import os

import streamlit as st

from graph.access import Viewer
from graph.store import PraxisStore, open_store

__all__ = ["LOCAL_ADDRESSES", "is_local", "store", "viewer"]

#: Addresses at which, with no users configured, the person at the keyboard is
#: the local organiser. Anywhere else, everyone is a visitor until login exists.
LOCAL_ADDRESSES = {"127.0.0.1", "localhost", "::1"}


@st.cache_resource(show_spinner="Opening the store…")
def store() -> PraxisStore:
    """The store named by ``$PRAXIS_STORE`` (default ``.praxis/store``), opened once."""
    return open_store(os.environ.get("PRAXIS_STORE"))


def is_local() -> bool:
    """True when the server listens on loopback only."""
    address = st.get_option("server.address") or os.environ.get("STREAMLIT_SERVER_ADDRESS") or ""
    return address in LOCAL_ADDRESSES


def viewer() -> Viewer:
    """Who is looking: the local organiser on a loopback-only server, else a visitor."""
    if "viewer" in st.session_state:
        return st.session_state["viewer"]
    return Viewer.organiser() if is_local() else Viewer.visitor()
