"""Backups hold every named graph; restoring one into an empty store gives the same dataset."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph import practice
from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed, PraxisError
from graph.io.backup_schedule import backup_now, last_good
from graph.io.backups import BackupFormat, backup, restore
from graph.namespaces import VOCAB
from graph.store import from_ox, open_store

ORGANISER = Viewer.organiser()


def dataset(store) -> dict[URIRef, Graph]:
    """The store's named graphs as rdflib graphs (blank nodes compared up to renaming)."""
    found: dict[URIRef, Graph] = {}
    for quad in store.quads(ORGANISER):
        graph = found.setdefault(URIRef(quad.graph_name.value), Graph())
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return found


def assert_same(first, second) -> None:
    """The same dataset: the same named graphs, each isomorphic to its counterpart."""
    one, other = dataset(first), dataset(second)
    assert set(one) == set(other) == {level.graph for level in Visibility}
    for name in one:
        assert len(one[name]) == len(other[name]) and isomorphic(one[name], other[name]), name


@pytest.fixture
def lived_in(seeded):
    """The seed plus what a chapter adds: a members-only lesson, an edit, an assessment (audit log too)."""
    action = practice.ActionInput(
        "Sit-in at the housing office", dt.date(2025, 4, 1), methods=(VOCAB["sit-in"],)
    )
    lesson = practice.LessonInput(
        title="Outside pressure mattered",
        taught="The calls from outside won the meeting.",
        tags=(practice.Tag(practice.Stance.SUPPORTS, VOCAB["nvda"]),),
    )
    wren = Viewer.member("wren")
    iri = practice.record_lesson(seeded, wren, lesson, action=action)
    practice.edit_lesson(
        seeded, wren, iri, practice.LessonInput(**{**lesson.__dict__, "title": "Pressure won"})
    )
    saved = practice.get_lesson(seeded, wren, iri)
    practice.record_assessment(
        seeded, wren, practice.AssessmentInput(saved.action, VOCAB["indicator-goal-attainment"], 1)
    )
    return seeded


@pytest.mark.parametrize("fmt", list(BackupFormat), ids=lambda f: f.value)
def test_restore_into_an_empty_store_gives_an_isomorphic_dataset(lived_in, fmt):
    made = backup(lived_in, fmt=fmt)
    fresh = open_store("memory:")
    report = restore(fresh, made.data, source=f"backup.{fmt.value}")
    assert report.added == made.statements == len(list(lived_in.quads(ORGANISER)))
    assert report.warnings == ()  # the header states the count
    assert_same(lived_in, fresh)
    assert fresh.generation == 1  # pages holding the store refresh their caches


def test_format_is_recognised_without_a_file_name(lived_in):
    fresh = open_store("memory:")
    restore(fresh, backup(lived_in, fmt=BackupFormat.TRIG).data, source="upload")
    assert_same(lived_in, fresh)


def test_restore_refuses_a_store_that_holds_data(lived_in, store):
    before = {str(q) for q in store.quads(ORGANISER)}
    with pytest.raises(PraxisError, match="already holds data"):
        restore(store, backup(lived_in).data)
    assert {str(q) for q in store.quads(ORGANISER)} == before


def test_restore_refuses_what_is_not_a_praxis_backup():
    fresh = open_store("memory:")
    with pytest.raises(BadInput, match="outside the public, members and restricted graphs"):
        restore(fresh, b"<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n", source="x.nq")
    with pytest.raises(BadInput, match=r"x\.nq, line 1: this is not a readable backup"):
        restore(fresh, b"<https://e.org/a> broken\n", source="x.nq")
    assert fresh.is_empty()


def test_only_organisers_back_up_and_restore(seeded):
    with pytest.raises(NotAllowed):
        backup(seeded, viewer=Viewer.member("wren"))
    with pytest.raises(NotAllowed):
        restore(open_store("memory:"), b"", viewer=Viewer.member("wren"))


def test_backup_and_restore_commands(run_praxis, tmp_path):
    assert run_praxis("init").returncode == 0
    result = run_praxis("backup", "-o", str(tmp_path / "chapter.nq"))
    assert result.returncode == 0, result.stderr
    other = f"oxigraph:{tmp_path / 'other'}"
    result = run_praxis("restore", str(tmp_path / "chapter.nq"), store=other)
    assert result.returncode == 0, result.stderr
    assert b"Restored" in result.stderr
    again = run_praxis("restore", str(tmp_path / "chapter.nq"), store=other)
    assert again.returncode == 2 and b"already holds data" in again.stderr
    original, restored = open_store(run_praxis.store_url), open_store(other)
    assert_same(original, restored)


# ------------------------------------------------------------------ a backup always restores
HUGE = '<https://w3id.org/praxis/id/r> <http://purl.org/dc/terms/abstract> "{value}" <{graph}> .\n'


def lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def test_a_member_cannot_make_backups_unrestorable_with_a_17_mb_abstract(seeded, tmp_path):
    """Issue 16, item 3: the CSL-JSON importer (open to members) stored a 17 MB abstract, and
    no backup of the store could be restored again (the engine's parser stops at 16 MiB)."""
    from graph.io.csljson import import_csljson

    before = backup(seeded).data.split(b"\n", 1)[1]
    item = {"type": "book", "title": "Very long", "abstract": "word " * (17 * 2**20 // 5)}
    with pytest.raises(BadInput, match=r"big\.json, line 1: the field abstract is 17\.0 MiB"):
        import_csljson(seeded, json.dumps([item]).encode(), viewer=Viewer.member("wren"), source="big.json")
    made = backup(seeded)
    assert made.data.split(b"\n", 1)[1] == before  # nothing was written
    fresh = open_store("memory:")
    assert restore(fresh, made.data).added == made.statements


def test_every_write_path_refuses_a_value_over_the_limit_naming_record_and_field(seeded):
    from graph.namespaces import DATA, DCTERMS
    from graph.store import MAX_VALUE_BYTES, Statement, ValueTooLarge, to_ox

    big = "x" * (MAX_VALUE_BYTES + 1)
    before = {str(q) for q in seeded.quads(ORGANISER)}
    reading = DATA["reading-huge"]
    statement = Statement(reading, DCTERMS.abstract, Literal(big))
    with pytest.raises(ValueTooLarge, match=r"px:reading-huge, field dct:abstract: the value is 1\.0 MiB"):
        seeded.write([statement], viewer=ORGANISER)
    with pytest.raises(ValueTooLarge, match="px:reading-huge, field dct:abstract"):
        seeded.add_quads([statement.quad()], viewer=ORGANISER, validate=False)
    with pytest.raises(ValueTooLarge, match=r"px:lesson-\w+, field prx:evidence"):
        practice.record_lesson(
            seeded,
            Viewer.member("wren"),
            practice.LessonInput(
                title="Long",
                taught="x",
                evidence=big,
                tags=(practice.Tag(practice.Stance.SUPPORTS, VOCAB["nvda"]),),
                action=URIRef(str(DATA["action-ff2dd6"])),
            ),
        )
    long_iri = ox.NamedNode("https://example.org/" + "a" * MAX_VALUE_BYTES)
    with pytest.raises(ValueTooLarge, match=r"the IRI \(object\) is 1\.0 MiB"):
        seeded.add_quads(
            [ox.Quad(to_ox(reading), to_ox(DCTERMS.source), long_iri, to_ox(Visibility.PUBLIC.graph))],
            viewer=ORGANISER,
        )
    assert {str(q) for q in seeded.quads(ORGANISER)} == before


@pytest.mark.parametrize("fmt", list(BackupFormat), ids=lambda f: f.value)
def test_the_largest_value_accepted_restores_even_when_escaping_makes_it_six_times_longer(store, fmt):
    """1 MiB of control characters is written as 6 MiB (\\u0001 each): still under 16 MiB."""
    from graph.namespaces import DATA, DCTERMS
    from graph.store import MAX_VALUE_BYTES, Statement, ValueTooLarge

    reading = DATA["reading-largest"]
    store.write([Statement(reading, DCTERMS.abstract, Literal("\x01" * MAX_VALUE_BYTES))], viewer=ORGANISER)
    made = backup(store, fmt=fmt)
    assert len(made.data) > 6 * MAX_VALUE_BYTES
    fresh = open_store("memory:")
    restore(fresh, made.data, source=f"b.{fmt.value}")
    assert {str(q) for q in fresh.quads(ORGANISER)} == {str(q) for q in store.quads(ORGANISER)}
    title = Literal("é" * (MAX_VALUE_BYTES // 2 + 1))  # one byte too many
    with pytest.raises(ValueTooLarge):
        store.write([Statement(reading, DCTERMS.title, title)], viewer=ORGANISER)


def test_a_backup_cut_at_a_line_boundary_is_refused_and_changes_nothing(lived_in):
    """Issue 16, item 3: a backup cut at a line boundary restored half the data with exit 0."""
    made = backup(lived_in)
    kept = lines(made.data)[: len(lines(made.data)) // 2]
    fresh = open_store("memory:")
    with pytest.raises(BadInput, match=r"cut\.nq: the backup's first line says it holds [\d,]+ statements"):
        restore(fresh, b"".join(kept), source="cut.nq")
    assert fresh.is_empty()
    extra = made.data + lines(made.data)[1].replace(
        b"<https://w3id.org/praxis/id/", b"<https://w3id.org/praxis/id/x"
    )
    with pytest.raises(BadInput, match="but it holds"):
        restore(fresh, extra, source="edited.nq")
    assert fresh.is_empty()


def test_an_old_backup_without_a_count_restores_with_a_warning(lived_in):
    made = backup(lived_in)
    headless = made.data.split(b"\n", 1)[1]
    fresh = open_store("memory:")
    report = restore(fresh, headless, source="old.nq")
    assert report.added == made.statements
    assert "does not state how many statements" in str(report.warnings[0])
    assert_same(lived_in, fresh)


def test_a_value_over_the_engines_limit_in_a_backup_is_a_message_not_a_memoryerror():
    from graph.store import ValueTooLarge

    huge = HUGE.format(value="a" * (17 * 2**20), graph=Visibility.PUBLIC.graph)
    fresh = open_store("memory:")
    with pytest.raises(ValueTooLarge, match=r"huge\.nq, line 2: a value in this file is over 16 MiB"):
        restore(fresh, b"# Praxis graph backup of x, t, 1 statements.\n" + huge.encode(), source="huge.nq")
    assert fresh.is_empty()


def test_a_store_holding_an_oversized_value_is_backed_up_only_when_asked_to_shorten(store):
    """A store written before the limit may hold a larger value: no unrestorable backup."""
    from graph.namespaces import DATA, DCTERMS
    from graph.store import MAX_VALUE_BYTES, Statement, ValueTooLarge

    old = Statement(DATA["reading-old"], DCTERMS.abstract, Literal("é" * MAX_VALUE_BYTES))
    store.load_trusted([old.quad()])  # as a store written before the check holds it
    with pytest.raises(ValueTooLarge, match=r"px:reading-old, field dct:abstract.*praxis backup --shorten"):
        backup(store)
    made = backup(store, shorten=True)
    assert made.shortened == ("px:reading-old, field dct:abstract: cut from 2.0 MiB to 1 MiB",)
    fresh = open_store("memory:")
    restore(fresh, made.data)
    abstract = next(
        q.object.value for q in fresh.quads(ORGANISER) if q.predicate.value == str(DCTERMS.abstract)
    )
    assert abstract == "é" * (MAX_VALUE_BYTES // 2)


def test_restore_and_bulk_load_commands_refuse_a_cut_backup_with_a_message(run_praxis, tmp_path):
    assert run_praxis("init", "--empty").returncode == 0
    assert run_praxis("backup", "-o", str(tmp_path / "whole.nq")).returncode == 0
    whole = (tmp_path / "whole.nq").read_bytes()
    (tmp_path / "cut.nq").write_bytes(b"".join(lines(whole)[: len(lines(whole)) // 2]))
    for command in (("restore",), ("load", "--bulk")):
        other = f"oxigraph:{tmp_path / ('other-' + command[0])}"
        result = run_praxis(*command, str(tmp_path / "cut.nq"), store=other)
        assert result.returncode == 2, result.stderr
        assert b"says it holds" in result.stderr and b"Traceback" not in result.stderr
        assert json.loads(run_praxis("stats", "--format", "json", store=other).stdout)["statements"] == 0
        assert run_praxis(*command, str(tmp_path / "whole.nq"), store=other).returncode == 0


def test_the_commands_turn_a_value_over_the_engine_limit_into_a_message(run_praxis, tmp_path):
    huge = tmp_path / "huge.nq"
    huge.write_text(HUGE.format(value="a" * (17 * 2**20), graph=Visibility.PUBLIC.graph))
    for command in (("restore",), ("load", "--bulk"), ("load",)):
        result = run_praxis(*command, str(huge), store=f"oxigraph:{tmp_path / command[-1]}")
        assert result.returncode == 2
        assert b"huge.nq, line 1: a value in this file is over 16 MiB" in result.stderr, result.stderr
        assert b"Traceback" not in result.stderr and b"MemoryError" not in result.stderr


def test_backups_and_exports_are_created_readable_by_their_owner_only(run_praxis, tmp_path):
    """Issue 16, item 5: backups were written world-readable (umask 022 gave 0644)."""
    old_mask = os.umask(0o022)
    try:
        assert run_praxis("init", "--empty").returncode == 0
        (tmp_path / "old.nq").write_bytes(b"an older file, readable by all")
        os.chmod(tmp_path / "old.nq", 0o644)
        for name in ("chapter.nq", "chapter.trig", "old.nq"):
            result = run_praxis("backup", "-o", str(tmp_path / name))
            assert result.returncode == 0, result.stderr
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
        result = run_praxis("export", "--format", "trig", "-o", str(tmp_path / "all.trig"))
        assert result.returncode == 0 and stat.S_IMODE((tmp_path / "all.trig").stat().st_mode) == 0o600
        assert not list(tmp_path.glob(".*.part"))  # no temporary file left behind
    finally:
        os.umask(old_mask)


def test_the_store_folder_is_created_for_its_owner_only(tmp_path):
    """Issue 16, item 5: the store folder (and .praxis/) were readable by other local users."""
    old_mask = os.umask(0o022)
    try:
        result = subprocess.run(
            [str(Path(sys.executable).parent / "praxis"), "init", "--empty"],
            cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if k != "PRAXIS_STORE"},
            capture_output=True,
        )
        assert result.returncode == 0, result.stderr
        for folder in (tmp_path / ".praxis", tmp_path / ".praxis" / "store"):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        older = tmp_path / "older"
        older.mkdir(mode=0o755)
        opened = open_store(f"oxigraph:{older}")
        del opened
        assert stat.S_IMODE(older.stat().st_mode) == 0o700  # an older store is tightened when opened
    finally:
        os.umask(old_mask)


# ----------------------------------------------------------------- scheduled, verified backups


def test_a_scheduled_backup_is_verified_named_by_its_time_and_only_the_newest_are_kept(seeded, tmp_path):
    folder = tmp_path / "backups"
    made = [backup_now(seeded, folder, keep=2) for _ in range(3)]
    assert sorted(path.name for path in folder.iterdir()) == sorted(done.path.name for done in made[1:])
    assert last_good(folder)[0] == made[-1].path
    assert made[-1].statements == len(list(seeded.quads(ORGANISER)))
    restored = open_store("memory:")
    restore(restored, made[-1].path.read_bytes())
    assert_same(seeded, restored)


def test_the_data_page_shows_the_last_good_backup_and_warns_when_it_is_two_days_old(
    app_store, tmp_path, monkeypatch
):
    from tests.conftest import page_runner

    folder = tmp_path / "backups"
    folder.mkdir()
    monkeypatch.setenv("PRAXIS_BACKUP_DIR", str(folder))
    run = page_runner()
    assert any("No good scheduled backup yet" in w.value for w in run("data").warning)

    from explorer import state

    backup_now(state.store(), folder)  # the store the page holds open
    fresh = run("data")
    assert any("Last good backup" in s.value for s in fresh.success) and not fresh.warning

    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    for path in folder.glob("praxis-*.nq"):
        path.rename(folder / f"praxis-{old:%Y%m%dT%H%M%SZ}.nq")
    stale = run("data")
    assert any("3 days ago" in w.value and "more than two days old" in w.value for w in stale.warning)


@pytest.mark.remote
def test_killing_the_server_mid_backup_keeps_the_previous_backup_and_the_next_one_succeeds(
    tmp_path, seed_quads
):
    from tests.conftest import free_port
    from tests.test_serve import children, environment, gone, serving, wait_until

    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    store.load_trusted(seed_quads)
    del store
    folder = tmp_path / "backups"
    # a backup every 1.4 s, so that the next one starts soon after the first
    env = environment(tmp_path, PRAXIS_BACKUP_DIR=str(folder), PRAXIS_BACKUP_HOURS="0.0004")
    args = ("--no-explorer", "--store-port", str(free_port()))
    with serving(tmp_path, *args, env=env) as process:
        wait_until(lambda: last_good(folder) is not None, 60, "the first backup")
        previous = last_good(folder)[0]
        kept = previous.read_bytes()
        # the next backup is under way while its hidden .partial file exists: kill the server then
        wait_until(lambda: any(folder.glob(".praxis-*.partial.nq")), 60, "the next backup to start")
        (server_pid,) = children(process.pid)
        process.kill()
        process.wait()
    # its server dies with it (a parent-death signal), a moment later: until then open_store would
    # connect to it. The store is free once every thread of the server has ended (/proc's cmdline
    # reads empty sooner, and its main thread can be a zombie while the others hold RocksDB's lock)
    wait_until(lambda: gone(server_pid), 30, "the store server to end with its parent")
    assert previous.read_bytes() == kept
    assert last_good(folder)[0] == previous  # the cut-short backup is not taken for a good one
    original = open_store(f"oxigraph:{tmp_path / 'store'}")
    assert original.url.startswith("oxigraph:")  # this process's own, not the server's
    restored = open_store("memory:")
    restore(restored, kept)
    assert_same(original, restored)
    del original

    with serving(tmp_path, *args, env=env):
        wait_until(lambda: last_good(folder)[0] != previous, 60, "the next backup")
        after = last_good(folder)[0]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # the remains were cleared
    again = open_store("memory:")
    restore(again, after.read_bytes())
    assert_same(open_store(f"oxigraph:{tmp_path / 'store'}"), again)


@pytest.mark.parametrize("given", ["daily", "0", "-3", "nan"])
def test_a_backup_schedule_that_is_not_a_positive_number_is_a_message_naming_it(monkeypatch, tmp_path, given):
    from graph.io.backup_schedule import BackupSchedule

    monkeypatch.setenv("PRAXIS_BACKUP_HOURS", given)
    with pytest.raises(PraxisError, match=r"\$PRAXIS_BACKUP_HOURS \(hours between backups\) must be"):
        BackupSchedule("memory:", tmp_path, report=print)


def test_a_failed_backup_whose_failure_cannot_be_noted_is_not_tried_again_at_once(tmp_path):
    """A folder that cannot be written (here a file stands where it should be) fails every
    backup and every note of the failure: the schedule still waits before trying again."""
    from graph.io.backup_schedule import BackupSchedule

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file, not a folder")
    heard: list[str] = []
    schedule = BackupSchedule("memory:", blocked / "backups", hours=1, report=heard.append).start()
    time.sleep(1.0)
    schedule.stop()
    assert len(heard) == 1 and "the scheduled backup failed" in heard[0]
