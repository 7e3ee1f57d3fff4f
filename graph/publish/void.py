"""The site's description, ``void.ttl``: what the dataset is and where its dumps are (VoID and DCAT).

One node is both a ``void:Dataset`` and a ``dcat:Dataset`` (``<#dataset>``): its title,
licence, when it was published (``dcterms:modified``), its statement and record counts
(``void:triples``; ``void:entities``, the records under ``void:uriSpace``), and a
``void:dataDump`` and ``dcat:distribution`` for each dump. Each dump is a
``dcat:Distribution`` with its media type, ``dcat:byteSize`` and SHA-256, given the way
DCAT 3 gives checksums, so a peer can tell one version from the next without fetching it:

.. code-block:: turtle

    <dump.nt> spdx:checksum [ a spdx:Checksum ;
        spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "9f86..."^^xsd:hexBinary ] .

Without a base URL the dumps and the dataset are relative IRIs (``<dump.nt>``), which a
reader resolves against wherever it fetched ``void.ttl`` from; with ``base`` they are
absolute. The file is written statement by statement in Turtle's N-Triples-like form:
Turtle serialisers either write no relative IRIs or make every IRI relative to the base,
``https://w3id.org/...`` included. Every term but the few relative paths made here is
written by pyoxigraph's own term syntax, so a title is escaped as Turtle needs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from graph.namespaces import DATA, DCTERMS, RDF, XSD

__all__ = ["DCAT", "SPDX", "VOID", "Dump", "void_turtle"]

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
_MEDIA = "https://www.iana.org/assignments/media-types/"
_FORMATS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Dump:
    """A dump file as the description names it."""

    path: str  # site-relative: "dump.nt"
    media_type: str  # "application/n-triples"
    feature: str  # the W3C format name: "N-Triples"
    size: int
    sha256: str


#: Prefixes the description is written with, for people who read it.
_PREFIXES = {
    "rdf": str(RDF),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "void": VOID,
    "dcat": DCAT,
    "spdx": SPDX,
}
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _term(term: object) -> str:
    """``term`` in Turtle: a prefixed name where one is plain, else pyoxigraph's own syntax."""
    if isinstance(term, str):  # a relative IRI or blank node written here
        return term
    if isinstance(term, ox.NamedNode):
        if term.value == str(RDF.type):
            return "a"
        for prefix, namespace in _PREFIXES.items():
            local = term.value.removeprefix(namespace)
            if local != term.value and _LOCAL.fullmatch(local):
                return f"{prefix}:{local}"
    if isinstance(term, ox.Literal) and term.datatype != _iri(str(XSD.string)):
        return f"{ox.Literal(term.value)}^^{_term(term.datatype)}"
    return str(term)


def void_turtle(
    *,
    title: str,
    licence: str | None,
    base: str | None,
    triples: int,
    entities: int,
    dumps: Sequence[Dump],
    modified: dt.datetime,
) -> str:
    """The Turtle of ``void.ttl``; ``base`` (ending in ``/``) makes its IRIs absolute."""

    def here(path: str) -> str:
        return str(_iri(base + path)) if base else f"<{path}>"

    dataset = here("void.ttl#dataset") if base else "<#dataset>"
    lines = [
        (dataset, RDF.type, _iri(VOID + "Dataset")),
        (dataset, RDF.type, _iri(DCAT + "Dataset")),
        (dataset, DCTERMS.title, ox.Literal(title)),
        (dataset, DCTERMS.modified, ox.Literal(modified.isoformat(), datatype=_iri(str(XSD.dateTime)))),
        (dataset, VOID + "triples", ox.Literal(str(triples), datatype=_iri(str(XSD.integer)))),
        (dataset, VOID + "entities", ox.Literal(str(entities), datatype=_iri(str(XSD.integer)))),
        (dataset, VOID + "uriSpace", ox.Literal(str(DATA))),
        (dataset, DCAT + "landingPage", here("index.html")),
    ]
    checksums: list[str] = []
    if licence:
        lines.append((dataset, DCTERMS.license, _iri(licence)))
    for dump in dumps:
        node = here(dump.path)
        checksum = f"_:checksum{len(checksums)}"
        checksums.append(checksum)
        lines += [
            (dataset, VOID + "dataDump", node),
            (dataset, DCAT + "distribution", node),
            (dataset, VOID + "feature", _iri(_FORMATS + dump.feature)),
            (node, RDF.type, _iri(DCAT + "Distribution")),
            (node, DCAT + "downloadURL", node),
            (node, DCAT + "mediaType", _iri(_MEDIA + dump.media_type)),
            (node, DCAT + "byteSize", ox.Literal(str(dump.size), datatype=_iri(str(XSD.nonNegativeInteger)))),
            (node, SPDX + "checksum", checksum),
            (checksum, RDF.type, _iri(SPDX + "Checksum")),
            (checksum, SPDX + "algorithm", _iri(SPDX + "checksumAlgorithm_sha256")),
            (checksum, SPDX + "checksumValue", ox.Literal(dump.sha256, datatype=_iri(str(XSD.hexBinary)))),
        ]
    head = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in _PREFIXES.items())
    body = "".join(f"{s} {_term(_iri(str(p)))} {_term(o)} .\n" for s, p, o in lines)
    return f"# What this site holds: VoID and DCAT (written by praxis publish).\n{head}\n{body}"
