r"""Moving RDF terms between rdflib (the edges: SHACL, formats) and pyoxigraph (the engine).

A :class:`Statement` is what the library writes: a triple of rdflib terms and the
visibility level (named graph) it belongs to; :meth:`Statement.quad` is its engine form.

Query results leave the store as plain Python values so that pages and commands
never handle engine objects: IRIs become ``rdflib.URIRef`` (a ``str`` subclass that
stays typed as an IRI), literals become ``int``, ``float``, ``bool``,
``datetime.date`` or ``str`` by datatype. They come from engine terms
(:func:`to_python`) or, on the embedded store, straight from the engine's SPARQL
TSV results (:func:`rows_from_tsv`).

>>> to_python(ox.Literal("3", datatype=ox.NamedNode(XSD_INTEGER)))
3
>>> rows_from_tsv(b'?n\t?when\n<https://e/a>\t"2024-03-01"^^<http://www.w3.org/2001/XMLSchema#date>\n')
(['n', 'when'], [(rdflib.term.URIRef('https://e/a'), datetime.date(2024, 3, 1))])
>>> to_ox(URIRef("https://w3id.org/praxis/ontology#Lesson"))
<NamedNode value=https://w3id.org/praxis/ontology#Lesson>
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import chain
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import BNode, URIRef
from rdflib.term import Node

from graph.access import Visibility

__all__ = ["Statement", "engine_iri", "from_ox", "rows_from_tsv", "to_ox", "to_python"]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = XSD + "integer"
_INTEGERS = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
    )
}
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}


def engine_iri(value: str) -> URIRef:
    """A ``URIRef`` made without rdflib's check, for an IRI the engine has parsed: the
    check is three quarters of the cost (0.4 us against 0.1) on rows of thousands.
    (A cache shared between queries, so that equal IRIs were one object, saved 3 ms
    on a 100 ms answer at 100k statements but thrashed at 1M: tensions 0.83 s to 0.98 s.)
    """
    return str.__new__(URIRef, value)


def to_python(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return engine_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _typed(term.value, term.datatype.value)
    return str(term)


def _typed(value: str, datatype: str) -> Any:
    """A literal's text as the Python value its datatype says (text it does not parse stays text)."""
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
        if datatype == XSD + "boolean":
            return value in ("true", "1")
        if datatype == XSD + "date":
            return dt.date.fromisoformat(value[:10])
        if datatype == XSD + "dateTime":
            return canonical_datetime(value)
    except ValueError:
        return value
    return value


_DATETIME = re.compile(r"(-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def canonical_datetime(value: str) -> str:
    """An ``xsd:dateTime``'s text in XSD's canonical form: no trailing zeros in the seconds'
    fraction, ``Z`` for UTC. Engines hand the same value back in different forms (Virtuoso
    gives ``…38.250520Z`` for ``…38.25052Z`` and ``…24.56199Z`` for ``…24.561990Z``), so a
    time reads the same whichever engine holds it. Text that is no dateTime stays as it is.

    >>> canonical_datetime("2026-12-07T08:23:38.250520Z"), canonical_datetime("2026-12-07T08:23:38.000+00:00")
    ('2026-12-07T08:23:38.25052Z', '2026-12-07T08:23:38Z')
    >>> canonical_datetime("2026-12-07T08:23:38+02:00"), canonical_datetime("yesterday")
    ('2026-12-07T08:23:38+02:00', 'yesterday')
    """
    found = _DATETIME.fullmatch(value)
    if found is None:
        return value
    seconds, fraction, zone = found.groups()
    fraction = (fraction or "").rstrip("0").rstrip(".")
    zone = "Z" if zone in ("+00:00", "-00:00") else (zone or "")
    return f"{seconds}{fraction}{zone}"


def rows_from_tsv(data: bytes) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The variable names and rows of Python values of SPARQL 1.1 TSV query results.

    The embedded store hands results over this way (:class:`graph.store.backends.LocalBackend`):
    the engine writes the whole table without holding Python's lock, so two reads
    really share the two cores, and no engine object is made per value (``make bench``,
    the busiest "what was taught" answer at 100k statements: 88 ms instead of 111).
    Values equal :func:`to_python`'s for the same terms; an unbound value is ``None``.
    """
    header, *lines = data.decode("utf-8").split("\n")
    names = [name[1:] for name in header.split("\t")] if header else []
    fields = [line.split("\t") for line in lines if line]
    # each distinct field converted once, so an IRI is one object wherever it appears
    # (rows repeat the same IRIs: kinds, stances, campaigns; and equal objects that are
    # not the same object compare in Python), then rows are rebuilt by lookups in C
    value = {text: _tsv_term(text) for text in set(chain.from_iterable(fields))}.__getitem__
    columns = [map(value, column) for column in zip(*fields, strict=True)]
    return names, list(zip(*columns, strict=True))


def _tsv_term(text: str) -> Any:
    """One TSV field: an IRI, a quoted literal, a blank node, a bare number or boolean, or empty."""
    if not text:
        return None
    first = text[0]
    if first == "<":
        return engine_iri(text[1:-1])
    if first == '"':
        end = text.rindex('"')
        body = text[1:end]
        if "\\" in body:
            body = _unescaped(body)
        suffix = text[end + 1 :]
        return _typed(body, suffix[3:-1] if suffix.startswith("^^<") else "")
    if text.startswith("_:"):
        return BNode(text[2:])
    if text in ("true", "false"):
        return text == "true"
    try:
        return int(text)
    except ValueError:
        return float(text)  # a bare decimal or double


_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescaped(body: str) -> str:
    """A quoted literal's text with its escapes undone.

    Without an escaped backslash or a code point no two escapes can overlap, so each
    kind is replaced in one pass (the common case: line breaks and quotes in lessons'
    texts and in ``GROUP_CONCAT`` lists); otherwise one expression reads them in order."""
    if "\\\\" in body or "\\u" in body or "\\U" in body:
        return _ESCAPE.sub(_unescape, body)
    for code, char in _ESCAPED.items():
        body = body.replace("\\" + code, char)
    return body


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    return chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPED.get(code, "\\" + code)


def to_ox(term: Any) -> Any:
    """An rdflib term (or a Python value) as a pyoxigraph term."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, bool):
        return ox.Literal("true" if term else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(term, int):
        return ox.Literal(str(term), datatype=ox.NamedNode(XSD_INTEGER))
    if isinstance(term, float):
        return ox.Literal(repr(term), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(term, dt.date):
        return ox.Literal(term.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(term, str):
        return ox.Literal(term)
    raise TypeError(f"cannot turn {term!r} into an RDF term")


def from_ox(term: Any) -> Any:
    """A pyoxigraph term as the equal rdflib term (for SHACL and rdflib formats)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


@dataclass(frozen=True)
class Statement:
    """A triple and the visibility level (named graph) it belongs to."""

    subject: Node
    predicate: Node
    object: Node
    visibility: Visibility = Visibility.PUBLIC

    def quad(self) -> ox.Quad:
        return ox.Quad(
            to_ox(self.subject),
            to_ox(self.predicate),
            to_ox(self.object),
            ox.NamedNode(str(self.visibility.graph)),
        )
