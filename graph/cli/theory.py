"""Theory commands: tensions, revise, decide, history (where practice challenges theory).

Thin faces on :mod:`graph.theory`. CLAIM and LESSON
arguments take an IRI, a local name (``claim-three-point-five-percent``) or the
exact label.
"""

from __future__ import annotations

import datetime as dt
import json

import click

from graph import theory
from graph.access import Permission, Visibility, require
from graph.cli.context import VISIBILITY, Context, OutputFormat, choice, format_option, main
from graph.resolve import NodeKind, resolve

FORMAT = format_option(OutputFormat.TABLE, OutputFormat.JSON, help="table for people, json for programs.")
DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else value.date()


@main.command()
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Only the N with most tension.")
@click.option(
    "--kind",
    "kinds",
    type=click.Choice(theory.KINDS),
    multiple=True,
    help="Only concepts or only claims (repeatable; default both).",
)
@click.option("--due", is_flag=True, help="Only those due for review.")
@click.option(
    "--half-life",
    "half_life",
    type=click.FloatRange(min=0, min_open=True),
    metavar="DAYS",
    help=f"Age at which a lesson counts half (default {theory.TensionSettings().half_life_days:g}).",
)
@click.option("--since", type=DATE, help="Only lessons recorded on or after YYYY-MM-DD.")
@click.option("--until", type=DATE, help="Only lessons recorded on or before YYYY-MM-DD.")
@click.option("--today", type=DATE, help="Compute ages as of YYYY-MM-DD (default today).")
@FORMAT
@click.pass_obj
def tensions(obj: Context, top, kinds, due, half_life, since, until, today, fmt) -> None:
    """Concepts and claims ranked by how much practice challenges them.

    The score is the lower bound of the Wilson interval on the share of
    challenging evidence (a qualification counts half), with recent lessons
    weighing more and lessons on narrower concepts rolling up; 0.3 or more is
    due for review. The README explains it in full."""
    settings = theory.TensionSettings(half_life_days=half_life) if half_life else theory.TensionSettings()
    rows = theory.rank(
        obj.store(),
        obj.viewer,
        today=_day(today),
        since=_day(since),
        until=_day(until),
        kinds=kinds or theory.KINDS,
        settings=settings,
    )
    if due:
        rows = [row for row in rows if row.due_for_review]
    rows = rows[:top] if top else rows
    if fmt is OutputFormat.JSON:
        click.echo(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("Nothing to show: no concepts or claims match.", err=True)
        return
    click.echo(f"{'score':>6}  {'due':3}  {'kind':7}  {'sup':>4} {'cha':>4} {'qua':>4}  label")
    for row in rows:
        click.echo(
            f"{row.score:6.3f}  {'yes' if row.due_for_review else '':3}  {row.kind:7}  "
            f"{row.supports:4d} {row.challenges:4d} {row.qualifies:4d}  {row.label}"
        )


@main.command()
@click.argument("claim")
@click.option("--text", required=True, help="The new wording of the claim.")
@click.option(
    "--because",
    "lessons",
    required=True,
    multiple=True,
    metavar="LESSON",
    help="A lesson the new wording answers (repeat for each).",
)
@click.option("--rationale", help="Why the wording changed, in plain words.")
@click.option("--as-member", "nickname", metavar="NICK", help="Nickname of the member recording it.")
@click.option(
    "--visibility",
    type=VISIBILITY,
    default=Visibility.MEMBERS.value,
    show_default=True,
    help="Level of the version record (the claim's statement keeps the claim's level).",
)
@click.pass_obj
def revise(obj: Context, claim, text, lessons, rationale, nickname, visibility) -> None:
    """Record a new wording of CLAIM, prompted by lessons; the old wording is kept.

    Prints the new version as JSON ({"claim": ..., "version": ...})."""
    store, viewer = obj.store(), obj.viewer
    require(viewer, Permission.REVISE_CLAIM)
    claim_iri = resolve(store, viewer, claim, NodeKind.CLAIM)
    lesson_iris = [resolve(store, viewer, lesson, NodeKind.LESSON) for lesson in lessons]
    version = theory.revise(
        store,
        viewer,
        claim_iri,
        text=text,
        because=lesson_iris,
        rationale=rationale,
        author=nickname,
        visibility=Visibility(visibility),
    )
    click.echo(json.dumps({"claim": str(claim_iri), "version": str(version)}))
    click.echo(f"Recorded a new wording of {claim_iri}.", err=True)


@main.command()
@click.argument("claim")
@click.argument("decision", type=choice(theory.Decision))
@click.option("--comment", help="The reasons, as the group agreed them.")
@click.option("--date", "day", type=DATE, help="The day of the decision, YYYY-MM-DD (default today).")
@click.option(
    "--visibility",
    type=VISIBILITY,
    default=Visibility.MEMBERS.value,
    show_default=True,
    help="Level of the record.",
)
@click.pass_obj
def decide(obj: Context, claim, decision, comment, day, visibility) -> None:
    """Record a dated group decision about CLAIM: contested, revised, retained or dropped."""
    store, viewer = obj.store(), obj.viewer
    require(viewer, Permission.DECIDE_CLAIM)
    claim_iri = resolve(store, viewer, claim, NodeKind.CLAIM)
    iri = theory.decide(
        store, viewer, claim_iri, decision, comment=comment, day=_day(day), visibility=Visibility(visibility)
    )
    click.echo(json.dumps({"claim": str(claim_iri), "decision": str(iri)}))
    click.echo(f"Recorded the decision ({decision}) about {claim_iri}.", err=True)


@main.command()
@click.argument("claim")
@FORMAT
@click.pass_obj
def history(obj: Context, claim, fmt) -> None:
    """The history of CLAIM: each wording, the lessons behind it, who recorded it and when, and decisions."""
    store, viewer = obj.store(), obj.viewer
    entries = theory.history(store, viewer, resolve(store, viewer, claim, NodeKind.CLAIM))
    if fmt is OutputFormat.JSON:
        click.echo(json.dumps([_entry_json(entry) for entry in entries], indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo("No revisions or decisions yet.", err=True)
    for entry in entries:
        when = entry.date.isoformat() if entry.date else "original"
        if entry.kind is theory.EntryKind.VERSION:
            who = f" by {entry.author}" if entry.author else ""
            click.echo(f"{when}  version {entry.number}{who}: {entry.statement}")
            if entry.rationale:
                click.echo(f"{'':12}why: {entry.rationale}")
            for _, title in entry.lessons:
                click.echo(f"{'':12}prompted by: {title}")
        else:
            outcome = entry.decision.value if entry.decision else "?"
            click.echo(f"{when}  decision: {outcome}" + (f" ({entry.comment})" if entry.comment else ""))


def _entry_json(entry) -> dict:
    return {
        "kind": entry.kind.value,
        "node": str(entry.node),
        "date": entry.date.isoformat() if entry.date else None,
        "number": entry.number,
        "statement": entry.statement,
        "rationale": entry.rationale,
        "lessons": [str(lesson) for lesson, _ in entry.lessons],
        "author": entry.author,
        "decision": entry.decision.value if entry.decision else None,
        "comment": entry.comment,
    }
