"""Data in and out: ``praxis import bibtex|csljson|csv|skos``, ``backup``, ``restore``, ``matches``.

Each import prints its report as JSON on stdout (added, merged, warnings with
their line or row) and a progress line on stderr. Each file is imported all or
nothing: a file with a problem changes nothing and the command exits 2 naming
the file, line or row, and column; files before it on the command line stay
imported. CSV exports are ``praxis export --format csv --kind KIND``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rdflib import URIRef

from graph.access import Visibility
from graph.cli.context import VISIBILITY, Context, choice, import_group, main
from graph.errors import BadInput
from graph.io import (
    BackupFormat,
    ImportReport,
    TableKind,
    accept_match,
    import_bibtex,
    import_csljson,
    import_skos,
    import_table,
    match_suggestions,
    reject_match,
    write_private,
)
from graph.io import backup as make_backup
from graph.io import restore as run_restore
from graph.io import template as make_template
from graph.io.lookup import expand

__all__ = ["backup", "matches", "restore"]

_FILES = click.Path(path_type=Path, dir_okay=False)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read the file ({error.strerror})", source=str(path)) from None


def _progress(source: str):
    """A progress line on stderr: rewritten in place on a terminal, one line per step otherwise."""
    tty = sys.stderr.isatty()
    last = {"text": None}

    def show(fraction: float, text: str) -> None:
        line = f"{source}: {fraction:4.0%} {text}"
        if line == last["text"]:
            return
        last["text"] = line
        click.echo(("\r\033[K" + line) if tty else line, err=True, nl=not tty)
        if tty and fraction >= 1.0:
            click.echo("", err=True)

    return show


def _run(files: tuple[Path, ...], importer) -> None:
    reports = []
    for path in files:
        report = importer(_read(path), str(path), _progress(str(path)))
        click.echo(report.summary(), err=True)
        reports.append(report.as_dict())
    click.echo(json.dumps(reports, indent=2, ensure_ascii=False))


_VISIBILITY_OPTION = click.option(
    "--visibility",
    type=VISIBILITY,
    default="public",
    show_default=True,
    help="Visibility of the new readings.",
)


def _readings(obj: Context, files: tuple[Path, ...], visibility: str, importer) -> None:
    """Run a readings importer (BibTeX, CSL-JSON) on each file, at the visibility asked for."""

    def run(data: bytes, source: str, progress) -> ImportReport:
        store, level = obj.store(), Visibility(visibility)
        return importer(store, data, viewer=obj.viewer, source=source, visibility=level, progress=progress)

    _run(files, run)


@import_group.command("bibtex")
@click.argument("files", nargs=-1, required=True, type=_FILES)
@_VISIBILITY_OPTION
@click.pass_obj
def bibtex(obj: Context, files: tuple[Path, ...], visibility: str) -> None:
    """Import BibTeX files as readings (duplicates merged by DOI, ISBN, or title and year)."""
    _readings(obj, files, visibility, import_bibtex)


@import_group.command("csljson")
@click.argument("files", nargs=-1, required=True, type=_FILES)
@_VISIBILITY_OPTION
@click.pass_obj
def csljson(obj: Context, files: tuple[Path, ...], visibility: str) -> None:
    """Import CSL-JSON files (Zotero: File > Export Library > CSL JSON) as readings."""
    _readings(obj, files, visibility, import_csljson)


@import_group.command("csv")
@click.argument("files", nargs=-1, required=True, type=_FILES)
@click.option(
    "--kind",
    required=True,
    type=choice(TableKind),
    help="What the rows are (the columns of that kind's template).",
)
@click.option("--template", is_flag=True, help="Write the template for --kind to FILE instead of importing.")
@click.pass_obj
def csv_(obj: Context, files: tuple[Path, ...], kind: str, template: bool) -> None:
    """Import CSV files made from the templates (readings, actions, lessons, assessments).

    With --template, write the template (header and one example row) to each FILE."""

    if template:
        for path in files:
            path.write_text(make_template(TableKind(kind)), encoding="utf-8")
            click.echo(f"Wrote the {kind} template to {path}.", err=True)
        return
    _run(
        files,
        lambda data, source, progress: import_table(
            obj.store(), data, kind=TableKind(kind), viewer=obj.viewer, source=source, progress=progress
        ),
    )


@import_group.command("skos")
@click.argument("files", nargs=-1, required=True, type=_FILES)
@click.pass_obj
def skos(obj: Context, files: tuple[Path, ...]) -> None:
    """Import SKOS thesauri (Turtle, RDF/XML, ...) as schemes of their own, and count the
    suggested close matches with our concepts (review them with praxis matches)."""

    _run(
        files,
        lambda data, source, progress: import_skos(
            obj.store(), data, viewer=obj.viewer, source=source, progress=progress
        ),
    )


@main.command()
@click.option("-o", "--output", required=True, type=_FILES, help="The backup file (.nq or .trig).")
@click.option(
    "--shorten",
    is_flag=True,
    help="Cut any value over the 1 MiB limit (written before the limit existed) to the limit in the "
    "backup, and list it; without this such a store is not backed up, since the backup could not be "
    "restored.",
)
@click.pass_obj
def backup(obj: Context, output: Path, shorten: bool) -> None:
    """Write every named graph (public, members, restricted) to one N-Quads or TriG file.

    The file is created readable by its owner only (mode 0600): it holds the restricted
    graph. Its first line states how many statements it holds, so restore can tell a
    file cut short."""

    made = make_backup(
        obj.store(), viewer=obj.viewer, fmt=BackupFormat.of(output) or BackupFormat.NQUADS, shorten=shorten
    )
    for value in made.shortened:
        click.echo(f"praxis: warning: {value}", err=True)
    write_private(output, made.data)
    click.echo(f"Wrote {output} ({made.statements:,} statements, {len(made.data):,} bytes).", err=True)


@main.command()
@click.argument("file", type=_FILES)
@click.pass_obj
def restore(obj: Context, file: Path) -> None:
    """Restore a backup (N-Quads or TriG) into an EMPTY store; refuses a store with data.

    All or nothing: a backup that holds fewer or more statements than its first line
    states (cut short), or a value over the 1 MiB limit, changes nothing."""

    report = run_restore(
        obj.store(), _read(file), viewer=obj.viewer, source=str(file), progress=_progress(str(file))
    )
    for warning in report.warnings:
        click.echo(f"praxis: {file}: warning: {warning}", err=True)
    click.echo(f"Restored {report.added:,} statements into {obj.store().url}.", err=True)


@main.group()
def matches() -> None:
    """Suggested close matches between our concepts and imported thesauri."""


@matches.command("list")
@click.option("--scheme", help="Only this imported scheme (its IRI).")
@click.pass_obj
def list_(obj: Context, scheme: str | None) -> None:
    """List undecided suggestions as JSON (ours, theirs, their labels, the shared label)."""

    found = match_suggestions(obj.store(), obj.viewer, scheme=URIRef(scheme) if scheme else None)
    rows = [
        {
            "ours": str(s.ours),
            "ours_label": s.ours_label,
            "theirs": str(s.theirs),
            "theirs_label": s.theirs_label,
            "matched": s.matched,
            "scheme": str(s.scheme),
        }
        for s in found
    ]
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False))


def _pair(ours: str, theirs: str):

    left, right = expand(ours), expand(theirs)
    if left is None or right is None:
        raise BadInput("give two IRIs (or CURIEs such as pxv:racism)", source="matches")
    return left, right


@matches.command("accept")
@click.argument("ours")
@click.argument("theirs")
@click.pass_obj
def accept(obj: Context, ours: str, theirs: str) -> None:
    """Record OURS skos:closeMatch THEIRS."""

    accept_match(obj.store(), obj.viewer, *_pair(ours, theirs))
    click.echo(f"{ours} is now a close match of {theirs}.", err=True)


@matches.command("reject")
@click.argument("ours")
@click.argument("theirs")
@click.pass_obj
def reject(obj: Context, ours: str, theirs: str) -> None:
    """Record that THEIRS is not a match for OURS (it will not be suggested again)."""

    reject_match(obj.store(), obj.viewer, *_pair(ours, theirs))
    click.echo(f"{theirs} will no longer be suggested for {ours}.", err=True)
