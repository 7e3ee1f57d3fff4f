"""CSV templates: download, fill, import all or nothing; export in the same columns."""

from __future__ import annotations

import csv
import io

import pytest

from graph import choices
from graph.access import Viewer, Visibility
from graph.errors import BadInput
from graph.io.export import ExportFormat, export
from graph.io.tables import COLUMNS, TableKind, import_table, table_rows, template
from graph.members import find_member
from graph.namespaces import VOCAB

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
    levels = {a.label: a.visibility for a in choices.actions(store, ORGANISER)}
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
    action = next(a for a in choices.actions(seeded, ORGANISER) if a.visibility is Visibility.MEMBERS)
    report = run(
        seeded,
        TableKind.LESSONS,
        f"title,action,taught,challenges,member\nQuiet lesson,{action.iri},It taught.,pxv:nvda,\n",
        viewer=WREN,
    )
    assert report.added == 1
    [row] = [r for r in choices.lessons(seeded, WREN) if r.title == "Quiet lesson"]
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
        for r in choices.assessments(seeded, ORGANISER)
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
