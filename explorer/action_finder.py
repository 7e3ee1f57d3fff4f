"""Finding an action on the record and assess forms when there are too many to list.

Both forms list the :data:`graph.practice.ACTIONS_LISTED` most recent actions. Above
that, :func:`find_actions` adds a campaign picker and a search by name or date, so an
older action can still be chosen without sending tens of thousands of options to the
browser. Layout only: the lists come from :func:`graph.practice.list_actions`.
"""

from __future__ import annotations

import streamlit as st

from explorer import state
from graph import practice

__all__ = ["campaign_names", "find_actions", "listed_actions"]


@state.cached(show_spinner=False)
def campaign_names() -> dict:
    """Every campaign the viewer can see: IRI -> label."""
    return {c.iri: c.label for c in practice.campaigns(state.store(), state.viewer())}


@state.cached(show_spinner=False)
def listed_actions(campaign: str = "", text: str = "") -> practice.ActionPage:
    """The actions a form lists: the most recent, or a campaign's, or those matching ``text``."""
    return practice.list_actions(state.store(), state.viewer(), campaign=campaign or None, text=text)


def find_actions(key: str, everything: practice.ActionPage) -> practice.ActionPage:
    """``everything`` when it lists every action; else a campaign picker and a search
    (widget keys ``<key>-campaign`` and ``<key>-text``) and the actions they find."""
    if everything.total <= practice.ACTIONS_LISTED:
        return everything
    left, right = st.columns(2)
    campaigns = campaign_names()
    campaign = left.selectbox(
        "Campaign",
        [None, *campaigns],
        format_func=lambda iri: "any campaign" if iri is None else campaigns[iri],
        key=f"{key}-campaign",
    )
    text = right.text_input("Search by name or date", placeholder="picket, or 2024-05", key=f"{key}-text")
    if campaign is not None or text.strip():
        return listed_actions(str(campaign or ""), text)
    return everything
