"""Spreadsheets in and out: CSV templates for readings, actions, lessons, assessments.

One column list per kind (:data:`COLUMNS`) serves three purposes: the template a
person downloads (:func:`template`: the header and one example row), the import
(:func:`import_table`), and the CSV export (:func:`table_rows`, :func:`to_csv`),
so an exported file can be edited and imported again. Cells that hold several
values separate them with "; ". References (a campaign, an action, a concept, an
indicator) may be a label ("Racism"), a short identifier (``pxv:racism``) or a
full IRI. Each reference column has an identifier column beside it (``addresses`` and
``addresses_ids``, ``action`` and ``action_id``): exports write the names a person
reads in the first and the short identifiers in the second, so the file still
imports when two records share a name or a name holds a ";". On import a filled
identifier cell is what counts; a name cell beside it that names other records
refuses the row (edit one, clear the other).

An import is all or nothing: every row is checked, every problem is listed with
its row (the header is row 1) and column, and only a clean file is written, in
one transaction. A missing required column refuses the file before any row is read;
a row with fewer or more cells than the header, or a file cut inside a quoted
cell, refuses it too.

Cells a spreadsheet would run as formulas (``=``, ``+``, ``-``, ``@``, ...) are
written with a leading apostrophe and read back without it
(:mod:`graph.text`), so an export imports again as it was.

>>> [c.name for c in COLUMNS[TableKind.ASSESSMENTS]][:5]
['id', 'action', 'action_id', 'indicator', 'indicator_id']
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from enum import Enum

from rdflib import URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput, ValidationFailed
from graph.io.csv_records import Rows, action_rows, assessment_rows, lesson_rows
from graph.io.reading_input import ReadingType
from graph.io.readings import RawReading, import_readings
from graph.io.report import ImportReport, ImportWarning, Progress, decode, refuse, step
from graph.labels import best_label
from graph.namespaces import BIBO, DCTERMS, PREFIXES, PRX, RDF, RDFS, SDO
from graph.practice import SCORE_LABELS, Stance
from graph.store import MAX_VALUE_BYTES, PraxisStore, ValueTooLarge, check_text, too_large
from graph.text import escape_cell, unescape_cell

__all__ = ["COLUMNS", "Column", "TableKind", "import_table", "table_rows", "template", "to_csv"]


class TableKind(Enum):
    READINGS = "readings"
    ACTIONS = "actions"
    LESSONS = "lessons"
    ASSESSMENTS = "assessments"

    @property
    def cls(self) -> URIRef:
        return {
            "readings": PRX.Reading,
            "actions": PRX.Action,
            "lessons": PRX.Lesson,
            "assessments": PRX.Assessment,
        }[self.value]


@dataclass(frozen=True)
class Column:
    """One column: its name, what goes in it, an example, and the property it exports."""

    name: str
    help: str
    example: str = ""
    required: bool = False
    predicate: URIRef | None = None
    many: bool = False
    ref: bool = False

    @property
    def id_column(self) -> str:
        """The name of the identifier column beside a reference column."""
        return f"{self.name}_ids" if self.many else f"{self.name}_id"


def _with_ids(*columns: Column) -> tuple[Column, ...]:
    """``columns`` with an identifier column after each reference column."""
    out: list[Column] = []
    for column in columns:
        out.append(column)
        if column.ref:
            out.append(
                Column(
                    column.id_column,
                    f"Identifiers of the {column.name} (exports fill them in; when filled they count, "
                    "and the names beside them must agree).",
                    many=column.many,
                )
            )
    return tuple(out)


_ID = Column("id", "Leave empty for a new record (exports fill it in).")
_VIS = Column(
    "visibility", "public, members or restricted; empty: the usual default", predicate=PRX.visibility
)
_SCALE = ", ".join(f"{score:+d} {label}" for score, label in SCORE_LABELS.items())

COLUMNS: dict[TableKind, tuple[Column, ...]] = {
    TableKind.READINGS: _with_ids(
        _ID,
        Column("title", "The title.", "Parecon: Life After Capitalism", True, DCTERMS.title),
        Column("authors", "Given Family; Given Family", "Michael Albert", predicate=PRX.authors),
        Column("year", "YYYY or YYYY-MM-DD", "2003", predicate=DCTERMS.issued),
        Column("type", " | ".join(t.value for t in ReadingType), "book", predicate=RDF.type),
        Column("publisher", "For books.", "Verso", predicate=DCTERMS.publisher),
        Column("journal", "For articles.", predicate=PRX.journal),
        Column("isbn", "ISBN-13 or ISBN-10", "9781859846988"),
        Column("doi", "10.NNNN/...", predicate=BIBO.doi),
        Column("url", "https://...", predicate=SDO.url),
        Column("abstract", "In your own words.", predicate=DCTERMS.abstract),
        Column(
            "concepts",
            "Concepts or claims it discusses; must exist.",
            "pxv:parecon; Classlessness",
            predicate=PRX.discusses,
            many=True,
            ref=True,
        ),
        Column(
            "keywords",
            "Other subjects; those naming a concept become concepts.",
            "participatory economics",
            predicate=DCTERMS.subject,
            many=True,
        ),
        replace(_VIS, example="public"),
    ),
    TableKind.ACTIONS: _with_ids(
        _ID,
        Column("name", "A short name.", "Picket at the council offices", True, RDFS.label),
        Column("date", "YYYY-MM-DD", "2025-03-12", True, SDO.startDate),
        Column("campaign", "The campaign's name or identifier.", predicate=PRX.partOf, ref=True),
        Column("place", "Optional.", "Town hall steps", predicate=SDO.location),
        Column(
            "methods",
            "Methods of action.",
            "Picketing; Leaflets, pamphlets and books",
            predicate=PRX.usesMethod,
            many=True,
            ref=True,
        ),
        Column(
            "addresses",
            "Concepts the action is about.",
            "pxv:capitalism",
            predicate=PRX.addresses,
            many=True,
            ref=True,
        ),
        Column("description", "What the action was.", predicate=DCTERMS.description),
        Column("direct", "yes for a direct action (members-only unless visibility says otherwise)", "no"),
        _VIS,
    ),
    TableKind.LESSONS: _with_ids(
        _ID,
        Column(
            "title",
            "The lesson in a line.",
            "Door-knocking brought neighbours to the picket",
            True,
            RDFS.label,
        ),
        Column(
            "action",
            "The action's name or identifier; it must exist.",
            "px:action-ff2dd6",
            True,
            PRX.fromAction,
            ref=True,
        ),
        Column("what_happened", "What happened, as you saw it.", predicate=PRX.whatHappened),
        Column(
            "taught",
            "What it taught.",
            "Personal invitations worked better than leaflets.",
            True,
            DCTERMS.description,
        ),
        *(
            Column(
                s.value,
                f"Concepts or claims it {s.value}.",
                "pxv:grassroots-organising" if s is Stance.SUPPORTS else "",
                predicate=s.predicate,
                many=True,
                ref=True,
            )
            for s in Stance
        ),
        Column(
            "evidence",
            "What was seen or counted.",
            "Twelve of the fifteen who came had been visited.",
            predicate=PRX.evidence,
        ),
        Column("member", "Nickname of who recorded it; empty: you.", predicate=DCTERMS.creator),
        Column("date", "When it was recorded, YYYY-MM-DD; empty: today.", predicate=DCTERMS.created),
        Column("withdrawn", "yes if withdrawn", predicate=PRX.withdrawn),
        _VIS,
    ),
    TableKind.ASSESSMENTS: _with_ids(
        _ID,
        Column(
            "action",
            "The action's name or identifier; it must exist.",
            "px:action-ff2dd6",
            True,
            PRX.assessedAction,
            ref=True,
        ),
        Column(
            "indicator",
            "The indicator's name or identifier.",
            "Media coverage",
            True,
            PRX.indicator,
            ref=True,
        ),
        Column("score", _SCALE, "1", True, PRX.score),
        Column("evidence", "What backs the score.", "Two local papers covered it.", predicate=PRX.evidence),
        Column("title", "Optional.", predicate=RDFS.label),
        Column("member", "Nickname of the assessor; empty: you.", predicate=DCTERMS.creator),
        Column("date", "YYYY-MM-DD; empty: today.", predicate=DCTERMS.created),
        _VIS,
    ),
}


def template(kind: TableKind) -> str:
    """The CSV template: the header and one example row."""
    columns = COLUMNS[kind]
    return to_csv(kind, [{c.name: c.example for c in columns}])


def to_csv(kind: TableKind, rows: list[dict[str, str]]) -> str:
    """Rows as CSV in ``kind``'s columns; every cell passes through
    :func:`graph.text.escape_cell`, so none runs as a formula in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[c.name for c in COLUMNS[kind]], extrasaction="ignore")
    writer.writeheader()
    writer.writerows({name: escape_cell(str(value)) for name, value in row.items()} for row in rows)
    return buffer.getvalue()


def _records(text: str, delimiter: str, source: str):
    """(first line, cells) for each record of the CSV text, cells unescaped
    (:func:`graph.text.unescape_cell`). A quoted cell left open at the end
    (a file cut short) or a stray quote is refused with its line."""
    # A cell of more characters than MAX_VALUE_BYTES is over the value limit whatever it
    # holds; the csv module's own limit (128 Ki characters) would refuse smaller ones.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_VALUE_BYTES))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, [unescape_cell(cell) for cell in cells]
            line = reader.line_num + 1
    except csv.Error as error:
        detail = str(error)
        if "end of data" in detail:
            detail = "a quoted cell is not closed; the file may be cut short"
        elif "field limit" in detail:
            detail = f"a cell holds more than {MAX_VALUE_BYTES:,} characters, over the 1 MiB limit of a value"
        raise BadInput(
            f"this is not a readable CSV file ({detail}); nothing was imported", source=source, line=line
        ) from None


def read_table(text: str, kind: TableKind, *, source: str) -> tuple[list[tuple[int, dict[str, str]]], list]:
    """Rows as (row number, cells), after checking the header; and warnings.

    Every row must have as many cells as the header has columns (empty cells are
    fine, a missing separator is not): a row with fewer or more, or a cell over
    :data:`graph.store.literals.MAX_VALUE_BYTES`, refuses the file, listing each with
    its row (and its line, where a cell spans lines)."""
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=first.count)
    records = _records(text, delimiter, source)
    try:
        _, names = next(records)
    except StopIteration:
        names = []
    header = [name.strip().lower().replace(" ", "_") for name in names]
    columns = COLUMNS[kind]
    known = {c.name for c in columns}
    missing = [c.name for c in columns if c.required and c.name not in header]
    if missing:
        listed = ", ".join(repr(m) for m in missing)
        raise BadInput(
            f"row 1: the column {listed} is missing; the {kind.value} template has the columns "
            + ", ".join(c.name for c in columns),
            source=source,
        )
    warnings = [
        ImportWarning(
            f"the column {name!r} is not part of the {kind.value} template and was ignored",
            line=1,
            unit="row",
        )
        for name in header
        if name and name not in known
    ]
    rows, problems = [], []
    for number, (line, cells) in enumerate(records, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        where = f" (line {line})" if line != number else ""
        if len(cells) != len(header):
            fewer = len(cells) < len(header)
            problems.append(
                ImportWarning(
                    f"the row{where} has {len(cells)} cells but the header has {len(header)} columns: "
                    + (
                        "a cell or a separator is missing (leave a cell empty rather than out)"
                        if fewer
                        else "there is a cell too many (a separator inside a cell needs quotes)"
                    ),
                    line=number,
                    unit="row",
                )
            )
            continue
        for name, cell in zip(header, cells, strict=True):
            if name in known and too_large(cell):
                try:
                    check_text(cell, field=name)
                except ValueTooLarge as error:
                    problems.append(
                        ImportWarning(f"{error.reason}{where}", line=number, column=name, unit="row")
                    )
        values = {name: "" for name in known}
        values.update({name: cell for name, cell in zip(header, cells, strict=True) if name in known})
        rows.append((number, values))
    if problems:
        refuse(problems, source=source)
    if not rows:
        raise BadInput("the file has a header but no rows: there is nothing to import", source=source)
    return rows, warnings


def _readings(rows: list[tuple[int, dict[str, str]]], level_of) -> list[RawReading]:
    raws = []
    for number, cells in rows:
        authors = tuple(a.strip() for a in cells["authors"].split(";") if a.strip())
        kind = next(
            (t for t in ReadingType if t.value == cells["type"].strip().lower()), ReadingType.DOCUMENT
        )
        raws.append(
            RawReading(
                title=cells["title"],
                line=number,
                unit="row",
                authors=authors,
                family=authors[0].split()[-1] if authors else "",
                issued=cells["year"],
                kind=kind,
                publisher=cells["publisher"],
                journal=cells["journal"],
                isbn=cells["isbn"],
                doi=cells["doi"],
                url=cells["url"],
                abstract=cells["abstract"],
                concepts=tuple(
                    c for c in (cells["concepts_ids"] or cells["concepts"]).split(";") if c.strip()
                ),
                keywords=tuple(k for k in cells["keywords"].split(";") if k.strip()),
                visibility=level_of(number, cells["visibility"]),
            )
        )
    return raws


def import_table(
    store: PraxisStore,
    data: bytes,
    *,
    kind: TableKind,
    viewer: Viewer,
    source: str = "table.csv",
    progress: Progress | None = None,
) -> ImportReport:
    """Import a CSV file of one kind, all or nothing."""
    require(viewer, Permission.IMPORT_READINGS if kind is TableKind.READINGS else Permission.IMPORT_RECORDS)
    step(progress, 0.0, f"reading the {kind.value} table")
    rows, warnings = read_table(decode(data, source=source), kind, source=source)
    context = Rows(store, viewer)
    step(progress, 0.2, f"checking {len(rows):,} rows")
    if kind is TableKind.READINGS:
        raws = _readings(rows, context.level)
        if context.problems:
            refuse(context.problems, source=source)
        return import_readings(
            store, raws, viewer=viewer, source=source, progress=progress, warnings=warnings
        )
    builder = {
        TableKind.ACTIONS: action_rows,
        TableKind.LESSONS: lesson_rows,
        TableKind.ASSESSMENTS: assessment_rows,
    }
    builder[kind](context, rows)
    if context.problems:
        refuse(sorted(context.problems, key=lambda p: p.line or 0), source=source)
    step(progress, 0.6, f"checking and saving {context.added:,} {kind.value}")
    if context.statements:
        try:
            context.save()
        except ValidationFailed as failed:
            located = [
                replace(f, source=source, line=context.rows_of.get(URIRef(f.node or "")))
                for f in failed.findings
            ]
            raise ValidationFailed(located) from None
    step(progress, 1.0, "done")
    return ImportReport(
        source=source,
        kind=kind.value,
        added=context.added,
        merged=context.merged,
        warnings=tuple(warnings + context.warnings),
        statements=len(context.statements),
    )


# ----------------------------------------------------------------- export
def _cell(value: object, nicknames: dict[URIRef, str]) -> str:
    if isinstance(value, URIRef):
        if value in nicknames:
            return nicknames[value]
        for prefix, namespace in PREFIXES.items():
            if str(value).startswith(namespace) and "/" not in str(value)[len(namespace) :]:
                return f"{prefix}:{str(value)[len(namespace) :]}"
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def table_rows(store: PraxisStore, viewer: Viewer, kind: TableKind) -> list[dict[str, str]]:
    """Every record of ``kind`` the viewer can see, as template rows."""
    nicknames = {row["member"]: str(row["nickname"]) for row in store.select("record_members", viewer)}
    by_predicate = {c.predicate: c for c in COLUMNS[kind] if c.predicate is not None}
    records: dict[URIRef, dict[str, list[str]]] = {}
    refs: dict[URIRef, dict[Column, list[URIRef]]] = {}
    for row in store.select("record_table", viewer, **{"class": kind.cls}):
        cells = records.setdefault(row["record"], {"id": [_cell(row["record"], {})]})
        predicate, value = row["p"], row["o"]
        if predicate == RDF.type:
            found = next(
                (t.value for t in ReadingType if t.bibo == value and t is not ReadingType.DOCUMENT), None
            )
            if kind is TableKind.READINGS and found:
                cells["type"] = [found]
            continue
        if predicate in (BIBO.isbn13, BIBO.isbn10):
            cells.setdefault("isbn", []).append(str(value))
            continue
        if predicate == PRX.visibility:
            cells["visibility"] = [Visibility.from_concept(value).value]
            continue
        column = by_predicate.get(predicate)
        if column is not None and column.ref and isinstance(value, URIRef):
            refs.setdefault(row["record"], {}).setdefault(column, []).append(value)
        elif column is not None:
            cells.setdefault(column.name, []).append(_cell(value, nicknames))
    names = _ref_labels(store, viewer) if refs else {}
    rows = []
    for record, cells in sorted(records.items(), key=lambda item: str(item[0])):
        out = {name: "; ".join(sorted(values)) for name, values in cells.items()}
        for column, iris in refs.get(record, {}).items():
            # Names and identifiers in the same order, so the n-th name is the n-th identifier.
            ordered = sorted(set(iris), key=lambda iri: (names.get(iri, _cell(iri, {})).casefold(), str(iri)))
            out[column.name] = "; ".join(names.get(iri, _cell(iri, {})) for iri in ordered)
            out[column.id_column] = "; ".join(_cell(iri, {}) for iri in ordered)
        rows.append(out)
    return rows


def _ref_labels(store: PraxisStore, viewer: Viewer) -> dict[URIRef, str]:
    """The name to write for each node the viewer can see a label of (best language first)."""
    found: dict[URIRef, list[tuple[str, str]]] = {}
    for row in store.select("export_ref_labels", viewer):
        found.setdefault(row["node"], []).append((str(row["label"]), str(row["lang"] or "")))
    return {node: label for node, labels in found.items() if (label := best_label(labels))}
