"""``praxis suggest``: readings for a campaign, each with the reasons behind it."""

from __future__ import annotations

import json
import textwrap

import click

from graph.cli.context import Context, OutputFormat, format_option, main
from graph.suggest import read_text
from graph.suggest import suggest as rank


@main.command()
@click.option(
    "--campaign", metavar="ID", help="The campaign: its IRI, local name (campaign-housing) or exact label."
)
@click.option("--text", metavar="TEXT", help="Or describe a campaign that is not in the graph yet, in words.")
@click.option(
    "--concept",
    "concepts",
    metavar="C",
    multiple=True,
    help="A concept the described campaign is about (label, pxv: name or IRI; repeatable).",
)
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True, help="How many readings.")
@format_option(
    OutputFormat.TABLE,
    OutputFormat.JSON,
    help=(
        "json: a list, best first, of "
        "{reading, title, score, ranked_on, basis, reasons, already_read, parts}."
    ),
)
@click.pass_obj
def suggest(
    obj: Context,
    campaign: str | None,
    text: str | None,
    concepts: tuple[str, ...],
    top: int,
    fmt: OutputFormat,
) -> None:
    """Suggest readings for a campaign (--campaign) or for one described in words (--text).

    Readings are ranked by how close they are to the campaign in the graph (what it
    addresses, what its actions used and its lessons found), by the words they share
    with it, and by whether its own lessons challenged what they argue; the list is
    kept varied, and each reading comes with the reasons for it."""
    if (campaign is None) == (text is None):
        raise click.UsageError("give either --campaign ID or --text TEXT")
    found = rank(obj.store(), obj.viewer, campaign=campaign, text=text, concepts=concepts, top=top)
    if fmt is OutputFormat.JSON:
        rows = [
            {
                "reading": str(s.reading),
                "title": s.title,
                "score": s.score,
                "ranked_on": s.ranked_on,
                "basis": s.basis(),
                "reasons": list(s.reasons),
                "already_read": s.already_read,
                "parts": s.parts,
            }
            for s in found
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if text is not None:  # what the description was read as comes first
        reading = read_text(obj.store(), obj.viewer, text, concepts=concepts)
        click.echo(textwrap.fill(reading.sentence(), width=100, subsequent_indent="  ") + "\n")
    if not found:
        click.echo("No readings found: nothing in the graph links to it and no words are shared.", err=True)
        return
    for number, s in enumerate(found, 1):
        read = "  (already read for this campaign)" if s.already_read else ""
        click.echo(f"{number:>2}. {s.title}{read}")
        click.echo(f"    {s.basis()}")
        for reason in s.reasons:
            click.echo(textwrap.fill(reason, width=100, initial_indent="    - ", subsequent_indent="      "))
