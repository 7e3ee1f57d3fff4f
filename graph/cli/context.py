"""What every ``praxis`` command shares: the group, its context, and options declared once.

The group (:func:`main`) turns library errors into a plain message and the right exit
code; :class:`Context` opens the store once and says who is acting. Options several
commands take are declared here once: :class:`OutputFormat` with :func:`format_option`
(each command names the formats it offers; click's choices come from the enum),
:data:`VISIBILITY`, and the ``import`` group (:func:`import_group`) that importers join.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import click

from graph.access import Role, Viewer, Visibility
from graph.errors import PraxisError
from graph.store import DEFAULT_URL, PraxisStore, open_store

__all__ = ["VISIBILITY", "Context", "OutputFormat", "choice", "format_option", "import_group", "main"]


def choice(enum: type[Enum]) -> click.Choice:
    """A click choice of an enum's values: the choices come from the enum, never typed twice."""
    return click.Choice([member.value for member in enum])


VISIBILITY = choice(Visibility)


class OutputFormat(Enum):
    """Every format a command prints results in; each command offers some of them."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MD = "md"
    HTML = "html"


def format_option(*formats: OutputFormat, help: str | None = None) -> Callable[[Any], Any]:
    """``--format``, offering ``formats`` (the first is the default), passed on as an
    :class:`OutputFormat` named ``fmt``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([f.value for f in formats]),
        default=formats[0].value,
        show_default=True,
        callback=lambda _ctx, _param, value: OutputFormat(value),
        help=help,
    )


@dataclass
class Context:
    store_url: str | None
    role: Role
    _store: PraxisStore | None = None

    @property
    def viewer(self) -> Viewer:
        return {
            Role.VISITOR: Viewer.visitor(),
            Role.MEMBER: Viewer.member("local member"),
            Role.ORGANISER: Viewer.organiser(),
        }[self.role]

    def store(self) -> PraxisStore:
        if self._store is None:
            self._store = open_store(self.store_url)
        return self._store


class Rooms(click.Group):
    """A group whose commands are registered by modules imported only when one of their
    commands is asked for, so that ``praxis stats`` starts without the citation styles,
    the suggestion model and numpy (0.6 s of imports a run, on every run).
    :attr:`rooms` maps each command's name to the module that registers it (filled in by
    :mod:`graph.cli`, which knows the rooms); asking for the list (``--help``) imports them all."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rooms: dict[str, str] = {}

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.rooms:
            importlib.import_module(self.rooms[cmd_name])
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in sorted(set(self.rooms.values())):
            importlib.import_module(module)
        return super().list_commands(ctx)


class PraxisGroup(Rooms):
    """Turns library errors into a plain message and the right exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PraxisError as error:
            click.echo(f"praxis: {error}", err=True)
            sys.exit(error.exit_code)
        except (MemoryError, RecursionError):
            # the library turns the cases it knows into messages; this is the last net
            click.echo(
                "praxis: the input is too large or too deeply nested for this machine; the command "
                "stopped, and every write is all or nothing, so nothing was half-written.",
                err=True,
            )
            sys.exit(2)


@click.group(cls=PraxisGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_url",
    envvar="PRAXIS_STORE",
    metavar="URL",
    help=f"memory:, oxigraph:PATH or sparql+http://HOST:PORT/PATH (default {DEFAULT_URL}; "
    "also $PRAXIS_STORE).",
)
@click.option(
    "--as",
    "role",
    type=choice(Role),
    default="organiser",
    show_default=True,
    help="Whose view to read and write with.",
)
@click.version_option(package_name="praxis-graph")
@click.pass_context
def main(ctx: click.Context, store_url: str | None, role: str) -> None:
    """Praxis graph: link a chapter's theory (readings, concepts, claims) to its practice
    (campaigns, actions, lessons, assessments)."""
    ctx.obj = Context(store_url, Role(role))


@main.group("import", cls=Rooms)
def import_group() -> None:
    """Import datasets and other formats into the store (see each subcommand)."""
