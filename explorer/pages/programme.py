"""Learning programme: sessions, the skills programme and its gaps, member blog posts,
group agreements, and the reading-group planner.

Layout only: every list, check and write is a function of graph.programme; the forms
and cards drawn more than once are in explorer.programme_parts.
"""

import datetime as dt

import streamlit as st

from explorer import links, state
from explorer.programme_parts import (
    FLASH,
    Picks,
    agreement_card,
    labels,
    post_card,
    save,
    session_form,
    table,
    visibility,
)
from explorer.widgets import pick_found, pick_many
from graph import programme
from graph.access import Visibility
from graph.programme import options
from graph.text import md_escape

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


@state.cached(show_spinner=False)
def _load(today: dt.date) -> dict:
    store, viewer = state.store(), state.viewer()
    return {
        "sessions": programme.list_sessions(store, viewer, today=today),
        "upcoming": programme.list_sessions(store, viewer, today=today, when=programme.When.UPCOMING),
        "past": programme.list_sessions(store, viewer, today=today, when=programme.When.PAST),
        "posts": programme.list_posts(store, viewer),
        "agreements": programme.list_agreements(store, viewer),
        "skills": options.skills(store, viewer),
        "active": options.campaigns(store, viewer, active_only=True),
    }


FINDERS = {
    "members": options.find_members,
    "readings": options.find_readings,
    "topics": options.find_topics,
    "campaigns": options.find_campaigns,
    "concepts": options.find_concepts,
}


@state.cached(show_spinner=False)
def _find(what: str, text: str) -> options.Found:
    """What a picker offers: everything when the list is short, else what ``text`` finds."""
    return FINDERS[what](state.store(), state.viewer(), text)


@state.cached(show_spinner=False)
def _skills(today: dt.date, window: int) -> list:
    return programme.skill_status(state.store(), state.viewer(), today=today, window_days=window)


@state.cached(show_spinner="Finding readings…")
def _candidates(today: dt.date, source: str, target: str) -> list:
    pick = {
        "concept": programme.readings_for_concept,
        "campaign": programme.readings_for_campaign,
        "review": programme.readings_for_topic,
    }[source]
    return pick(state.store(), state.viewer(), target, today=today)


@state.cached(show_spinner="Weighing the lessons…")
def _due(today: dt.date) -> list:
    return programme.due_for_review(state.store(), state.viewer(), today=today)


st.title("Learning programme")
st.caption(
    "Reading-group sessions and skill workshops, the skills our actions need and the gaps in the "
    "programme, what members have written, and the group agreements we work by."
)
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))

store, viewer = state.store(), state.viewer()
may_write = viewer.may_write(Visibility.MEMBERS)
levels = [level for level in Visibility if viewer.may_write(level)]
today = st.date_input(
    "As of",
    value=dt.date.today(),
    key="programme-today",
    help="Sessions after this date are upcoming; skill gaps count back from it.",
)
data = _load(today)
picks = Picks(
    members=lambda text: _find("members", text),
    readings=lambda text: _find("readings", text),
    skills=labels(data["skills"]),
    topics=lambda text: _find("topics", text),
    campaigns=lambda text: _find("campaigns", text),
    levels=levels,
)

sessions_tab, skills_tab, posts_tab, agreements_tab, planner_tab = st.tabs(
    ["Sessions", "Skills", "Blog posts", "Group agreements", "Reading-group planner"],
    key="programme-tab",  # kept across the rerun after a save: the person stays where they were
    on_change="rerun",
)

with sessions_tab:
    st.subheader("Upcoming")
    if data["upcoming"]:
        table(
            [{**s.as_row(), "title": links.cell(s.title, s.iri)} for s in data["upcoming"]],
            "programme-upcoming",
            drop=("head count",),
            names=("title",),
        )
    else:
        st.info("No sessions are planned. Plan the next one below, or use the reading-group planner.")
    st.subheader("Past")
    if data["past"]:
        table(
            [{**s.as_row(details=True), "title": links.cell(s.title, s.iri)} for s in data["past"]],
            "programme-past",
            names=("title",),
        )
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
            session_form(
                f"programme-{mode}", picks, logging=mode == "log", today=today, store=store, viewer=viewer
            )
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
                    save(
                        lambda _: programme.complete_session(
                            store, viewer, chosen, head_count=int(count), notes=notes, today=today
                        ),
                        "Head count saved.",
                        form="programme-complete",
                        content=(chosen, count, notes),
                        fields=["programme-complete-count", "programme-complete-notes"],
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
    statuses = _skills(today, window)
    since = programme.window_start(today, window).isoformat()
    st.subheader("Gaps")
    gaps = [s for s in statuses if s.gap]
    if gaps:
        st.caption(f"Skills that actions since {since} needed and no session since then practised.")
        for status in gaps:
            st.warning(md_escape(status.summary()))
    elif not may_write:
        st.info("Actions are recorded for members only, so gaps show to members.")
    else:
        st.success(f"No gaps: every skill an action needed since {since} was practised in a session.")
    st.subheader("Every skill")
    if not statuses:
        st.info("The store has no skills scheme: run `praxis init` to load the vocabularies.")
    else:
        table(
            [{**s.as_row(details=True), "skill": links.cell(s.label, s.skill)} for s in statuses],
            "programme-skills",
            names=("skill",),
        )

with posts_tab:
    if not data["posts"]:
        st.info("No member has posted yet. Link theory to what is happening now: write the first post below.")
    for post in data["posts"]:
        post_card(post)
    if may_write:
        with st.container(border=True):
            st.subheader("Write a post")
            st.caption(f"Posting as {viewer.nickname or 'the local organiser'}.")
            about = pick_found(
                "Concepts and claims it discusses",
                "programme-post-concepts",
                picks.topics,
                noun="concepts and claims",
                hint="part of a name",
            )
            linked = pick_found(
                "Campaigns it is about",
                "programme-post-campaigns",
                picks.campaigns,
                noun="campaigns",
                hint="part of a name",
            )
            with st.form("programme-post-form", border=False):
                title = st.text_input("Title", key="programme-post-title")
                day = st.date_input("Date", value=today, key="programme-post-date")
                link = st.text_input("Link (if it is published elsewhere)", key="programme-post-link")
                text = st.text_area("Text (if it lives here)", key="programme-post-text")
                level = visibility(levels, "programme-post-visibility")
                if st.form_submit_button("Publish the post", key="programme-post-submit"):
                    draft = programme.PostDraft(
                        title,
                        day,
                        tuple(about),
                        url=link,
                        text=text,
                        campaigns=tuple(linked),
                        visibility=level,
                    )
                    save(
                        lambda key: programme.add_post(store, viewer, draft, once=key),
                        "Post published.",
                        form="programme-post",
                        content=draft,
                        fields=[
                            f"programme-post-{name}"
                            for name in ("title", "link", "text", "concepts", "concepts-kept", "campaigns")
                        ],
                    )

with agreements_tab:
    if not data["agreements"]:
        st.info("No group agreements are recorded yet. Record the first one below.")
    for agreement in data["agreements"]:
        agreement_card(agreement)
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
                form = {
                    "statement": wording,
                    "adopted": day,
                    "agreement": which,
                    "name": name,
                    "rationale": why,
                    "meeting": meeting,
                }
                save(
                    lambda key: programme.adopt_agreement_version(store, viewer, **form, once=key),
                    "Agreement recorded.",
                    form="programme-agreement",
                    content=sorted(form.items()),
                    fields=[
                        f"programme-agreement-{name}" for name in ("which", "name", "statement", "rationale")
                    ],
                )

with planner_tab:
    st.caption("Pick readings for the next reading-group session, then plan it.")
    source = st.radio(
        "Start from", list(SOURCES), format_func=SOURCES.get, horizontal=True, key="programme-planner-source"
    )
    target, hint, candidates = None, "Reading group", []
    if source == "concept":
        found = everything = _find("concepts", "")
        text = ""
        if not everything.complete:
            text = st.text_input(
                "Find a concept", key="programme-planner-concept-search", placeholder="part of its name"
            ).strip()
            found = _find("concepts", text) if text else everything
        concepts = {c.iri: c for c in found.refs}
        if everything.complete and not concepts:
            st.info("No reading discusses a concept yet: import readings first.")
        elif not text and not concepts:
            st.caption(f"{everything.total:,} concepts: search above for the one to read about.")
        elif not concepts:
            st.caption(md_escape(f'No concept that readings discuss matches "{text}".'))
        else:
            target = st.selectbox(
                "Concept",
                list(concepts),
                format_func=lambda i: f"{concepts[i].label} ({concepts[i].readings})",
                key="programme-planner-concept",
            )
            hint = f"Reading group: {concepts[target].label}"
    elif source == "review":
        due = _due(today)
        if not due:
            st.info("Nothing is due for review: no concept or claim is being questioned strongly enough yet.")
        else:
            reviews = {item.target: item.label for item in due}
            target = st.selectbox(
                "Due for review", list(reviews), format_func=reviews.get, key="programme-planner-review"
            )
            hint = f"Reading group: {reviews[target]}"
    else:
        active = labels(data["active"])
        if not active:
            st.info("There is no active campaign you can see.")
        else:
            target = st.selectbox(
                "Campaign", list(active), format_func=active.get, key="programme-planner-campaign"
            )
            hint = f"Reading group: readings for {active[target]}"
    if target is not None:
        candidates = _candidates(today, source, target)
        if candidates:
            table(
                [{**c.as_row(), "reading": links.cell(c.title, c.reading)} for c in candidates],
                "programme-planner-candidates",
                names=("reading",),
            )
        else:
            st.info("No readings found for this one.")
    if candidates and may_write:
        offered = {c.reading: c.title for c in candidates}
        with st.container(border=True):
            who = pick_found(
                "Facilitated by",
                "programme-planner-facilitators",
                picks.members,
                noun="members",
                hint="part of a nickname",
            )
            with st.form("programme-planner-form", border=False):
                chosen = pick_many("Readings for the session", offered, "programme-planner-readings")
                title = st.text_input("Title", placeholder=hint, key="programme-planner-title")
                day = st.date_input("Date", value=None, key="programme-planner-date", format="YYYY-MM-DD")
                level = visibility(levels, "programme-planner-visibility")
                if st.form_submit_button("Plan this session", key="programme-planner-submit"):
                    form = {
                        "title": title,
                        "date": day,
                        "readings": tuple(chosen),
                        "facilitators": tuple(who.values()),
                        "topics": (target,) if source in ("concept", "review") else (),
                        "visibility": level,
                    }
                    save(
                        lambda key: programme.plan_reading_group(
                            store, viewer, **form, today=today, once=key
                        ),
                        "Session planned: it is listed on the Sessions tab.",
                        form="programme-planner",
                        content=sorted(form.items()),
                        fields=[
                            f"programme-planner-{name}"
                            for name in ("readings", "title", "date", "facilitators", "facilitators-kept")
                        ],
                    )
