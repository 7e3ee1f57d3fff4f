"""Learning programme: sessions, the skills programme and its gaps, member blog posts,
group agreements, and the reading-group planner.

Layout only: every list, check and write is a function of graph.programme.
"""

import datetime as dt
import re

import pandas as pd
import streamlit as st

from explorer import state
from graph import programme
from graph.access import Visibility
from graph.errors import PraxisError
from graph.programme import options

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
LEVEL_NAMES = {
    Visibility.PUBLIC: "public",
    Visibility.MEMBERS: "members only",
    Visibility.RESTRICTED: "organisers only",
}
MODES = {
    "plan": "Plan an upcoming session",
    "log": "Log a session that took place",
    "complete": "Add the head count to a planned session",
}
SOURCES = {
    "concept": "a concept",
    "review": "what practice says is due for review",
    "campaign": "a current campaign",
}


def _md(text: object) -> str:
    """User text made safe inside Markdown (one line)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@st.cache_data(show_spinner=False)
def _load(generation: int, role: str, today: dt.date) -> dict:
    store, viewer = state.store(), state.viewer()
    return {
        "sessions": programme.list_sessions(store, viewer, today=today),
        "upcoming": programme.list_sessions(store, viewer, today=today, when=programme.When.UPCOMING),
        "past": programme.list_sessions(store, viewer, today=today, when=programme.When.PAST),
        "posts": programme.list_posts(store, viewer),
        "agreements": programme.agreements(store, viewer),
        "members": options.members(store, viewer),
        "readings": options.readings(store, viewer),
        "skills": options.skills(store, viewer),
        "topics": options.topics(store, viewer),
        "concepts": options.concepts(store, viewer),
        "campaigns": options.campaigns(store, viewer),
        "active": options.campaigns(store, viewer, active_only=True),
    }


@st.cache_data(show_spinner=False)
def _skills(generation: int, role: str, today: dt.date, window: int) -> list:
    return programme.skill_status(state.store(), state.viewer(), today=today, window_days=window)


@st.cache_data(show_spinner="Finding readings…")
def _candidates(generation: int, role: str, today: dt.date, source: str, target: str) -> list:
    pick = {
        "concept": programme.readings_for_concept,
        "campaign": programme.readings_for_campaign,
        "review": programme.readings_for_topic,
    }[source]
    return pick(state.store(), state.viewer(), target, today=today)


@st.cache_data(show_spinner="Weighing the lessons…")
def _due(generation: int, role: str, today: dt.date) -> list | None:
    return programme.due_for_review(state.store(), state.viewer(), today=today)


def _save(write, message: str) -> None:
    """Run a write; on success show ``message`` after a rerun, else the plain error."""
    try:
        write()
    except PraxisError as error:
        st.error(_MD_SPECIAL.sub(r"\\\1", str(error)))  # may quote what was typed
    else:
        st.session_state["programme-flash"] = message
        st.rerun()


def _labels(refs) -> dict:
    return {ref.iri: ref.label or "" for ref in refs}


def _table(rows: list[dict], key: str, drop: tuple[str, ...] = ()) -> None:
    st.dataframe(pd.DataFrame(rows).drop(columns=list(drop), errors="ignore"), hide_index=True, key=key)


st.title("Learning programme")
st.caption(
    "Reading-group sessions and skill workshops, the skills our actions need and the gaps in the "
    "programme, what members have written, and the group agreements we work by."
)
if "programme-flash" in st.session_state:
    st.success(st.session_state.pop("programme-flash"))

store, viewer = state.store(), state.viewer()
generation, role = store.generation, viewer.role.value
may_write = viewer.may_write(Visibility.MEMBERS)
levels = [level for level in Visibility if viewer.may_write(level)]
today = st.date_input(
    "As of",
    value=dt.date.today(),
    key="programme-today",
    help="Sessions after this date are upcoming; skill gaps count back from it.",
)
data = _load(generation, role, today)
members, readings, skills = _labels(data["members"]), _labels(data["readings"]), _labels(data["skills"])
topics, campaigns = _labels(data["topics"]), _labels(data["campaigns"])

sessions_tab, skills_tab, posts_tab, agreements_tab, planner_tab = st.tabs(
    ["Sessions", "Skills", "Blog posts", "Group agreements", "Reading-group planner"]
)


def _session_form(prefix: str, logging: bool) -> None:
    """The plan form (``logging`` False) or the log form for a session not planned here."""
    with st.form(f"{prefix}-form"):
        kinds = list(programme.SessionKind)
        kind = st.radio("Kind", kinds, format_func=lambda k: k.label, horizontal=True, key=f"{prefix}-kind")
        title = st.text_input("Title", key=f"{prefix}-title")
        day = st.date_input(
            "Date", value=today + dt.timedelta(days=0 if logging else 7), key=f"{prefix}-date"
        )
        who = st.multiselect(
            "Facilitated by", list(members), format_func=members.get, key=f"{prefix}-facilitators"
        )
        covered = st.multiselect(
            "Readings", list(readings), format_func=readings.get, key=f"{prefix}-readings"
        )
        practised = st.multiselect("Skills", list(skills), format_func=skills.get, key=f"{prefix}-skills")
        about = st.multiselect(
            "Concepts and claims", list(topics), format_func=topics.get, key=f"{prefix}-topics"
        )
        notes = st.text_area("Notes", key=f"{prefix}-notes")
        count = (
            st.number_input("How many came (no names)", min_value=0, step=1, key=f"{prefix}-count")
            if logging
            else None
        )
        level = st.selectbox(
            "Who can see it",
            levels,
            index=levels.index(Visibility.MEMBERS),
            format_func=LEVEL_NAMES.get,
            key=f"{prefix}-visibility",
        )
        if st.form_submit_button(
            "Log the session" if logging else "Plan the session", key=f"{prefix}-submit"
        ):
            draft = programme.SessionDraft(
                title=title,
                date=day,
                kind=kind,
                facilitators=tuple(members[m] for m in who),
                readings=tuple(covered),
                skills=tuple(practised),
                topics=tuple(about),
                notes=notes,
                head_count=int(count) if count is not None else None,
                visibility=level,
            )
            write = programme.log_session if logging else programme.plan_session
            _save(
                lambda: write(store, viewer, draft, today=today),
                "Session logged." if logging else "Session planned.",
            )


with sessions_tab:
    st.subheader("Upcoming")
    if data["upcoming"]:
        _table([s.as_row() for s in data["upcoming"]], "programme-upcoming", drop=("head count",))
    else:
        st.info("No sessions are planned. Plan the next one below, or use the reading-group planner.")
    st.subheader("Past")
    if data["past"]:
        _table([s.as_row(details=True) for s in data["past"]], "programme-past")
    else:
        st.info("No sessions have been logged yet. Log one below once it has taken place.")
    if not may_write:
        st.info("Members can plan and log sessions here.")
    else:
        mode = st.radio(
            "Add to the programme",
            list(MODES),
            format_func=MODES.get,
            horizontal=True,
            key="programme-session-mode",
        )
        waiting = {s.iri: s for s in data["sessions"] if s.needs_logging(today)}
        if mode != "complete":
            _session_form(f"programme-{mode}", logging=mode == "log")
        elif not waiting:
            st.caption("Every past session has its head count.")
        else:
            with st.form("programme-complete-form"):
                chosen = st.selectbox(
                    "Session",
                    list(waiting),
                    format_func=lambda i: f"{waiting[i].date} · {waiting[i].title}",
                    key="programme-complete-session",
                )
                count = st.number_input(
                    "How many came (no names)", min_value=0, step=1, key="programme-complete-count"
                )
                notes = st.text_area("Notes (replace any there)", key="programme-complete-notes")
                if st.form_submit_button("Save", key="programme-complete-submit"):
                    _save(
                        lambda: programme.complete_session(
                            store, viewer, chosen, head_count=int(count), notes=notes, today=today
                        ),
                        "Head count saved.",
                    )

with skills_tab:
    setting = programme.SKILL_GAP_DAYS
    window = int(
        st.number_input(
            "Count back (days)",
            min_value=1,
            step=1,
            value=setting.default,
            key="programme-skill-window",
            help=setting.help,
        )
    )
    statuses = _skills(generation, role, today, window)
    since = programme.window_start(today, window).isoformat()
    st.subheader("Gaps")
    gaps = [s for s in statuses if s.gap]
    if gaps:
        st.caption(f"Skills that actions since {since} needed and no session since then practised.")
        for status in gaps:
            st.warning(_md(status.summary()))
    elif not may_write:
        st.info("Actions are recorded for members only, so gaps show to members.")
    else:
        st.success(f"No gaps: every skill an action needed since {since} was practised in a session.")
    st.subheader("Every skill")
    if not statuses:
        st.info("The store has no skills scheme: run `praxis init` to load the vocabularies.")
    else:
        _table([s.as_row(details=True) for s in statuses], "programme-skills")

with posts_tab:
    if not data["posts"]:
        st.info("No member has posted yet. Link theory to what is happening now: write the first post below.")
    for post in data["posts"]:
        with st.container(border=True):
            st.markdown(f"**{_md(post.title)}**")
            st.caption(_md(f"{post.date or 'undated'}" + (f" · by {post.author}" if post.author else "")))
            tags = [ref.label for ref in post.concepts + post.campaigns if ref.label]
            if tags:
                st.caption(_md("Tagged: " + "; ".join(tags)))
            if post.summary:
                st.text(post.summary)
            if post.text:
                with st.expander("Read the post"):
                    st.text(post.text)
            if post.url:
                st.link_button(
                    "Open the post", post.url, key=f"programme-post-link-{post.iri.rsplit('/', 1)[-1]}"
                )
    if may_write:
        with st.form("programme-post-form"):
            st.subheader("Write a post")
            st.caption(f"Posting as {viewer.nickname or 'the local organiser'}.")
            title = st.text_input("Title", key="programme-post-title")
            day = st.date_input("Date", value=today, key="programme-post-date")
            link = st.text_input("Link (if it is published elsewhere)", key="programme-post-link")
            text = st.text_area("Text (if it lives here)", key="programme-post-text")
            about = st.multiselect(
                "Concepts and claims it discusses",
                list(topics),
                format_func=topics.get,
                key="programme-post-concepts",
            )
            linked = st.multiselect(
                "Campaigns it is about",
                list(campaigns),
                format_func=campaigns.get,
                key="programme-post-campaigns",
            )
            level = st.selectbox(
                "Who can see it", levels, format_func=LEVEL_NAMES.get, key="programme-post-visibility"
            )
            if st.form_submit_button("Publish the post", key="programme-post-submit"):
                draft = programme.PostDraft(
                    title, day, tuple(about), url=link, text=text, campaigns=tuple(linked), visibility=level
                )
                _save(lambda: programme.add_post(store, viewer, draft), "Post published.")

with agreements_tab:
    if not data["agreements"]:
        st.info("No group agreements are recorded yet. Record the first one below.")
    for agreement in data["agreements"]:
        with st.container(border=True):
            st.markdown(f"**{_md(agreement.name)}**")
            current = agreement.current
            st.text(current.statement)
            where = f" at the {current.meeting}" if current.meeting else ""
            st.caption(_md(f"Adopted {current.adopted or 'on an unrecorded date'}{where}"))
            with st.expander(f"History ({len(agreement.versions)} versions)"):
                for number, version in enumerate(agreement.versions, 1):
                    where = f" · {version.meeting}" if version.meeting else ""
                    st.markdown(_md(f"Version {number} · {version.adopted or 'undated'}{where}"))
                    st.text(version.statement)
                    if version.rationale:
                        st.text(f"Why: {version.rationale}")
    if may_write:
        names = {a.iri: a.name for a in data["agreements"]}
        with st.form("programme-agreement-form"):
            st.subheader("Record an agreement adopted at a meeting")
            which = st.selectbox(
                "Agreement",
                [None, *names],
                format_func=lambda i: "A new agreement" if i is None else f"New wording of: {names[i]}",
                key="programme-agreement-which",
            )
            name = st.text_input("Short name (for a new agreement)", key="programme-agreement-name")
            wording = st.text_area("Wording", key="programme-agreement-statement")
            day = st.date_input("Date of the meeting", value=today, key="programme-agreement-date")
            meeting = st.text_input("Meeting", value="general meeting", key="programme-agreement-meeting")
            why = st.text_area("Why (what changed, and why)", key="programme-agreement-rationale")
            if st.form_submit_button("Record it", key="programme-agreement-submit"):
                _save(
                    lambda: programme.adopt_agreement_version(
                        store,
                        viewer,
                        statement=wording,
                        adopted=day,
                        agreement=which,
                        name=name,
                        rationale=why,
                        meeting=meeting,
                    ),
                    "Agreement recorded.",
                )

with planner_tab:
    st.caption("Pick readings for the next reading-group session, then plan it.")
    source = st.radio(
        "Start from", list(SOURCES), format_func=SOURCES.get, horizontal=True, key="programme-planner-source"
    )
    target, hint, candidates = None, "Reading group", []
    if source == "concept":
        concepts = {c.iri: c for c in data["concepts"]}
        if not concepts:
            st.info("No reading discusses a concept yet: import readings first.")
        else:
            target = st.selectbox(
                "Concept",
                list(concepts),
                format_func=lambda i: f"{concepts[i].label} ({concepts[i].readings})",
                key="programme-planner-concept",
            )
            hint = f"Reading group: {concepts[target].label}"
    elif source == "review":
        due = _due(generation, role, today)
        if due is None:
            st.info("The practice-vs-theory ranking is not installed, so nothing is marked due for review.")
        elif not due:
            st.info("Nothing is due for review: no concept or claim is being questioned strongly enough yet.")
        else:
            labels = {item.target: item.label for item in due}
            target = st.selectbox(
                "Due for review", list(labels), format_func=labels.get, key="programme-planner-review"
            )
            hint = f"Reading group: {labels[target]}"
    else:
        active = _labels(data["active"])
        if not active:
            st.info("There is no active campaign you can see.")
        else:
            target = st.selectbox(
                "Campaign", list(active), format_func=active.get, key="programme-planner-campaign"
            )
            hint = f"Reading group: readings for {active[target]}"
    if target is not None:
        candidates = _candidates(generation, role, today, source, target)
        if candidates:
            _table([c.as_row() for c in candidates], "programme-planner-candidates")
        else:
            st.info("No readings found for this one.")
    if candidates and may_write:
        offered = {c.reading: c.title for c in candidates}
        with st.form("programme-planner-form"):
            chosen = st.multiselect(
                "Readings for the session",
                list(offered),
                format_func=offered.get,
                key="programme-planner-readings",
            )
            title = st.text_input("Title", placeholder=hint, key="programme-planner-title")
            day = st.date_input("Date", value=today + dt.timedelta(days=14), key="programme-planner-date")
            who = st.multiselect(
                "Facilitated by", list(members), format_func=members.get, key="programme-planner-facilitators"
            )
            level = st.selectbox(
                "Who can see it", levels, format_func=LEVEL_NAMES.get, key="programme-planner-visibility"
            )
            if st.form_submit_button("Plan this session", key="programme-planner-submit"):
                draft = programme.SessionDraft(
                    title=title.strip() or hint,
                    date=day,
                    kind=programme.SessionKind.READING_GROUP,
                    facilitators=tuple(members[m] for m in who),
                    readings=tuple(chosen),
                    topics=(target,) if source in ("concept", "review") else (),
                    visibility=level,
                )
                _save(lambda: programme.plan_session(store, viewer, draft, today=today), "Session planned.")
