"""The parts the Learning programme page draws more than once: the session form, the
cards for posts and agreements, tables, pickers, and saving with a message.

Readings and topics can run to thousands: :func:`explorer.widgets.pick_found` lists them all when there
are few, and otherwise what a search finds. Its search box sits outside any form (a
form sends nothing until it is submitted), so the pickers that search are drawn just
above their form, in the same bordered box, and what was picked is kept when the
search changes.

Layout only, like the page (``explorer/pages/programme.py``): every write is a function
of :mod:`graph.programme`. Text from the data goes through :func:`md` before it reaches
Markdown, and an error message (which may quote what was typed) is escaped the same way.
Widget keys are built from the ``prefix`` or ``key`` each part is given, so tests can
find every widget by key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from explorer import links, state
from explorer.widgets import Finder, pick_found, pick_many
from graph import programme
from graph.access import Viewer, Visibility
from graph.errors import PraxisError
from graph.store import PraxisStore
from graph.text import md_escape

__all__ = [
    "FLASH",
    "LEVEL_NAMES",
    "Picks",
    "agreement_card",
    "labels",
    "post_card",
    "save",
    "session_form",
    "table",
    "visibility",
]

#: How each visibility level is named in the forms.
LEVEL_NAMES = {
    Visibility.PUBLIC: "public",
    Visibility.MEMBERS: "members only",
    Visibility.RESTRICTED: "organisers only",
}
#: The session-state key of the message shown after a successful write.
FLASH = "programme-flash"


@dataclass(frozen=True)
class Picks:
    """What the forms offer: skills as IRI -> label; members, readings, topics and
    campaigns as a search (:data:`Finder`); and the levels the viewer may write."""

    members: Finder
    readings: Finder
    skills: dict
    topics: Finder
    campaigns: Finder
    levels: list[Visibility]


def labels(refs: Iterable[Any]) -> dict:
    """IRI -> label of ``refs``, the options of a picker."""
    return {ref.iri: ref.label or "" for ref in refs}


def save(
    write: Callable[[str], Any], message: str, *, form: str, content: object, fields: Iterable[str] = ()
) -> None:
    """Run a write with the key of this filling-in of ``form`` (:func:`state.form_key`:
    a double click saves once); on success clear ``fields`` (widget keys) and show
    ``message`` after a rerun, else the plain error."""
    key = state.form_key(form, content)
    try:
        write(key)
    except PraxisError as error:
        st.error(md_escape(str(error)))  # may quote what was typed
    else:
        state.form_saved(form, key, content)
        for field in fields:
            st.session_state.pop(field, None)
        st.session_state[FLASH] = message
        st.rerun()


#: Widths of the programme's table columns that would otherwise be cut off or too wide.
WIDTHS = {"reading": "medium", "why": "large", "last covered": 110, "title": "medium", "date": 100}


def table(rows: list[dict], key: str, drop: tuple[str, ...] = (), *, names: tuple[str, ...] = ()) -> None:
    """``rows`` as a table; the ``names`` columns hold :func:`explorer.links.cell` addresses,
    shown as the records' names and linked to their pages."""
    frame = pd.DataFrame(rows).drop(columns=list(drop), errors="ignore")
    sized = {name: st.column_config.Column(width=WIDTHS[name]) for name in frame.columns if name in WIDTHS}
    sized.update({name: links.column(width=WIDTHS.get(name)) for name in names if name in frame.columns})
    st.dataframe(frame, hide_index=True, column_config=sized, key=key)


def visibility(levels: list[Visibility], key: str, *, index: int = 0) -> Visibility:
    """The "Who can see it" choice of a form."""
    return st.selectbox("Who can see it", levels, index=index, format_func=LEVEL_NAMES.get, key=key)


def session_form(
    prefix: str, picks: Picks, *, logging: bool, today: dt.date, store: PraxisStore, viewer: Viewer
) -> None:
    """The plan form (``logging`` False) or the log form for a session not planned here,
    with its facilitator, reading and topic pickers just above it (they may search)."""
    with st.container(border=True):
        who = pick_found(
            "Facilitated by",
            f"{prefix}-facilitators",
            picks.members,
            noun="members",
            hint="part of a nickname",
        )
        covered = pick_found(
            "Readings",
            f"{prefix}-readings",
            picks.readings,
            noun="readings",
            hint="part of a title or an author",
        )
        about = pick_found(
            "Concepts and claims",
            f"{prefix}-topics",
            picks.topics,
            noun="concepts and claims",
            hint="part of a name",
        )
        chosen = _Chosen(tuple(who.values()), tuple(covered), tuple(about))
        _session_fields(prefix, picks, chosen, logging=logging, today=today, store=store, viewer=viewer)


#: The pickers above a session form (their keys end so; their kept picks end "-kept").
PICKED = ("facilitators", "facilitators-kept", "readings", "readings-kept", "topics", "topics-kept")


@dataclass(frozen=True)
class _Chosen:
    """What the pickers above a session form hold: facilitators' nicknames, readings, topics."""

    facilitators: tuple[str, ...]
    readings: tuple
    topics: tuple


def _session_fields(
    prefix: str,
    picks: Picks,
    chosen: _Chosen,
    *,
    logging: bool,
    today: dt.date,
    store: PraxisStore,
    viewer: Viewer,
) -> None:
    with st.form(f"{prefix}-form", border=False):
        kinds = list(programme.SessionKind)
        kind = st.radio("Kind", kinds, format_func=lambda k: k.label, horizontal=True, key=f"{prefix}-kind")
        title = st.text_input("Title", key=f"{prefix}-title")
        day = st.date_input(
            "Date", value=today + dt.timedelta(days=0 if logging else 7), key=f"{prefix}-date"
        )
        practised = pick_many("Skills", picks.skills, f"{prefix}-skills")
        notes = st.text_area("Notes", key=f"{prefix}-notes")
        count = (
            st.number_input("How many came (no names)", min_value=0, step=1, key=f"{prefix}-count")
            if logging
            else None
        )
        level = visibility(picks.levels, f"{prefix}-visibility", index=picks.levels.index(Visibility.MEMBERS))
        if st.form_submit_button(
            "Log the session" if logging else "Plan the session", key=f"{prefix}-submit"
        ):
            draft = programme.SessionDraft(
                title=title,
                date=day,
                kind=kind,
                facilitators=chosen.facilitators,
                readings=chosen.readings,
                skills=tuple(practised),
                topics=chosen.topics,
                notes=notes,
                head_count=int(count) if count is not None else None,
                visibility=level,
            )
            write = programme.log_session if logging else programme.plan_session
            save(
                lambda key: write(store, viewer, draft, today=today, once=key),
                "Session logged." if logging else "Session planned.",
                form=prefix,
                content=draft,
                fields=[f"{prefix}-{name}" for name in ("title", "notes", "count", *PICKED)],
            )


def post_card(post: programme.Post) -> None:
    """A member's post: title, date and author, tags, summary, text and link."""
    with st.container(border=True):
        st.markdown(f"**{md_escape(post.title)}**")
        st.caption(md_escape(f"{post.date or 'undated'}" + (f" · by {post.author}" if post.author else "")))
        tags = [ref.label for ref in post.concepts + post.campaigns if ref.label]
        if tags:
            st.caption(md_escape("Tagged: " + "; ".join(tags)))
        if post.summary:
            st.text(post.summary)
        if post.text:
            with st.expander("Read the post"):
                st.text(post.text)
        if post.url:
            st.link_button(
                "Open the post", post.url, key=f"programme-post-link-{post.iri.rsplit('/', 1)[-1]}"
            )


def agreement_card(agreement: programme.Agreement) -> None:
    """A group agreement: its current wording, when it was adopted, and its history."""
    with st.container(border=True):
        st.markdown(f"**{md_escape(agreement.name)}**")
        current = agreement.current
        st.text(current.statement)
        where = f" at the {current.meeting}" if current.meeting else ""
        st.caption(md_escape(f"Adopted {current.adopted or 'on an unrecorded date'}{where}"))
        with st.expander(f"History ({len(agreement.versions)} versions)"):
            for number, version in enumerate(agreement.versions, 1):
                where = f" · {version.meeting}" if version.meeting else ""
                st.markdown(md_escape(f"Version {number} · {version.adopted or 'undated'}{where}"))
                st.text(version.statement)
                if version.rationale:
                    st.text(f"Why: {version.rationale}")
