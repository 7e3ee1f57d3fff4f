"""Data in and out: exports for everyone, imports for members, backups for organisers.

Layout only: graph.io.exports writes what the viewer may see (a visitor's export
holds the public graph only), graph.io.imports runs the importers (each file all
or nothing, with a progress bar), graph.io.tables supplies the CSV templates,
graph.io.backups backs up and restores, graph.io.skos suggests thesaurus matches,
graph.peers follows other chapters (add, sync, remove; graph.peers.schedule says when
make serve syncs them next).
A file too large or too deep to read is a message like any other (FAILURES), never
a traceback.
"""

import datetime as dt
import hashlib

import streamlit as st

from explorer import state
from graph import io
from graph.access import Role, Visibility, readable_graphs
from graph.errors import PraxisError
from graph.io import ExportFormat, TableKind, export, kinds_for, run_import, template
from graph.io.backup_schedule import health as backup_health
from graph.peers import add_peer, peers, remove_peer, sync_peer
from graph.peers.schedule import planned
from graph.text import md_escape

viewer = state.viewer()
store = state.store()
organiser = viewer.role is Role.ORGANISER

#: What a page may meet while reading someone's file: the library's own errors, and the
#: engine or the parser running out of room (a message, not a traceback).
FAILURES = (PraxisError, MemoryError, RecursionError)
#: The session-state key of what the Other chapters tab says after a change (shown once).
SAID = "data-peer-said"
TOO_BIG = (
    "The file is too large or too deeply nested to read here; nothing was changed. Split it, or "
    "ask an organiser to use the praxis command."
)

FORMATS = {
    ExportFormat.TURTLE: "Turtle (.ttl)",
    ExportFormat.TRIG: "TriG, with the visibility graphs (.trig)",
    ExportFormat.NTRIPLES: "N-Triples (.nt)",
    ExportFormat.NQUADS: "N-Quads, with the visibility graphs (.nq)",
    ExportFormat.JSONLD: "JSON-LD (.jsonld)",
    ExportFormat.GRAPHML: "GraphML for Gephi (.graphml)",
    ExportFormat.CSV: "CSV, one kind of record (.csv)",
}


@state.cached(show_spinner="Preparing the export…", max_entries=8)
def _export(fmt: str, levels: tuple[str, ...], kind: str | None) -> bytes:
    chosen = [Visibility(level) for level in levels] or None
    return export(state.store(), ExportFormat(fmt), viewer=state.viewer(), levels=chosen, kind=kind)


def _say(kind, text: str) -> None:
    """Show a message whose text may hold file names and cell values (escaped, line by line)."""
    kind("\n\n".join(md_escape(line) for line in str(text).splitlines() if line.strip()))


def _failed(error: BaseException) -> None:
    _say(st.error, str(error) if isinstance(error, PraxisError) else TOO_BIG)


@state.cached(show_spinner=False)
def _suggestions() -> list:
    return io.match_suggestions(state.store(), state.viewer())


st.title("Data in and out")
st.caption(
    "Export the graph in standard formats, import bibliographies, spreadsheets and thesauri, and "
    "keep backups. Every import is all or nothing: a file with a problem changes nothing, and the "
    "message says where the problem is."
)
if store.is_empty():
    st.info(
        "The store is empty. Create it with `praxis init` (or `praxis init --empty` for the vocabulary "
        "only), or restore a backup below."
    )

names = (
    ["Export"]
    + (["Import", "Templates"] if kinds_for(viewer) else [])
    + (["Backups", "Thesaurus matches", "Other chapters"] if organiser else [])
)
# A key and "rerun" make the tabs keep their place: a change that reruns the page (a sync, a
# restore) stays on its tab instead of jumping back to Export.
tabs = dict(zip(names, st.tabs(names, key="data-tab", on_change="rerun"), strict=True))

with tabs["Export"]:
    if not organiser and viewer.role is Role.VISITOR:
        st.caption("As a visitor you export the public records only.")
    fmt = st.selectbox("Format", list(FORMATS), format_func=FORMATS.get, key="data-export-format")
    kind = None
    if fmt is ExportFormat.CSV:
        kind = st.selectbox("Records", [k.value for k in TableKind], key="data-export-kind")
        st.caption(
            "Columns that refer to other records (a campaign, concepts, an action, an indicator) hold "
            "their names; the column beside each (campaign_id, supports_ids, ...) holds their "
            "identifiers, which an import of the file reads first."
        )
    allowed = readable_graphs(viewer)
    levels = st.multiselect(
        "Visibility levels (none chosen: all you may see)",
        [level.value for level in allowed],
        key="data-export-levels",
    )
    suffix = {ExportFormat.CSV: "csv", ExportFormat.GRAPHML: "graphml"}.get(fmt, fmt.value)
    name = f"praxis-{kind or 'graph'}-{'-'.join(levels) or viewer.role.value}.{suffix}"
    if st.button("Prepare the export", key="data-export-go"):
        st.session_state["data-export-ready"] = (fmt.value, tuple(sorted(levels)), kind)
    ready = st.session_state.get("data-export-ready")
    if ready == (fmt.value, tuple(sorted(levels)), kind):
        try:
            data = _export(*ready)
            st.download_button(
                f"Download {name} ({len(data):,} bytes)",
                data,
                file_name=name,
                key="data-export-download",
                on_click="ignore",
            )
        except FAILURES as error:
            _failed(error)

if "Import" in tabs:
    with tabs["Import"]:
        kinds = kinds_for(viewer)
        chosen = st.selectbox(
            "What are you importing?", kinds, format_func=lambda k: k.label, key="data-import-kind"
        )
        upload = st.file_uploader("File", type=chosen.extensions, key="data-import-file")
        if st.button("Import", type="primary", key="data-import-go", disabled=upload is None):
            bar = st.progress(0.0, text="starting")
            try:
                report = run_import(
                    store,
                    chosen,
                    upload.getvalue(),
                    viewer=viewer,
                    source=upload.name,
                    progress=lambda fraction, text: bar.progress(fraction, text=text),
                )
            except FAILURES as error:
                bar.empty()
                _failed(error)
            else:
                st.session_state["data-import-report"] = report
        report = st.session_state.get("data-import-report")
        if report is not None:
            _say(st.success, report.summary())
            if report.warnings:
                st.dataframe(
                    [
                        {
                            "where": (f"{w.unit} {w.line}" if w.line else ""),
                            "column": w.column or "",
                            "warning": w.message,
                        }
                        for w in report.warnings
                    ],
                    hide_index=True,
                    key="data-import-warnings",
                )

    with tabs["Templates"]:
        st.write(
            "Fill a template in any spreadsheet program, save it as CSV (UTF-8) and import it on the "
            "Import tab. Each has the header and one example row; delete the example before importing. "
            'Several values in one cell are separated by "; ". Concepts, campaigns, actions and '
            "indicators may be given by name or by identifier (as exports write them)."
        )
        for table in TableKind:
            st.download_button(
                f"{table.value.capitalize()} template",
                template(table).encode("utf-8"),
                file_name=f"praxis-{table.value}-template.csv",
                mime="text/csv",
                key=f"data-template-{table.value}",
                on_click="ignore",
            )

if organiser:
    with tabs["Backups"]:
        scheduled = backup_health()
        if scheduled is None:
            st.caption(
                "No scheduled backups: set PRAXIS_BACKUP_DIR where the chapter is served (make serve) "
                "for a verified backup every day."
            )
        elif scheduled.last is None:
            st.warning(f"No good scheduled backup yet in {md_escape(str(scheduled.folder))}.")
        else:
            when = f"{scheduled.made:%Y-%m-%d %H:%M} UTC"
            days = scheduled.age.days
            said = f"Last good backup: **{md_escape(scheduled.last.name)}**, made {when}"
            said += f" ({days} days ago)" if days else ""
            said += ", verified by restoring it."
            (st.warning if scheduled.stale else st.success)(
                said
                + (
                    " It is more than two days old: check that make serve is running."
                    if scheduled.stale
                    else ""
                )
            )
        if scheduled is not None and scheduled.failure:
            st.error(
                f"The scheduled backup of {scheduled.failure.get('when', '?')} failed: "
                f"{md_escape(str(scheduled.failure.get('error', '')))}"
            )
        st.write(
            "A backup holds every statement of every visibility graph, the audit log included. "
            "Keep it where only organisers can read it."
        )
        shorten = st.checkbox(
            "Cut any value over the 1 MiB limit to the limit in the backup (only a store written "
            "before the limit existed can hold one; without this such a store is not backed up)",
            key="data-backup-shorten",
        )
        if st.button("Make a backup", key="data-backup-go"):
            try:
                st.session_state["data-backup"] = io.backup(store, viewer=viewer, shorten=shorten)
            except FAILURES as error:
                st.session_state.pop("data-backup", None)
                _failed(error)
        if "data-backup" in st.session_state:
            made = st.session_state["data-backup"]
            for value in made.shortened:
                _say(st.warning, value)
            st.download_button(
                f"Download the backup ({made.statements:,} statements, {len(made.data):,} bytes)",
                made.data,
                file_name="praxis-backup.nq",
                key="data-backup-download",
                on_click="ignore",
            )
        st.divider()
        st.write(
            "Restore a backup into an **empty** store (a store with data is refused, so nothing is "
            "overwritten)."
        )
        restore_file = st.file_uploader("Backup file", type=["nq", "trig"], key="data-restore-file")
        if st.button("Restore", key="data-restore-go", disabled=restore_file is None):
            try:
                report = io.restore(store, restore_file.getvalue(), viewer=viewer, source=restore_file.name)
                st.success(f"Restored {report.added:,} statements.")
                for warning in report.warnings:
                    _say(st.warning, str(warning))
            except FAILURES as error:
                _failed(error)

    with tabs["Thesaurus matches"]:
        suggestions = _suggestions()
        if not suggestions:
            st.info(
                "No suggestions to review. Import a SKOS thesaurus (Import tab) and concepts whose labels "
                "agree with ours are suggested here as close matches."
            )
        for suggestion in suggestions[:50]:
            pair = hashlib.sha1(f"{suggestion.ours} {suggestion.theirs}".encode()).hexdigest()[:10]
            text, accept, reject = st.columns([4, 1, 1])
            text.text(
                f"{suggestion.ours_label} ~ {suggestion.theirs_label} (shared label: {suggestion.matched})"
            )
            if accept.button("Accept", key=f"data-match-accept-{pair}"):
                io.accept_match(store, viewer, suggestion.ours, suggestion.theirs)
                st.rerun()
            if reject.button("Reject", key=f"data-match-reject-{pair}"):
                io.reject_match(store, viewer, suggestion.ours, suggestion.theirs)
                st.rerun()
        if len(suggestions) > 50:
            st.caption(f"{len(suggestions) - 50:,} more after these; decide on these first.")

    with tabs["Other chapters"]:
        st.write(
            "Follow another chapter by the address of its published description (the `void.ttl` that "
            "`praxis publish` writes). A sync keeps a snapshot of its public graph beside ours, checked "
            "against our shapes; it never mixes with our records, and the pages use it only when "
            "**Include other chapters** is switched on."
        )
        followed = peers(store, viewer)
        plan = planned()
        if plan is None:
            st.caption(
                "Syncs run only on demand here (Sync now, or praxis peers sync). Served with make serve, "
                "each chapter is synced every PRAXIS_PEER_SYNC_HOURS hours (default 24)."
            )
        else:
            st.caption(f"Served with make serve: each chapter is synced every {plan.hours:g} hours.")
        if not followed:
            st.info("No other chapter followed yet.")
        for peer in followed:
            shot = peer.snapshot
            with st.container(border=True, key=f"data-peer-{peer.name}"):
                st.markdown(f"**{md_escape(peer.name)}** · {md_escape(peer.url)}")
                if shot is not None:
                    st.caption(
                        f"Synced {shot.taken:%Y-%m-%d %H:%M} UTC: {shot.statements:,} statements "
                        f"(version {md_escape(shot.version[:12])})."
                    )
                else:
                    st.caption("Not synced yet.")
                if plan is not None and peer.name in plan.next:
                    due = plan.next[peer.name]
                    st.caption(
                        f"Next scheduled sync: {due:%Y-%m-%d %H:%M} UTC."
                        if due > dt.datetime.now(dt.UTC)
                        else "Next scheduled sync: now."
                    )
                if peer.error:
                    _say(st.error, f"The last sync failed: {peer.error}")
                sync, remove = st.columns(2)
                if sync.button("Sync now", key=f"data-peer-sync-{peer.name}"):
                    try:
                        with st.spinner(f"Syncing {peer.name}…"):
                            done = sync_peer(store, peer.name, viewer)
                        st.session_state["data-peer-said"] = (
                            f"Synced {peer.name}: {done.statements:,} statements."
                        )
                        st.rerun()
                    except FAILURES as error:
                        _failed(error)
                if remove.button("Stop following", key=f"data-peer-remove-{peer.name}"):
                    remove_peer(store, peer.name, viewer)
                    st.session_state["data-peer-said"] = (
                        f"No longer following {peer.name}; its snapshot is gone."
                    )
                    st.rerun()
        if SAID in st.session_state:
            _say(st.success, st.session_state.pop(SAID))
        with st.form("data-peer-add", clear_on_submit=True):
            left, right = st.columns([1, 3])
            name = left.text_input("Name", placeholder="north-leeds", key="data-peer-name")
            url = right.text_input(
                "Address of its description", placeholder="https://…/void.ttl", key="data-peer-url"
            )
            if st.form_submit_button("Follow"):
                try:
                    add_peer(store, name.strip(), url.strip(), viewer)
                    st.session_state["data-peer-said"] = (
                        f"Following {name.strip()}: sync it to take a snapshot."
                    )
                    st.rerun()
                except FAILURES as error:
                    _failed(error)
