"""The ``praxis`` command: thin faces on the library.

Each module of this package adds the commands of one room (``store`` for init,
load, validate, query, export and stats); :data:`COMMAND_MODULES` lists them.

Results go to stdout, messages to stderr. Exit codes: 0 success, 1 a finding
(``validate``), 2 bad usage or bad input. Run where the store lives, a command
acts as the local organiser unless ``--as visitor|member`` says otherwise.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass

import click

from graph.access import Role, Viewer, Visibility
from graph.errors import PraxisError
from graph.store import DEFAULT_URL, PraxisStore, open_store

__all__ = ["COMMAND_MODULES", "VISIBILITY", "Context", "main"]

VISIBILITY = click.Choice([level.value for level in Visibility])


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


class PraxisGroup(click.Group):
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
    type=click.Choice([r.value for r in Role]),
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


#: Modules whose import registers their commands on :func:`main`.
COMMAND_MODULES = [
    "graph.cli.store",
    "graph.cli.users",
    "graph.cli.theory",
    "graph.cli.programme",
    "graph.cli.suggest",
    "graph.cli.strategy",
    "graph.cli.data",
]

for _module in COMMAND_MODULES:
    importlib.import_module(_module)
