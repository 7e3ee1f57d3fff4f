"""Indicators of success: which ones we use, the principles they serve, what each campaign advanced.

Organisers add, describe, retire (or restore) indicators and link them to
principles here. Layout only: everything is done by graph.strategy (the campaign list by
graph.practice). When campaigns have advanced more indicators than fit on the page, it lists the
strongest advances and offers a campaign picker to see all of one campaign's.
"""

import pandas as pd
import streamlit as st

from explorer import links, state, widgets
from graph import practice, strategy
from graph.access import Role
from graph.errors import PraxisError
from graph.text import md_escape


@state.cached(show_spinner=False)
def _indicators() -> list[strategy.IndicatorInfo]:
    return strategy.list_indicators(state.store(), state.viewer())


@state.cached(show_spinner=False)
def _principles() -> list:
    return strategy.principles(state.store(), state.viewer())


@state.cached(show_spinner=False)
def _advances() -> strategy.Advances:
    return strategy.top_advances(state.store(), state.viewer())


@state.cached(show_spinner=False)
def _campaign_progress(campaign: str) -> list[strategy.CampaignProgress]:
    return strategy.campaign_progress(state.store(), state.viewer(), campaign=campaign)


@state.cached(show_spinner=False)
def _campaigns() -> dict:
    return {c.iri: c.label for c in practice.campaigns(state.store(), state.viewer())}


def _save(action, message: str) -> None:
    try:
        action()
    except PraxisError as error:
        st.error(md_escape(str(error)))
        return
    st.session_state["indicators-flash"] = message
    st.rerun()


st.title("Indicators of success")
st.caption(
    "How do we assess the success of an action? What indicators are valuable to us and consistent "
    "with our principles? Each assessment scores an action on one indicator from -2 (set us back) to "
    "+2 (clearly advanced). A retired indicator is no longer offered, but past assessments still count."
)
if "indicators-flash" in st.session_state:
    st.success(md_escape(st.session_state.pop("indicators-flash")))

store, viewer = state.store(), state.viewer()
found = _indicators()
principles = dict(_principles())
if not found:
    st.info("No indicators are defined yet. An organiser can add the first one below.")

if found:
    st.dataframe(
        pd.DataFrame(
            {
                "indicator": [links.cell(i.label, i.indicator) for i in found],
                # before the long definitions, so a narrow screen still shows it
                "serves": ["; ".join(label for _, label in i.serves) for i in found],
                "what to look for": [i.definition for i in found],
                "retired": [i.retired for i in found],
            }
        ),
        column_config={
            "indicator": links.column(),
            "serves": st.column_config.TextColumn(width="medium"),
            "what to look for": st.column_config.TextColumn(width="large"),
            "retired": st.column_config.CheckboxColumn("retired"),
        },
        hide_index=True,
        key="indicators-table",
    )
    served = {iri for i in found if not i.retired for iri, _ in i.serves}
    unserved = [label for iri, label in principles.items() if iri not in served]
    if unserved:
        st.caption("Principles no active indicator serves yet: " + md_escape(", ".join(unserved)) + ".")

st.header("What each campaign has advanced")
advances = _advances()
progress, campaign = list(advances.rows), None
if advances.more:
    campaigns = _campaigns()
    campaign = st.selectbox(
        "Campaign",
        [None, *campaigns],
        format_func=lambda iri: "the strongest advances of any campaign" if iri is None else campaigns[iri],
        key="indicators-progress-campaign",
    )
    if campaign is None:
        st.caption(
            f"Campaigns have advanced more indicators than fit here: the {len(progress)} with the highest "
            "mean scores (then the most assessments) are listed. Choose a campaign to see all of its."
        )
    else:
        progress = _campaign_progress(str(campaign))
if progress:
    st.dataframe(
        pd.DataFrame(
            {
                "campaign": [links.cell(p.campaign_label, p.campaign) for p in progress],
                "indicator": [links.cell(p.indicator_label, p.indicator) for p in progress],
                "mean score": [round(p.mean, 2) for p in progress],
                "assessments": [p.n for p in progress],
            }
        ),
        column_config={
            "campaign": links.column(),
            "indicator": links.column(),
            "mean score": st.column_config.ProgressColumn(
                "mean score", min_value=0.0, max_value=2.0, format="%.2f"
            ),
        },
        hide_index=True,
        key="indicators-progress",
    )
    st.caption(
        "An indicator counts as advanced when the mean score of the campaign's assessments on it is above 0."
    )
elif campaign is not None:
    st.info("This campaign has not advanced an indicator yet: no mean score above 0.")
else:
    st.info("No campaign has advanced an indicator yet: assess actions to see progress here.")

if viewer.role is not Role.ORGANISER:
    st.caption("Organisers can add, describe and retire indicators and link them to principles.")
    st.stop()

st.header("Manage indicators")
by_iri = {i.indicator: i for i in found}
add_tab, describe_tab, retire_tab, serves_tab = st.tabs(
    ["Add", "Describe", "Retire or restore", "Principles"]
)
with add_tab, st.form("indicator-add-form", clear_on_submit=True):
    label = st.text_input("Name", key="indicator-add-label")
    definition = st.text_area("What to look for", key="indicator-add-definition")
    serves = widgets.pick_many("Principles it serves", principles, "indicator-add-serves")
    if st.form_submit_button("Add the indicator"):
        _save(
            lambda: strategy.add_indicator(store, viewer, label=label, definition=definition, serves=serves),
            f"Added the indicator {label!r}.",
        )
if by_iri:
    with describe_tab:
        which = st.selectbox(
            "Indicator", list(by_iri), format_func=lambda i: by_iri[i].label, key="indicator-describe-which"
        )
        suffix = str(which).rsplit("/", 1)[-1]
        new_label = st.text_input("Name", value=by_iri[which].label, key=f"indicator-describe-label-{suffix}")
        new_definition = st.text_area(
            "What to look for", value=by_iri[which].definition, key=f"indicator-describe-definition-{suffix}"
        )
        if st.button("Save the description", key="indicator-describe-save"):
            _save(
                lambda: strategy.describe_indicator(
                    store, viewer, which, label=new_label, definition=new_definition
                ),
                "Saved the new description.",
            )
    with retire_tab:
        which = st.selectbox(
            "Indicator",
            list(by_iri),
            format_func=lambda i: by_iri[i].label + (" (retired)" if by_iri[i].retired else ""),
            key="indicator-retire-which",
        )
        retired = by_iri[which].retired
        if st.button("Restore it" if retired else "Retire it", key="indicator-retire-button"):
            _save(
                lambda: strategy.retire_indicator(store, viewer, which, retired=not retired),
                f"{'Restored' if retired else 'Retired'} {by_iri[which].label!r}.",
            )
    with serves_tab:
        which = st.selectbox(
            "Indicator", list(by_iri), format_func=lambda i: by_iri[i].label, key="indicator-serves-which"
        )
        suffix = str(which).rsplit("/", 1)[-1]
        chosen = widgets.pick_many(
            "Principles it serves",
            principles,
            f"indicator-serves-{suffix}",
            default=[iri for iri, _ in by_iri[which].serves if iri in principles],
        )
        if st.button("Save the principles", key="indicator-serves-save"):
            _save(lambda: strategy.set_principles(store, viewer, which, chosen), "Saved the principles.")
