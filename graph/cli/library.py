"""Library commands: cite a reading list, and sessions as iCalendar (thin faces on
:mod:`graph.library.citations` and :mod:`graph.programme.calendar`)."""

from __future__ import annotations

import datetime as dt

import click

from graph.cli.context import Context, main
from graph.errors import BadInput
from graph.library import citations
from graph.programme import calendar
from graph.resolve import NodeKind, resolve

#: What ``praxis cite --format`` writes.
FORMATS = ("apa", "chicago", "bibtex", "csl-json")


@main.command()
@click.option("--concept", help="A concept's reading list (IRI, prefixed name or label).")
@click.option("--campaign", help="What a campaign's group read for it.")
@click.option("--session", help="The readings a session covers, in agenda order (its IRI).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="apa", show_default=True)
@click.pass_obj
def cite(obj: Context, concept: str | None, campaign: str | None, session: str | None, fmt: str) -> None:
    """Write a reading list as a bibliography (APA or Chicago author-date, plain text), as
    BibTeX, or as CSL-JSON that Zotero imports (File > Import)."""
    store, viewer = obj.store(), obj.viewer
    given = [value for value in (concept, campaign, session) if value]
    if len(given) != 1:
        raise BadInput("give one of --concept, --campaign or --session", source="cite")
    if concept:
        listed = citations.list_for_concept(store, viewer, resolve(store, viewer, concept, NodeKind.CONCEPT))
    elif campaign:
        listed = citations.list_for_campaign(
            store, viewer, resolve(store, viewer, campaign, NodeKind.CAMPAIGN)
        )
    else:
        listed = citations.list_for_session(store, viewer, _iri(session or ""))
    items = citations.csl_items(store, viewer, listed)
    if not items:
        click.echo("No readings on this list that you can see.", err=True)
        return
    if fmt == "bibtex":
        click.echo(citations.bibtex(items), nl=False)
    elif fmt == "csl-json":
        click.echo(citations.csl_json(items), nl=False)
    else:
        style = citations.CitationStyle.APA if fmt == "apa" else citations.CitationStyle.CHICAGO
        click.echo("\n\n".join(citations.bibliography(items, style)))


def _iri(text: str):
    from graph.resolve import _as_iri

    found = _as_iri(text.strip())
    if found is None:
        raise BadInput(f"{text!r} is not a session's IRI (px:session-... or https://...)", source="session")
    return found


@main.command("calendar")
@click.option("--session", help="One session (its IRI); without it, every upcoming session.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@click.pass_obj
def calendar_command(obj: Context, session: str | None, today: dt.datetime | None) -> None:
    """Write sessions as iCalendar (RFC 5545): one session, or a feed of the upcoming ones.
    No member is named in it."""
    stamp = dt.datetime.now(dt.UTC)
    day = today.date() if today else dt.date.today()
    if session:
        text = calendar.session_calendar(obj.store(), obj.viewer, _iri(session), stamp=stamp)
    else:
        text = calendar.upcoming_feed(obj.store(), obj.viewer, today=day, stamp=stamp)
    click.echo(text, nl=False)
