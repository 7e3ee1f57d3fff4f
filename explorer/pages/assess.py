"""Assess actions: score an action against an indicator, with evidence.

Layout only: graph.practice lists actions, indicators and assessments, and
saves (one assessment per assessor, action and indicator; others'
assessments are never touched, so disagreement stays visible). Past
``practice.ACTIONS_LISTED`` actions the list shows the most recent, with a campaign
picker and a search by name or date to find the others.
"""

import datetime as dt

import streamlit as st

from explorer import links, state
from explorer.action_finder import find_actions, listed_actions
from graph import practice
from graph.access import Role, Visibility
from graph.errors import PraxisError
from graph.text import md_escape

viewer = state.require(Role.MEMBER)
store = state.store()


@state.cached(show_spinner=False)
def _indicators() -> dict:
    return {i.iri: i.label for i in practice.indicators(state.store(), state.viewer())}


@state.cached(show_spinner=False)
def _assessments(action: str) -> list:
    return practice.list_assessments(state.store(), state.viewer(), action=action)


everything = listed_actions()
indicators = _indicators()
levels = [level for level in Visibility if viewer.may_write(level)]

st.title("Assess actions")
st.caption(
    "Judge how an action did against one of the chapter's indicators of success. Each assessor keeps "
    "their own score, so where members disagree, both views stay on record."
)
st.dataframe(
    [{"score": f"{score:+d}", "means": label} for score, label in practice.SCORE_LABELS.items()],
    hide_index=True,
    key="assess-scale",
)
if not everything.total or not indicators:
    st.info(
        "There is nothing to assess yet: record an action on the Record a lesson page (or import "
        "actions from the CSV template on the Data in and out page)."
    )
    st.stop()


def _save() -> None:
    get = st.session_state.get
    assessment = practice.AssessmentInput(
        action=get("assess-action"),
        indicator=get("assess-indicator"),
        score=get("assess-score"),
        evidence=get("assess-evidence", ""),
        visibility=get("assess-visibility"),
    )
    problems = assessment.problems()
    if problems:
        st.session_state["assess-message"] = ("error", " ".join(problems))
        return
    key = state.form_key("assess", assessment)
    try:
        practice.record_assessment(state.store(), state.viewer(), assessment, once=key)
    except PraxisError as error:
        st.session_state["assess-message"] = ("error", str(error))
        return
    state.form_saved("assess", key, assessment)
    label = practice.SCORE_LABELS[assessment.score]
    st.session_state["assess-message"] = (
        "success",
        f"Saved your assessment: {assessment.score:+d} ({label}).",
    )
    st.session_state["assess-evidence"] = ""
    st.session_state["assess-score"] = 0


listed = find_actions("assess-find", everything)
actions = {a.iri: a for a in listed.actions}  # a new campaign or search selects its first action
action = st.selectbox(
    "Action",
    list(actions),
    index=practice.latest_past(list(actions.values()), dt.date.today()),
    format_func=lambda iri: actions[iri].caption,
    key="assess-action",
)
if listed.note:
    st.caption(listed.note)
left, right = st.columns(2)
left.selectbox("Indicator", list(indicators), format_func=indicators.get, key="assess-indicator")
right.select_slider(
    "Score",
    options=list(practice.SCORE_LABELS),
    value=0,
    format_func=lambda s: f"{s:+d} {practice.SCORE_LABELS[s]}",
    key="assess-score",
)
st.text_area("Evidence: what backs this score", key="assess-evidence", height=80)
st.selectbox(
    "Who may see it",
    [None, *levels],
    format_func=lambda lv: "same as the action" if lv is None else lv.value,
    key="assess-visibility",
)
st.button("Save the assessment", type="primary", on_click=_save, key="assess-save")
kind, text = st.session_state.pop("assess-message", (None, ""))
if kind == "error":
    st.error(md_escape(text))
elif kind == "success":
    st.success(text)

st.subheader("Assessments of this action")
rows = _assessments(str(action)) if action is not None else []
if not rows:
    st.info("Nobody has assessed this action yet.")
else:
    st.dataframe(
        [
            {
                "indicator": links.cell(r.indicator_label, r.indicator),
                "score": r.score,
                "means": r.score_label,
                "assessor": r.nickname,
                "evidence": r.evidence,
                "date": r.created,
            }
            for r in rows
        ],
        column_config={"indicator": links.column()},
        hide_index=True,
        key="assess-table",
    )
