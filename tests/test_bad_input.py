"""Bad input gets a clear message naming the file and line, and changes nothing."""

from __future__ import annotations

import json

import pytest

PREFIXES = """@prefix prx: <https://w3id.org/praxis/ontology#> .
@prefix pxv: <https://w3id.org/praxis/vocab/> .
@prefix px: <https://w3id.org/praxis/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ACTION_AND_MEMBER = """
px:action-aaaaaa a prx:Action ; rdfs:label "Banner drop" ;
    schema:startDate "2025-05-01"^^xsd:date ; prx:visibility prx:MembersOnly .
px:member-bbbbbb a prx:Member ; rdfs:label "kestrel" ; prx:visibility prx:MembersOnly .
"""

LESSON_NO_TARGET = (
    PREFIXES
    + ACTION_AND_MEMBER
    + """
px:lesson-cccccc a prx:Lesson ; rdfs:label "Banners travel" ;
    dct:description "The banner photo was shared widely." ;
    prx:fromAction px:action-aaaaaa ; dct:created "2025-05-02"^^xsd:date ;
    dct:creator px:member-bbbbbb ; prx:visibility prx:MembersOnly .
"""
)

SCORE_OUT_OF_RANGE = (
    PREFIXES
    + ACTION_AND_MEMBER
    + """
px:assessment-dddddd a prx:Assessment ; rdfs:label "Media coverage of the banner drop" ;
    prx:assessedAction px:action-aaaaaa ; prx:indicator pxv:indicator-media-coverage ;
    prx:score 5 ; prx:evidence "Two local papers." ; dct:creator px:member-bbbbbb ;
    dct:created "2025-05-03"^^xsd:date ; prx:visibility prx:MembersOnly .
"""
)

UNKNOWN_TERM = (
    PREFIXES
    + ACTION_AND_MEMBER
    + """
px:lesson-eeeeee a prx:Lesson ; rdfs:label "Typo" ; dct:description "x" ;
    prx:fromAction px:action-aaaaaa ; prx:challanges pxv:capitalism ;
    dct:created "2025-05-02"^^xsd:date ; dct:creator px:member-bbbbbb .
"""
)

UNKNOWN_CLASS = (
    PREFIXES
    + """
px:thing-ffffff a prx:Campain ; rdfs:label "Misspelt class" .
"""
)

CASES = {
    "malformed-turtle": (
        "bad.ttl",
        (PREFIXES + 'px:a rdfs:label "unclosed .\n').encode(),
        b"bad.ttl, line 8",
    ),
    "not-rdf": ("notes.ttl", b"Meeting notes\nWe talked about the picket.\n", b"notes.ttl, line 1"),
    "empty": ("empty.ttl", b"", b"empty.ttl: the file is empty"),
    "not-utf8": (
        "latin1.ttl",
        (PREFIXES + 'px:a rdfs:label "caf\xe9" .\n').encode("latin-1"),
        b"latin1.ttl, line 8",
    ),
    "unknown-property": ("typo.ttl", UNKNOWN_TERM.encode(), b"prx:challanges is not a term"),
    "unknown-class": ("class.ttl", UNKNOWN_CLASS.encode(), b"prx:Campain is not a term"),
    "lesson-without-target": ("lesson.ttl", LESSON_NO_TARGET.encode(), b"at least one concept or claim"),
    "score-out-of-range": ("score.ttl", SCORE_OUT_OF_RANGE.encode(), b"-2"),
    "unknown-extension": ("data.docx", b"hello", b"unknown file type"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_refused_and_store_unchanged(run_praxis, tmp_path, case):
    name, content, message = CASES[case]
    run_praxis("init", "--empty")
    before = json.loads(run_praxis("stats", "--format", "json").stdout)
    path = tmp_path / name
    path.write_bytes(content)
    result = run_praxis("load", str(path))
    assert result.returncode in (1, 2)
    assert message in result.stderr, result.stderr.decode()
    assert name.encode() in result.stderr  # the message names the file
    assert json.loads(run_praxis("stats", "--format", "json").stdout) == before


def test_validation_messages_name_the_line_of_the_record(run_praxis, tmp_path):
    run_praxis("init", "--empty")
    path = tmp_path / "lesson.ttl"
    path.write_text(LESSON_NO_TARGET)
    result = run_praxis("load", str(path))
    expected_line = (
        LESSON_NO_TARGET.splitlines().index(
            next(line for line in LESSON_NO_TARGET.splitlines() if line.startswith("px:lesson-cccccc"))
        )
        + 1
    )
    assert f"lesson.ttl, line {expected_line}: px:lesson-cccccc".encode() in result.stderr


def test_validate_file_exits_1_on_violations_and_0_when_fine(run_praxis, tmp_path):
    run_praxis("init", "--empty")
    bad = tmp_path / "score.ttl"
    bad.write_text(SCORE_OUT_OF_RANGE)
    result = run_praxis("validate", str(bad))
    assert result.returncode == 1
    assert b"px:assessment-dddddd" in result.stderr
    good = tmp_path / "good.ttl"
    good.write_text(PREFIXES + ACTION_AND_MEMBER)
    assert run_praxis("validate", str(good)).returncode == 0
    assert run_praxis("validate", str(tmp_path / "missing.ttl")).returncode == 2


def test_visitor_load_is_refused(run_praxis, tmp_path):
    run_praxis("init", "--empty")
    path = tmp_path / "good.ttl"
    path.write_text(PREFIXES + ACTION_AND_MEMBER)
    result = run_praxis("--as", "visitor", "load", str(path))
    assert result.returncode == 2
    assert b"visitor may not write" in result.stderr


def test_rdfxml_entity_declarations_are_refused(run_praxis, tmp_path):
    run_praxis("init", "--empty")
    path = tmp_path / "bomb.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
    )
    result = run_praxis("load", str(path))
    assert result.returncode == 2
    assert b"bomb.rdf, line 2: RDF/XML with XML entity declarations is refused" in result.stderr


def test_a_50_mb_literal_in_turtle_is_a_message_not_a_traceback(run_praxis, tmp_path):
    """Issue 16, item 3: the engine's parser raised MemoryError and the command printed a traceback."""
    run_praxis("init", "--empty")
    before = json.loads(run_praxis("stats", "--format", "json").stdout)
    path = tmp_path / "huge.ttl"
    path.write_text(PREFIXES + 'px:reading-huge dct:abstract "' + "a" * 50_000_000 + '" .\n')
    result = run_praxis("load", str(path))
    assert result.returncode == 2
    assert b"huge.ttl, line 8: a value in this file is over 16 MiB" in result.stderr, result.stderr
    assert b"at most 1 MiB" in result.stderr
    assert b"Traceback" not in result.stderr and b"MemoryError" not in result.stderr
    assert json.loads(run_praxis("stats", "--format", "json").stdout) == before


def test_a_literal_over_the_limit_names_its_record_field_and_line(run_praxis, tmp_path):
    run_praxis("init", "--empty")
    path = tmp_path / "long.ttl"
    path.write_text(PREFIXES + 'px:reading-long dct:abstract "' + "a" * 2_000_000 + '" .\n')
    result = run_praxis("load", str(path))
    assert result.returncode == 2
    assert b"long.ttl, line 8: px:reading-long, field dct:abstract: the value is 1.9 MiB" in result.stderr


@pytest.mark.parametrize("failure", [MemoryError, RecursionError])
def test_running_out_of_memory_or_depth_is_a_message_from_the_command(tmp_path, monkeypatch, failure):
    """The last net under every command: no MemoryError traceback, whatever raised it."""
    from click.testing import CliRunner

    import graph.io.bibtex
    from graph.cli import main

    def exhausted(*args, **kwargs):
        raise failure()

    monkeypatch.setattr(graph.io.bibtex, "parse_bibtex", exhausted)
    path = tmp_path / "refs.bib"
    path.write_text("@book{a, title={A}}\n")
    result = CliRunner().invoke(main, ["--store", "memory:", "import", "bibtex", str(path)])
    assert result.exit_code == 2
    assert "too large or too deeply nested" in result.output and "Traceback" not in result.output


def _upload_and_import(app, kind: str, name: str, data: bytes):
    kinds = app.selectbox(key="data-import-kind")
    kinds.set_value(next(k for k in kinds.options if kind in k)).run()
    app.get("file_uploader")[0].set_value((name, data, "application/octet-stream"))
    app.run()
    return app.button(key="data-import-go").click().run()


def test_the_data_page_says_a_value_is_over_the_engines_limit(page):
    from graph.access import Viewer

    app = _upload_and_import(
        page("data", Viewer.organiser()),
        "RDF",
        "huge.ttl",
        (PREFIXES + 'px:reading-huge dct:abstract "' + "a" * (17 * 2**20) + '" .\n').encode(),
    )
    assert not app.exception
    errors = " ".join(element.value for element in app.error)
    assert "huge.ttl, line 8: a value in this file is over 16 MiB" in errors.replace("\\", "")


def test_the_data_page_turns_running_out_of_memory_into_a_message(page, monkeypatch):
    from graph import io
    from graph.access import Viewer

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(io, "run_import", exhausted)  # the page imports from the face
    app = _upload_and_import(page("data", Viewer.organiser()), "BibTeX", "refs.bib", b"@book{a, title={A}}\n")
    assert not app.exception
    assert "too large or too deeply nested" in " ".join(element.value for element in app.error)
