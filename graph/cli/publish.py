"""Publish command: the public graph as a static Linked Data site (a thin face on :mod:`graph.publish`)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from graph.cli.context import Context, main
from graph.publish import DEFAULT_TITLE
from graph.publish import publish as run_publish


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option("--title", help=f"The site's title (default {DEFAULT_TITLE!r}).")
@click.option("--licence", metavar="URL", help="The licence the data is offered under, as a web address.")
@click.option(
    "--base",
    metavar="URL",
    help="Where the site will be served (https://example.org/chapter/): makes void.ttl's links "
    "absolute; without it they are relative to void.ttl.",
)
@click.pass_obj
def publish(obj: Context, folder: Path, title: str | None, licence: str | None, base: str | None) -> None:
    """Write the public graph to DIR as a static Linked Data site any web host can serve.

    DIR gets void.ttl (VoID and DCAT: title, licence, counts, when, each dump's size and
    SHA-256), dump.nt (N-Triples, sorted) and dump.jsonld (expanded JSON-LD), index.html,
    and for every record id/NAME.html with id/NAME.ttl beside it (concepts under vocab/).
    Only the public graph is read, as a visitor, whatever --as says: nothing members-only
    or restricted, and no other chapter's data, is ever written. The site is written beside
    DIR and renamed into place; DIR is replaced only if it is empty or an earlier publish."""
    started = time.perf_counter()
    done = run_publish(obj.store(), folder, title=title, licence=licence, base=base)
    click.echo(
        f"Published {done.records:,} records and {done.concepts:,} concepts, {done.statements:,} statements "
        f"to {done.folder} in {time.perf_counter() - started:.1f} s.",
        err=True,
    )
