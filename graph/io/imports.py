"""Every import the data page offers, behind one function and one enum.

The page (and anything else that receives an uploaded file) names an
:class:`ImportKind` and hands over the bytes; :func:`run_import` picks the
importer, checks that the viewer may use it (:attr:`ImportKind.permission`, from
:mod:`graph.access`) and returns its
:class:`~graph.io.report.ImportReport`.

>>> [kind.value for kind in kinds_for(Viewer.member("wren"))][:3]
['bibtex', 'csljson', 'csv-readings']
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from graph.access import Permission, Viewer, Visibility, allowed, require
from graph.io.bibtex import import_bibtex
from graph.io.csljson import import_csljson
from graph.io.rdf import format_of, read_quads
from graph.io.report import ImportReport, Progress, step
from graph.io.skos import import_skos
from graph.io.tables import TableKind, import_table
from graph.store import PraxisStore

__all__ = ["ImportKind", "kinds_for", "run_import"]


class ImportKind(Enum):
    BIBTEX = "bibtex"
    CSLJSON = "csljson"
    CSV_READINGS = "csv-readings"
    CSV_ACTIONS = "csv-actions"
    CSV_LESSONS = "csv-lessons"
    CSV_ASSESSMENTS = "csv-assessments"
    SKOS = "skos"
    RDF = "rdf"

    @property
    def label(self) -> str:
        return {
            "bibtex": "Readings from BibTeX (.bib)",
            "csljson": "Readings from Zotero (CSL-JSON)",
            "csv-readings": "Readings from the CSV template",
            "csv-actions": "Actions from the CSV template",
            "csv-lessons": "Lessons from the CSV template",
            "csv-assessments": "Assessments from the CSV template",
            "skos": "A SKOS thesaurus (its own scheme)",
            "rdf": "RDF (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML)",
        }[self.value]

    @property
    def extensions(self) -> list[str]:
        if self is ImportKind.BIBTEX:
            return ["bib", "bibtex"]
        if self is ImportKind.CSLJSON:
            return ["json"]
        if self.value.startswith("csv-"):
            return ["csv", "txt"]
        return ["ttl", "trig", "nt", "nq", "jsonld", "json", "rdf", "owl", "xml"]

    @property
    def permission(self) -> Permission:
        """The entry of :data:`graph.access.PERMISSIONS` this import needs."""
        if self in (ImportKind.BIBTEX, ImportKind.CSLJSON, ImportKind.CSV_READINGS):
            return Permission.IMPORT_READINGS
        if self is ImportKind.SKOS:
            return Permission.IMPORT_THESAURUS
        if self is ImportKind.RDF:
            return Permission.IMPORT_RDF
        return Permission.IMPORT_RECORDS


def kinds_for(viewer: Viewer) -> list[ImportKind]:
    """The imports ``viewer`` may run (none for visitors)."""
    return [kind for kind in ImportKind if allowed(viewer, kind.permission)]


def _rdf(
    store: PraxisStore, data: bytes, *, viewer: Viewer, source: str, progress: Progress | None
) -> ImportReport:
    step(progress, 0.0, "reading the RDF file")
    quads = read_quads(data, source=source, fmt=format_of(Path(source)), default=Visibility.PUBLIC)
    step(progress, 0.4, f"checking {len(quads):,} statements against the shapes")
    store.add_quads(quads, viewer=viewer)
    step(progress, 1.0, "done")
    subjects = {q.subject for q in quads}
    return ImportReport(source=source, kind="records", added=len(subjects), statements=len(quads))


def run_import(
    store: PraxisStore,
    kind: ImportKind,
    data: bytes,
    *,
    viewer: Viewer,
    source: str,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``data`` (a file called ``source``) as ``kind``, all or nothing."""
    require(viewer, kind.permission)
    if kind is ImportKind.BIBTEX:
        return import_bibtex(store, data, viewer=viewer, source=source, progress=progress)
    if kind is ImportKind.CSLJSON:
        return import_csljson(store, data, viewer=viewer, source=source, progress=progress)
    if kind is ImportKind.SKOS:
        return import_skos(store, data, viewer=viewer, source=source, progress=progress)
    if kind is ImportKind.RDF:
        return _rdf(store, data, viewer=viewer, source=source, progress=progress)
    table = TableKind(kind.value.removeprefix("csv-"))
    return import_table(store, data, kind=table, viewer=viewer, source=source, progress=progress)
