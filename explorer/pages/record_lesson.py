"""Record a lesson: pick or describe the action, write what it taught, tag it to theory.

Layout only: the choices, saving and editing come from
graph.practice (plain-language checks first, then one validated write). Saving
happens in the button's callback, before the page is drawn again, so the form
can be cleared and the new lesson shows at once on every page (the store's
generation moves on and every cache keyed on it refreshes).

The action list shows every action while there are few; past
``practice.ACTIONS_LISTED`` it shows the most recent, with a campaign picker and a
search by name or date to find the others (only the actions listed are read).
"""

import datetime as dt
import hashlib
import time
from collections.abc import Callable

import streamlit as st
from rdflib import URIRef

from explorer import links, state, widgets
from explorer.action_finder import campaign_names, find_actions, listed_actions
from graph import practice
from graph.access import Role, Visibility
from graph.errors import PraxisError
from graph.text import md_escape

viewer = state.require(Role.MEMBER)
store = state.store()


@state.cached(show_spinner=False)
def _targets() -> dict:
    found = practice.targets(state.store(), state.viewer())
    return {t.iri: t.label + (" (claim)" if t.kind == "claim" else "") for t in found}


@state.cached(show_spinner=False)
def _methods() -> dict:
    found = practice.methods(state.store(), state.viewer())
    return {m.iri: m.label + (" (direct action)" if m.direct else "") for m in found}


@state.cached(show_spinner=False)
def _action(iri: str) -> practice.ActionChoice | None:
    return practice.action(state.store(), state.viewer(), iri)


@state.cached(show_spinner=False)
def _lessons(nickname: str, everyone: bool) -> practice.LessonPage:
    if everyone:
        return practice.recent_lessons(state.store(), state.viewer())
    mine = practice.find_member(state.store(), state.viewer())
    found = [] if mine is None else practice.list_lessons(state.store(), state.viewer(), creator=mine)
    return practice.LessonPage(tuple(found), more=False)


targets = _targets()
levels = [level for level in Visibility if viewer.may_write(level)]

st.title("Record a lesson")
st.caption(
    "What did an action teach us? Write it down, say which ideas it supports, challenges or qualifies, "
    "and add the evidence. Lessons about direct actions stay with members unless you choose otherwise."
)
if not targets:
    st.info(
        "There are no concepts or claims to tag lessons with yet. Load the vocabulary first "
        "(`praxis init --empty` creates it), then come back."
    )
    st.stop()

FIELDS = [
    "record-title",
    "record-what-happened",
    "record-taught",
    "record-evidence",
    "record-supports",
    "record-challenges",
    "record-qualifies",
    "record-action-name",
    "record-action-place",
    "record-action-methods",
]


#: The fields above that hold lists (multiselects); the others hold text.
LISTS = {"record-supports", "record-challenges", "record-qualifies", "record-action-methods"}


def _tags(key: Callable[[str], str]) -> tuple:
    """The tags picked in a form whose field for a stance is ``key(stance.value)``."""
    return tuple(
        practice.Tag(stance, target)
        for stance in practice.Stance
        for target in st.session_state.get(key(stance.value), [])
    )


def _save() -> None:
    get = st.session_state.get
    new_action = get("record-action-mode") == "new"
    lesson = practice.LessonInput(
        title=get("record-title", ""),
        taught=get("record-taught", ""),
        what_happened=get("record-what-happened", ""),
        evidence=get("record-evidence", ""),
        tags=_tags(lambda stance: f"record-{stance}"),
        action=None if new_action else get("record-action"),
        visibility=get("record-visibility"),
    )
    action = None
    if new_action:
        action = practice.ActionInput(
            label=get("record-action-name", ""),
            date=get("record-action-date"),
            campaign=get("record-action-campaign"),
            place=get("record-action-place", ""),
            methods=tuple(get("record-action-methods", [])),
            direct=bool(get("record-action-direct")),
            visibility=get("record-action-visibility"),
        )
    problems = lesson.problems(new_action=new_action) + (action.problems() if action else [])
    if problems:
        st.session_state["record-message"] = ("error", problems)
        return
    key = state.form_key("record", (lesson, action))
    try:
        iri = practice.record_lesson(state.store(), state.viewer(), lesson, action=action, once=key)
    except PraxisError as error:
        st.session_state["record-message"] = ("error", str(error).splitlines())
        return
    state.form_saved("record", key, (lesson, action))
    st.session_state["record-message"] = (
        "success",
        [f"Saved “{lesson.title.strip()}”. It shows on every page now."],
    )
    st.session_state["record-last"] = str(iri)
    for field in FIELDS:  # cleared by value: a popped key may come back from the browser
        st.session_state[field] = [] if field in LISTS else ""
    st.session_state["record-action"] = None
    st.session_state["record-visibility"] = None


def _level_name(level) -> str:
    return (
        "same as the action"
        if level is None
        else {"public": "public", "members": "members only", "restricted": "organisers only"}[level.value]
    )


new, mine = st.tabs(["New lesson", "My lessons"], key="record-tab", on_change="rerun")  # kept across saves

with new:
    st.subheader("1. The action")
    mode = st.radio(
        "Which action taught it?",
        ["existing", "new"],
        format_func=lambda m: "an action already recorded" if m == "existing" else "a new action",
        horizontal=True,
        key="record-action-mode",
    )
    if mode == "existing":
        everything = listed_actions()
        listed = find_actions("record-find", everything)
        actions = {a.iri: a for a in listed.actions}
        picked = st.session_state.get("record-action")
        if picked is not None and picked not in actions and (kept := _action(str(picked))):
            actions = {kept.iri: kept, **actions}  # a search must not drop the action already chosen
        if not everything.total:
            st.info("No actions are recorded yet: describe a new one instead.")
        st.selectbox(
            "Action",
            list(actions),
            format_func=lambda iri: actions[iri].caption,
            index=None,
            placeholder="Choose the action",
            key="record-action",
        )
        if listed.note:
            st.caption(listed.note)
    else:
        campaigns, methods = campaign_names(), _methods()
        first, second = st.columns(2)
        first.text_input(
            "Name of the action", key="record-action-name", placeholder="Picket at the council offices"
        )
        second.date_input(
            "Date", value=dt.date.today(), min_value=dt.date(1900, 1, 1), key="record-action-date"
        )
        first.selectbox(
            "Campaign (optional)",
            [None, *campaigns],
            format_func=lambda iri: "none" if iri is None else campaigns[iri],
            key="record-action-campaign",
        )
        second.text_input("Place (optional)", key="record-action-place")
        widgets.pick_many("Methods of action", methods, "record-action-methods")
        st.checkbox(
            "This was a direct action (kept to members unless you choose otherwise)",
            key="record-action-direct",
        )
        st.selectbox(
            "Who may see the action",
            [None, *levels],
            format_func=lambda lv: (
                "the usual (members only for direct actions)" if lv is None else _level_name(lv)
            ),
            key="record-action-visibility",
        )

    st.subheader("2. The lesson")
    st.text_input("Title: the lesson in a line", key="record-title")
    st.text_area("What happened", key="record-what-happened", height=100)
    st.text_area("What it taught", key="record-taught", height=100)

    st.subheader("3. What it bears on")
    columns = st.columns(3)
    for column, stance in zip(columns, practice.Stance, strict=True):
        widgets.pick_many(f"It {stance.value}", targets, f"record-{stance.value}", where=column)
    st.text_area("Evidence: what was seen or counted", key="record-evidence", height=80)
    st.selectbox("Who may see the lesson", [None, *levels], format_func=_level_name, key="record-visibility")
    st.button("Save the lesson", type="primary", on_click=_save, key="record-save")
    kind, lines = st.session_state.pop("record-message", (None, []))
    if kind == "error":
        st.error("The lesson was not saved:\n\n" + "\n".join(f"- {md_escape(line)}" for line in lines))
    elif kind == "success":
        st.success(md_escape(lines[0]))


def _field(name: str, iri: str) -> str:
    """The key of the edit form's field ``name`` for the lesson ``iri``.

    Each lesson has widgets of its own, drawn with its values, so the page never writes a
    value into a widget the browser already holds. It used to (one set of fields, filled
    from the lesson picked): a keystroke that interrupted the run filling them made
    Streamlit take the browser's older values back, and the form showed the picked lesson's
    title with another text (a save then wrote that text into it; seen once in a test run)."""
    return f"mine-{name}-{hashlib.blake2s(iri.encode(), digest_size=6).hexdigest()}"


def _edit(iri: str) -> None:
    """Save the edit of the lesson ``iri`` (bound when the button was drawn: a widget's
    value read in a callback may be gone when its options were relabelled by a save)."""
    get = st.session_state.get
    lesson = practice.LessonInput(
        title=get(_field("title", iri), ""),
        taught=get(_field("taught", iri), ""),
        what_happened=get(_field("what-happened", iri), ""),
        evidence=get(_field("evidence", iri), ""),
        tags=_tags(lambda stance: _field(stance, iri)),
        visibility=get(_field("visibility", iri)),
    )
    try:
        practice.edit_lesson(state.store(), state.viewer(), URIRef(iri), lesson)
        st.session_state["mine-message"] = ("success", "Saved; the earlier version is kept in the history.")
    except PraxisError as error:
        st.session_state["mine-message"] = ("error", str(error))


#: How long after withdrawing a lesson the page offers to undo it.
UNDO_SECONDS = 10 * 60


def _ask_withdraw(iri: str) -> None:
    st.session_state["mine-confirm"] = iri  # bound when drawn: the lesson the person saw


def _withdraw() -> None:
    iri = URIRef(st.session_state.pop("mine-confirm", ""))
    try:
        practice.withdraw_lesson(state.store(), state.viewer(), iri)
    except PraxisError as error:
        st.session_state["mine-message"] = ("error", str(error))
        return
    st.session_state["mine-undo"] = (iri, time.monotonic())
    st.session_state["mine-message"] = (
        "success",
        "Withdrawn: it stays in your lessons, marked withdrawn, and leaves every count, list and map.",
    )


def _undo() -> None:
    iri, _ = st.session_state.pop("mine-undo", (None, 0.0))
    try:
        practice.restore_lesson(state.store(), state.viewer(), iri)
    except PraxisError as error:
        st.session_state["mine-message"] = ("error", str(error))
        return
    st.session_state["mine-message"] = ("success", "Undone: the lesson counts again.")


with mine:
    everyone = viewer.role is Role.ORGANISER and st.toggle(
        "Everyone's lessons (organisers)", key="mine-everyone"
    )
    found = _lessons(viewer.nickname or "", bool(everyone))
    rows = found.lessons
    if found.more:
        st.caption(f"The {len(rows)} most recent lessons are listed.")
    if not rows:
        st.info("You have not recorded any lessons yet.")
    else:
        st.dataframe(
            [
                {
                    "lesson": links.cell(r.title, r.iri),
                    "recorded": r.created,
                    "by": r.nickname,
                    "action": links.cell(r.action_label, r.action),
                    "visibility": r.visibility.value,
                    "withdrawn": r.withdrawn,
                }
                for r in rows
            ],
            hide_index=True,
            column_config={  # every column visible at once, "withdrawn" included
                "lesson": links.column(width="large"),
                "recorded": st.column_config.DateColumn(width=100),
                "by": st.column_config.TextColumn(width=110),
                "action": links.column(width="medium"),
                "visibility": st.column_config.TextColumn(width=90),
                "withdrawn": st.column_config.CheckboxColumn(width=90),
            },
            key="mine-table",
        )
        titles = {r.iri: f"{r.title} ({r.created})" + (" [withdrawn]" if r.withdrawn else "") for r in rows}
        picked = st.selectbox("Lesson to change", list(titles), format_func=titles.get, key="mine-pick")
        current = practice.get_lesson(store, viewer, picked)
        if current is not None:
            iri = str(current.iri)
            st.text_input("Title", current.title, key=_field("title", iri))
            st.text_area("What happened", current.what_happened, key=_field("what-happened", iri))
            st.text_area("What it taught", current.taught, key=_field("taught", iri))
            columns = st.columns(3)
            for column, stance in zip(columns, practice.Stance, strict=True):
                tagged = [t.target for t in current.tags if t.stance is stance and t.target in targets]
                widgets.pick_many(
                    f"It {stance.value}", targets, _field(stance.value, iri), where=column, default=tagged
                )
            st.text_area("Evidence", current.evidence, key=_field("evidence", iri))
            st.selectbox(
                "Who may see it",
                levels,
                index=levels.index(current.visibility) if current.visibility in levels else None,
                format_func=_level_name,
                key=_field("visibility", iri),
            )
        left, right = st.columns(2)
        left.button(
            "Save changes",
            on_click=_edit,
            args=(str(current.iri) if current is not None else "",),
            key="mine-save",
            type="primary",
        )
        asked = current is not None and st.session_state.get("mine-confirm") == str(current.iri)
        right.button(
            "Withdraw this lesson",
            on_click=_ask_withdraw,
            args=(str(current.iri) if current is not None else "",),
            key="mine-withdraw",
            disabled=bool(current is None or current.withdrawn or asked),
        )
        if asked:
            with st.container(border=True):
                st.warning(
                    md_escape(
                        f"Withdraw “{current.title}”? It will leave every count, list and map; "
                        "you can undo it for ten minutes."
                    )
                )
                yes, no = st.columns(2)
                yes.button(
                    "Yes, withdraw it", on_click=_withdraw, key="mine-withdraw-confirm", type="primary"
                )
                no.button(
                    "Keep it", on_click=st.session_state.pop, args=("mine-confirm", None), key="mine-keep"
                )
        kind, text = st.session_state.pop("mine-message", (None, ""))
        if kind == "error":
            st.error(md_escape(text))
        elif kind == "success":
            st.success(text)
        undo = st.session_state.get("mine-undo")
        if undo and time.monotonic() - undo[1] < UNDO_SECONDS:
            st.button("Undo the withdrawal", on_click=_undo, key="mine-undo-button")
        elif undo:
            st.session_state.pop("mine-undo")
