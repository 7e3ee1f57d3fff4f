"""Finding an action on the record and assess forms when there are too many to list.

Both forms list the :data:`graph.choices.ACTIONS_LISTED` most recent actions. Above
that, :func:`find_actions` adds a campaign picker and a search by name or date, so an
older action can still be chosen without sending tens of thousands of options to the
browser. Layout only: the lists come from :func:`graph.choices.list_actions`.
"""

from __future__ import annotations

import streamlit as st

from explorer import state
from graph import choices

__all__ = ["campaign_names", "find_actions", "listed_actions"]


@st.cache_data(show_spinner=False)
def campaign_names(generation: int, role: str) -> dict:
    """Every campaign the viewer can see: IRI -> label."""
    return {c.iri: c.label for c in choices.campaigns(state.store(), state.viewer())}


@st.cache_data(show_spinner=False)
def listed_actions(generation: int, role: str, campaign: str = "", text: str = "") -> choices.ActionPage:
    """The actions a form lists: the most recent, or a campaign's, or those matching ``text``."""
    return choices.list_actions(state.store(), state.viewer(), campaign=campaign or None, text=text)


def find_actions(key: str, everything: choices.ActionPage) -> choices.ActionPage:
    """``everything`` when it lists every action; else a campaign picker and a search
    (widget keys ``<key>-campaign`` and ``<key>-text``) and the actions they find."""
    if everything.total <= choices.ACTIONS_LISTED:
        return everything
    generation, role = state.store().generation, state.viewer().role.value
    left, right = st.columns(2)
    campaigns = campaign_names(generation, role)
    campaign = left.selectbox(
        "Campaign",
        [None, *campaigns],
        format_func=lambda iri: "any campaign" if iri is None else campaigns[iri],
        key=f"{key}-campaign",
    )
    text = right.text_input("Search by name or date", placeholder="picket, or 2024-05", key=f"{key}-text")
    if campaign is not None or text.strip():
        return listed_actions(generation, role, str(campaign or ""), text)
    return everything
