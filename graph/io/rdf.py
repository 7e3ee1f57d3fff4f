"""Read RDF files into the store, each statement in its visibility's named graph.

Routing rule: a subject that states its own ``prx:visibility`` goes to that
level's graph; every other statement goes to the level asked for on the command
line (public by default). TriG and N-Quads may use our three graph names
directly. Parsing is pyoxigraph's (Turtle, TriG, N-Triples, N-Quads, JSON-LD,
RDF/XML); RDF/XML that declares XML entities is refused, since internal entities
are expanded (a "billion laughs" file would exhaust memory). A value over
:data:`graph.store.literals.MAX_VALUE_BYTES` refuses the file, naming the record, the
field and (when the value sits on one long line) the line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from graph.access import Viewer, Visibility
from graph.errors import BadInput, ValidationFailed
from graph.namespaces import PRX
from graph.store import PraxisStore, ValueTooLarge, check_triples, first_long_line, refused_by_engine

__all__ = ["FORMATS", "MAX_FILE_BYTES", "load_file", "read_quads"]

#: Formats by file extension.
FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
}

#: Largest file accepted by an import (bytes).
MAX_FILE_BYTES = 200 * 1024 * 1024

_VISIBILITY = ox.NamedNode(str(PRX.visibility))
_GRAPHS = {str(level.graph): level for level in Visibility}


def read_quads(
    data: bytes, *, source: str, fmt: ox.RdfFormat, default: Visibility = Visibility.PUBLIC
) -> list[ox.Quad]:
    """Parse ``data`` and place every statement in a visibility graph."""
    if len(data) > MAX_FILE_BYTES:
        raise BadInput(f"the file is larger than the {MAX_FILE_BYTES // 2**20} MiB limit", source=source)
    if not data.strip():
        raise BadInput("the file is empty: there is nothing to load", source=source)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadInput(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8 and try again",
            source=source,
            line=line,
        ) from None
    if fmt == ox.RdfFormat.RDF_XML and re.search(rb"<!ENTITY", data):
        line = data[: data.index(b"<!ENTITY")].count(b"\n") + 1
        raise BadInput(
            "RDF/XML with XML entity declarations is refused (entities can expand without limit)",
            source=source,
            line=line,
        )
    try:
        parsed = list(ox.parse(data, format=fmt, base_iri=Path(source).resolve().as_uri()))
    except SyntaxError as error:
        message = str(error.msg if hasattr(error, "msg") else error)
        raise BadInput(
            f"this is not valid {fmt.name}: {message}", source=source, line=getattr(error, "lineno", None)
        ) from None
    except MemoryError:  # the engine's parser refuses a token over 16 MiB this way
        raise refused_by_engine(source=source, line=first_long_line([data])) from None
    if not parsed:
        raise BadInput("the file holds no statements", source=source)
    try:
        check_triples((q.subject, q.predicate, q.object) for q in parsed)
    except ValueTooLarge as error:
        raise ValueTooLarge(
            error.reason,
            source=source,
            line=first_long_line([data]),
            record=error.record,
            field=error.field,
            size=error.size,
        ) from None
    return _route(parsed, source=source, default=default)


def _route(parsed: list[ox.Quad], *, source: str, default: Visibility) -> list[ox.Quad]:
    own: dict[object, Visibility] = {}
    for quad in parsed:
        if quad.predicate == _VISIBILITY:
            try:
                level = Visibility.from_concept(quad.object.value)
            except (ValueError, AttributeError):
                raise BadInput(
                    f"{quad.subject} has prx:visibility {quad.object}; use prx:Public, "
                    "prx:MembersOnly or prx:Restricted",
                    source=source,
                ) from None
            if own.setdefault(quad.subject, level) is not level:
                raise BadInput(f"{quad.subject} states two different visibilities", source=source)
    routed = []
    for quad in parsed:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            level = own.get(quad.subject, default)
        elif quad.graph_name.value in _GRAPHS:
            level = _GRAPHS[quad.graph_name.value]
        else:
            raise BadInput(
                f"statements in the named graph {quad.graph_name} cannot be placed: use the "
                "default graph or one of " + ", ".join(f"<{g}>" for g in _GRAPHS),
                source=source,
            )
        routed.append(ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(str(level.graph))))
    return routed


def format_of(path: Path) -> ox.RdfFormat:
    """The RDF format named by a file's extension, or a clear error."""
    fmt = FORMATS.get(path.suffix.lower().lstrip("."))
    if fmt is None:
        raise BadInput("unknown file type: use .ttl, .trig, .nt, .nq, .jsonld or .rdf", source=str(path))
    return fmt


def load_file(
    store: PraxisStore,
    path: Path,
    *,
    viewer: Viewer,
    visibility: Visibility = Visibility.PUBLIC,
    validate: bool = True,
    dry_run: bool = False,
) -> int:
    """Load one RDF file all-or-nothing; return the number of statements added.

    ``dry_run`` parses and validates without writing (``praxis validate FILE``)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read the file ({error.strerror})", source=str(path)) from None
    quads = read_quads(data, source=str(path), fmt=format_of(path), default=visibility)
    try:
        store.add_quads(quads, viewer=viewer, validate=validate, dry_run=dry_run)
    except ValidationFailed as failed:
        raise ValidationFailed([_locate(f, data, str(path)) for f in failed.findings]) from None
    return len(quads)


def _locate(finding, data: bytes, source: str):
    """Point a finding at the first line of the file that mentions its node."""
    from dataclasses import replace

    line = None
    if finding.node:
        text = data.decode("utf-8", "replace")
        local = re.split(r"[#/]", finding.node)[-1]
        for number, content in enumerate(text.splitlines(), start=1):
            if finding.node in content or re.search(rf"[:/#]{re.escape(local)}\b", content):
                line = number
                break
    return replace(finding, source=source, line=line)
