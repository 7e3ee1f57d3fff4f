"""Store commands: init, load, validate, query, export, stats."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from graph.access import Viewer, Visibility
from graph.cli.context import VISIBILITY, Context, OutputFormat, choice, format_option, main
from graph.errors import ValidationFailed
from graph.io import ExportFormat, TableKind, bulk_restore, init_store, load_file, write_private
from graph.io import export as run_export
from graph.sparql import render


@main.command()
@click.option("--empty", is_flag=True, help="Ontology and concept schemes only, no seed graph.")
@click.option(
    "--if-empty",
    "if_empty",
    is_flag=True,
    help="Do nothing when the store already holds data (used by make run).",
)
@click.pass_obj
def init(obj: Context, empty: bool, if_empty: bool) -> None:
    """Create the store from the ontology, the vocabularies and data/seed."""
    if if_empty and not obj.store().is_empty():
        click.echo(f"{obj.store().url} already holds data; leaving it as it is.", err=True)
        return
    started = time.perf_counter()
    count = init_store(obj.store(), viewer=obj.viewer, empty=empty)
    click.echo(
        f"Created {obj.store().url} with {count:,} statements in {time.perf_counter() - started:.1f} s.",
        err=True,
    )


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--visibility",
    type=VISIBILITY,
    default="public",
    show_default=True,
    help="Level for statements whose subject states no prx:visibility.",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="Organisers: fill an EMPTY store from one large N-Quads or TriG file whose statements are "
    "already in the visibility graphs (praxis export --format nq writes them so), with the engine's "
    "bulk loader and no per-record SHACL check; run praxis validate afterwards.",
)
@click.pass_obj
def load(obj: Context, files: tuple[Path, ...], visibility: str, bulk: bool) -> None:
    """Load RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML), each all-or-nothing."""
    if bulk:
        if len(files) != 1:
            raise click.UsageError("--bulk loads one file into an empty store")
        started = time.perf_counter()
        report = bulk_restore(obj.store(), files[0], viewer=obj.viewer)
        for warning in report.warnings:
            click.echo(f"praxis: {files[0]}: warning: {warning}", err=True)
        click.echo(
            f"{files[0]}: bulk-loaded {report.added:,} statements in {time.perf_counter() - started:.1f} s "
            "(not checked against the shapes: run praxis validate).",
            err=True,
        )
        return
    for path in files:
        count = load_file(obj.store(), path, viewer=obj.viewer, visibility=Visibility(visibility))
        click.echo(f"{path}: loaded {count:,} statements.", err=True)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def validate(obj: Context, file: Path | None) -> None:
    """Check FILE (as it would load) or, without FILE, the whole store against the shapes.

    Exit 0 when everything conforms, 1 when there are violations (listed in plain
    language with the record they concern), 2 on bad usage."""
    store = obj.store()
    if file is not None:
        load_file(store, file, viewer=Viewer.organiser(), dry_run=True)
        click.echo(f"{file} conforms.", err=True)
        return
    findings = store.validate()
    if findings:
        raise ValidationFailed(findings)
    click.echo("The store conforms.", err=True)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-e", "--expression", "text", metavar="TEXT", help="The query text itself.")
@format_option(
    OutputFormat.TABLE,
    OutputFormat.JSON,
    OutputFormat.CSV,
    help="json is the W3C SPARQL 1.1 Query Results JSON format.",
)
@click.pass_obj
def query(obj: Context, file: Path | None, text: str | None, fmt: OutputFormat) -> None:
    """Run a read-only SPARQL query from FILE.rq or -e TEXT.

    The prefixes prx:, px:, pxv:, pxs:, skos:, dct:, rdf:, rdfs:, xsd:, owl:, schema:,
    prov:, cito:, bibo:, sosa:, org:, foaf: and sh: are predeclared. Updates, LOAD and
    SERVICE are refused; the query runs in a worker process with the limits
    PRAXIS_QUERY_SECONDS, PRAXIS_QUERY_MEMORY_MB and PRAXIS_QUERY_ROWS. CSV cells a
    spreadsheet would run as formulas start with an apostrophe."""
    if (file is None) == (text is None):
        raise click.UsageError("give either a FILE.rq or -e TEXT")
    if file is not None:
        text = file.read_text(encoding="utf-8")
    click.echo(render(obj.store(), text, obj.viewer, fmt.value), nl=False)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=choice(ExportFormat),
    default="ttl",
    show_default=True,
)
@click.option(
    "--kind",
    type=choice(TableKind),
    help="For --format csv: which records (one kind per file, in the import template's columns).",
)
@click.option(
    "--visibility",
    "levels",
    type=VISIBILITY,
    multiple=True,
    help="Only these levels (repeatable); default: all the viewer may see.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File to write (default stdout)."
)
@click.pass_obj
def export(obj: Context, fmt: str, kind: str | None, levels: tuple[str, ...], output: Path | None) -> None:
    """Export what the viewer may see; for the public, use --as visitor.

    CSV writes one kind of record (--kind readings|actions|lessons|assessments) in the
    columns of the import templates, so the file can be edited and imported again; a
    cell a spreadsheet would run as a formula (=, +, -, @) starts with an apostrophe.
    A file given with -o is created readable by its owner only (mode 0600)."""
    data = run_export(
        obj.store(),
        ExportFormat(fmt),
        viewer=obj.viewer,
        levels=[Visibility(level) for level in levels] or None,
        kind=kind,
    )
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_private(output, data)
        click.echo(f"Wrote {output} ({len(data):,} bytes).", err=True)


@main.command()
@format_option(OutputFormat.TABLE, OutputFormat.JSON)
@click.pass_obj
def stats(obj: Context, fmt: OutputFormat) -> None:
    """Statements and records of each kind the viewer can see."""
    counts = obj.store().stats(obj.viewer)
    if fmt is OutputFormat.JSON:
        click.echo(json.dumps(counts, indent=2))
        return
    width = max(len(kind) for kind in counts)
    for kind, count in counts.items():
        click.echo(f"{kind:<{width}}  {count:>9,}")
