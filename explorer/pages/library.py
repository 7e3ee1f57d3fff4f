"""The reading group's library: tag readings from the cataloguing queue, add or edit a
reading (by hand, or from its DOI or ISBN), merge duplicates or link editions, cite a
reading list, and plan a session's agenda with its handout and calendar.

Every write goes through :mod:`graph.library` or :mod:`graph.programme.agenda`, which
check the viewer's role and validate; this page only lays out what they return, and
shows people's text escaped (titles and abstracts may hold anything)."""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st
from rdflib import URIRef

from explorer import state, widgets
from graph.access import Permission, Visibility, allowed
from graph.errors import PraxisError
from graph.library import (
    ReadingDraft,
    ReadingKind,
    add_reading,
    edit_reading,
    get_reading,
    may_edit,
    tag_reading,
)
from graph.library import versions as reading_versions
from graph.library.citations import (
    CitationStyle,
    bibliography,
    bibliography_html,
    bibtex,
    csl_items,
    csl_json,
    list_for_campaign,
    list_for_concept,
    list_for_session,
)
from graph.library.duplicates import likely_duplicates, link_editions, mark_different, merge_readings
from graph.library.known import find_known
from graph.library.queue import cataloguing_queue
from graph.library.records import drafts
from graph.namespaces import DATA, VOCAB
from graph.programme import list_sessions
from graph.programme import options as picks
from graph.programme.agenda import AgendaItem, get_agenda, handout_html, set_agenda
from graph.programme.calendar import session_calendar, upcoming_feed
from graph.text import md_escape

FLASH = "library-flash"
MODES = ("Cataloguing queue", "Add or edit", "Duplicates", "Cite a list", "Session agendas")
#: Readings of the queue shown at once (tag them and the next ones come up).
SHOWN = 10


def _prefixed(iri: object) -> str:
    text = str(iri)
    for base, prefix in ((str(DATA), "px:"), (str(VOCAB), "pxv:")):
        if text.startswith(base):
            return prefix + text[len(base) :]
    return text


def _key(iri: object) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", _prefixed(iri).split(":", 1)[-1])[:80]


def _save(write, message: str) -> None:
    try:
        write()
    except PraxisError as error:
        st.error(md_escape(str(error)))  # may quote what was typed
    else:
        st.session_state[FLASH] = message
        st.rerun()


@state.cached(show_spinner="Reading the queue…")
def _queue():
    return cataloguing_queue(state.store(), state.viewer())


@state.cached(show_spinner=False)
def _find(what: str, text: str) -> picks.Found:
    finder = {"readings": picks.find_readings, "topics": picks.find_topics, "campaigns": picks.find_campaigns}
    return finder[what](state.store(), state.viewer(), text)


@state.cached(show_spinner="Looking for duplicates…")
def _duplicates():
    return likely_duplicates(state.store(), state.viewer())


def _topic_picker(label: str, key: str, chosen: dict[URIRef, str]) -> dict[URIRef, str]:
    """Concepts and claims: those already chosen, plus what a search finds (IRI -> label)."""
    return widgets.pick_found(
        label,
        key,
        lambda text: _find("topics", text),
        noun="concepts and claims",
        hint="type part of a label",
        initial=chosen,
    )


# ----------------------------------------------------------------- the queue
def catalogue(viewer) -> None:
    queue = _queue()
    if not queue.total:
        st.success("Every reading discusses at least one concept: the queue is empty.")
        return
    st.subheader(f"{queue.total:,} readings discuss no concept yet")
    st.caption(
        "Newest first. Each reading has suggested concepts, from its title, abstract and keywords "
        "matched against every concept's labels (in any language), and from other readings by the same "
        "authors. Accept them with one click, or change them first; once tagged, a reading is on its "
        "concepts' reading lists at once."
    )
    may_tag = allowed(viewer, Permission.CATALOGUE_READING)
    if not may_tag:
        st.info("Sign in as a member (Account page) to tag readings.")
    for entry in queue.entries[:SHOWN]:
        key = f"queue-{_key(entry.reading)}"
        with st.container(border=True, key=key):
            st.markdown(f"**{md_escape(entry.title)}**")
            facts = [entry.authors, entry.year, ", ".join(entry.keywords)]
            st.caption(md_escape(" · ".join(f for f in facts if f)))
            if not entry.suggestions:
                st.caption("No suggestion: nothing in its title, abstract or keywords names a concept.")
            for suggestion in entry.suggestions:
                st.caption(f"**{md_escape(suggestion.label)}**: " + md_escape("; ".join(suggestion.reasons)))
            if not may_tag:
                continue
            chosen = {str(s.concept): s.label for s in entry.suggestions[:1]}
            choices = {**chosen, **{str(s.concept): s.label for s in entry.suggestions}}
            picked = widgets.pick_many("Concepts it discusses", choices, f"{key}-pick", default=list(chosen))
            extra = _topic_picker("Other concepts or claims", f"{key}-other", {})
            if st.button("Tag", key=f"{key}-tag", type="primary"):
                named = {URIRef(c): choices[c] for c in picked} | extra
                concepts = list(named)
                names = ", ".join(named.values())
                _save(
                    lambda r=entry.reading, c=concepts: tag_reading(state.store(), viewer, r, c),
                    f"Tagged “{entry.title}” with {names}: it is on their reading lists now.",
                )
    if queue.total > SHOWN:
        st.caption(f"Showing {SHOWN} of {queue.total:,}: tag these and the next come up.")


# ----------------------------------------------------------------- add or edit
def _draft_form(key: str, start: ReadingDraft, *, new: bool, viewer) -> ReadingDraft | None:
    kinds = [k.value for k in ReadingKind]
    chosen = {c: _label_of(c) for c in start.discusses}
    concepts = list(_topic_picker("Concepts and claims it discusses", f"{key}-topics", chosen))
    with st.form(key):
        title = st.text_input("Title", start.title, max_chars=1000)
        authors = st.text_area(
            "Authors, one per line, in order", "\n".join(start.authors), help="Given names then family name."
        )
        left, middle, right = st.columns(3)
        year = left.text_input("Year (or date)", start.year, placeholder="1971")
        kind = middle.selectbox("Kind", kinds, index=kinds.index(start.kind.value))
        language = right.text_input("Language", start.language, placeholder="en")
        left, right = st.columns(2)
        publisher = left.text_input("Publisher", start.publisher)
        journal = right.text_input("Journal or book it is part of", start.journal)
        left, middle, right = st.columns(3)
        pages = left.text_input("Pages", start.pages, placeholder="45-67")
        isbn = middle.text_input("ISBN", start.isbn)
        doi = right.text_input("DOI", start.doi, placeholder="10.1186/...")
        url = st.text_input("Web address", start.url, placeholder="https://...")
        abstract = st.text_area("Abstract", start.abstract)
        level = start.visibility
        if new:
            levels = [lv for lv in Visibility if viewer.may_write(lv)]
            level = st.selectbox("Who may see it", levels, format_func=lambda lv: lv.value)
        if not st.form_submit_button("Add the reading" if new else "Save the changes", type="primary"):
            return None
    return ReadingDraft(
        title=title,
        authors=tuple(line.strip() for line in authors.splitlines() if line.strip()),
        year=year,
        kind=ReadingKind(kind),
        publisher=publisher,
        journal=journal,
        pages=pages,
        isbn=isbn,
        doi=doi,
        url=url,
        abstract=abstract,
        language=language,
        discusses=tuple(concepts),
        keywords=tuple(k for k in start.keywords if k != "uncatalogued"),
        visibility=level,
    )


@state.cached(show_spinner=False)
def _label_of(iri: URIRef) -> str:
    rows = state.store().select("library_labels", state.viewer(), node=URIRef(iri))
    return str(rows[0]["label"]) if rows else _prefixed(iri)


def add_or_edit(viewer) -> None:
    store = state.store()
    given = st.query_params.get("reading")
    text = st.text_input(
        "Find a reading to edit", key="edit-find", placeholder="part of a title or an author"
    )
    found = _find("readings", text)
    options = {"": "A new reading"} | {str(r.iri): r.label or _prefixed(r.iri) for r in found.refs}
    if given and given not in options:
        found_given = get_reading(store, viewer, given)
        options[given] = found_given.title if found_given else _prefixed(given)
    chosen = st.selectbox(
        "Reading",
        list(options),
        index=list(options).index(given) if given in options else 0,
        format_func=options.get,
        key="edit-reading",
    )
    if not chosen:
        if not allowed(viewer, Permission.ADD_READING):
            st.info("Sign in as a member (Account page) to add readings.")
            return
        st.subheader("Add a reading")
        with st.expander("Fill the form from a DOI or ISBN (no internet lookup)"):
            st.caption(
                "We look in our own library first, then in the bibliography files you give (your group's "
                "Zotero export as CSL-JSON, or BibTeX). Nothing is fetched from the internet."
            )
            identifier = st.text_input("DOI or ISBN", key="known-id")
            files = st.file_uploader("Bibliography files", type=["json", "bib"], accept_multiple_files=True)
            if st.button("Look it up", key="known-go"):
                try:
                    known = find_known(
                        store, viewer, identifier, files=[(f.name, f.getvalue()) for f in files or []]
                    )
                except PraxisError as error:
                    st.error(md_escape(str(error)))
                else:
                    if known is None:
                        st.warning("Nobody here knows that identifier: fill the form by hand.")
                    elif known.existing is not None:
                        st.warning(f"It is in the library already: “{md_escape(known.draft.title)}”.")
                        st.markdown(f"[Open its page](record?id={_prefixed(known.existing)})")
                    else:
                        st.session_state["known-draft"] = known.draft
                        st.success(f"Filled from {md_escape(known.source)}.")
        start = st.session_state.get("known-draft") or ReadingDraft("")
        draft = _draft_form("add-form", start, new=True, viewer=viewer)
        if draft is not None:
            st.session_state.pop("known-draft", None)
            _save(lambda: add_reading(store, viewer, draft), f"Added “{draft.title}”.")
        return
    reading = get_reading(store, viewer, chosen)
    if reading is None:
        st.warning("There is no such reading that you can see.")
        return
    if reading.iri != URIRef(chosen):
        st.info("That reading was merged into this one; its old link still opens it.")
    st.subheader(md_escape(reading.title))
    st.markdown(f"[Open its page](record?id={_prefixed(reading.iri)})")
    if not may_edit(store, viewer, reading):
        st.info(
            "Members edit the readings they added; organisers edit any. "
            + ("Sign in on the Account page." if not allowed(viewer, Permission.EDIT_READING) else "")
        )
    else:
        draft = _draft_form(f"edit-form-{_key(reading.iri)}", reading.draft, new=False, viewer=viewer)
        if draft is not None:
            _save(
                lambda: edit_reading(store, viewer, reading.iri, draft),
                "Saved; the previous version is kept.",
            )
    earlier = reading_versions(store, viewer, reading.iri)
    with st.expander(f"Earlier versions ({len(earlier)})"):
        for version in earlier:
            st.markdown(f"- {md_escape(version.ended[:19])}: “{md_escape(version.title)}”")
        if not earlier:
            st.caption("None: it has not been edited.")


# ----------------------------------------------------------------- duplicates
def duplicates(viewer) -> None:
    pairs = _duplicates()
    if not pairs:
        st.success("No likely duplicates: no two readings share a DOI or ISBN or a title and first author.")
        return
    st.subheader(f"{len(pairs):,} likely duplicate" + ("" if len(pairs) == 1 else "s"))
    may_merge = allowed(viewer, Permission.MERGE_READINGS)
    if not may_merge:
        st.info("Organisers merge duplicates or link them as editions.")
    store = state.store()
    for pair in pairs[:20]:
        key = f"dup-{_key(pair.first.iri)}-{_key(pair.second.iri)}"
        with st.container(border=True, key=key):
            for card in (pair.first, pair.second):
                year = md_escape(card.year or "n.d.")
                st.markdown(
                    f"**{md_escape(card.title)}** ({year}), {md_escape(card.authors)} "
                    f"· [page](record?id={_prefixed(card.iri)})"
                )
            st.caption("Why: " + md_escape("; ".join(pair.reasons)))
            if not may_merge:
                continue
            _pair_buttons(
                store, viewer, pair.first.iri, pair.second.iri, pair.first.year, pair.second.year, key
            )


def _pair_buttons(
    store, viewer, first: URIRef, second: URIRef, first_year: str, second_year: str, key: str
) -> None:
    """Merge (keeping either), link as editions, or mark as different: one button each."""
    merged = "Merged; old links still open it."
    actions = [
        (
            f"Merge, keep the {first_year or 'first'}",
            lambda: merge_readings(store, viewer, first, second),
            merged,
        ),
        (
            f"Merge, keep the {second_year or 'second'}",
            lambda: merge_readings(store, viewer, second, first),
            merged,
        ),
        (
            "Editions of one work",
            lambda: link_editions(store, viewer, first, second),
            "Linked as editions of one work: both stay, and lists show them together.",
        ),
        ("Not the same", lambda: mark_different(store, viewer, first, second), "Noted: not offered again."),
    ]
    names = ("keep-first", "keep-second", "editions", "different")
    for column, name, (label, write, message) in zip(st.columns(len(actions)), names, actions, strict=True):
        if column.button(label, key=f"{key}-{name}"):
            _save(write, message)


# ----------------------------------------------------------------- cite
@state.cached(show_spinner="Formatting…")
def _cited(kind: str, iri: str):
    store, viewer = state.store(), state.viewer()
    chosen = {"concept": list_for_concept, "campaign": list_for_campaign, "session": list_for_session}[kind]
    listed = chosen(store, viewer, URIRef(iri))
    return listed, csl_items(store, viewer, listed)


def cite(viewer) -> None:
    kind = st.segmented_control(
        "A reading list of", ["concept", "campaign", "session"], default="concept", key="cite-kind"
    )
    kind = kind or "concept"
    if kind == "session":
        sessions = list_sessions(state.store(), viewer, today=dt.date.today())
        options = {str(s.iri): f"{s.date or 'undated'}: {s.title}" for s in sessions}
    else:
        text = st.text_input(f"Find a {kind}", key=f"cite-find-{kind}", placeholder="type part of its name")
        found = _find("topics" if kind == "concept" else "campaigns", text)
        options = {str(r.iri): r.label or _prefixed(r.iri) for r in found.refs}
    chosen = st.selectbox(
        kind.capitalize(), list(options), index=None, format_func=options.get, key=f"cite-{kind}"
    )
    if not chosen:
        st.info(f"Choose a {kind} to cite its readings.")
        return
    listed, items = _cited(kind, chosen)
    if not items:
        st.info("No readings on this list yet.")
        return
    style = st.radio(
        "Style", list(CitationStyle), format_func=lambda s: s.label, horizontal=True, key="cite-style"
    )
    st.subheader(md_escape(listed.title))
    for entry in bibliography(items, style):
        st.markdown(md_escape(entry))
    together = {r: e for r, e in (listed.editions or {}).items() if len(e) > 1}
    if together:
        st.caption(
            "Editions of one work on this list: "
            + md_escape(
                "; ".join(
                    " / ".join(f"{e.title} ({e.year or 'n.d.'})" for e in found)
                    for found in dict.fromkeys(together.values())
                )
            )
        )
    stem = listed.file_stem
    a, b, c, d = st.columns(4)
    a.download_button(
        f"{style.label} (HTML)",
        bibliography_html(items, style, title=listed.title),
        f"{stem}-{style.value}.html",
        "text/html",
        on_click="ignore",
    )
    b.download_button(
        f"{style.label} (text)",
        "\n\n".join(bibliography(items, style)) + "\n",
        f"{stem}-{style.value}.txt",
        "text/plain",
        on_click="ignore",
    )
    c.download_button("BibTeX", bibtex(items), f"{stem}.bib", "application/x-bibtex", on_click="ignore")
    d.download_button(
        "CSL-JSON (Zotero)", csl_json(items), f"{stem}.json", "application/json", on_click="ignore"
    )


# ----------------------------------------------------------------- sessions
def agendas(viewer) -> None:
    store, today = state.store(), dt.date.today()
    sessions = list_sessions(store, viewer, today=today)
    upcoming = [s for s in sessions if s.is_upcoming(today)]
    ordered = upcoming + [s for s in reversed(sessions) if not s.is_upcoming(today)]
    st.download_button(
        "Calendar feed of upcoming sessions (.ics)",
        upcoming_feed(store, viewer, today=today, stamp=dt.datetime.now(dt.UTC)),
        "reading-group-sessions.ics",
        "text/calendar",
        key="feed",
        on_click="ignore",
    )
    if not ordered:
        st.info("No sessions yet: plan one on the Learning programme page.")
        return
    options = {str(s.iri): f"{s.date or 'undated'}: {s.title}" for s in ordered}
    chosen = st.selectbox("Session", list(options), format_func=options.get, key="agenda-session")
    agenda = get_agenda(store, viewer, chosen)
    if agenda is None:
        return
    a, b = st.columns(2)
    style = CitationStyle.APA
    a.download_button(
        "Print the handout (HTML)",
        handout_html(store, viewer, agenda.session, today=today, style=style),
        f"handout-{_key(agenda.session)}.html",
        "text/html",
        key="handout",
        on_click="ignore",
    )
    b.download_button(
        "Add to a calendar (.ics)",
        session_calendar(store, viewer, agenda.session, stamp=dt.datetime.now(dt.UTC)),
        f"{_key(agenda.session)}.ics",
        "text/calendar",
        key="ics",
        on_click="ignore",
    )
    found_titles = drafts(store, viewer, [i.reading for i in agenda.items])
    titles = {
        str(i.reading): found_titles[i.reading].title for i in agenda.items if i.reading in found_titles
    }
    st.subheader("Agenda")
    if agenda.items:
        lines = [
            f"{n}. {md_escape(titles[str(i.reading)])}: {md_escape(i.part())}"
            for n, i in enumerate(agenda.items, 1)
        ]
        st.markdown("**Read**\n\n" + "\n".join(lines))
    else:
        st.caption("No readings on the agenda yet.")
    if agenda.questions:
        st.markdown("**Questions**\n\n" + "\n".join(f"- {md_escape(q)}" for q in agenda.questions))
    if agenda.note:
        st.caption("Facilitator's note (not on the handout or in calendars): " + md_escape(agenda.note))
    if not allowed(viewer, Permission.PLAN_SESSION) or not viewer.may_write(agenda.visibility):
        return
    st.subheader("Edit the agenda")
    picked = widgets.pick_found(
        "Readings, in order",
        f"agenda-readings-{_key(agenda.session)}",
        lambda text: _find("readings", text),
        noun="readings",
        hint="part of a title or an author",
        initial={URIRef(iri): title for iri, title in titles.items()},
    )
    given = {str(i.reading): i for i in agenda.items}
    with st.form(f"agenda-form-{_key(agenda.session)}"):
        items = []
        for reading, title in picked.items():
            iri = str(reading)
            left, right = st.columns(2)
            known = given.get(iri, AgendaItem(reading))
            name = md_escape(title[:60])
            pages = left.text_input(
                f"Pages of {name}", known.pages, placeholder="45-67", key=f"pages-{_key(iri)}"
            )
            chapters = right.text_input(
                f"Chapters of {name}", known.chapters, placeholder="1-3", key=f"chapters-{_key(iri)}"
            )
            items.append(AgendaItem(URIRef(iri), pages, chapters))
        questions = st.text_area("Discussion questions, one per line", "\n".join(agenda.questions))
        note = st.text_area("Facilitator's note (not on the handout or in calendars)", agenda.note)
        if st.form_submit_button("Save the agenda", type="primary"):
            _save(
                lambda: set_agenda(store, viewer, agenda.session, items, questions=questions, note=note),
                "Agenda saved.",
            )


st.title("Library")
st.caption(
    "The reading group's library: tag readings with the concepts they discuss, add or correct a "
    "reading, merge duplicates, cite a reading list, and plan a session's agenda."
)
if FLASH in st.session_state:
    st.success(md_escape(st.session_state.pop(FLASH)))
current = state.viewer()
default = MODES[1] if st.query_params.get("reading") else MODES[0]
mode = st.segmented_control("Work on", MODES, default=default, key="library-mode") or default
{
    MODES[0]: catalogue,
    MODES[1]: add_or_edit,
    MODES[2]: duplicates,
    MODES[3]: cite,
    MODES[4]: agendas,
}[mode](current)
