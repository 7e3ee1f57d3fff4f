"""Who may write what: every write entry point of the library, refused where the table says.

The permission table (:data:`graph.access.PERMISSIONS`) is the one place that says which
role may do what. Each entry point below is called with a visitor, and (when the table
says organisers only) with a member, and must refuse with ``NotAllowed`` before it
touches anything; the store must be unchanged. Every permission of the table is used by
at least one entry point listed here, so the list and the table cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import URIRef

from graph import io, library, practice, programme, strategy, suggest, theory
from graph.access import PERMISSIONS, Permission, Role, Viewer, allowed
from graph.errors import NotAllowed
from graph.library import duplicates
from graph.namespaces import DATA, VOCAB
from graph.programme import agenda

LESSON = DATA["lesson-rent-strike-taught-patience"]
CLAIM = DATA["claim-structurelessness-hides-power"]
ACTION = DATA["action-rent-strike-2024"]
CAMPAIGN = DATA["campaign-housing"]
READING = DATA["reading-freeman-1972-tyranny-of-structurelessness"]
OTHER = DATA["reading-alinsky-1971-rules-for-radicals"]
TODAY = dt.date(2026, 11, 26)


def _session() -> programme.SessionDraft:
    return programme.SessionDraft("s", TODAY, programme.SessionKind.READING_GROUP)


def _lesson() -> practice.LessonInput:
    tag = practice.Tag(practice.Stance.SUPPORTS, VOCAB["parecon"])
    return practice.LessonInput(title="t", taught="t", tags=(tag,), action=ACTION)


#: (name, permission, call(store, viewer)): every write the library offers.
ENTRY_POINTS = [
    ("create_action", Permission.RECORD_ACTION,
     lambda s, v: practice.create_action(s, v, practice.ActionInput("a", TODAY))),
    ("record_lesson", Permission.RECORD_LESSON, lambda s, v: practice.record_lesson(s, v, _lesson())),
    ("edit_lesson", Permission.CHANGE_LESSON, lambda s, v: practice.edit_lesson(s, v, LESSON, _lesson())),
    ("withdraw_lesson", Permission.CHANGE_LESSON, lambda s, v: practice.withdraw_lesson(s, v, LESSON)),
    ("record_assessment", Permission.RECORD_ASSESSMENT,
     lambda s, v: practice.record_assessment(
         s, v, practice.AssessmentInput(ACTION, VOCAB["indicator-goal-attainment"], 1)
     )),
    ("revise", Permission.REVISE_CLAIM,
     lambda s, v: theory.revise(s, v, CLAIM, text="new", because=[LESSON])),
    ("decide", Permission.DECIDE_CLAIM, lambda s, v: theory.decide(s, v, CLAIM, "contested")),
    ("mark_read", Permission.MARK_READ,
     lambda s, v: suggest.mark_read(s, v, reading=READING, campaign=CAMPAIGN)),
    ("unmark_read", Permission.MARK_READ,
     lambda s, v: suggest.unmark_read(s, v, reading=READING, campaign=CAMPAIGN)),
    ("plan_session", Permission.PLAN_SESSION,
     lambda s, v: programme.plan_session(s, v, _session(), today=TODAY)),
    ("log_session", Permission.PLAN_SESSION,
     lambda s, v: programme.log_session(s, v, _session(), today=TODAY)),
    ("complete_session", Permission.PLAN_SESSION,
     lambda s, v: programme.complete_session(s, v, DATA["session-x"], head_count=3, today=TODAY)),
    ("add_post", Permission.ADD_POST,
     lambda s, v: programme.add_post(s, v, programme.PostDraft("p", TODAY, (VOCAB["parecon"],), text="t"))),
    ("adopt_agreement_version", Permission.ADOPT_AGREEMENT,
     lambda s, v: programme.adopt_agreement_version(s, v, name="n", statement="t", adopted=TODAY)),
    ("import_bibtex", Permission.IMPORT_READINGS, lambda s, v: io.import_bibtex(s, b"@book{", viewer=v)),
    ("import_csljson", Permission.IMPORT_READINGS, lambda s, v: io.import_csljson(s, b"[", viewer=v)),
    ("import_table readings", Permission.IMPORT_READINGS,
     lambda s, v: io.import_table(s, b"x", kind=io.TableKind.READINGS, viewer=v)),
    ("import_table lessons", Permission.IMPORT_RECORDS,
     lambda s, v: io.import_table(s, b"x", kind=io.TableKind.LESSONS, viewer=v)),
    ("run_import rdf", Permission.IMPORT_RDF,
     lambda s, v: io.run_import(s, io.ImportKind.RDF, b"x", viewer=v, source="x.ttl")),
    ("import_skos", Permission.IMPORT_THESAURUS, lambda s, v: io.import_skos(s, b"x", viewer=v)),
    ("accept_match", Permission.REVIEW_MATCHES,
     lambda s, v: io.accept_match(s, v, VOCAB["parecon"], URIRef("http://e/x"))),
    ("reject_match", Permission.REVIEW_MATCHES,
     lambda s, v: io.reject_match(s, v, VOCAB["parecon"], URIRef("http://e/x"))),
    ("import_navco", Permission.IMPORT_DATASET, lambda s, v: io.import_navco(s, "navco.csv", viewer=v)),
    ("add_indicator", Permission.MANAGE_INDICATORS,
     lambda s, v: strategy.add_indicator(s, v, label="New", definition="d")),
    ("describe_indicator", Permission.MANAGE_INDICATORS,
     lambda s, v: strategy.describe_indicator(s, v, VOCAB["indicator-goal-attainment"], label="x")),
    ("retire_indicator", Permission.MANAGE_INDICATORS,
     lambda s, v: strategy.retire_indicator(s, v, VOCAB["indicator-goal-attainment"])),
    ("set_principles", Permission.MANAGE_INDICATORS,
     lambda s, v: strategy.set_principles(s, v, VOCAB["indicator-goal-attainment"], [])),
    ("init_store", Permission.INIT, lambda s, v: io.init_store(s, viewer=v)),
    ("backup", Permission.BACKUP, lambda s, v: io.backup(s, viewer=v)),
    ("restore", Permission.RESTORE, lambda s, v: io.restore(s, b"x", viewer=v)),
    ("store.restore", Permission.RESTORE, lambda s, v: s.restore([], viewer=v)),
    ("store.bulk_load", Permission.BULK_LOAD, lambda s, v: s.bulk_load(Path("backup.nq"), viewer=v)),
    ("store.clear", Permission.CLEAR, lambda s, v: s.clear(viewer=v)),
    ("store.changes", Permission.READ_AUDIT_LOG, lambda s, v: s.changes(v)),
    ("add_reading", Permission.ADD_READING,
     lambda s, v: library.add_reading(s, v, library.ReadingDraft("t"))),
    ("edit_reading", Permission.EDIT_READING,
     lambda s, v: library.edit_reading(s, v, READING, library.ReadingDraft("t"))),
    ("tag_reading", Permission.CATALOGUE_READING,
     lambda s, v: library.tag_reading(s, v, READING, [VOCAB["nvda"]])),
    ("merge_readings", Permission.MERGE_READINGS,
     lambda s, v: duplicates.merge_readings(s, v, READING, OTHER)),
    ("link_editions", Permission.MERGE_READINGS,
     lambda s, v: duplicates.link_editions(s, v, READING, OTHER)),
    ("mark_different", Permission.MERGE_READINGS,
     lambda s, v: duplicates.mark_different(s, v, READING, OTHER)),
    ("set_agenda", Permission.PLAN_SESSION,
     lambda s, v: agenda.set_agenda(s, v, DATA["session-9c92d4"], [])),
]  # fmt: skip

REFUSALS = [
    pytest.param(call, viewer, id=f"{name}-{viewer.role.value}")
    for name, permission, call in ENTRY_POINTS
    for viewer in (Viewer.visitor(), Viewer.member("wren"))
    if not allowed(viewer, permission)
]


@pytest.mark.parametrize(("call", "viewer"), REFUSALS)
def test_each_write_refuses_whom_the_table_refuses(seeded, call, viewer):
    before = seeded.generation, seeded.stats(Viewer.organiser())
    with pytest.raises(NotAllowed):
        call(seeded, viewer)
    assert (seeded.generation, seeded.stats(Viewer.organiser())) == before


def test_every_permission_has_an_entry_point_and_a_least_role():
    assert {permission for _, permission, _ in ENTRY_POINTS} == set(Permission) == set(PERMISSIONS)
    assert all(PERMISSIONS[p] in (Role.MEMBER, Role.ORGANISER) for p in Permission)  # visitors write nothing


def test_organisers_may_do_everything_and_visitors_nothing():
    for permission in Permission:
        assert allowed(Viewer.organiser(), permission)
        assert not allowed(Viewer.visitor(), permission)


def test_the_store_refuses_a_level_the_role_may_not_write(seeded):
    from graph.access import Visibility
    from graph.store import Statement

    secret = Statement(DATA["x"], DATA["p"], DATA["y"], Visibility.RESTRICTED)
    with pytest.raises(NotAllowed, match="member may not write restricted"):
        seeded.write([secret], viewer=Viewer.member("wren"))
