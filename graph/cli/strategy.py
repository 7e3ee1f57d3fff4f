"""Strategy-session commands: ``praxis taught`` and ``praxis import navco``.

``praxis taught`` answers "what did past actions teach?" for the filters given
(values may be IRIs, prefixed or local names, or exact labels) as a text table,
JSON, a Markdown brief or a printable HTML brief. ``praxis import navco FILE``
loads NAVCO 1.2 (see :mod:`graph.io.navco` for the mapping).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph import strategy
from graph.cli.context import Context, OutputFormat, choice, format_option, import_group, main
from graph.io import import_navco
from graph.practice import Stance
from graph.sparql import table

__all__ = ["navco", "taught"]


@main.command()
@click.option(
    "--concept", metavar="X", help="A concept or claim; narrower concepts and claims about it count."
)
@click.option(
    "--method", metavar="M", help="A method of action; narrower methods count (e.g. civil-resistance)."
)
@click.option("--indicator", metavar="I", help="An indicator of success (e.g. goal-attainment).")
@click.option("--campaign", metavar="C", help="A campaign.")
@click.option("--organisation", metavar="O", help="An organisation that organised the campaigns.")
@click.option("--stance", type=choice(Stance), help="Only lessons that take it.")
@click.option("--since", metavar="DATE", help="Actions on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Actions on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@format_option(
    OutputFormat.TABLE,
    OutputFormat.JSON,
    OutputFormat.MD,
    OutputFormat.HTML,
    help="json: an object with actions, lessons, indicators and methods; md/html: the session brief.",
)
@click.option(
    "--link-base",
    metavar="URL",
    default="",
    help="md/html: the explorer's address (https://...); the brief's names link to their pages there.",
)
@click.pass_obj
def taught(obj: Context, fmt: OutputFormat, link_base: str, **filters: str | None) -> None:
    """What past actions taught: lessons, indicator statistics and methods ranked per indicator.

    Values may be IRIs, prefixed names (pxv:sit-in), local names (goal-attainment) or
    exact labels ("Civil resistance"). Methods are ranked by the lower end of a 95%
    interval; a method assessed fewer than three times is shown as weak evidence."""
    store, viewer = obj.store(), obj.viewer
    answer = strategy.answer(store, viewer, strategy.ask(store, viewer, **filters))
    if fmt is OutputFormat.JSON:
        click.echo(json.dumps(answer.to_json(), indent=2, ensure_ascii=False))
    elif fmt is OutputFormat.TABLE:
        click.echo(_table(answer), nl=False)
    else:
        brief = strategy.build_brief(store, viewer, answer, base=link_base)
        click.echo(strategy.render(brief, strategy.BriefFormat(fmt.value)), nl=False)


def _table(answer: strategy.Answer) -> str:
    out = [answer.summary(), ""]
    if answer.indicators:
        out.append("Indicators")
        rows = [
            [s.label, str(s.n), f"{s.mean:+.2f}", *map(str, s.distribution), f"{s.share(2):.1%}"]
            for s in answer.indicators
        ]
        out.append(table(["indicator", "n", "mean", "-2", "-1", "0", "+1", "+2", "share +2"], rows))
    if answer.methods:
        out.append("Methods by indicator (ranked by the lower end of the 95% interval)")
        rows = [
            [
                m.indicator_label,
                str(m.rank) if m.rank else "weak",
                m.label,
                str(m.n),
                f"{m.mean:+.2f}",
                f"{m.estimate:+.2f}",
                f"{m.low:+.2f}..{m.high:+.2f}",
            ]
            for m in answer.methods
        ]
        out.append(table(["indicator", "rank", "method", "n", "mean", "estimate", "95% interval"], rows))
    if answer.lessons:
        out.append("Lessons")
        rows = [
            [str(r.action_date or ""), r.stance.value, r.target_label[:40], r.title[:70]]
            for r in answer.lessons
        ]
        out.append(table(["action date", "stance", "target", "lesson"], rows))
    return "\n".join(out)


@import_group.command("navco")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_obj
def navco(obj: Context, file: Path) -> None:
    """Import NAVCO 1.2 (CSV): a public campaign, action and goal-attainment assessment per row.

    NONVIOL=1 becomes the method civil-resistance, VIOL=1 insurrection; SUCCESS scores +2,
    LIMITED +1, FAILURE -1. Importing again replaces the same records. The mapping is in the
    README ("Strategy sessions") and in graph/io/navco.py."""
    summary = import_navco(obj.store(), file, viewer=obj.viewer)
    click.echo(
        f"{file}: imported {summary.campaigns} campaigns ({summary.nonviolent} nonviolent, "
        f"{summary.violent} violent), {summary.statements:,} statements.",
        err=True,
    )
