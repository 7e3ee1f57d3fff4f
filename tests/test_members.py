"""Member records: one per nickname, even when several processes write a first lesson at once."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from rdflib import Literal

from graph import practice
from graph.access import Viewer, Visibility
from graph.namespaces import DATA, DCTERMS, PRX, RDF, RDFS, VOCAB
from graph.practice import KEY_NODE, find_member, member_for, member_iri, member_key, own_records
from graph.store import Statement, open_store

ORGANISER = Viewer.organiser()
WRITERS = 8

#: One process: open the served store, wait for the signal, record a first lesson as "Newcomer".
FIRST_LESSON = """
import sys, time
from pathlib import Path
from graph import practice
from graph.access import Viewer
from graph.namespaces import DATA, VOCAB
from graph.store import open_store

url, folder, number = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
store = open_store(url)
lesson = practice.LessonInput(
    title=f"First lesson {number}",
    taught="Writing at the same moment as seven others.",
    tags=(practice.Tag(practice.Stance.SUPPORTS, VOCAB["nvda"]),),
    action=DATA["action-ff2dd6"],
)
(folder / f"ready-{number}").touch()
while not (folder / "go").exists():
    time.sleep(0.002)
print(practice.record_lesson(store, Viewer.member("Newcomer"), lesson))
"""


def lesson(title: str = "A first lesson") -> practice.LessonInput:
    return practice.LessonInput(
        title=title,
        taught="It taught something.",
        tags=(practice.Tag(practice.Stance.SUPPORTS, VOCAB["nvda"]),),
        action=DATA["action-ff2dd6"],
    )


def newcomers(store) -> list:
    rows = store.select("record_members", ORGANISER)
    return [row["member"] for row in rows if str(row["nickname"]).casefold() == "newcomer"]


@pytest.mark.remote
@pytest.mark.xdist_group("served-members")
def test_eight_processes_writing_a_first_lesson_under_one_nickname_make_one_member(
    oxigraph_server, run_praxis, tmp_path
):
    """Issue 16, item 5: eight processes made eight member records, and the member could then
    withdraw only one of their eight lessons."""
    assert run_praxis("init", store=oxigraph_server).returncode == 0
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", FIRST_LESSON, oxigraph_server, str(tmp_path), str(number)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for number in range(WRITERS)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < WRITERS:
        assert time.monotonic() < deadline, "the writers did not start"
        assert all(w.poll() is None for w in writers), [w.stderr.read() for w in writers if w.poll()]
        time.sleep(0.01)
    (tmp_path / "go").touch()  # all eight write at once
    lessons = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
        lessons.append(DATA[out.decode().strip().rsplit("/", 1)[-1]])

    store = open_store(oxigraph_server)
    assert len(newcomers(store)) == 1
    member = Viewer.member("Newcomer")
    for iri in lessons:
        practice.withdraw_lesson(store, member, iri)
        assert practice.get_lesson(store, member, iri).withdrawn


def test_a_member_iri_is_opaque_and_the_same_for_the_same_nickname(seeded):
    first = member_for(seeded, Viewer.member("Newcomer"))
    key = member_key(seeded)
    assert key is not None and len(key) == 64
    assert first == member_iri(key, "newcomer") == member_for(seeded, Viewer.member("  NEWCOMER "))
    assert "newcomer" not in str(first).casefold()
    assert member_iri("another store's key", "newcomer") != first  # nothing links chapters by IRI
    # the key lives in the restricted graph: members and visitors cannot read it
    assert member_key(seeded) == key
    assert seeded.select("member_key", Viewer.member("wren")) == []
    assert seeded.select("member_key", Viewer.visitor()) == []


def test_a_refused_import_writes_no_member_key(store):
    """All or nothing: a CSV import with a new nickname and a problem writes nothing, not even the key."""
    from graph.errors import BadInput
    from graph.io.tables import TableKind, import_table

    before = {str(q) for q in store.quads(ORGANISER)}
    text = "title,action,taught,supports,member\nBad,px:action-000000,x,pxv:nvda,Heron\n"
    with pytest.raises(BadInput):
        import_table(store, text.encode(), kind=TableKind.LESSONS, viewer=ORGANISER, source="l.csv")
    assert {str(q) for q in store.quads(ORGANISER)} == before
    assert member_key(store) is None


def test_a_member_with_duplicate_records_from_before_may_still_withdraw_each_lesson(seeded):
    """Stores written before the fix may hold several records for one nickname."""
    member = Viewer.member("Newcomer")
    lessons = [practice.record_lesson(seeded, member, lesson(f"Lesson {n}")) for n in range(2)]
    new = find_member(seeded, member)
    old = DATA["member-0ld0ld0ld0ld"]
    level = Visibility.MEMBERS
    seeded.write(
        [
            Statement(old, RDF.type, PRX.Member, level),
            Statement(old, RDFS.label, Literal("newcomer"), level),
            Statement(old, PRX.visibility, level.concept, level),
        ],
        viewer=ORGANISER,
    )
    where = practice.get_lesson(seeded, member, lessons[1]).visibility
    seeded.write(
        [Statement(lessons[1], DCTERMS.creator, old, where)],
        removals=[Statement(lessons[1], DCTERMS.creator, new, where)],
        viewer=ORGANISER,
        validate=False,
    )
    assert len(own_records(seeded, member)) == 2
    for iri in lessons:
        practice.withdraw_lesson(seeded, member, iri)
        assert practice.get_lesson(seeded, member, iri).withdrawn
    with pytest.raises(Exception, match="only the lessons you recorded"):
        practice.withdraw_lesson(seeded, Viewer.member("someone else"), lessons[0])


def test_init_makes_the_member_key_before_anyone_writes(run_praxis):
    assert run_praxis("init", "--empty").returncode == 0
    store = open_store(run_praxis.store_url)
    assert member_key(store) is not None
    assert [str(q.subject.value) for q in store.quads(ORGANISER) if q.predicate.value == str(RDF.value)] == [
        str(KEY_NODE)
    ]


def test_writing_a_member_record_that_is_already_there_changes_nothing(seeded):
    """Two processes creating one member write the same statements; the second, validated
    after the first was saved, was refused ("A member needs exactly one nickname"): the store
    gives a plain literal back as an xsd:string one, which rdflib held to be another value."""
    from graph.practice import ensure_member_key, member_statements

    iri, statements = member_statements("Newcomer", key=ensure_member_key(seeded))
    seeded.write(statements, viewer=Viewer.member("Newcomer"))
    seeded.write(statements, viewer=Viewer.member("Newcomer"))  # another process, a moment later
    assert newcomers(seeded) == [iri]
