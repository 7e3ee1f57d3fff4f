"""``praxis users``: the chapter's people, for an explorer served beyond loopback."""

from __future__ import annotations

import json
import sys

import click

from graph.access import Role
from graph.accounts import Users, users_path
from graph.cli.context import Context, OutputFormat, choice, format_option, main


@main.group()
def users() -> None:
    """Manage who may sign in to the explorer (nickname, role, bcrypt-hashed password).

    The file is $PRAXIS_USERS or .praxis/users.toml. With no users configured, an
    explorer started on 127.0.0.1 prints a login link (also kept in
    .praxis/login-link) that makes whoever opens it the local organiser; everyone
    else, and everyone at an explorer bound to any other address, is a visitor.
    Once users exist, the link is no longer offered: people sign in."""


@users.command("add")
@click.argument("nickname")
@click.option("--role", type=choice(Role), default="member", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_obj
def add(obj: Context, nickname: str, role: str, password_stdin: bool) -> None:
    """Add NICKNAME (or change their role and password).

    A password has at least 10 characters and at most 72 bytes in UTF-8 (what
    bcrypt reads)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    Users.load().with_user(nickname, Role(role), password).save()
    click.echo(f"{nickname} can now sign in as {role} ({users_path()}).", err=True)


@users.command("remove")
@click.argument("nickname")
@click.pass_obj
def remove(obj: Context, nickname: str) -> None:
    """Remove NICKNAME from the users file."""
    Users.load().without(nickname).save()
    click.echo(f"Removed {nickname}.", err=True)


@users.command("list")
@format_option(OutputFormat.TABLE, OutputFormat.JSON)
@click.pass_obj
def list_users(obj: Context, fmt: OutputFormat) -> None:
    """Nicknames and roles (never the hashes)."""
    people = sorted(Users.load().by_nickname.values(), key=lambda u: u.nickname)
    if fmt is OutputFormat.JSON:
        click.echo(json.dumps([{"nickname": u.nickname, "role": u.role.value} for u in people], indent=2))
        return
    for user in people:
        click.echo(f"{user.nickname:<32} {user.role.value}")


@main.command("log")
@click.option("--limit", type=int, default=50, show_default=True)
@format_option(OutputFormat.TABLE, OutputFormat.JSON)
@click.pass_obj
def log(obj: Context, limit: int, fmt: OutputFormat) -> None:
    """The audit log: who changed what, and when (organisers only)."""
    changes = obj.store().changes(obj.viewer, limit=limit)
    if fmt is OutputFormat.JSON:
        click.echo(json.dumps([{k: str(v) for k, v in c.items()} for c in changes], indent=2))
        return
    for change in changes:
        click.echo(
            f"{str(change['time'])[:19]}  {change['nickname']} ({change['role']})  "
            f"+{change['added']} -{change['removed']}  {change['records']} record(s)"
        )
