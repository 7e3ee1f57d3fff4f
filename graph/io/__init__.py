"""Data in and out: RDF files, bibliographies, spreadsheets, thesauri, NAVCO, exports, backups.

Every importer parses and validates the whole input before the store sees any of
it, then writes it in one transaction: a bad file changes nothing.

=======================  ===========================================================
:mod:`.bootstrap`        ``praxis init``: the ontology, schemes and seed (package data)
:mod:`.rdf`              Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML in
:mod:`.bibtex`           readings from BibTeX (a linear pre-scan first)
:mod:`.csljson`          readings from Zotero's CSL-JSON
:mod:`.readings`         readings merged with those already stored
:mod:`.reading_input`    a reading with clean values, and its statements
:mod:`.tables`           the CSV templates: readings, actions, lessons, assessments
:mod:`.table_rows`       CSV rows of actions, lessons and assessments as records
:mod:`.skos`             a SKOS thesaurus as its own scheme; suggested matches
:mod:`.navco`            the NAVCO 1.2 campaigns
:mod:`.export`           Turtle, TriG, N-Triples, N-Quads, JSON-LD, GraphML, CSV out
:mod:`.backup`           every graph to one file, and back into an empty store
:mod:`.imports`          every import the data page offers, behind one function
:mod:`.report`           what an import returns; progress; refusing a file
:mod:`.identifiers`      ISBNs, DOIs, keys for matching titles and labels
:mod:`.lookup`           names, ids and labels as people write them in files
:mod:`.files`            files written readable by their owner only
=======================  ===========================================================
"""

from graph.io.backups import Backup, BackupFormat, backup, bulk_restore, restore, stated_count
from graph.io.bibtex import import_bibtex, parse_bibtex
from graph.io.bootstrap import bundled_quads, init_store
from graph.io.csljson import import_csljson, parse_csljson
from graph.io.exports import ExportFormat, export, xml_text
from graph.io.files import PRIVATE_MODE, write_private
from graph.io.imports import ImportKind, kinds_for, run_import
from graph.io.navco import import_navco, read_navco, success_rates
from graph.io.rdf import FORMATS, MAX_FILE_BYTES, format_of, load_file, read_quads
from graph.io.reading_input import ReadingInput, ReadingType
from graph.io.readings import UNCATALOGUED, RawReading, import_readings
from graph.io.report import ImportReport, ImportWarning, Progress
from graph.io.skos import (
    ImportedScheme,
    MatchSuggestion,
    accept_match,
    import_skos,
    imported_schemes,
    match_suggestions,
    reject_match,
)
from graph.io.tables import COLUMNS, Column, TableKind, import_table, table_rows, template, to_csv

__all__ = [
    "COLUMNS",
    "FORMATS",
    "MAX_FILE_BYTES",
    "PRIVATE_MODE",
    "UNCATALOGUED",
    "Backup",
    "BackupFormat",
    "Column",
    "ExportFormat",
    "ImportKind",
    "ImportReport",
    "ImportWarning",
    "ImportedScheme",
    "MatchSuggestion",
    "Progress",
    "RawReading",
    "ReadingInput",
    "ReadingType",
    "TableKind",
    "accept_match",
    "backup",
    "bulk_restore",
    "bundled_quads",
    "export",
    "format_of",
    "import_bibtex",
    "import_csljson",
    "import_navco",
    "import_readings",
    "import_skos",
    "import_table",
    "imported_schemes",
    "init_store",
    "kinds_for",
    "load_file",
    "match_suggestions",
    "parse_bibtex",
    "parse_csljson",
    "read_navco",
    "read_quads",
    "reject_match",
    "restore",
    "run_import",
    "stated_count",
    "success_rates",
    "table_rows",
    "template",
    "to_csv",
    "write_private",
    "xml_text",
]
