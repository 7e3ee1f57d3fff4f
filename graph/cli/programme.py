"""Learning-programme commands: sessions and skills (thin faces on :mod:`graph.programme`)."""

from __future__ import annotations

import datetime as dt
import json

import click

from graph import programme
from graph.cli.context import Context, OutputFormat, format_option, main

FORMAT = format_option(OutputFormat.TABLE, OutputFormat.JSON)


def _today(value: dt.datetime | None) -> dt.date:
    return value.date() if value is not None else dt.date.today()


def _table(rows: list[dict[str, str]], empty: str) -> None:
    """Plain columns, widest value per column (messages go to stderr)."""
    if not rows:
        click.echo(empty, err=True)
        return
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        click.echo("  ".join(row[c].ljust(widths[c]) for c in columns).rstrip())


_TODAY = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Count from this date instead of the real today (for reproducible reports).",
)


@main.command()
@click.option("--upcoming", "when", flag_value="upcoming", help="Only sessions after today, soonest first.")
@click.option("--past", "when", flag_value="past", help="Only sessions up to today, latest first.")
@FORMAT
@_TODAY
@click.pass_obj
def sessions(obj: Context, when: str | None, fmt: OutputFormat, today: dt.datetime | None) -> None:
    """List reading-group sessions and skill workshops (all by date unless --upcoming or --past).

    JSON: a list of objects with the keys id, title, kind ("reading-group" or
    "skill-workshop"), date (YYYY-MM-DD), upcoming (true/false), facilitators (nicknames),
    readings, skills and topics (lists of {id, label}), notes, head_count (a number or
    null) and visibility ("public", "members" or "restricted")."""
    day = _today(today)
    found = programme.list_sessions(obj.store(), obj.viewer, today=day, when=programme.When(when or "all"))
    if fmt is OutputFormat.JSON:
        click.echo(json.dumps([s.as_dict(today=day) for s in found], indent=2, ensure_ascii=False))
        return
    _table([s.as_row() for s in found], "No sessions yet.")


@main.command()
@click.option(
    "--gaps", is_flag=True, help="Only the gaps: skills recent actions needed and no session practised."
)
@click.option(
    "--window-days",
    type=click.IntRange(min=1),
    default=programme.SKILL_GAP_DAYS.default,
    show_default=True,
    help=programme.SKILL_GAP_DAYS.help,
)
@FORMAT
@_TODAY
@click.pass_obj
def skills(obj: Context, gaps: bool, window_days: int, fmt: OutputFormat, today: dt.datetime | None) -> None:
    """Show each skill: when a session last practised it, which recent and upcoming actions
    needed it, and whether it is a gap (gaps first).

    JSON: a list of objects with the keys id, label, last_practised and next_session
    (YYYY-MM-DD or null), sessions_in_window (a number), recent_actions and
    upcoming_actions (lists of {id, label, date}) and gap (true/false)."""
    day = _today(today)
    pick = programme.skill_gaps if gaps else programme.skill_status
    found = pick(obj.store(), obj.viewer, today=day, window_days=window_days)
    if fmt is OutputFormat.JSON:
        click.echo(json.dumps([s.as_dict() for s in found], indent=2, ensure_ascii=False))
        return
    _table([s.as_row() for s in found], "No gaps." if gaps else "No skills in the store.")
