"""A peer's published description: the one VoID dataset, and the dump a sync reads.

The description is Turtle at the URL the peer was added with. It names exactly one
``void:Dataset``, whose ``void:dataDump`` links (absolute, or relative to the
description) include one N-Triples (``.nt``) or N-Quads (``.nq``) file: the chapter's
public graph. A dump may state its SHA-256 (:func:`_checksum`): a sync checks the download
against it, and downloads nothing when it is that of the snapshot already held.

Only those two line formats are ever read from a peer. JSON-LD is not: its contexts may
be fetched from anywhere and may expand without bound (the "billion laughs" of
JSON-LD), so a peer offering only JSON-LD is refused here, before anything is
downloaded, rather than defended against while parsing.

>>> text = b'''@prefix void: <http://rdfs.org/ns/void#> .
... <#set> a void:Dataset ; void:dataDump <dump.jsonld>, <dump.nq> .'''
>>> read_description(text, "http://127.0.0.1:8000/void.ttl").url
'http://127.0.0.1:8000/dump.nq'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import BadInput
from graph.namespaces import DCTERMS, RDF
from graph.peers.fetch import check_url, same_origin

__all__ = ["DUMP_FORMATS", "Dump", "read_description"]

#: The dump formats a sync reads, by the end of the dump's URL (N-Quads first).
DUMP_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES}
_VOID = "http://rdfs.org/ns/void#"
_SPDX = "http://spdx.org/rdf/terms#"
_HEX = re.compile(r"[0-9a-f]{64}")
_CHECKSUM = re.compile(r"sha256:([0-9a-f]{64})")


@dataclass(frozen=True)
class Dump:
    """The dump a sync reads: its URL, format, and the SHA-256 the description states (if any)."""

    url: str
    format: ox.RdfFormat
    sha256: str | None


def read_description(text: bytes, url: str) -> Dump:
    """The dump to read, from the description ``text`` fetched from ``url``."""
    try:
        quads = list(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=url, rename_blank_nodes=True))
    except (SyntaxError, ValueError) as error:
        raise BadInput(f"the description is not Turtle ({error})", source=url) from None
    datasets = {
        q.subject for q in quads if q.predicate.value == str(RDF.type) and q.object.value == _VOID + "Dataset"
    }
    if len(datasets) != 1:
        raise BadInput(
            f"the description must describe exactly one void:Dataset, not {len(datasets)}", source=url
        )
    (dataset,) = datasets
    dumps = sorted(
        q.object.value
        for q in quads
        if q.subject == dataset
        and q.predicate.value == _VOID + "dataDump"
        and isinstance(q.object, ox.NamedNode)
    )
    chosen = [
        (link, fmt) for ending, fmt in DUMP_FORMATS.items() for link in dumps if _path(link).endswith(ending)
    ]
    if not chosen:
        offered = ", ".join(dumps) or "none"
        raise BadInput(
            "the peer offers no N-Triples (.nt) or N-Quads (.nq) dump (offered: "
            f"{offered}); JSON-LD and other formats are not read from other chapters",
            source=url,
        )
    link, fmt = chosen[0]
    check_url(link, source=url)
    if not same_origin(url, link):
        raise BadInput(f"the dump {link} is on another server than the description", source=url)
    return Dump(link, fmt, _checksum(quads, link, url))


def _path(link: str) -> str:
    return link.split("?", 1)[0].split("#", 1)[0].lower()


def _checksum(quads: list[ox.Quad], link: str, url: str) -> str | None:
    """The dump's SHA-256 as the description states it: DCAT 3's way, as ``praxis publish``
    writes it (``spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;
    spdx:checksumValue "HEX" ]``), or ``dcterms:identifier "sha256:HEX"``."""
    dump = ox.NamedNode(link)
    stated = [
        q.object.value for q in quads if q.subject == dump and q.predicate.value == str(DCTERMS.identifier)
    ]
    sums = [found.group(1) for text in stated if (found := _CHECKSUM.fullmatch(text.strip().lower()))]
    for node in (q.object for q in quads if q.subject == dump and q.predicate.value == _SPDX + "checksum"):
        about = {q.predicate.value: q.object.value for q in quads if q.subject == node}
        value = about.get(_SPDX + "checksumValue", "").strip().lower()
        if about.get(_SPDX + "algorithm") == _SPDX + "checksumAlgorithm_sha256" and _HEX.fullmatch(value):
            sums.append(value)
    if len(set(sums)) > 1:
        raise BadInput(f"the description states {len(set(sums))} different checksums for {link}", source=url)
    return sums[0] if sums else None
