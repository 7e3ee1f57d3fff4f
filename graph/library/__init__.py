"""The reading group's library: add, edit, tag, merge and cite readings.

=======================  ===========================================================
:mod:`.records`          a reading as a form fills it in and as stored; earlier versions
:mod:`.editing`          add, edit and tag readings (one write each, versions kept)
:mod:`.names`            authors' names: family and given names for citations
:mod:`.queue`            the cataloguing queue: untagged readings, suggested concepts
:mod:`.duplicates`       likely duplicates; merge, link editions, or mark different
:mod:`.known`            fill a form from a DOI or ISBN the library or a file knows
:mod:`.citations`        cite a reading list: APA, Chicago, BibTeX, CSL-JSON
=======================  ===========================================================

Every read goes through the store with a viewer; every write checks the permission table
(:mod:`graph.access`) and is one validated, audited transaction.
"""

from graph.library.editing import add_reading, edit_reading, may_edit, reading_iri, tag_reading
from graph.library.names import Name, author_key, authors_of, authors_text, csl_name, name_text, split_name
from graph.library.records import (
    UNCATALOGUED,
    LibraryReading,
    ReadingDraft,
    ReadingKind,
    Version,
    get_reading,
    resolve,
    versions,
)

__all__ = [
    "UNCATALOGUED",
    "LibraryReading",
    "Name",
    "ReadingDraft",
    "ReadingKind",
    "Version",
    "add_reading",
    "author_key",
    "authors_of",
    "authors_text",
    "csl_name",
    "edit_reading",
    "get_reading",
    "may_edit",
    "name_text",
    "reading_iri",
    "resolve",
    "split_name",
    "tag_reading",
    "versions",
]
