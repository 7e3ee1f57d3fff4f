"""The ``praxis`` command, run as a person runs it (the real console script)."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from graph.cli import ROOMS, main
from graph.cli.context import import_group

COMMANDS = main.list_commands(click.Context(main))  # imports every room


def test_each_command_is_where_rooms_says_and_none_is_missing_from_it():
    """A command left out of ROOMS would run only after another of its room's commands."""
    named = {name: room for room, (commands, _) in ROOMS.items() for name in commands}
    importers = {name: room for room, (_, names) in ROOMS.items() for name in names}
    assert set(main.commands) == set(named) | {"import"}
    assert set(import_group.commands) == set(importers)
    for group, where in ((main, named), (import_group, importers)):
        for name, room in where.items():
            assert group.commands[name].callback.__module__ == f"graph.cli.{room}", name


def test_a_command_imports_only_its_own_room():
    """``praxis stats`` starts without the other rooms (numpy, the citation styles)."""
    script = (
        "import sys; from graph.cli import main; "
        "main(['--store', 'memory:', 'stats'], standalone_mode=False); "
        "print(sorted(name for name in sys.modules if name.startswith('graph.cli.') or name == 'numpy'))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "['graph.cli.context', 'graph.cli.store']"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(run_praxis, command):
    result = run_praxis(command, "--help")
    assert result.returncode == 0
    assert b"Usage: praxis " + command.encode() in result.stdout
    assert len(main.commands[command].help or "") > 20, f"{command} needs a real description"


def test_init_then_stats_shows_the_seed(run_praxis):
    init = run_praxis("init")
    assert init.returncode == 0, init.stderr.decode()
    assert b"statements" in init.stderr
    stats = json.loads(run_praxis("stats", "--format", "json").stdout)
    assert stats["Reading"] >= 30
    assert stats["Lesson"] >= 30
    assert stats["Campaign"] >= 6


def test_init_if_empty_leaves_a_store_alone(run_praxis):
    run_praxis("init", "--empty")
    again = run_praxis("init", "--if-empty")
    assert again.returncode == 0
    assert b"leaving it as it is" in again.stderr
    twice = run_praxis("init")
    assert twice.returncode == 2
    assert b"already holds data" in twice.stderr


def test_visitor_sees_fewer_statements_than_organiser(run_praxis):
    run_praxis("init")
    visitor = json.loads(run_praxis("--as", "visitor", "stats", "--format", "json").stdout)
    organiser = json.loads(run_praxis("stats", "--format", "json").stdout)
    assert visitor["statements"] < organiser["statements"]
    assert visitor.get("Member", 0) == 0  # members are members-only


def test_query_json_is_the_w3c_results_format(run_praxis):
    run_praxis("init", "--empty")
    result = run_praxis(
        "query", "-e", "SELECT ?c WHERE { ?c skos:prefLabel 'Patriarchy'@en }", "--format", "json"
    )
    assert result.returncode == 0, result.stderr.decode()
    body = json.loads(result.stdout)
    assert body["head"]["vars"] == ["c"]
    assert body["results"]["bindings"][0]["c"] == {
        "type": "uri",
        "value": "https://w3id.org/praxis/vocab/patriarchy",
    }


def test_query_table_and_csv(run_praxis, tmp_path):
    run_praxis("init", "--empty")
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?c WHERE { ?c skos:prefLabel 'Patriarchy'@en }")
    table = run_praxis("query", str(query))
    assert b"pxv:patriarchy" in table.stdout
    assert b"(1 row)" in table.stdout
    csv = run_praxis("query", str(query), "--format", "csv")
    assert csv.stdout.splitlines()[0] == b"c"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", b"only read queries"),
        ("LOAD <http://example.org/data.ttl>", b"only read queries"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", b"SERVICE is refused"),
        ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000, b"the limit is 20,000"),
        ("SELECT * WHERE { ?s ?p", b"line 1, column 18: this is not SPARQL 1.1"),
    ],
    ids=["update", "load", "service", "too-long", "syntax"],
)
def test_query_refuses(run_praxis, text, message):
    run_praxis("init", "--empty")
    result = run_praxis("query", "-e", text)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == b""


def test_query_needs_exactly_one_source(run_praxis):
    result = run_praxis("query")
    assert result.returncode == 2
    assert b"give either a FILE.rq or -e TEXT" in result.stderr


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "nq", "jsonld", "graphml"])
def test_export_formats(run_praxis, fmt, tmp_path):
    run_praxis("init")
    out = tmp_path / f"out.{fmt}"
    result = run_praxis("export", "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert out.stat().st_size > 10_000


def test_public_export_holds_no_members_only_record(run_praxis):
    run_praxis("init")
    public = run_praxis("--as", "visitor", "export", "--format", "nq").stdout
    everything = run_praxis("export", "--format", "nq").stdout
    assert b"/graph/members>" not in public and b"/graph/restricted>" not in public
    assert b"/graph/members>" in everything and b"/graph/restricted>" in everything
    asked = run_praxis("--as", "visitor", "export", "--format", "nq", "--visibility", "restricted").stdout
    assert asked == b""


def test_validate_store_conforms_after_init(run_praxis):
    run_praxis("init")
    result = run_praxis("validate")
    assert result.returncode == 0, result.stderr.decode()
    assert b"conforms" in result.stderr


def test_every_command_is_documented_in_the_readme():
    from tests.data import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if f"praxis {name}" not in readme and f"`{name}`" not in readme]
    assert missing == []


def test_bulk_load_fills_an_empty_store_and_refuses_a_full_one(run_praxis, tmp_path):
    run_praxis("init")
    dump = tmp_path / "chapter.nq"
    assert run_praxis("export", "--format", "nq", "-o", str(dump)).returncode == 0
    empty = f"oxigraph:{tmp_path / 'second'}"
    loaded = run_praxis("load", "--bulk", str(dump), store=empty)
    assert loaded.returncode == 0, loaded.stderr.decode()
    assert b"run praxis validate" in loaded.stderr
    assert run_praxis("validate", store=empty).returncode == 0
    again = run_praxis("load", "--bulk", str(dump), store=empty)
    assert again.returncode == 2
