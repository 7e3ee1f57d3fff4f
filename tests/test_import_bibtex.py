"""BibTeX import: readings with authors, identifiers, concepts; duplicates merged; all or nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess

import pytest

from graph.access import Viewer
from graph.errors import BadInput
from graph.io.bibtex import import_bibtex
from graph.io.readings import UNCATALOGUED
from graph.namespaces import BIBO, DATA, DCTERMS, PRX, VOCAB
from graph.store import open_store
from tests.conftest import BIN
from tests.data import SHARED, SHARED_REASON

ORGANISER = Viewer.organiser()
CHANGE = SHARED / "change-references.bib"


def snapshot(store) -> set[str]:
    return {str(quad) for quad in store.quads(ORGANISER)}


def values(store, reading, predicate) -> list:
    rows = store.select("record_table", ORGANISER, **{"class": PRX.Reading})
    return sorted(str(r["o"]) for r in rows if r["record"] == reading and r["p"] == predicate)


def run(store, text: str, **options):
    return import_bibtex(store, text.encode("utf-8"), viewer=ORGANISER, source="test.bib", **options)


@pytest.mark.shared
@pytest.mark.skipif(not CHANGE.exists(), reason=SHARED_REASON)
def test_change_references_imports_whole(store):
    report = import_bibtex(store, CHANGE.read_bytes(), viewer=ORGANISER, source=CHANGE.name)
    assert (report.added, report.merged) == (19, 0)
    isbn = [w for w in report.warnings if "ISBN" in w.message]
    assert [(w.line, "14 digits" in w.message) for w in isbn] == [(144, True)]  # Tufekci's ISBN
    tufekci = DATA["reading-tufekci-2018-twitter"]
    assert values(store, tufekci, BIBO.isbn13) == []
    assert values(store, tufekci, PRX.authors) == ["Zeynep Tufekci"]
    assert values(store, tufekci, DCTERMS.publisher) == ["Yale University Press"]
    assert values(store, DATA["reading-bueno-de-mesquita-2022-dictator"], PRX.authors) == [
        "Bruce Bueno de Mesquita; Alastair Smith"
    ]
    assert values(store, DATA["reading-kent-2022-recommendations"], PRX.authors) == [
        "Brianne A. Kent; et al."
    ]
    assert values(store, DATA["reading-bauer-2015-introduction"], BIBO.doi) == ["10.1186/s40359-015-0089-9"]
    assert values(store, DATA["reading-alinsky-1989-rules"], BIBO.isbn13) == ["9780679721130"]
    assert values(store, tufekci, DCTERMS.subject) == [UNCATALOGUED]  # no keywords in this file
    assert store.validate() == []
    again = import_bibtex(store, CHANGE.read_bytes(), viewer=ORGANISER, source=CHANGE.name)
    assert (again.added, again.merged, again.statements) == (0, 19, 0)


def test_keywords_that_name_concepts_become_concepts(store):
    run(
        store,
        "@article{x, title={On Racism}, author={Ng, Mai}, year=2020, journal={Left Review},\n"
        "  keywords={Racism; non-violent direct action, oral history}, doi={https://doi.org/10.1000/ABC}}",
    )
    reading = DATA["reading-ng-2020-racism"]
    assert values(store, reading, PRX.discusses) == [str(VOCAB["nvda"]), str(VOCAB["racism"])]
    assert values(store, reading, DCTERMS.subject) == ["oral history"]
    assert values(store, reading, BIBO.doi) == ["10.1000/abc"]
    assert values(store, reading, PRX.journal) == ["Left Review"]


def test_duplicates_in_the_file_are_merged_by_doi_isbn_and_title(store):
    report = run(
        store,
        """
@book{a, title={Parecon}, author={Albert, Michael}, year=2003, isbn={185984698X}}
@book{b, title={Parecon: the sequel}, year=2003, isbn={978-1-85984-698-8}, publisher={Verso}}
@article{c, title={One}, year=2001, doi={10.1000/one}}
@article{d, title={One, again}, year=2001, doi={doi:10.1000/ONE}, abstract={Kept from the second.}}
@misc{e, title={The  Same Title!}, year=2010}
@misc{f, title={the same title}, year=2010, url={https://example.org/same}}
""",
    )
    assert (report.added, report.merged) == (3, 3)
    parecon = DATA["reading-albert-2003-parecon"]
    assert values(store, parecon, DCTERMS.publisher) == ["Verso"]  # filled in from the duplicate
    assert values(store, parecon, BIBO.isbn13) == ["9781859846988"]
    assert values(store, parecon, DCTERMS.title) == ["Parecon"]  # the first title stays
    assert values(store, DATA["reading-anon-2001-one"], DCTERMS.abstract) == ["Kept from the second."]


def test_duplicates_of_stored_readings_are_merged_into_them(seeded):
    before = values(seeded, DATA["reading-albert-2003-parecon"], BIBO.doi)
    report = import_bibtex(
        seeded,
        b"@book{p, title={Parecon: Life After Capitalism}, year=2003, doi={10.9999/parecon},"
        b" isbn={9781859846988}}",
        viewer=ORGANISER,
        source="p.bib",
    )
    assert (report.added, report.merged) == (0, 1)
    assert before == [] and values(seeded, DATA["reading-albert-2003-parecon"], BIBO.doi) == [
        "10.9999/parecon"
    ]


def test_a_wrong_isbn_is_a_warning_and_the_entry_is_kept(store):
    report = run(store, "@book{z,\n  title={Checked},\n  year=1999,\n  isbn={9780679721131}\n}\n")
    assert report.added == 1
    assert any(w.line == 1 and "wrong check digit" in w.message for w in report.warnings)
    assert values(store, DATA["reading-anon-1999-checked"], BIBO.isbn13) == []


def test_an_entry_without_a_title_refuses_the_file(store):
    before = snapshot(store)
    with pytest.raises(BadInput, match=r"test.bib, line 2: the entry has no title"):
        run(store, "@book{ok, title={Fine}, year=2000}\n@book{bad, year=2000}\n")
    assert snapshot(store) == before


def test_a_truncated_file_reports_where_and_changes_nothing(store):
    text = "@book{a, title={Fine}, year=2000}\n\n@book{b,\n  title = {Cut off in the mid"
    before = snapshot(store)
    with pytest.raises(BadInput, match=r"line 3: this entry is not finished"):
        run(store, text)
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "the file is empty"), (b"just some words", "no BibTeX entries"), (b"\xff\xfe@book", "not UTF-8")],
)
def test_files_that_are_not_bibtex_are_refused(store, data, message):
    with pytest.raises(BadInput, match=message):
        import_bibtex(store, data, viewer=ORGANISER, source="x.bib")


def test_an_import_cancelled_halfway_leaves_the_store_as_it_was(store):
    before = snapshot(store)

    def cancel(fraction: float, text: str) -> None:
        if fraction >= 0.6:
            raise KeyboardInterrupt("stopped by the test")

    text = "\n".join(f"@book{{k{n}, title={{Book {n}}}, year=2000}}" for n in range(50))
    with pytest.raises(KeyboardInterrupt):
        run(store, text, progress=cancel)
    assert snapshot(store) == before


def big_bibliography(path, entries: int) -> None:
    path.write_text(
        "\n".join(
            f"@book{{k{n}, title={{A book numbered {n}}}, author={{Writer, Number{n}}},"
            f" year={1900 + n % 120}, keywords={{racism, topic {n}}}}}"
            for n in range(entries)
        ),
        encoding="utf-8",
    )


def test_an_import_killed_mid_write_leaves_the_store_whole(tmp_path, ontology_quads):
    """A real process, killed (SIGKILL) once it starts checking and saving: all or nothing."""
    url = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(url)
    store.load_trusted(ontology_quads)
    before = snapshot(store)
    del store
    big_bibliography(tmp_path / "big.bib", 3000)
    process = subprocess.Popen(
        [str(BIN / "praxis"), "import", "bibtex", str(tmp_path / "big.bib")],
        env={**os.environ, "PRAXIS_STORE": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    for line in process.stderr:
        seen.append(line)
        if "checking and saving" in line:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=120)
    assert any("checking and saving" in line for line in seen), seen
    after = open_store(url)
    readings = len(after.select("import_reading_keys", ORGANISER))
    assert readings in (0, 3000)  # never half
    if readings == 0:
        assert snapshot(after) == before
    assert after.validate() == []


def test_the_command_prints_a_json_report(run_praxis, tmp_path):
    assert run_praxis("init", "--empty").returncode == 0
    (tmp_path / "one.bib").write_text("@book{a, title={Fine}, year=2000, isbn={123}}", encoding="utf-8")
    result = run_praxis("import", "bibtex", str(tmp_path / "one.bib"))
    assert result.returncode == 0, result.stderr
    [report] = json.loads(result.stdout)
    assert report["added"] == 1 and report["warnings"][0].startswith("line 1: the ISBN 123 has 3 digits")
    assert b"100% done" in result.stderr
    (tmp_path / "cut.bib").write_text("@book{a, title={Fin", encoding="utf-8")
    result = run_praxis("import", "bibtex", str(tmp_path / "cut.bib"))
    assert result.returncode == 2 and b"cut.bib, line 1" in result.stderr


# ------------------------------------------------------------------ cut files and huge fields
ABSTRACT = "Direct action gets the goods; organising beats mobilising. "


def entry(abstract: str, key: str = "big") -> str:
    return f"@book{{{key},\n  title = {{Big}},\n  year = 2020,\n  abstract = {{{abstract}}}\n}}\n"


@pytest.mark.parametrize("ending", ["@book", "@book\n", "@book  \n\n", "@article\n% a comment\n"])
def test_a_file_cut_right_after_at_book_is_refused_with_its_line(store, ending):
    """Issue 16, item 5: bibtexparser skipped a bare "@book" without a word, and the import exited 0."""
    before = snapshot(store)
    with pytest.raises(BadInput, match=r"test\.bib, line 3: @(book|article) is not followed by \{ or \("):
        run(store, "@book{a, title={Fine}, year=2000}\n\n" + ending)
    assert snapshot(store) == before


@pytest.mark.parametrize(
    "cut", ["@book{b,\n", "@book{b,\n  title = {Cut", '@book{b,\n  title = "Cut', "@book(b,\n  title = {x}"]
)
def test_a_file_cut_mid_entry_is_refused_with_the_entrys_line(store, cut):
    before = snapshot(store)
    with pytest.raises(
        BadInput, match=r"test\.bib, line 2: this entry is not finished: @book.b has no closing"
    ):
        run(store, "@book{a, title={Fine}, year=2000}\n" + cut)
    assert snapshot(store) == before


def test_text_around_entries_and_at_signs_inside_values_are_still_read(store):
    text = (
        "Exported by hand; mail me at someone@example.org.\n"
        "@Comment without braces is a comment too\n"
        '@comment{ a {nested} comment with a " quote }\n'
        '@book{a, title = "The {"}best{"} @ home, (really)", year = 2000}\n'
        "@string(press = {Verso})\n"
        "@book(b, title = {Second (paren) entry}, publisher = press, year = 2001)\n"
    )
    report = run(store, text)
    assert report.added == 2


def test_a_field_over_the_value_limit_is_refused_before_parsing_with_its_line(store):
    """Issue 16, item 3: a 50 MB field took bibtexparser over ten minutes; now it is refused at once."""
    import time

    before = snapshot(store)
    text = entry((ABSTRACT * (50_000_000 // len(ABSTRACT)))[:50_000_000])
    started = time.perf_counter()
    with pytest.raises(BadInput, match=r"test\.bib, line 4: the field abstract is 47\.7 MiB of text"):
        run(store, text)
    assert time.perf_counter() - started < 10  # milliseconds here; the parser alone took over ten minutes
    assert snapshot(store) == before


def test_a_1_mb_field_is_read_in_linear_time(store):
    """Issue 16, item 3: a 1 MB field took 18-30 s (pylatexenc grows a string a token at a time:
    quadratic in a run of plain text); in pieces it takes well under a second."""
    import time

    from graph.io.bibtex import parse_bibtex

    abstract = (ABSTRACT * (1_000_000 // len(ABSTRACT) + 1))[:1_000_000]
    started = time.perf_counter()
    (raw,) = parse_bibtex(entry(abstract), source="one.bib")
    assert time.perf_counter() - started < 8  # 0.2 s measured; 30 s before
    assert raw.abstract == " ".join(abstract.split())
    report = run(store, entry(abstract))
    assert report.added == 1


def test_a_long_field_decoded_in_pieces_reads_as_decoded_whole():
    from pylatexenc.latex2text import LatexNodes2Text

    from graph.io.bibtex import CHUNK, parse_bibtex

    rich = r"Sharp's \emph{198 methods} -- ``nonviolent'' action, {\"O}calan on $x^2$ and caf\'e; 50\% "
    abstract = rich * (6 * CHUNK // len(rich))
    (raw,) = parse_bibtex(entry(abstract), source="rich.bib")
    whole = LatexNodes2Text(math_mode="verbatim").latex_to_text(abstract)
    assert raw.abstract == " ".join(whole.split())
