"""``praxis peers``: follow other chapters (organisers only; :mod:`graph.peers`)."""

from __future__ import annotations

import json
import sys

import click

from graph.cli.context import Context, OutputFormat, format_option, main
from graph.peers import SETTINGS, add_peer, peers, remove_peer, sync_all, sync_peer

_LIMITS = "; ".join(f"{setting.variable} (default {setting.default:,.0f})" for setting in SETTINGS)


@main.group("peers")
def peers_group() -> None:
    """Follow other chapters: add a peer by the URL of its published description
    (praxis publish writes one), then sync to keep a snapshot of its public graph in a
    graph of its own. Snapshots are never mixed into our graphs nor re-published."""


@peers_group.command("add")
@click.argument("name")
@click.argument("url")
@click.pass_obj
def add(obj: Context, name: str, url: str) -> None:
    """Follow the chapter whose description (void.ttl) is at URL, as NAME (lower-case
    letters, digits and hyphens). Nothing is fetched until praxis peers sync, or until
    the schedule of praxis serve (make serve) syncs it, within minutes."""
    add_peer(obj.store(), name, url, obj.viewer)
    click.echo(
        f"Following {name} ({url}); praxis peers sync {name} takes its first snapshot "
        "(make serve's schedule takes it within minutes).",
        err=True,
    )


@peers_group.command("list")
@format_option(OutputFormat.TABLE, OutputFormat.JSON)
@click.pass_obj
def list_peers(obj: Context, fmt: OutputFormat) -> None:
    """Each peer: name, URL, when its snapshot was taken, its statements, its latest error."""
    found = [peer.as_dict() for peer in peers(obj.store(), obj.viewer)]
    if fmt is OutputFormat.JSON:
        click.echo(json.dumps(found, indent=2))
        return
    for peer in found:
        synced = str(peer["synced"] or "never synced")[:19]
        error = f"  last sync failed: {peer['error']}" if peer["error"] else ""
        click.echo(f"{peer['name']:<24} {peer['url']}  {synced}  {peer['statements']:,} statements{error}")


@peers_group.command("remove")
@click.argument("name")
@click.pass_obj
def remove(obj: Context, name: str) -> None:
    """Stop following NAME and drop its snapshot."""
    remove_peer(obj.store(), name, obj.viewer)
    click.echo(f"No longer following {name}; its snapshot is gone.", err=True)


@peers_group.command(
    "sync",
    help=f"""Take a new snapshot of NAME, or of every peer.

    Each sync downloads the peer's description and dump under limits ({_LIMITS}),
    never follows a redirect to another server, reads only N-Triples or N-Quads, checks
    every statement and our shapes, then replaces the peer's snapshot in one
    transaction. A failed sync keeps the previous snapshot, notes why (praxis peers
    list) and exits with 2.""",
)
@click.argument("name", required=False)
@click.pass_obj
def sync(obj: Context, name: str | None) -> None:
    store = obj.store()
    if name is not None:
        snapshot = sync_peer(store, name, obj.viewer)
        click.echo(f"{name}: {snapshot.statements:,} statements ({snapshot.version[:19]}...)", err=True)
        return
    failed = 0
    for outcome in sync_all(store, obj.viewer):
        if outcome.snapshot is not None:
            click.echo(
                f"{outcome.name}: {outcome.snapshot.statements:,} statements in {outcome.seconds:.1f} s",
                err=True,
            )
        else:
            failed += 1
            click.echo(f"{outcome.name}: failed, the previous snapshot is kept: {outcome.error}", err=True)
    if failed:
        click.echo(f"praxis: {failed} peer(s) could not be synced", err=True)
        sys.exit(2)
